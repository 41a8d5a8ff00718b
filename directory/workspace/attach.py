"""Workspace: a hub admin attaches places the directory already has (from the national files)
and that no hub keeps yet, in the hub's territory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from geodata.text import normalize_name

from ..models import Lieu
from ..permissions import hub_for_member
from ..services import lieux_attach, territory_text

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
@login_required
def lieux_attacher(request, slug):
    hub, membership = hub_for_member(request.user, slug, admin=True)
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("lieux") if value.isdigit()]
        if not ids:
            messages.error(request, "Cochez au moins un lieu à rattacher.")
        else:
            attached = lieux_attach(hub=hub, user=request.user, lieu_ids=ids)
            skipped = len(set(ids)) - attached
            text = f"Lieux rattachés au hub : {attached}."
            if skipped:
                text += (
                    f" Non rattachés : {skipped} (déjà suivis par un hub entre-temps, ou hors "
                    "du territoire)."
                )
            messages.success(request, text)
        return redirect(request.get_full_path())

    q = request.GET.get("q", "").strip()[:100]
    candidates = Lieu.objects.unattached_in(hub).select_related("commune_ref")
    words = normalize_name(q)
    if words:
        candidates = candidates.filter(nom_recherche__contains=words) | candidates.filter(
            commune_ref__nom_recherche__contains=words
        )
    page = Paginator(candidates.order_by("commune", "nom", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "directory/espace/rattacher.html",
        {
            "hub": hub,
            "membership": membership,
            "page": page,
            "q": q,
            "territory": territory_text(hub),
        },
    )


urlpatterns = [path("hub/<slug:slug>/rattacher/", lieux_attacher, name="espace-rattacher")]
