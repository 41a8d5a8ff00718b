"""Who may change what: the one place where hub permissions are decided.

A member (admin or editor) edits the places of their hub; a hub admin also manages its members,
imports, API keys and reports. A place of another hub, or of no hub, is treated as not existing
(404), through the pages and the API alike, so ids cannot be probed.
"""

from django.http import Http404

from .enums import HubRole
from .models import Hub, Lieu, Membership


def hubs_of(user):
    """The hubs `user` is a member of."""
    if not user.is_authenticated:
        return Hub.objects.none()
    return Hub.objects.filter(memberships__user=user)


def membership_of(user, hub):
    """The user's membership of `hub`, or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, hub=hub).first()


def editable_lieux(user):
    """Places `user` may change: those of their hubs, archived ones included."""
    return Lieu.objects.filter(hub__in=hubs_of(user))


def hub_for_member(user, slug, *, admin=False):
    """(hub, membership) for a member of the hub `slug` (an admin when `admin`), else 404."""
    membership = (
        Membership.objects.select_related("hub").filter(user=user, hub__slug=slug).first()
        if user.is_authenticated
        else None
    )
    if membership is None or (admin and membership.role != HubRole.ADMIN):
        raise Http404("Espace introuvable")
    return membership.hub, membership


def lieu_for_member(user, pk):
    """(place, membership) for a place that `user` may edit, else 404."""
    lieu = editable_lieux(user).select_related("hub").filter(pk=pk).first()
    if lieu is None:
        raise Http404("Lieu introuvable")
    return lieu, membership_of(user, lieu.hub)


def can_edit_lieu(user, lieu):
    return lieu.hub_id is not None and membership_of(user, lieu.hub) is not None


def can_manage_hub(user, hub):
    membership = membership_of(user, hub)
    return membership is not None and membership.role == HubRole.ADMIN


def editable_lieux_for_key(hub_token):
    """Places a hub API key may change: its hub's places only; none once it is revoked."""
    if hub_token.revoked_at is not None:
        return Lieu.objects.none()
    return Lieu.objects.filter(hub_id=hub_token.hub_id)
