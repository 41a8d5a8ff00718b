"""Column names: v1 names, and the v0.1 (2022) names that still circulate, mapped to v1."""

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from .record import FIELDS
from .vocabulary import normalize_key

# v0.1 column → v1 field. Their values are matched by the v1 field's vocabulary, which also
# knows the v0.1 values (services, publics, conditions d'accès, labels, modalités).
V0_COLUMNS = {
    "courriel": "courriels",
    "accessibilite": "fiche_acces_libre",
    "labels_autres": "autres_formations_labels",
    "labels_nationaux": "dispositif_programmes_nationaux",
    "conditions_acces": "frais_a_charge",
    "conditions_access": "frais_a_charge",  # misspelt in several national exports
    "publics_accueillis": "publics_specifiquement_adresses",
}
V1_COLUMNS = frozenset(FIELDS)

Sources = dict[str, list[Any]]  # v1 field → raw values, v1 columns first


@lru_cache(maxsize=1024)
def header_key(name: str) -> str:
    """'Code postal', ' code_postal', '\\ufeffid' → 'code_postal', 'id'."""
    return normalize_key(str(name).replace("\ufeff", "")).replace(" ", "_")


def field_for(column: str) -> str | None:
    key = header_key(column)
    if key in V1_COLUMNS:
        return key
    return V0_COLUMNS.get(key)


def standard_columns(row: Mapping[str, Any]) -> Sources:
    """The row's values by v1 field, v1 columns first when a v0.1 column feeds the same field."""
    sources: Sources = {}
    for column, field_name in column_fields(tuple(row)):
        sources.setdefault(field_name, []).append(row[column])
    return sources


@lru_cache(maxsize=1024)  # a CSV file has one set of columns, a JSON file a few hundred
def column_fields(columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(column, v1 field) for the columns that feed a field, v1 columns before v0.1 ones."""
    pairs = [(column, field_for(column)) for column in columns if field_for(column) is not None]
    return sorted(pairs, key=lambda pair: header_key(pair[0]) not in V1_COLUMNS)


def ignored_columns(columns: Iterable[str]) -> list[str]:
    return [column for column in columns if field_for(column) is None]
