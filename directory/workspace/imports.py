"""Workspace: a hub's file import (preview, then confirmation) and export, in the standard.

Imports are for the hub's admins (an editor gets a 404, as for any page they may not see);
the export is for every member."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ..exporting import export_lieux
from ..hub_import import (
    MAX_FILE_SIZE,
    PREVIEW_KEPT,
    HubImportError,
    hub_import_confirm,
    hub_import_preview,
)
from ..models import HubImport, Lieu
from ..permissions import hub_for_member

EXPORT_FORMATS = ("csv", "json")
LISTED_IMPORTS = 20
SHOWN_ROWS = 200  # rows of each list shown on a preview page (the counts are exact)


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier au format du standard (CSV ou JSON)",
        help_text=(
            f"Standard des lieux de médiation numérique, version 1 ou 0.1. "
            f"{MAX_FILE_SIZE // 1024 // 1024} Mo au plus."
        ),
        error_messages={
            "required": "Choisissez un fichier.",
            "empty": "Ce fichier est vide.",
            "invalid": "Aucun fichier n'a été reçu : choisissez-le à nouveau.",
        },
    )

    def clean_fichier(self):
        upload = self.cleaned_data["fichier"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                f"Ce fichier pèse {upload.size / 1024 / 1024:.1f} Mo : la limite est de "
                f"{MAX_FILE_SIZE // 1024 // 1024} Mo. Découpez-le en plusieurs fichiers."
            )
        return upload


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def import_page(request, slug):
    hub, membership = hub_for_member(request.user, slug, admin=True)
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["fichier"]
            try:
                hub_import = hub_import_preview(
                    hub=hub, user=request.user, filename=upload.name, content=upload.read()
                )
            except HubImportError as error:
                form.add_error("fichier", str(error))
            else:
                return redirect("espace-import-apercu", slug=hub.slug, pk=hub_import.pk)
    imports = (
        HubImport.objects.filter(hub=hub)
        .select_related("user")
        .defer("content")
        .order_by("-created_at")[:LISTED_IMPORTS]
    )
    return render(
        request,
        "directory/espace/import.html",
        {
            "hub": hub,
            "membership": membership,
            "form": form,
            "imports": imports,
            "export_count": Lieu.objects.public().filter(hub=hub).count(),
            "preview_kept_days": PREVIEW_KEPT.days,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def import_preview(request, slug, pk):
    hub, membership = hub_for_member(request.user, slug, admin=True)
    hub_import = get_object_or_404(HubImport.objects.defer("content"), hub=hub, pk=pk)
    error = None
    if request.method == "POST":
        try:
            hub_import = hub_import_confirm(hub_import=hub_import, user=request.user)
        except HubImportError as refused:
            error = str(refused)
            hub_import.refresh_from_db()
        else:
            messages.success(request, f"Import de « {hub_import.filename} » confirmé.")
            return redirect("espace-import-apercu", slug=hub.slug, pk=hub_import.pk)
    report = hub_import.result if hub_import.confirmed_at else hub_import.preview
    return render(
        request,
        "directory/espace/import_apercu.html",
        {
            "hub": hub,
            "membership": membership,
            "hub_import": hub_import,
            "report": report,
            "shown_rows": SHOWN_ROWS,
            "error": error,
        },
        status=409 if error else 200,
    )


@require_GET
@login_required
def export(request, slug, export_format):
    hub, _membership = hub_for_member(request.user, slug)
    if export_format not in EXPORT_FORMATS:
        raise Http404("Format inconnu")
    lieux = Lieu.objects.public().filter(hub=hub).order_by("pk")
    content_type, body = export_lieux(lieux, export_format)
    response = HttpResponse(body, content_type=content_type)
    filename = f"lieux-{hub.slug}-{timezone.localdate():%Y-%m-%d}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("hub/<slug:slug>/import/", import_page, name="espace-import"),
    path("hub/<slug:slug>/import/<int:pk>/", import_preview, name="espace-import-apercu"),
    path("hub/<slug:slug>/export.<str:export_format>", export, name="espace-export"),
]
