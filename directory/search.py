"""The directory search: its criteria (LieuCriteria) become one SQL (criteria_sql), read as a
QuerySet (search_lieux: the pages, the diagnostic, the exports, the map's GeoJSON) or page by page
as light rows (SearchResults: the API's JSON list)."""

import time
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.contrib.gis.measure import Distance
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from geodata.text import normalize_name

from . import search_sql
from .models import Lieu
from .opening import closure_aware_status, opening_status
from .querysets import condition, distance_to
from .search_sql import TABLE

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


@dataclass(frozen=True)
class SearchSQL:
    """A search as SQL on the places' table: its conditions (joined with AND), the distance
    to select (when a point is given) and the sort keys, each as (sql, params)."""

    conditions: tuple
    distance: tuple | None
    order: tuple  # ((sql, params, descending), …)

    def where(self):
        sql = " AND ".join(f"({condition})" for condition, _ in self.conditions)
        return sql, tuple(param for _, params in self.conditions for param in params)

    def order_by(self):
        sql = ", ".join(f"{key} DESC" if desc else key for key, _, desc in self.order)
        return sql, tuple(param for _, params, _ in self.order for param in params)


def criteria_sql(criteria):
    """The SQL of a search (LieuCriteria), shared by search_lieux and SearchResults."""
    conditions = [search_sql.PUBLIC]
    for field_name, values in criteria.any_of.items():
        condition_sql = search_sql.any_of(field_name, values)  # checks the field's name
        if values:  # no value given: no condition
            conditions.append(condition_sql)
    words = normalize_name(criteria.q) if criteria.q else ""
    if words:
        conditions.append(search_sql.named(words))
    distance = None
    if criteria.point is not None:
        conditions.append(search_sql.within(criteria.point, criteria.radius_km))
        distance = search_sql.distance(criteria.point)
        order = ((*search_sql.nearest_first(criteria.point), False),)
    else:
        by_name = ((f"{TABLE}.nom", (), False), (f"{TABLE}.id", (), False))
        order = ((*search_sql.name_similarity(words), True), *by_name) if words else by_name
    if criteria.open_at is not None:
        conditions.append(_open_at(criteria.open_at))
    return SearchSQL(tuple(conditions), distance, order)


def search_lieux(criteria):
    """Matching places as a QuerySet, nearest first when a point is given (each with
    `distance`), else best name match first, else by name. Counting and slicing it are single
    queries."""
    sql = criteria_sql(criteria)
    lieux = Lieu.objects.filter(condition(sql.where()))
    if sql.distance is not None:
        lieux = lieux.annotate(distance=distance_to(criteria.point, Lieu))
    keys = ((RawSQL(key, params), desc) for key, params, desc in sql.order)
    return lieux.order_by(*(key.desc() if desc else key.asc() for key, desc in keys))


class SearchResults:
    """The results of a search read page by page in plain SQL, as light rows (named tuples)
    rather than model instances: the API's list, where compiling the ORM's query and building
    the instances cost more than running the query (ADR 9). Each row has `pk`, the given
    fields of the place, `point_lon`, `point_lat` and `distance` (a Distance, or None)."""

    def __init__(self, criteria, fields):
        self.sql = criteria_sql(criteria)
        columns = [f"{TABLE}.id", *(f"{TABLE}.{_column(name)}" for name in fields)]
        columns += search_sql.point_lon_lat()
        columns.append(self.sql.distance[0] if self.sql.distance else "NULL")
        self._select = ", ".join(columns)
        self._select_params = self.sql.distance[1] if self.sql.distance else ()
        self._row = _row_class(tuple(fields))

    def rows(self, offset, limit):
        where, where_params = self.sql.where()
        order, order_params = self.sql.order_by()
        query = (
            f"SELECT {self._select} FROM {TABLE} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        params = (*self._select_params, *where_params, *order_params, limit, offset)
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            rows = cursor.fetchall()
        make = self._row._make
        return [
            make(row[:-1] + (None if row[-1] is None else Distance(m=row[-1]),)) for row in rows
        ]

    def count_up_to(self, cap):
        """Matches counted up to cap + 1. In the search's order: nearest first, PostgreSQL walks
        the spatial index and stops after cap + 1 matches."""
        where, params = self.sql.where()
        order = ""
        if self.sql.distance is not None:  # any other order would sort every match
            order, order_params = self.sql.order_by()
            order, params = f"ORDER BY {order}", (*params, *order_params)
        query = f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} {order} LIMIT %s) AS f"
        with connection.cursor() as cursor:
            cursor.execute(query, (*params, cap + 1))
            return cursor.fetchone()[0]


@lru_cache
def _row_class(fields):
    return namedtuple("LieuRow", ["pk", *fields, "point_lon", "point_lat", "distance"])


def _column(field_name):
    return Lieu._meta.get_field(field_name).column


def _open_at(at):
    """The places open at `at`. Few distinct hours strings are shared by many places: each
    (hours, time zone) pair of the directory is evaluated once per minute, in Python, and the
    result becomes a plain SQL filter, so pagination and counting stay in the database."""
    open_pairs = _open_pairs(_hours_pairs(), at.replace(second=0, microsecond=0))
    # A temporary closure wins over the hours (closures are whole days; the day is taken in
    # metropolitan time, the zone of nearly every place).
    return search_sql.open_among(open_pairs, timezone.localdate(at, timezone=PARIS))


# How long a process trusts its list of hours before asking whether a place was written since.
HOURS_RECHECK_SECONDS = 1.0
_hours_pairs_cache = {"version": None, "pairs": (), "checked": None}


def _hours_pairs():
    """Every distinct (hours, time zone) pair of the directory. Read again when a place was
    written since (the latest `updated_at`, read from its index, says so), which is asked at
    most once a second: new hours are searchable within a second, and a search costs one query
    less."""
    now = time.monotonic()
    checked = _hours_pairs_cache["checked"]
    if checked is not None and now - checked < HOURS_RECHECK_SECONDS:
        return _hours_pairs_cache["pairs"]
    with connection.cursor() as cursor:  # plain SQL, no ORM compilation
        cursor.execute(f"SELECT max(updated_at) FROM {TABLE}")
        version = cursor.fetchone()[0]
    if version != _hours_pairs_cache["version"]:
        pairs = (
            Lieu.objects.exclude(horaires="").order_by().values_list("horaires", "fuseau_horaire")
        )
        _hours_pairs_cache.update(version=version, pairs=tuple(sorted(set(pairs.distinct()))))
    _hours_pairs_cache["checked"] = now
    return _hours_pairs_cache["pairs"]


def forget_hours_pairs():
    """The next search reads the directory's hours again (tests that write between searches)."""
    _hours_pairs_cache.update(version=None, pairs=(), checked=None)


@lru_cache(maxsize=64)
def _open_pairs(pairs, minute):
    """Open hours strings by time zone at `minute` (hours have a one-minute resolution)."""
    open_pairs = {}
    for horaires, zone in pairs:
        if opening_status(horaires, zone, minute).is_open:
            open_pairs.setdefault(zone, []).append(horaires)
    return open_pairs


# What opening_of reads of a place.
OPENING_FIELDS = (
    "horaires",
    "fuseau_horaire",
    "fermeture_debut",
    "fermeture_fin",
    "fermeture_message",
)


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
