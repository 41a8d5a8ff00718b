"""Hub API keys: creating and revoking them, and authenticating the write API with them.

A key is shown once, when it is created; only its SHA-256 digest is stored, with its first
characters (its prefix) to recognise it in the list. A program sends it as
`Authorization: Bearer <key>`; the key acts for its hub only (see
directory.permissions.editable_lieux_for_key), and its changes are recorded in the history in
the name of the member who created it.
"""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import HubToken, LieuChange

PREFIX_LENGTH = 8
# last_used_at is written at most this often (not on every call of a busy program).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def key_digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def hub_token_create(*, hub, user, name):
    """(token, key): a new key for the hub. The key itself is returned here only."""
    key = secrets.token_urlsafe(32)
    token = HubToken.objects.create(
        hub=hub,
        name=name.strip(),
        prefix=key[:PREFIX_LENGTH],
        digest=key_digest(key),
        created_by=user,
    )
    return token, key


def hub_token_revoke(*, token):
    """A revoked key stops working at once; it stays listed (who created it, when used)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def hub_token_for_key(key):
    """The active token whose key this is, else None; notes when it was last used."""
    token = (
        HubToken.objects.select_related("hub", "created_by")
        .filter(digest=key_digest(key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        HubToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def lieu_changes_note_key(*, lieu, token, after_pk):
    """Name the key in the history lines written for `lieu` since the line `after_pk` (the
    lines name the key's creator as the author)."""
    for change in LieuChange.objects.filter(lieu=lieu, pk__gt=after_pk or 0):
        change.changes = {**change.changes, "clé d'API": [None, token.name]}
        change.save(update_fields=["changes"])


class HubTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`. request.auth is the HubToken; request.user is the member
    who created the key (for the history), never a source of permissions: views decide with
    request.auth (directory.permissions.editable_lieux_for_key)."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "En-tête Authorization invalide : attendu « Bearer <clé> »."
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Clé d'API invalide.") from error
        token = hub_token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Clé d'API invalide ou révoquée.")
        return token.created_by or AnonymousUser(), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class HubTokenScheme(OpenApiAuthenticationExtension):
    target_class = HubTokenAuthentication
    name = "cleHub"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Clé d'API d'un hub (page « Clés d'API » de l'espace du hub), envoyée dans "
                "l'en-tête `Authorization: Bearer <clé>`. Elle ne permet de modifier que les "
                "lieux de ce hub."
            ),
        }
