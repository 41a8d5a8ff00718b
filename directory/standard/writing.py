"""Writing records in the standard v1.0.2, as CSV or JSON.

CSV: UTF-8 without BOM, comma-separated, every field quoted only when needed, CRLF line ends
(RFC 4180), the 32 columns in schema order, multi-valued fields joined with "|".

JSON: a list of objects with the same 32 keys in the same order. Values are the CSV strings
("" when empty, multi-valued joined with "|", date_maj as "YYYY-MM-DD"), except latitude and
longitude, which are JSON numbers, or null when unknown: the schema types them as numbers and
the real JSON files of the standard carry them that way.
"""

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import IO

from .record import FIELDS, LieuRecord

MULTI_SEPARATOR = "|"


def format_number(value: float) -> str:
    """Plain decimal, never exponent notation ('1e-05' → '0.00001'), exact round trip."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text.removesuffix(".0") if text.endswith(".0") else text


def to_standard_row(record: LieuRecord) -> dict[str, str]:
    row = {}
    for name in FIELDS:
        value = getattr(record, name)
        if isinstance(value, list):
            row[name] = MULTI_SEPARATOR.join(value)
        elif value is None:
            row[name] = ""
        elif isinstance(value, float | int):
            row[name] = format_number(value)
        elif hasattr(value, "isoformat"):
            row[name] = value.isoformat()
        else:
            row[name] = str(value)
    return row


def to_json_object(record: LieuRecord) -> dict:
    row: dict = to_standard_row(record)
    row["latitude"] = record.latitude
    row["longitude"] = record.longitude
    return row


def write_csv(records: Iterable[LieuRecord], stream: IO) -> int:
    """Write a header and one line per record to a text stream (open it with newline="") or
    a binary one. Returns the number of records written."""
    with _text(stream) as text:
        writer = csv.DictWriter(text, fieldnames=FIELDS)
        writer.writeheader()
        count = 0
        for record in records:
            writer.writerow(to_standard_row(record))
            count += 1
    return count


def write_json(records: Iterable[LieuRecord], stream: IO) -> int:
    objects = [to_json_object(record) for record in records]
    with _text(stream) as text:
        json.dump(objects, text, ensure_ascii=False, indent=1)
        text.write("\n")
    return len(objects)


class _text:
    """The stream itself when it takes text, else a UTF-8 wrapper detached afterwards."""

    def __init__(self, stream: IO):
        self.stream = stream
        self.wrapper = None

    def __enter__(self):
        binary = isinstance(self.stream, io.BufferedIOBase | io.RawIOBase)
        if not binary and "b" not in getattr(self.stream, "mode", ""):
            return self.stream  # text files, StringIO, Django's HttpResponse
        self.wrapper = io.TextIOWrapper(self.stream, encoding="utf-8", newline="")
        return self.wrapper

    def __exit__(self, *exc):
        if self.wrapper is not None:
            self.wrapper.flush()
            self.wrapper.detach()
