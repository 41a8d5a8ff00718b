"""Reading the standard's files in every shape they circulate in.

The format is detected from the content: CSV (',', ';' or tab separated; UTF-8 with or
without BOM, Windows-1252 as a fallback; CRLF or LF) or JSON (a list of objects, an object
wrapping such a list, or a GeoJSON FeatureCollection). Column names may be v1 or v0.1; the
national France Services list goes through its adapter.

date_maj rule: a row without a usable date_maj (missing, unreadable, or an export placeholder
such as 1970-01-01) gets, in this order, the `date_maj_default` given by the caller, the date
that begins the file name ("2022-12-france-services.csv" → 2022-12-01, the first day of the
period it names, so that a place never looks fresher than known), or else the import date.
The row is kept and the repair is reported.
"""

import codecs
import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import france_services
from .columns import ignored_columns
from .outcome import ReadSummary, RowOutcome, message
from .rows import build_outcome
from .vocabulary import normalize_key

__all__ = ["FileFormatError", "ReadSummary", "RowOutcome", "read_bytes", "read_file"]

LIST_KEYS = ("data", "lieux", "records", "results", "items", "features")


class FileFormatError(ValueError):
    """The file as a whole cannot be read (the message is in French, for users)."""


@dataclass
class FileInfo:
    format: str  # "csv" or "json"
    encoding: str
    delimiter: str = ""
    france_services: bool = False
    columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def read_file(
    path: str | Path | IO[bytes],
    *,
    name: str | None = None,
    date_maj_default: datetime.date | None = None,
) -> Iterator[RowOutcome]:
    """Outcomes of every row of a file (a path, or a binary file object such as an upload)."""
    if isinstance(path, str | Path):
        data = Path(path).read_bytes()
        name = name or Path(path).name
    else:
        data = path.read()
        name = name or Path(getattr(path, "name", "") or "").name or None
    return read_bytes(data, name=name, date_maj_default=date_maj_default)


def read_bytes(
    data: bytes, *, name: str | None = None, date_maj_default: datetime.date | None = None
) -> Iterator[RowOutcome]:
    """Outcomes of every row. Raises FileFormatError at once when the file cannot be read."""
    text, _encoding = decode(data)
    rows, header = _rows(text)
    default, origin = default_date_maj(name, date_maj_default)
    adapt = france_services.to_standard if france_services.is_france_services(header) else None
    return _outcomes(rows, adapt=adapt, default=default, origin=origin)


def inspect_bytes(data: bytes) -> FileInfo:
    """What the reader sees in a file: format, encoding, columns and the ones it ignores."""
    text, encoding = decode(data)
    _rows_, header = _rows(text)
    is_fs = france_services.is_france_services(header)
    return FileInfo(
        format="json" if _is_json(text) else "csv",
        encoding=encoding,
        delimiter="" if _is_json(text) else _delimiter(text),
        france_services=is_fs,
        columns=header,
        ignored_columns=(france_services.ignored_columns if is_fs else ignored_columns)(header),
    )


def summarize(outcomes: Iterable[RowOutcome]) -> ReadSummary:
    return ReadSummary.of(outcomes)


def default_date_maj(
    name: str | None, given: datetime.date | None = None
) -> tuple[datetime.date, str]:
    """(date, where it comes from, in French) for rows without a usable date_maj."""
    if given is not None:
        return given, "date fournie à l'import"
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?!\d)", Path(name or "").name)
    if match:
        year, month, day = match.groups()
        try:
            return datetime.date(
                int(year), int(month or 1), int(day or 1)
            ), "date du nom de fichier"
        except ValueError:
            pass
    return datetime.date.today(), "date d'import"


# --- Decoding and shapes ---------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and encoding. NUL characters are dropped: they are binary junk (or a
    file saved as UTF-16 without its mark), and PostgreSQL text cannot hold them."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # "Unicode text" exports
        text, encoding = data.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    return text.replace("\x00", ""), encoding


def _is_json(text: str) -> bool:
    return text.lstrip()[:1] in ("[", "{")


def _rows(text: str) -> tuple[Iterator[tuple[int, Any]], list[str]]:
    """(line, row) pairs and the column names."""
    if not text.strip():
        raise FileFormatError("Le fichier est vide.")
    if _is_json(text):
        return _json_rows(text)
    return _csv_rows(text)


def _json_rows(text: str) -> tuple[Iterator[tuple[int, Any]], list[str]]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise FileFormatError(f"JSON illisible : {error}") from error
    items = _record_list(data)
    header = list(dict.fromkeys(key for item in items if isinstance(item, dict) for key in item))
    return ((index, _from_feature(item)) for index, item in enumerate(items, start=1)), header


def _record_list(data) -> list:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in LIST_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
        lists = [value for value in data.values() if isinstance(value, list) and value]
        if lists and all(isinstance(item, dict) for item in lists[0]):
            return lists[0]
        if "id" in data and "nom" in data:
            return [data]
    raise FileFormatError("Aucune liste de lieux dans ce JSON (attendu : une liste d'objets).")


def _from_feature(item):
    """A GeoJSON feature as a flat row, its point as latitude/longitude."""
    if not (isinstance(item, dict) and isinstance(item.get("properties"), dict)):
        return item
    row = dict(item["properties"])
    geometry = item.get("geometry") or {}
    coordinates = geometry.get("coordinates") if geometry.get("type") == "Point" else None
    if coordinates and len(coordinates) >= 2 and row.get("latitude") in (None, ""):
        row["longitude"], row["latitude"] = coordinates[0], coordinates[1]
    return row


def _delimiter(text: str) -> str:
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _csv_rows(text: str) -> tuple[Iterator[tuple[int, Any]], list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [column.strip() for column in next(reader)]
    if len(header) < 2:
        raise FileFormatError("En-tête CSV introuvable (séparateur attendu : « , » ou « ; »).")

    def rows():
        end_of_previous = reader.line_num
        for values in reader:
            # line_num counts physical lines: a row with a multi-line field starts here.
            start, end_of_previous = end_of_previous + 1, reader.line_num
            if not any(value.strip() for value in values):
                continue
            extra = values[len(header) :]
            if any(value.strip() for value in extra):
                yield start, ColumnCountError(len(values), len(header))
                continue
            yield start, dict(zip(header, values, strict=False))

    return rows(), header


@dataclass
class ColumnCountError:
    found: int
    expected: int


def _outcomes(
    rows: Iterator[tuple[int, Any]], *, adapt, default: datetime.date, origin: str
) -> Iterator[RowOutcome]:
    outcomes = []
    for line, row in rows:
        if isinstance(row, ColumnCountError):
            detail = f"{row.found} au lieu de {row.expected}"
            reason = message("ligne", "nombre de colonnes incorrect", detail)
            outcomes.append(RowOutcome(line=line, source_id="", record=None, errors=[reason]))
        elif not isinstance(row, Mapping):
            reason = message("ligne", "n'est pas un objet JSON")
            outcomes.append(RowOutcome(line=line, source_id="", record=None, errors=[reason]))
        else:
            row = adapt(row) if adapt else row
            outcomes.append(
                build_outcome(row, line=line, date_maj_default=default, date_maj_origin=origin)
            )
    return iter(unique_ids(outcomes))


def unique_ids(outcomes: list[RowOutcome]) -> list[RowOutcome]:
    """`id` is the primary key of a file. Aggregated files (data·inclusion) hold ids unique
    per source only: an id shared by several sources is prefixed with its source, as the
    national map does ("hinaura-1003"). A row repeating an id of the same source is rejected."""
    sources_of: dict[str, set[str]] = {}
    for outcome in outcomes:
        if outcome.record is not None:
            sources_of.setdefault(outcome.record.id, set()).add(outcome.record.source)
    first_line_of: dict[str, int] = {}
    for outcome in outcomes:
        record = outcome.record
        if record is None:
            continue
        if len(sources_of[record.id]) > 1 and record.source:
            prefixed = f"{normalize_key(record.source).replace(' ', '-')}-{record.id}"
            outcome.repairs.append(
                message(
                    "id",
                    "préfixé par la source, identifiant partagé par plusieurs sources",
                    f"{record.id} → {prefixed}",
                )
            )
            record.id = outcome.source_id = prefixed
        if record.id in first_line_of:
            detail = f"déjà ligne {first_line_of[record.id]}"
            outcome.errors.append(message("id", "identifiant en double", detail))
            outcome.record = None
        else:
            first_line_of[record.id] = outcome.line
    return outcomes
