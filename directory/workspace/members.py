"""Workspace: a hub's members and invitations (hub admins only; others get a 404)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from ..enums import HubRole
from ..hub_services import (
    HubServiceError,
    invitation_cancel,
    invitation_create,
    invitation_expires_at,
    invitation_is_expired,
    invitation_resend,
    membership_remove,
    membership_set_role,
    pending_invitations,
)
from ..permissions import hub_for_member

ROLE_HELP = {
    HubRole.EDITOR: "met à jour les lieux du hub et traite les signalements.",
    HubRole.ADMIN: "en plus, gère les membres, les imports et les clés d'API.",
}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de la personne",
        max_length=150,  # it becomes the account's username
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Saisissez l'adresse électronique de la personne à inviter.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
            "max_length": "Cette adresse est trop longue (150 caractères au plus).",
        },
    )
    role = forms.ChoiceField(
        label="Rôle",
        choices=[
            (role.value, f"{role.label.capitalize()} : {ROLE_HELP[role]}")
            for role in (HubRole.EDITOR, HubRole.ADMIN)
        ],
        initial=HubRole.EDITOR,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un rôle.", "invalid_choice": "Choisissez un rôle."},
    )


def base_url_of(request):
    """scheme://host of the current request, for links in e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def _members_page(request, hub, membership, *, form=None, status=200):
    members = hub.memberships.select_related("user").order_by("user__email")
    invitations = [
        {
            "invitation": invitation,
            "expires_at": invitation_expires_at(invitation),
            "expired": invitation_is_expired(invitation),
        }
        for invitation in pending_invitations(hub).order_by("email")
    ]
    context = {
        "hub": hub,
        "membership": membership,
        "members": members,
        "invitations": invitations,
        "roles": HubRole.choices,
        "form": form or InvitationForm(),
        "admin_count": sum(1 for member in members if member.is_admin),
        "invitation_days": settings.INVITATION_MAX_AGE.days,
    }
    return render(request, "directory/espace/membres.html", context, status=status)


@require_http_methods(["GET"])
@login_required
def members(request, slug):
    hub, membership = hub_for_member(request.user, slug, admin=True)
    return _members_page(request, hub, membership)


@require_POST
@login_required
def invite(request, slug):
    hub, membership = hub_for_member(request.user, slug, admin=True)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitation_create(
                hub=hub,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                base_url=base_url_of(request),
            )
        except HubServiceError as error:
            form.add_error("email", error.message)
        except OSError:
            messages.error(
                request,
                "L'invitation est enregistrée mais le courriel n'a pas pu partir. "
                "Réessayez avec le bouton « Renvoyer » plus tard.",
            )
            return redirect("espace-membres", slug=hub.slug)
        else:
            messages.success(
                request,
                f"Invitation envoyée à {invitation.email} ({invitation.get_role_display()}).",
            )
            return redirect("espace-membres", slug=hub.slug)
    return _members_page(request, hub, membership, form=form, status=400)


@require_POST
@login_required
def member_role(request, slug, pk):
    hub, membership = hub_for_member(request.user, slug, admin=True)
    member = get_object_or_404(hub.memberships.select_related("user"), pk=pk)
    role = request.POST.get("role", "")
    if role not in HubRole.values:
        messages.error(request, "Choisissez un rôle.")
        return redirect("espace-membres", slug=hub.slug)
    if role == member.role:
        messages.info(request, f"{member.user.email} est déjà {member.get_role_display()}.")
        return redirect("espace-membres", slug=hub.slug)
    try:
        membership_set_role(membership=member, role=role)
    except HubServiceError as error:
        messages.error(request, error.message)
        return redirect("espace-membres", slug=hub.slug)
    messages.success(request, f"{member.user.email} est maintenant {member.get_role_display()}.")
    if member.pk == membership.pk:  # an admin who made themselves editor leaves this page
        return redirect("espace-hub", slug=hub.slug)
    return redirect("espace-membres", slug=hub.slug)


@require_http_methods(["GET", "POST"])
@login_required
def member_remove(request, slug, pk):
    """GET asks for confirmation (no JavaScript needed), POST removes."""
    hub, membership = hub_for_member(request.user, slug, admin=True)
    member = get_object_or_404(hub.memberships.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            membership_remove(membership=member)
        except HubServiceError as error:
            messages.error(request, error.message)
            return redirect("espace-membres", slug=hub.slug)
        if member.pk == membership.pk:
            messages.success(request, f"Vous ne faites plus partie du hub « {hub.nom} ».")
            return redirect("espace")
        messages.success(request, f"{member.user.email} ne fait plus partie du hub.")
        return redirect("espace-membres", slug=hub.slug)
    context = {"hub": hub, "membership": membership, "member": member}
    return render(request, "directory/espace/membres_retirer.html", context)


@require_POST
@login_required
def invitation_resend_view(request, slug, pk):
    hub, _membership = hub_for_member(request.user, slug, admin=True)
    invitation = get_object_or_404(pending_invitations(hub), pk=pk)
    try:
        new = invitation_resend(
            invitation=invitation, invited_by=request.user, base_url=base_url_of(request)
        )
    except HubServiceError as error:
        messages.error(request, error.message)
    except OSError:
        messages.error(request, "Le courriel n'a pas pu partir. Réessayez plus tard.")
    else:
        messages.success(
            request,
            f"Nouvelle invitation envoyée à {new.email} ; le lien précédent ne marche plus.",
        )
    return redirect("espace-membres", slug=hub.slug)


@require_POST
@login_required
def invitation_cancel_view(request, slug, pk):
    hub, _membership = hub_for_member(request.user, slug, admin=True)
    invitation = get_object_or_404(pending_invitations(hub), pk=pk)
    invitation_cancel(invitation=invitation)
    messages.success(
        request, f"Invitation de {invitation.email} annulée : son lien ne marche plus."
    )
    return redirect("espace-membres", slug=hub.slug)


urlpatterns = [
    path("hub/<slug:slug>/membres/", members, name="espace-membres"),
    path("hub/<slug:slug>/membres/inviter/", invite, name="espace-membres-inviter"),
    path("hub/<slug:slug>/membres/<int:pk>/role/", member_role, name="espace-membre-role"),
    path("hub/<slug:slug>/membres/<int:pk>/retirer/", member_remove, name="espace-membre-retirer"),
    path(
        "hub/<slug:slug>/invitations/<int:pk>/renvoyer/",
        invitation_resend_view,
        name="espace-invitation-renvoyer",
    ),
    path(
        "hub/<slug:slug>/invitations/<int:pk>/annuler/",
        invitation_cancel_view,
        name="espace-invitation-annuler",
    ),
]
