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

Sources = dict[str, list[tuple[str, Any]]]  # v1 field → [(column, raw value)]


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
    for column, value in row.items():
        field_name = field_for(column)
        if field_name is not None:
            sources.setdefault(field_name, []).append((header_key(column), value))
    for values in sources.values():
        values.sort(key=lambda pair: pair[0] not in V1_COLUMNS)
    return sources


def ignored_columns(columns: Iterable[str]) -> list[str]:
    return [column for column in columns if field_for(column) is None]
