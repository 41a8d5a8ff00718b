"""Operations on a hub's people and reports (HackSoft style: keyword-only functions).

Invitations are e-mailed links that sign the invitation's id with a timestamp
(django.core.signing.TimestampSigner): the link expires after settings.INVITATION_MAX_AGE, works
once, and stops working when the invitation is cancelled or sent again (a new invitation replaces
the old one). A hub always keeps at least one admin.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .enums import HubRole
from .models import Invitation, Membership, Signalement

logger = logging.getLogger(__name__)

INVITATION_SALT = "directory.invitation"


class HubServiceError(ValueError):
    """An operation refused for a reason the user can act on; `message` is plain French."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class LastAdminError(HubServiceError):
    """The change would leave the hub without any admin."""


class InvitationInvalid(HubServiceError):
    """An invitation link that cannot be used; `reason` is one of REASONS."""

    REASONS = {
        "expiree": "Ce lien d'invitation a expiré.",
        "invalide": "Ce lien d'invitation n'est pas valable (il est peut-être incomplet).",
        "annulee": "Cette invitation a été annulée ou remplacée par une invitation plus récente.",
        "utilisee": "Cette invitation a déjà été acceptée.",
    }

    def __init__(self, reason):
        super().__init__(self.REASONS[reason])
        self.reason = reason


def normalize_email(email):
    return (email or "").strip().lower()


def _signer():
    return signing.TimestampSigner(salt=INVITATION_SALT)


def invitation_token(invitation):
    """The signed, timestamped token of the invitation's link."""
    return _signer().sign(str(invitation.pk))


def invitation_expires_at(invitation):
    return invitation.created_at + settings.INVITATION_MAX_AGE


def invitation_is_expired(invitation, *, now=None):
    return (now or timezone.now()) >= invitation_expires_at(invitation)


def invitation_from_token(token):
    """The pending invitation behind a link's token, else InvitationInvalid (expired, tampered,
    cancelled or replaced, already used)."""
    try:
        pk = _signer().unsign(token, max_age=settings.INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationInvalid("expiree") from None
    except signing.BadSignature:
        raise InvitationInvalid("invalide") from None
    invitation = (
        Invitation.objects.select_related("hub", "invited_by").filter(pk=int(pk)).first()
        if pk.isdigit()
        else None
    )
    if invitation is None:
        raise InvitationInvalid("annulee")
    if invitation.accepted_at is not None:
        raise InvitationInvalid("utilisee")
    return invitation


def pending_invitations(hub):
    return hub.invitations.filter(accepted_at__isnull=True).select_related("invited_by")


def invitation_create(*, hub, email, role, invited_by, base_url):
    """Invite `email` to join `hub` with `role` and e-mail the link.

    A pending invitation of the same address to the same hub is replaced (its link stops
    working). Refused when the address is already a member's. Returns the new invitation."""
    email = normalize_email(email)
    if role not in HubRole.values:
        raise HubServiceError("Choisissez un rôle.")
    if Membership.objects.filter(hub=hub, user__email__iexact=email).exists():
        raise HubServiceError(f"{email} est déjà membre de ce hub.")
    with transaction.atomic():
        hub.invitations.filter(email__iexact=email, accepted_at__isnull=True).delete()
        invitation = Invitation.objects.create(
            hub=hub,
            email=email,
            role=role,
            invited_by=invited_by if getattr(invited_by, "is_authenticated", False) else None,
        )
    invitation_send(invitation=invitation, base_url=base_url)
    return invitation


def invitation_resend(*, invitation, invited_by, base_url):
    """Send a fresh link (a new invitation with a new expiry; the old link stops working)."""
    return invitation_create(
        hub=invitation.hub,
        email=invitation.email,
        role=invitation.role,
        invited_by=invited_by,
        base_url=base_url,
    )


def invitation_cancel(*, invitation):
    """Withdraw a pending invitation: its link then says so."""
    if invitation.accepted_at is not None:
        raise HubServiceError("Cette invitation a déjà été acceptée.")
    invitation.delete()


def invitation_send(*, invitation, base_url):
    """E-mail the invitation's link through Django's e-mail backend.

    Failures to send are raised (OSError): the caller tells the person who invited."""
    url = base_url + reverse("espace-invitation", args=[invitation_token(invitation)])
    context = {
        "invitation": invitation,
        "hub": invitation.hub,
        "role": invitation.get_role_display(),
        "invited_by": invitation.invited_by.email if invitation.invited_by else "",
        "url": url,
        "expires_at": invitation_expires_at(invitation),
    }
    subject = render_to_string("directory/emails/invitation_sujet.txt", context)
    body = render_to_string("directory/emails/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email], fail_silently=False)


def invitation_accept(*, invitation, user):
    """Make `user` (whose e-mail is the invited one) a member of the invitation's hub.

    The invitation is locked and marked used in the same transaction: a link works once."""
    if normalize_email(user.email) != normalize_email(invitation.email):
        raise HubServiceError(f"Cette invitation est destinée à {invitation.email}.")
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        if locked is None:
            raise InvitationInvalid("annulee")
        if locked.accepted_at is not None:
            raise InvitationInvalid("utilisee")
        membership, _created = Membership.objects.get_or_create(
            hub_id=locked.hub_id, user=user, defaults={"role": locked.role}
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    invitation.accepted_at = locked.accepted_at
    return membership


def user_create_from_invitation(*, invitation, password):
    """Create the invited person's account (username = e-mail in lower case) and accept the
    invitation. Refused when an account already has this e-mail: its owner logs in first."""
    email = normalize_email(invitation.email)
    user_model = get_user_model()
    with transaction.atomic():
        if user_model.objects.filter(email__iexact=email).exists():
            raise HubServiceError(
                "Un compte existe déjà avec cette adresse : connectez-vous pour accepter."
            )
        if user_model.objects.filter(username=email).exists():
            raise HubServiceError("Ce compte ne peut pas être créé : contactez l'administrateur.")
        user = user_model(username=email, email=email)
        user.set_password(password)
        user.save()
        membership = invitation_accept(invitation=invitation, user=user)
    return user, membership


def _admins_left_without(membership):
    """How many admins the hub keeps once `membership` is no longer one (rows locked)."""
    admins = list(
        Membership.objects.select_for_update()
        .filter(hub_id=membership.hub_id, role=HubRole.ADMIN)
        .values_list("pk", flat=True)
    )
    return len([pk for pk in admins if pk != membership.pk])


def membership_set_role(*, membership, role):
    """Change a member's role; refused if it would leave the hub without an admin."""
    if role not in HubRole.values:
        raise HubServiceError("Choisissez un rôle.")
    with transaction.atomic():
        demoting = membership.role == HubRole.ADMIN and role != HubRole.ADMIN
        if demoting and _admins_left_without(membership) == 0:
            raise LastAdminError(
                "Le hub doit garder au moins un administrateur : nommez d'abord un autre "
                "membre administrateur."
            )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership):
    """Remove a member from the hub (the account stays); never the last admin."""
    with transaction.atomic():
        if membership.role == HubRole.ADMIN and _admins_left_without(membership) == 0:
            raise LastAdminError(
                "Le hub doit garder au moins un administrateur : nommez d'abord un autre "
                "membre administrateur."
            )
        membership.delete()


def signalement_set_status(*, signalement, status, user):
    """Change a report's status and record who did it and when."""
    if status not in Signalement.Statut.values:
        raise HubServiceError("Choisissez un statut.")
    signalement.status = status
    signalement.processed_by = user if getattr(user, "is_authenticated", False) else None
    signalement.processed_at = timezone.now()
    signalement.save(update_fields=["status", "processed_by", "processed_at"])
    return signalement
