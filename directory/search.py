"""The directory search: one function that the API, the pages and the diagnostic call."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .models import Lieu
from .opening import closure_aware_status, opening_status

PARIS = ZoneInfo("Europe/Paris")

DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 100


@dataclass(frozen=True)
class LieuCriteria:
    point: object = None  # GEOS Point (srid 4326) to search around; None: no distance
    radius_km: float = DEFAULT_RADIUS_KM
    # Multi-valued field of the standard → accepted values (a place matches any of them).
    any_of: dict = field(default_factory=dict)
    q: str = ""
    open_at: datetime | None = None  # keep only places open at that time


def search_lieux(criteria):
    """Matching places as a QuerySet, nearest first when a point is given (each with
    `distance`). Counting and slicing it are single queries."""
    lieux = Lieu.objects.public()
    for field_name, values in criteria.any_of.items():
        lieux = lieux.with_any(field_name, values)
    if criteria.q:
        lieux = lieux.named(criteria.q)
    if criteria.point is not None:
        lieux = lieux.near(criteria.point, criteria.radius_km)
    elif criteria.q:
        lieux = lieux.order_by("-name_similarity", "nom", "pk")
    else:
        lieux = lieux.order_by("nom", "pk")
    if criteria.open_at is not None:
        lieux = _open_at(lieux, criteria.open_at)
    return lieux


def _open_at(lieux, at):
    """Keep the places open at `at`. Few distinct hours strings are shared by many places: each
    (hours, time zone) pair of the directory is evaluated once per minute, in Python, and the
    result becomes a plain SQL filter, so pagination and counting stay in the database."""
    open_pairs = _open_pairs(_hours_pairs(), at.replace(second=0, microsecond=0))
    table = Lieu._meta.db_table
    # One array per time zone (`= ANY`, the hash index on horaires) in plain SQL: the ORM's
    # IN lists of tens of strings cost more to compile than the query takes to run.
    zones = [f"({table}.fuseau_horaire = %s AND {table}.horaires = ANY(%s))"] * len(open_pairs)
    params = [value for zone, strings in open_pairs.items() for value in (zone, strings)]
    # A temporary closure wins over the hours (closures are whole days; the day is taken in
    # metropolitan time, the zone of nearly every place).
    day = timezone.localdate(at, timezone=PARIS)
    closed = f"coalesce({table}.fermeture_debut <= %s AND {table}.fermeture_fin >= %s, false)"
    condition = f"({' OR '.join(zones) or 'false'}) AND NOT {closed}"
    return lieux.filter(RawSQL(condition, (*params, day, day), output_field=BooleanField()))


_hours_pairs_cache = {"version": None, "pairs": ()}


def _hours_pairs():
    """Every distinct (hours, time zone) pair of the directory, recomputed only when a place
    was written since (the latest `updated_at`, read from its index, says so)."""
    with connection.cursor() as cursor:  # on every search: plain SQL, no ORM compilation
        cursor.execute(f"SELECT max(updated_at) FROM {Lieu._meta.db_table}")
        version = cursor.fetchone()[0]
    if version != _hours_pairs_cache["version"]:
        pairs = (
            Lieu.objects.exclude(horaires="").order_by().values_list("horaires", "fuseau_horaire")
        )
        _hours_pairs_cache.update(version=version, pairs=tuple(sorted(set(pairs.distinct()))))
    return _hours_pairs_cache["pairs"]


@lru_cache(maxsize=64)
def _open_pairs(pairs, minute):
    """Open hours strings by time zone at `minute` (hours have a one-minute resolution)."""
    open_pairs = {}
    for horaires, zone in pairs:
        if opening_status(horaires, zone, minute).is_open:
            open_pairs.setdefault(zone, []).append(horaires)
    return open_pairs


def opening_of(lieu, at=None):
    """Opening status of one place at `at` (default: now), temporary closures included."""
    at = at or timezone.now()
    if lieu.fermeture_debut is None or lieu.fermeture_fin is None:
        return opening_status(lieu.horaires, lieu.fuseau_horaire, at)
    return closure_aware_status(
        lieu.horaires,
        lieu.fuseau_horaire,
        at,
        closure=(lieu.fermeture_debut, lieu.fermeture_fin),
        message=lieu.fermeture_message,
    )
