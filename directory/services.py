"""Operations that change the directory's data (HackSoft style: keyword-only functions).

Every change a hub member makes to a place goes through the `lieu_*` functions here, whether it
comes from the workspace pages or the API: they keep the search columns in step, set `date_maj`
and write the history (LieuChange)."""

import logging
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from geodata.communes import commune_of_address
from geodata.geocoding import geocode_or_commune
from geodata.text import normalize_name

from .enums import ChangeAction, HubRole
from .importing import STANDARD_MODEL_FIELDS
from .models import Lieu, LieuChange, PointSource, Signalement
from .timezones import timezone_for

logger = logging.getLogger(__name__)

# What a member may change: the standard's fields (date_maj is set on save) and the point.
EDITABLE_FIELDS = frozenset(STANDARD_MODEL_FIELDS) - {"date_maj"} | {"point"}
ADDRESS_FIELDS = ("adresse", "code_postal", "commune", "code_insee")
CLOSURE_MESSAGE_MAX_LENGTH = 280


class LieuUpdateError(ValueError):
    """A change that cannot be made (unknown field, dates in the wrong order…); the place is
    left as it was."""


class LieuOutsideTerritory(LieuUpdateError):
    """The place's commune is not in its hub's territory."""


def lieu_create(*, hub, user, data):
    """A new place in the hub's own dataset, located from its address unless a point is given.
    A hub with a territory only creates places of its communes (LieuOutsideTerritory)."""
    lieu = Lieu(import_source=hub.import_source, source_id=uuid.uuid4().hex, hub=hub)
    _check_territory(hub, lieu, data, creating=True)
    with transaction.atomic():
        changes = _apply(lieu, data, creating=True)
        lieu.date_maj = timezone.localdate()
        lieu.save()
        _record(lieu, user, ChangeAction.CREATE, changes)
    return lieu


def lieu_update(*, lieu, user, data):
    """Apply `data` (field → new value) to a place, set its `date_maj`, and record what changed.
    Saving without any change is recorded as a confirmation. Returns the changes.

    A point set to None asks for the place to be located again from its address. Moving a place
    to a commune outside its hub's territory raises LieuOutsideTerritory."""
    if lieu.hub is not None:
        _check_territory(lieu.hub, lieu, data, creating=False)
    with transaction.atomic():
        changes = _apply(lieu, data, creating=False)
        lieu.date_maj = timezone.localdate()
        lieu.save()
        _record(lieu, user, ChangeAction.UPDATE if changes else ChangeAction.CONFIRM, changes)
    return changes


def lieu_confirm(*, lieu, user):
    """The hub says the place is up to date: only `date_maj` changes."""
    before = lieu.date_maj
    lieu.date_maj = timezone.localdate()
    lieu.save(update_fields=["date_maj", "updated_at"])
    _record(lieu, user, ChangeAction.CONFIRM, _diff({"date_maj": (before, lieu.date_maj)}))


def lieu_close(*, lieu, user, start, end, message=""):
    """A temporary closure from `start` to `end` (whole days, both included)."""
    if end < start:
        raise LieuUpdateError("La date de fin précède la date de début.")
    if len(message.strip()) > CLOSURE_MESSAGE_MAX_LENGTH:
        raise LieuUpdateError(
            f"Le message de fermeture dépasse {CLOSURE_MESSAGE_MAX_LENGTH} caractères."
        )
    changes = _diff(
        {
            "fermeture_debut": (lieu.fermeture_debut, start),
            "fermeture_fin": (lieu.fermeture_fin, end),
            "fermeture_message": (lieu.fermeture_message, message.strip()),
        }
    )
    lieu.fermeture_debut, lieu.fermeture_fin = start, end
    lieu.fermeture_message = message.strip()
    lieu.save(update_fields=["fermeture_debut", "fermeture_fin", "fermeture_message", "updated_at"])
    _record(lieu, user, ChangeAction.CLOSE, changes)


def lieu_reopen(*, lieu, user):
    """End (or cancel) a temporary closure."""
    changes = _diff(
        {
            "fermeture_debut": (lieu.fermeture_debut, None),
            "fermeture_fin": (lieu.fermeture_fin, None),
        }
    )
    lieu.fermeture_debut = lieu.fermeture_fin = None
    lieu.fermeture_message = ""
    lieu.save(update_fields=["fermeture_debut", "fermeture_fin", "fermeture_message", "updated_at"])
    _record(lieu, user, ChangeAction.REOPEN, changes)


def lieu_archive(*, lieu, user):
    """Hide a place from the directory (it closed for good); kept, and restorable. Returns
    False (and records nothing) when it was already archived."""
    if lieu.archive_le is not None:
        return False
    lieu.archive_le = timezone.now()
    lieu.save(update_fields=["archive_le", "updated_at"])
    _record(lieu, user, ChangeAction.ARCHIVE, {})
    return True


def lieu_restore(*, lieu, user):
    """Show an archived place again. Returns False when it was not archived."""
    if lieu.archive_le is None:
        return False
    lieu.archive_le = None
    lieu.save(update_fields=["archive_le", "updated_at"])
    _record(lieu, user, ChangeAction.RESTORE, {})
    return True


def lieux_attach(*, hub, user, lieu_ids):
    """Attach places of the directory that no hub keeps (and, when the hub has a territory,
    that lie in it) to `hub`; others are left alone. Returns how many were attached."""
    with transaction.atomic():
        lieux = list(
            Lieu.objects.unattached_in(hub).filter(pk__in=lieu_ids).select_for_update(of=("self",))
        )
        for lieu in lieux:
            lieu.hub = hub
        Lieu.objects.bulk_update(lieux, ["hub"])
        LieuChange.objects.bulk_create(
            LieuChange(
                lieu=lieu,
                hub=hub,
                user=user,
                user_email=user.email,
                action=ChangeAction.ATTACH,
                changes={"hub": [None, hub.nom]},
            )
            for lieu in lieux
        )
    return len(lieux)


def lieux_detach(*, lieux, user):
    """Free places from their hub (site admins only, from the admin). Returns how many."""
    with transaction.atomic():
        kept = list(lieux.filter(hub__isnull=False).select_related("hub"))
        LieuChange.objects.bulk_create(
            LieuChange(
                lieu=lieu,
                hub=lieu.hub,
                user=user,
                user_email=user.email,
                action=ChangeAction.UPDATE,
                changes={"hub": [lieu.hub.nom, None]},
            )
            for lieu in kept
        )
        Lieu.objects.filter(pk__in=[lieu.pk for lieu in kept]).update(hub=None)
    return len(kept)


def lieu_changes_record_import(*, lieu_ids, hub, user, filename):
    """One history line per place written by a hub's import."""
    LieuChange.objects.bulk_create(
        LieuChange(
            lieu_id=pk,
            hub=hub,
            user=user,
            user_email=getattr(user, "email", ""),
            action=ChangeAction.IMPORT,
            changes={"fichier": [None, filename]},
        )
        for pk in lieu_ids
    )


def _apply(lieu, data, *, creating):
    """Set the changed fields on `lieu` (not saved) and return them as a history diff."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise LieuUpdateError(f"Champs non modifiables : {', '.join(sorted(unknown))}")
    pairs = {}
    for name, value in data.items():
        before = getattr(lieu, name)
        if creating or _comparable(before) != _comparable(value):
            pairs[name] = (None if creating else before, value)
            setattr(lieu, name, value)
    if "nom" in pairs:
        lieu.nom_recherche = normalize_name(lieu.nom)
    placed_by_hand = "point" in pairs and lieu.point is not None
    if placed_by_hand:
        lieu.point_source = PointSource.MANUEL
        lieu.geocodage_precision = lieu.geocodage_erreur = ""
    point_removed = "point" in pairs and lieu.point is None
    address_changed = any(name in pairs for name in ADDRESS_FIELDS)
    if address_changed or creating:
        lieu.fuseau_horaire = timezone_for(lieu.code_insee, lieu.code_postal)
        lieu.commune_ref = _commune_of(lieu)
    if creating or address_changed or point_removed:
        if not placed_by_hand:  # a new address moves the point, unless it was moved by hand
            before = pairs.get("point", (lieu.point,))[0]
            _locate(lieu)
            pairs["point"] = (before, lieu.point)
    return _diff(pairs)


def _commune_of(lieu):
    commune, _ = commune_of_address(
        code_insee=lieu.code_insee, code_postal=lieu.code_postal, name=lieu.commune
    )
    return commune


def territory_text(hub):
    """The hub's territory in words: "départements 42, 43 ; communes 69123"."""
    parts = []
    if hub.departements:
        parts.append(
            f"département{'s' if len(hub.departements) > 1 else ''} " + ", ".join(hub.departements)
        )
    if hub.communes:
        parts.append(f"commune{'s' if len(hub.communes) > 1 else ''} " + ", ".join(hub.communes))
    return " ; ".join(parts) or "toute la France"


def outside_territory(hub, *, code_insee, code_postal, commune):
    """None when the address is in the hub's territory (or the hub has none), else why not,
    in plain French."""
    if not hub.departements and not hub.communes:
        return None
    found, _ = commune_of_address(code_insee=code_insee, code_postal=code_postal, name=commune)
    codes = {code for code in (code_insee, found.code_insee if found else "") if code}
    if found is not None:
        codes.update(found.codes_rattaches)
    if not codes:
        return (
            "La commune n'a pas été reconnue (vérifiez le code postal et le nom de la commune, "
            "ou indiquez le code INSEE) : impossible de vérifier qu'elle est dans le territoire "
            f"du hub ({territory_text(hub)})."
        )
    if any(hub.covers(code) for code in codes):
        return None
    name = found.nom if found else commune
    return (
        f"{name} n'est pas dans le territoire du hub « {hub.nom} » ({territory_text(hub)}). "
        "Un lieu d'une autre commune est tenu à jour par le hub de son territoire."
    )


def _check_territory(hub, lieu, data, *, creating):
    if not creating and not any(
        name in data and _comparable(data[name]) != _comparable(getattr(lieu, name))
        for name in ADDRESS_FIELDS
    ):
        return  # a place already outside the territory can still be edited
    values = {name: data.get(name, getattr(lieu, name)) or "" for name in ADDRESS_FIELDS}
    reason = outside_territory(
        hub,
        code_insee=values["code_insee"],
        code_postal=values["code_postal"],
        commune=values["commune"],
    )
    if reason:
        raise LieuOutsideTerritory(reason)


def _locate(lieu):
    """Geocode the address; without an answer, the commune centre (said so)."""
    code = lieu.commune_ref.code_insee if lieu.commune_ref else lieu.code_insee or None
    result = geocode_or_commune(
        f"{lieu.adresse} {lieu.code_postal} {lieu.commune}",
        code_insee=code,
        code_postal=lieu.code_postal or None,
        commune_name=lieu.commune,
    )
    if not result.ok:
        lieu.point, lieu.point_source = None, ""
        lieu.geocodage_precision, lieu.geocodage_erreur = "", result.error[:300]
        return
    lieu.point = result.point
    lieu.point_source = PointSource.COMMUNE if result.fallback else PointSource.GEOCODAGE
    lieu.geocodage_precision = str(result.precision or "")
    lieu.geocodage_erreur = result.error[:300]


def _comparable(value):
    if hasattr(value, "coords"):  # a point: compare its coordinates to the metre
        return tuple(round(c, 5) for c in value.coords)
    if isinstance(value, list | tuple):
        return list(value)
    return value


def _display(value):
    """A history value as JSON: text, a list of texts, or None."""
    if value is None or value == "":
        return None
    if hasattr(value, "coords"):
        return f"{value.y:.5f}, {value.x:.5f}"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _diff(pairs):
    """{field: [before, after]} for the pairs whose value really changes."""
    return {
        name: [_display(before), _display(after)]
        for name, (before, after) in pairs.items()
        if _display(before) != _display(after)
    }


def _record(lieu, user, action, changes):
    LieuChange.objects.create(
        lieu=lieu,
        hub=lieu.hub,
        user=user if getattr(user, "is_authenticated", False) else None,
        user_email=getattr(user, "email", "") or "",
        action=action,
        changes=changes,
    )


def report_recipients(hub):
    """Who is told of a report: the hub's admins and its contact address, else (no hub, or a
    hub without any) the site admins."""
    addresses = []
    if hub is not None:
        admins = hub.memberships.filter(role=HubRole.ADMIN, user__is_active=True)
        addresses = sorted({email for email in admins.values_list("user__email", flat=True)})
        if hub.courriel and hub.courriel not in addresses:
            addresses.append(hub.courriel)
    return [a for a in addresses if a] or [address for _, address in settings.ADMINS]


def signalement_create(*, lieu, categories, message, contact_email="", base_url=""):
    """Record a report on a place for its hub, then tell the hub (or the admins) by e-mail.

    The report is kept even when the e-mail cannot be sent: the hub workspace lists it."""
    signalement = Signalement.objects.create(
        lieu=lieu,
        hub=lieu.hub,
        categories=list(categories),
        message=message.strip(),
        contact_email=contact_email.strip(),
    )
    recipients = report_recipients(lieu.hub)
    if not recipients:
        logger.warning("Signalement %s enregistré, mais personne à prévenir", signalement.pk)
        return signalement
    labels = "\n".join(f"- {label}" for label in signalement.get_categories_display())
    sheet = base_url + reverse("lieu-detail", args=[lieu.pk])
    body = (
        f"Un signalement a été fait sur la fiche « {lieu.nom} » ({lieu.commune}).\n"
        f"{sheet}\n\n"
        f"Ce qui ne va pas :\n{labels or '- (non précisé)'}\n\n"
        f"Message :\n{signalement.message or '(aucun message)'}\n\n"
        f"Courriel de la personne : {signalement.contact_email or '(non donné)'}\n"
        f"Responsable : {lieu.hub.nom if lieu.hub else 'aucun hub : administrateurs'}\n"
    )
    try:
        send_mail(
            "[Aiguillage] Signalement : " + " ".join(lieu.nom.split())[:150],
            body,
            None,  # DEFAULT_FROM_EMAIL
            recipients,
            fail_silently=False,
        )
    except OSError:
        logger.exception("Signalement %s : le courriel n'a pas pu partir", signalement.pk)
    return signalement
