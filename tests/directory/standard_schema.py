"""Validation against the official table schema of the standard, with frictionless.

The schema lives in ../shared/data (never copied into the project): tests skip without it."""

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SCHEMA = SHARED_DATA / "standard" / "schema-lieux-mediation-numerique-v1.0.2.json"


def require_schema():
    if not SCHEMA.is_file():
        pytest.skip("../shared/data absent : schéma officiel indisponible")
    return SCHEMA


def schema_errors(*, path=None, data=None):
    """Every error frictionless finds, as readable strings (empty list: valid)."""
    from frictionless import Resource, Schema, system

    # Absolute paths outside the working directory are refused unless trusted.
    with system.use_context(trusted=True):
        schema = Schema(str(require_schema()))
        if path is not None:
            resource = Resource(path=str(path), schema=schema, format="csv")
        else:
            resource = Resource(data=data, schema=schema)
        report = resource.validate()
    return [f"{error.type}: {error.message}" for task in report.tasks for error in task.errors]
