"""The national standard of lieux de médiation numérique (v1.0.2), in pure Python: reading
its files in every shape (CSV/JSON, v1/v0.1, France Services list), validating and repairing
rows, and writing v1.0.2 back. No ORM here: directory.importing builds on these functions."""

from .outcome import ReadSummary, RowOutcome
from .reading import FileFormatError, inspect_bytes, read_bytes, read_file, summarize
from .record import FIELDS, MULTI_FIELDS, REQUIRED_FIELDS, LieuRecord
from .writing import to_standard_row, write_csv, write_json

__all__ = [
    "FIELDS",
    "MULTI_FIELDS",
    "REQUIRED_FIELDS",
    "FileFormatError",
    "LieuRecord",
    "ReadSummary",
    "RowOutcome",
    "inspect_bytes",
    "read_bytes",
    "read_file",
    "summarize",
    "to_standard_row",
    "write_csv",
    "write_json",
]
