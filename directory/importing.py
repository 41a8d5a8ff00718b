"""Database side of the import: idempotent upsert of validated records, keyed on
(import_source, id), in one transaction.

Reading, validating and repairing rows is pure Python in directory.standard; this module only
matches records to communes, locates them, and writes in bulk.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from geodata.geo import point_from_lat_lon
from geodata.geocoding import geocode
from geodata.models import Commune
from geodata.text import normalize_name

from .models import Lieu, PointSource
from .standard.record import FIELDS
from .standard.writing import to_standard_row
from .timezones import timezone_for

# After this many consecutive network failures, the geocoder is considered unreachable for the
# rest of the import (no network): the remaining places go straight to their commune centre.
GEOCODER_FAILURES_BEFORE_GIVING_UP = 5
STANDARD_MODEL_FIELDS = [name for name in FIELDS if name not in ("id", "latitude", "longitude")]


class DryRunRollback(Exception):
    """Raised inside the transaction to undo a dry run."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list = field(default_factory=list)  # (line, id, reasons)
    repairs: Counter = field(default_factory=Counter)  # repair kind → count
    repaired_rows: int = 0
    unknown_values: list = field(default_factory=list)  # (line, id, field, value)
    missing: list = field(default_factory=list)  # ids of this source absent from the file
    removed: int = 0
    located: Counter = field(default_factory=Counter)  # point source → count
    not_located: list = field(default_factory=list)  # (line, id, reason)
    geocoder_unreachable: bool = False
    geocode_limit_reached: bool = False
    dry_run: bool = False
    written_ids: list = field(default_factory=list)  # ids of the created or updated places

    @property
    def summary_line(self):
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} rejected={len(self.rejected)}"
        )


def fingerprint(record):
    """Stable hash of the standard fields of a record."""
    row = to_standard_row(record)
    return hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()


class CommuneIndex:
    """All communes in memory (one query), to match records without a query per row."""

    def __init__(self):
        self.by_code = {}
        self.by_postcode = {}
        rows = Commune.objects.values_list(
            "code_insee", "codes_rattaches", "codes_postaux", "nom_recherche"
        )
        for code, attached, postcodes, name in rows:
            for other in [code, *attached]:
                self.by_code.setdefault(other, code)
            for postcode in postcodes:
                self.by_postcode.setdefault(postcode, []).append((code, name))

    def match(self, record):
        """The current INSEE code for a record: by its code, else its postcode and name."""
        if record.code_insee in self.by_code:
            return self.by_code[record.code_insee]
        candidates = self.by_postcode.get(record.code_postal, [])
        if len(candidates) == 1:
            return candidates[0][0]
        name = normalize_name(record.commune)
        for code, candidate_name in candidates:
            if candidate_name == name:
                return code
        return None


class Locator:
    """Gives each record a point: its coordinates, else its geocoded address, else its commune
    centre; stops calling an unreachable geocoder."""

    def __init__(self, *, use_geocoder, report, geocode_limit=None):
        self.use_geocoder = use_geocoder
        self.report = report
        self.failures_in_a_row = 0
        self.geocode_limit = geocode_limit  # at most this many addresses (None: no limit)
        self.geocoded = 0

    def locate(self, record, commune_code):
        if record.latitude is not None and record.longitude is not None:
            return point_from_lat_lon(record.latitude, record.longitude), PointSource.SOURCE, "", ""
        if not self.use_geocoder:
            error = "géocodage non demandé (--no-geocode)"
        elif not settings.GEOCODER_ENABLED:
            # Offline: skip even the cache, which would cost one query per row.
            error = "API Adresse désactivée (GEOCODER_ENABLED=false)"
        elif self.report.geocoder_unreachable:
            error = "API Adresse injoignable"
        elif self.geocode_limit is not None and self.geocoded >= self.geocode_limit:
            error = f"géocodage limité à {self.geocode_limit} adresses par import"
            self.report.geocode_limit_reached = True
        else:
            self.geocoded += 1
            result = geocode(
                f"{record.adresse} {record.code_postal} {record.commune}",
                citycode=commune_code or None,
            )
            if result.ok:
                self.failures_in_a_row = 0
                return result.point, PointSource.GEOCODAGE, result.precision, ""
            error = result.error
            self.failures_in_a_row = self.failures_in_a_row + 1 if result.network_error else 0
            if self.failures_in_a_row >= GEOCODER_FAILURES_BEFORE_GIVING_UP:
                self.report.geocoder_unreachable = True
        if commune_code:
            # The centre itself is filled in for all such places at once (see _commune_centres).
            return None, PointSource.COMMUNE, "commune", error
        return None, "", "", error or "commune inconnue"


def lieu_fields(record):
    """Model field values of the standard's fields for a record."""
    values = {name: getattr(record, name) for name in STANDARD_MODEL_FIELDS}
    values["nom_recherche"] = normalize_name(record.nom)
    values["fuseau_horaire"] = timezone_for(record.code_insee, record.code_postal)
    return values


def import_lieux(
    outcomes,
    *,
    import_source,
    dry_run=False,
    remove_missing=False,
    use_geocoder=True,
    progress=None,
    hub=None,
    geocode_limit=None,
):
    """Upsert every accepted record of `outcomes` (directory.standard RowOutcome) into Lieu,
    attached to `hub` when given.

    Rejected rows and unknown values are reported, never written; places of this source that
    the file no longer lists are reported, and removed only with `remove_missing`.
    """
    report = ImportReport(dry_run=dry_run)
    existing = dict(
        Lieu.objects.filter(import_source=import_source).values_list("source_id", "empreinte")
    )
    communes = CommuneIndex()
    locator = Locator(use_geocoder=use_geocoder, report=report, geocode_limit=geocode_limit)
    seen = {}
    rows = []

    for outcome in outcomes:
        if progress:
            progress(1)
        for field_name, values in outcome.unknown_values.items():
            for value in values:
                report.unknown_values.append((outcome.line, outcome.source_id, field_name, value))
        if outcome.record is None:
            report.rejected.append((outcome.line, outcome.source_id, outcome.errors))
            continue
        record = outcome.record
        if record.id in seen:
            reason = f"id « {record.id} » en double (déjà ligne {seen[record.id]})"
            report.rejected.append((outcome.line, record.id, [reason]))
            continue
        seen[record.id] = outcome.line
        if outcome.repairs:
            report.repaired_rows += 1
            report.repairs.update(repair.split(":", 1)[0] for repair in outcome.repairs)

        print_ = fingerprint(record)
        if existing.get(record.id) == print_:
            report.unchanged += 1
            continue
        commune_code = communes.match(record)
        point, point_source, precision, error = locator.locate(record, commune_code)
        report.located[point_source or "aucun"] += 1
        if not point_source:
            report.not_located.append((outcome.line, record.id, error))
        rows.append(
            {
                "import_source": import_source,
                "source_id": record.id,
                **lieu_fields(record),
                "point": point.ewkt if point is not None else None,
                "point_source": point_source,
                "geocodage_precision": precision or "",
                "geocodage_erreur": error[:300],
                "commune_ref_id": commune_code,
                "empreinte": print_,
                **({"hub_id": hub.pk} if hub is not None else {}),
            }
        )

    _commune_centres(rows)
    report.missing = sorted(set(existing) - set(seen))
    try:
        with transaction.atomic():
            report.created, report.updated, report.written_ids = _upsert(rows)
            if remove_missing and report.missing:
                report.removed = _remove_missing(import_source, report.missing)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report


def _commune_centres(rows):
    """Places located at their commune centre get it, with one query for all communes."""
    codes = {row["commune_ref_id"] for row in rows if row["point_source"] == PointSource.COMMUNE}
    centres = dict(Commune.objects.filter(pk__in=codes).values_list("pk", "centre"))
    for row in rows:
        if row["point_source"] == PointSource.COMMUNE:
            row["point"] = centres[row["commune_ref_id"]].ewkt


def _upsert(rows):
    """Insert or update rows in bulk: COPY into a temporary table, then one
    INSERT … ON CONFLICT. Returns (created, updated, ids written)."""
    if not rows:
        return 0, 0, []
    columns = list(rows[0])
    names = ", ".join(Lieu._meta.get_field(name).column for name in columns)
    updates = ", ".join(
        f"{column} = excluded.{column}"
        for column in (Lieu._meta.get_field(name).column for name in columns)
        if column not in ("import_source", "source_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE lieu_incoming ON COMMIT DROP AS "
            f"SELECT {names} FROM directory_lieu LIMIT 0"
        )
        with cursor.copy(f"COPY lieu_incoming ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(list(row.values()))
        cursor.execute(
            f"INSERT INTO directory_lieu ({names}, created_at, updated_at) "
            f"SELECT {names}, now(), now() FROM lieu_incoming "
            "ON CONFLICT (import_source, source_id) DO UPDATE SET "
            f"{updates}, updated_at = now() "
            "RETURNING id, (xmax = 0)"
        )
        written = cursor.fetchall()
        cursor.execute("DROP TABLE lieu_incoming")
    created = sum(flag for _, flag in written)
    return created, len(written) - created, [pk for pk, _ in written]


def _remove_missing(import_source, source_ids):
    removed, _ = Lieu.objects.filter(import_source=import_source, source_id__in=source_ids).delete()
    return removed
