"""One row (a mapping of column → raw value, v1 or v0.1 names) to a RowOutcome: a clean
LieuRecord, or the reasons the row cannot be used."""

import datetime
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from . import cleaning, hours
from .columns import Sources, standard_columns
from .outcome import Notes, RowOutcome
from .record import LieuRecord
from .vocabulary import ENUMS, normalize_key, resolve

REQUIRED_TEXT = {
    "id": "identifiant absent",
    "nom": "nom absent",
    "adresse": "adresse absente",
    "commune": "commune absente",
}
SINGLE_TEXT = ("complement_adresse", "source", "structure_parente")
# A name saying the place travels ("Bus France Services", "Médiathèque itinérante").
MOBILE_NAME = re.compile(r"\b(bus|camion|caravane|itin[ée]rante?s?)\b", re.IGNORECASE)
ITEM_SEPARATOR = re.compile(r"[|;]")


def build_outcome(
    row: Mapping[str, Any],
    *,
    line: int,
    date_maj_default: datetime.date,
    date_maj_origin: str,
) -> RowOutcome:
    sources = standard_columns(row)
    notes = Notes()
    values: dict[str, Any] = {}

    for field_name in ("id", "nom", "commune", "adresse", *SINGLE_TEXT):
        values[field_name] = cleaning.clean_text(field_name, _first(sources, field_name), notes)
    values["code_postal"] = cleaning.clean_postcode(
        _first(sources, "code_postal"),
        notes,
        commune=values["commune"],
        adresse=values["adresse"],
    )
    for field_name, what in REQUIRED_TEXT.items():
        if not values[field_name]:
            notes.error(field_name, what)
    if not values["code_postal"]:
        raw = cleaning.as_text(_first(sources, "code_postal")).strip()
        notes.error("code_postal", "code postal absent ou inutilisable", raw)

    code_postal = values["code_postal"]
    values["pivot"] = cleaning.clean_pivot(_first(sources, "pivot"), notes)
    values["code_insee"] = cleaning.clean_insee(
        _first(sources, "code_insee"), notes, code_postal=code_postal
    )
    values["latitude"], values["longitude"] = cleaning.clean_coordinates(
        _first(sources, "latitude"), _first(sources, "longitude"), notes, code_postal=code_postal
    )
    values["telephone"] = cleaning.clean_phone(
        _first(sources, "telephone"), notes, code_postal=code_postal
    )
    values["courriels"] = cleaning.clean_emails(_items(sources, "courriels"), notes)
    values["site_web"] = _urls(sources, notes)
    for field_name in ("fiche_acces_libre", "prise_rdv"):
        text = cleaning.clean_text(field_name, _first(sources, field_name), notes)
        values[field_name] = cleaning.clean_url(field_name, text, notes)
    values["horaires"] = _horaires(_first(sources, "horaires"), notes)
    resume = cleaning.clean_text(
        "presentation_resume", _first(sources, "presentation_resume"), notes
    )
    detail = cleaning.clean_text(
        "presentation_detail", _first(sources, "presentation_detail"), notes, multiline=True
    )
    values["presentation_resume"], values["presentation_detail"] = cleaning.truncate_resume(
        resume, detail, notes
    )
    values.update(_enumerations(sources, notes))
    if not values["itinerance"] and MOBILE_NAME.search(values["nom"]):
        values["itinerance"] = ["Itinérant"]
        notes.repair("itinerance", "déduite du nom", values["nom"])
    values["date_maj"] = cleaning.clean_date(
        _first(sources, "date_maj"), notes, default=date_maj_default, default_origin=date_maj_origin
    )

    record = None if notes.errors else LieuRecord(**values)
    return RowOutcome(
        line=line,
        source_id=values["id"],
        record=record,
        errors=notes.errors,
        repairs=notes.repairs,
        unknown_values=notes.unknown_values,
    )


def _first(sources: Sources, field_name: str):
    """The first non-empty value among the columns feeding a single-valued field."""
    for value in sources.get(field_name, ()):
        if not cleaning.is_blank(value):
            return value
    return None


def _items(sources: Sources, field_name: str) -> tuple[str, ...]:
    """Items of a multi-valued field: '|' (v1) or ';' (v0.1) separated, or a JSON list."""
    return _items_of(_texts(sources, field_name))


def _texts(sources: Sources, field_name: str) -> tuple[str, ...]:
    """The field's values as texts, one per element of a JSON list."""
    texts = []
    for value in sources.get(field_name, ()):
        if isinstance(value, list):
            texts.extend(map(cleaning.as_text, value))
        else:
            texts.append(cleaning.as_text(value))
    return tuple(texts)


@lru_cache(maxsize=16384)  # most files repeat the same few values on every row
def _items_of(texts: tuple[str, ...]) -> tuple[str, ...]:
    """('Aide aux démarches|Accès  internet', 'Aide aux démarches') → ('Aide aux démarches',
    'Accès internet'): the distinct non-blank items, spaces tidied."""
    items = (
        " ".join(item.split())
        for text in texts
        for item in ITEM_SEPARATOR.split(cleaning.fix_mojibake(text))
    )
    return tuple(dict.fromkeys(item for item in items if not cleaning.is_blank(item)))


def _urls(sources: Sources, notes: Notes) -> list[str]:
    urls = []
    for value in sources.get("site_web", ()):
        for element in value if isinstance(value, list) else [value]:
            for part in cleaning.split_urls(cleaning.as_text(element)):
                if cleaning.is_blank(part):
                    continue
                url = cleaning.clean_url("site_web", part, notes)
                if url and url not in urls:
                    urls.append(url)
    return urls


def _horaires(raw, notes: Notes) -> str:
    if cleaning.is_blank(raw) or (
        isinstance(raw, dict) and all(map(cleaning.is_blank, raw.values()))
    ):
        return ""
    osm, changed = hours.normalize(raw)
    shown = cleaning.as_text(raw)
    if not osm:
        notes.unknown("horaires", shown)
    elif changed and osm == " ".join(shown.split()):
        notes.repair("horaires", "espaces superflus retirés")
    elif changed:
        notes.repair("horaires", "converties au format OpenStreetMap", f"{shown} → {osm}")
    return osm


def _enumerations(sources: Sources, notes: Notes) -> dict[str, list[str]]:
    """Every enumerated field, plus autres_formations_labels (free text) which receives the
    labels that have no v1 value (APTIC, Pass numérique, other national labels)."""
    collected: dict[str, list[str]] = {name: [] for name in ENUMS}
    collected["autres_formations_labels"] = []
    for field_name in ENUMS:
        texts = _texts(sources, field_name)
        if not texts:
            continue
        values, field_notes = _enumeration(field_name, texts)
        for target_field, target_values in values.items():
            _extend(collected[target_field], target_values)
        notes.add(field_notes)
    free_labels = _items(sources, "autres_formations_labels")
    collected["autres_formations_labels"] = _merged(
        free_labels, collected["autres_formations_labels"]
    )
    return collected


@lru_cache(maxsize=4096)  # most files repeat the same few values on every row
def _enumeration(field_name: str, texts: tuple[str, ...]) -> tuple[dict[str, list[str]], Notes]:
    """The values (by target field) and the notes of one enumerated field. Shared by every row
    with the same texts: read only."""
    notes = Notes()
    items = _items_of(texts)
    if not items:
        return {}, notes
    resolved = resolve(field_name, items)
    if resolved.all_public:
        _drop_audiences(resolved, notes)
        resolved.conversions = [c for c in resolved.conversions if c[1] != field_name]
    _note_conversions(field_name, resolved.conversions, notes)
    for note in resolved.notes:
        notes.repair(field_name, "remarque", note)
    if field_name == "dispositif_programmes_nationaux" and resolved.unknown:
        # A label with no v1 dispositif is still a label: kept as a free one.
        _extend(resolved.values.setdefault("autres_formations_labels", []), resolved.unknown)
        notes.repair(
            field_name,
            "labels hors liste placés dans autres_formations_labels",
            ", ".join(resolved.unknown),
        )
    else:
        for item in resolved.unknown:
            notes.unknown(field_name, item)
    return resolved.values, notes


def _drop_audiences(resolved, notes: Notes):
    """v0.1 listed who is welcome ("Adultes", "Jeunes", "Seniors"…); v1 lists only the publics
    a place specifically addresses. A place welcoming adults is open to everyone."""
    audiences = resolved.values.pop("publics_specifiquement_adresses", [])
    if audiences:
        notes.repair(
            "publics_specifiquement_adresses",
            "lieu tout public, publics accueillis v0.1 non repris",
            ", ".join(audiences),
        )


def _note_conversions(field_name: str, conversions: list[tuple[str, str, str]], notes: Notes):
    spelling, mapped = [], []
    for item, target, value in conversions:
        if target == field_name and normalize_key(item) == normalize_key(value):
            spelling.append(f"{item} → {value}")
        else:
            shown = value if target == field_name else f"{target} « {value} »"
            mapped.append(f"{item} → {shown}")
    if spelling:
        notes.repair(field_name, "orthographe corrigée", "; ".join(spelling))
    if mapped:
        notes.repair(field_name, "valeurs converties", "; ".join(mapped))


def _extend(values: list[str], new: Iterable[str]):
    for value in new:
        if value not in values:
            values.append(value)


def _merged(first: Iterable[str], second: Iterable[str]) -> list[str]:
    merged = list(first)
    _extend(merged, second)
    return merged
