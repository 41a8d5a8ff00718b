"""Every real file of ../shared/data/lieux and the standard's example: read without crash,
most rows accepted, and what the writer makes of them validates against the official schema
(frictionless, offline, local schema file) with zero errors."""

import io
import json
from pathlib import Path

import pytest

from directory.standard import ReadSummary, read_bytes, read_file, write_csv, write_json

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
LIEUX = SHARED_DATA / "lieux"
STANDARD = SHARED_DATA / "standard"
SCHEMA = STANDARD / "schema-lieux-mediation-numerique-v1.0.2.json"

# file → (rows, fewest accepted): DATA-STANDARD.md's record counts.
FILES = {
    "2023-paca-hub-du-sud.json": (646, 646),
    "2024-nouvelle-caledonie.json": (90, 90),
    "2023-charente.json": (188, 188),
    "2023-bus-france-services-charente.json": (12, 12),
    "2022-hinaura-v0.1.json": (687, 687),
    "2022-ile-de-france-cnfs.json": (241, 241),
    "2022-conseillers-numeriques-permanences.json": (4930, 4930),
    "2022-data-inclusion-mediation.json": (3811, 3811),
    # 26 antennas of the list have neither address, postcode nor commune.
    "2022-12-france-services.csv": (2683, 2657),
}

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not LIEUX.is_dir(), reason="../shared/data/lieux absent"),
]


@pytest.fixture(scope="module")
def schema():
    frictionless = pytest.importorskip("frictionless")
    return frictionless.Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def outcomes_of():
    cache = {}

    def read(name):
        if name not in cache:
            path = STANDARD / name if name.startswith("exemple") else LIEUX / name
            cache[name] = list(read_file(path))
        return cache[name]

    return read


def schema_errors(schema, data, format="csv"):
    from frictionless import Resource

    if format == "json":
        resource = Resource(data=json.loads(data), format="inline", schema=schema)
    else:
        resource = Resource(data=data, format="csv", schema=schema)
    return resource.validate().flatten(["rowNumber", "fieldName", "type", "message"])


def test_every_file_of_the_directory_is_covered():
    assert {path.name for path in LIEUX.iterdir()} == set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_file_is_read_with_most_rows_accepted(name, outcomes_of):
    rows, fewest_accepted = FILES[name]
    outcomes = outcomes_of(name)
    summary = ReadSummary.of(outcomes)
    assert summary.rows == rows
    assert summary.accepted >= fewest_accepted
    assert all(outcome.errors for outcome in outcomes if not outcome.accepted)
    assert all(outcome.line >= 1 for outcome in outcomes)


@pytest.mark.parametrize("name", [*FILES, "exemple-valide-v1.0.2.csv"])
def test_written_records_validate_and_read_back_equal(name, outcomes_of, schema):
    records = [outcome.record for outcome in outcomes_of(name) if outcome.accepted]
    assert records
    csv_bytes, json_bytes = io.BytesIO(), io.BytesIO()
    write_csv(records, csv_bytes)
    write_json(records, json_bytes)

    assert schema_errors(schema, csv_bytes.getvalue()) == []
    assert schema_errors(schema, json_bytes.getvalue(), format="json") == []
    assert [outcome.record for outcome in read_bytes(csv_bytes.getvalue())] == records
    assert [outcome.record for outcome in read_bytes(json_bytes.getvalue())] == records


def test_the_standard_example_needs_no_repair(outcomes_of):
    [outcome] = outcomes_of("exemple-valide-v1.0.2.csv")
    assert outcome.accepted and outcome.repairs == [] and outcome.unknown_values == {}


def test_france_services_rejections_and_hours(outcomes_of):
    outcomes = outcomes_of("2022-12-france-services.csv")
    rejected = [outcome for outcome in outcomes if not outcome.accepted]
    assert {outcome.errors[0] for outcome in rejected} == {"adresse: adresse absente"}
    with_hours = [
        outcome.record for outcome in outcomes if outcome.accepted and outcome.record.horaires
    ]
    assert len(with_hours) > 2500
    mobile = [
        outcome.record
        for outcome in outcomes
        if outcome.accepted and outcome.record.itinerance == ["Itinérant"]
    ]
    assert len(mobile) == 288


def test_new_caledonia_keeps_its_phones_and_coordinates(outcomes_of):
    records = [outcome.record for outcome in outcomes_of("2024-nouvelle-caledonie.json")]
    phones = [record.telephone for record in records if record.telephone]
    assert len(phones) == 80 and all(phone.startswith("+687") for phone in phones)
    assert all(record.latitude is not None for record in records)


def test_v0_1_files_map_to_v1_vocabularies(outcomes_of):
    records = [outcome.record for outcome in outcomes_of("2022-hinaura-v0.1.json")]
    assert all(record.services for record in records)
    bus = [outcome.record for outcome in outcomes_of("2023-bus-france-services-charente.json")]
    assert all("Pass numérique (APTIC)" in record.autres_formations_labels for record in bus)
    assert all(record.itinerance == ["Itinérant"] for record in bus)


def test_aggregated_file_keeps_places_sharing_an_id(outcomes_of):
    outcomes = outcomes_of("2022-data-inclusion-mediation.json")
    ids = [outcome.record.id for outcome in outcomes if outcome.accepted]
    assert len(ids) == len(set(ids)) == 3811
    assert "hinaura-1003" in ids and "siao-1003" in ids
