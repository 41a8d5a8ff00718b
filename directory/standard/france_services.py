"""Adapter for the national France Services list (ANCT, e.g. 2022-12-france-services.csv):
other column names and one column of hours per day ("09:00 - 12:00 / 13:30 - 17:00")."""

from collections.abc import Iterable, Mapping
from typing import Any

from directory.enums import Dispositif, Frais, Itinerance, Service, Typologie

from .record import PIVOT_PLACEHOLDER

DAY_COLUMNS = ("h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi")
COLUMNS = {
    "id_fs": "id",
    "lib_fs": "nom",
    "adresse": "adresse",
    "complement_adresse": "complement_adresse",
    "insee_com": "code_insee",
    "code_postal": "code_postal",
    "lib_com": "commune",
    "latitude": "latitude",
    "longitude": "longitude",
    "mail": "courriels",
    "telephone": "telephone",
    "groupe": "structure_parente",
    "commentaire": "presentation_detail",
}
# Read but not part of the standard: département (derived from the INSEE code), main site or
# antenna, and the date of the label.
UNUSED = ("insee_dep", "format_fs", "labellisation")
SOURCE = "france-services"
ITINERANCE = {"Oui": Itinerance.ITINERANT.value, "Non": Itinerance.FIXE.value}


def ignored_columns(columns: Iterable[str]) -> list[str]:
    read = {*COLUMNS, *DAY_COLUMNS, "itinerance"}
    return [column for column in columns if column.strip() not in read]


def is_france_services(columns: Iterable[str]) -> bool:
    return {"id_fs", "lib_fs", "h_lundi"} <= {column.strip() for column in columns}


def to_standard(row: Mapping[str, Any]) -> dict[str, Any]:
    """A v1-shaped row. What every France Services place offers by its label (help with
    administrative procedures, free of charge) is written out; the list has no SIRET."""
    standard = {field: row.get(column) for column, field in COLUMNS.items()}
    standard.update(
        pivot=PIVOT_PLACEHOLDER,
        source=SOURCE,
        typologie=Typologie.RFS.value,
        dispositif_programmes_nationaux=Dispositif.FRANCE_SERVICES.value,
        services=Service.AIDE_DEMARCHES.value,
        frais_a_charge=Frais.GRATUIT.value,
        itinerance=ITINERANCE.get((row.get("itinerance") or "").strip(), ""),
        # Per-day hours as a JSON-like object: read by hours.normalize like JSON hours.
        horaires={column.removeprefix("h_"): row.get(column) or "" for column in DAY_COLUMNS},
    )
    return standard
