"""Workspace: a hub's API keys (hub admins only): create one (shown once), list, revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from ..api_auth import hub_token_create, hub_token_revoke
from ..models import HubToken
from ..permissions import hub_for_member


class TokenForm(forms.Form):
    nom = forms.CharField(
        label="Nom de la clé",
        max_length=100,
        help_text="Pour la reconnaître plus tard, par exemple le nom du logiciel qui l'utilise.",
        error_messages={
            "required": "Donnez un nom à la clé.",
            "max_length": "Le nom fait au plus 100 caractères.",
        },
    )

    def clean_nom(self):
        nom = " ".join(self.cleaned_data["nom"].split())
        if not nom:
            raise forms.ValidationError("Donnez un nom à la clé.")
        return nom


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def tokens(request, slug):
    hub, membership = hub_for_member(request.user, slug, admin=True)
    form = TokenForm()
    new_key = new_token = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            new_token, new_key = hub_token_create(
                hub=hub, user=request.user, name=form.cleaned_data["nom"]
            )
            form = TokenForm()
    response = render(
        request,
        "directory/espace/cles.html",
        {
            "hub": hub,
            "membership": membership,
            "form": form,
            "tokens": HubToken.objects.filter(hub=hub).select_related("created_by"),
            "new_key": new_key,
            "new_token": new_token,
        },
    )
    response["Cache-Control"] = "private, no-store"  # a new key must not stay in a cache
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def token_revoke(request, slug, pk):
    hub, membership = hub_for_member(request.user, slug, admin=True)
    token = get_object_or_404(HubToken, hub=hub, pk=pk)
    if request.method == "POST":
        if token.revoked_at is None:
            hub_token_revoke(token=token)
            messages.success(
                request, f"La clé « {token.name} » est révoquée : elle ne fonctionne plus."
            )
        return redirect("espace-cles", slug=hub.slug)
    return render(
        request,
        "directory/espace/cles_revoquer.html",
        {"hub": hub, "membership": membership, "token": token},
    )


urlpatterns = [
    path("hub/<slug:slug>/cles/", tokens, name="espace-cles"),
    path("hub/<slug:slug>/cles/<int:pk>/revoquer/", token_revoke, name="espace-cle-revoquer"),
]
