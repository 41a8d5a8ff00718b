"""Writing v1.0.2: value formats, CSV and JSON, round trip, and the official schema's verdict."""

import csv
import datetime
import io
import json
import re
from dataclasses import fields
from pathlib import Path

import pytest

from directory.standard import (
    FIELDS,
    MULTI_FIELDS,
    LieuRecord,
    read_bytes,
    to_standard_row,
    write_csv,
    write_json,
)
from directory.standard.vocabulary import ENUMS

SCHEMA = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "standard"
    / "schema-lieux-mediation-numerique-v1.0.2.json"
)


def full_record(**changes):
    values = dict(
        id="structure-1",
        pivot="43493312300029",
        nom="Anonymal",
        commune="Reims",
        code_postal="51100",
        code_insee="51454",
        adresse="12 BIS RUE DE LECLERCQ",
        complement_adresse="Le patio, 2e étage",
        latitude=49.2583,
        longitude=4.0317,
        typologie=["TIERS_LIEUX", "ASSO"],
        telephone="+33180059880",
        courriels=["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"],
        site_web=["https://www.laquincaillerie.tl/"],
        horaires="Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
        presentation_resume="Formations aux outils numériques, « pour tous ».",
        presentation_detail='Première ligne.\n\nSeconde ligne, avec des "guillemets".',
        source="Hubik",
        itinerance=["Itinérant", "Fixe"],
        structure_parente="Ville de Reims",
        date_maj=datetime.date(2024, 4, 2),
        services=["Aide aux démarches administratives", "Loisirs et créations numériques"],
        publics_specifiquement_adresses=["Jeunes", "Familles et/ou enfants"],
        prise_en_charge_specifique=["Surdité", "Langues étrangères (anglais)"],
        frais_a_charge=["Gratuit sous condition", "Payant"],
        dispositif_programmes_nationaux=["Aidants Connect", "Relais numérique (Emmaüs Connect)"],
        formations_labels=["Formé à « Mon Espace Santé »", "Étapes numériques(La Poste)"],
        autres_formations_labels=["Pass numérique (APTIC)"],
        modalites_acces=["Se présenter", "Ce lieu n'accueille pas de public"],
        modalites_accompagnement=["Dans un atelier collectif", "À distance"],
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/51-reims/a/x/erp/y/",
        prise_rdv="https://www.rdv-solidarites.fr/",
    )
    values.update(changes)
    return LieuRecord(**values)


def minimal_record(**changes):
    values = dict(
        id="m-1",
        nom="Lieu",
        commune="Nouméa",
        code_postal="98800",
        adresse="1 rue",
        date_maj=datetime.date(2023, 11, 5),
    )
    values.update(changes)
    return LieuRecord(**values)


def test_fields_are_the_schema_columns_in_order():
    assert len(FIELDS) == 32
    assert {field.name for field in fields(LieuRecord)} == set(FIELDS)
    assert MULTI_FIELDS <= set(FIELDS)
    if SCHEMA.is_file():
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        assert tuple(field["name"] for field in schema["fields"]) == FIELDS


def test_standard_row_values():
    row = to_standard_row(full_record())
    assert list(row) == list(FIELDS)
    assert row["typologie"] == "TIERS_LIEUX|ASSO"
    assert row["latitude"] == "49.2583"
    assert row["date_maj"] == "2024-04-02"
    assert row["itinerance"] == "Itinérant|Fixe"
    empty = to_standard_row(minimal_record())
    assert (
        empty["latitude"] == "" and empty["typologie"] == "" and empty["pivot"] == "00000000000000"
    )


@pytest.mark.parametrize(
    ("value", "text"), [(1e-05, "0.00001"), (45.0, "45"), (-21.564381, "-21.564381")]
)
def test_numbers_are_plain_decimals(value, text):
    assert to_standard_row(minimal_record(longitude=value))["longitude"] == text


def test_csv_output():
    stream = io.StringIO(newline="")
    assert write_csv([full_record(), minimal_record()], stream) == 2
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert list(rows[0]) == list(FIELDS)
    assert rows[0]["presentation_detail"] == full_record().presentation_detail
    assert stream.getvalue().startswith("id,pivot,nom,commune,")


def test_json_output_types():
    stream = io.StringIO()
    write_json([full_record(), minimal_record()], stream)
    objects = json.loads(stream.getvalue())
    assert list(objects[0]) == list(FIELDS)
    assert objects[0]["latitude"] == 49.2583 and objects[1]["latitude"] is None
    assert (
        objects[0]["services"]
        == "Aide aux démarches administratives|Loisirs et créations numériques"
    )
    assert objects[1]["telephone"] == "" and objects[1]["date_maj"] == "2023-11-05"


def test_writers_accept_binary_streams():
    csv_bytes, json_bytes = io.BytesIO(), io.BytesIO()
    write_csv([full_record()], csv_bytes)
    write_json([full_record()], json_bytes)
    assert "Étapes numériques(La Poste)" in csv_bytes.getvalue().decode("utf-8")
    assert json.loads(json_bytes.getvalue())[0]["nom"] == "Anonymal"


@pytest.mark.parametrize("writer", [write_csv, write_json])
def test_round_trip(writer):
    tiny = minimal_record(id="m-2", code_postal="51100", latitude=49.0, longitude=1e-05)
    records = [full_record(), minimal_record(), tiny]
    stream = io.BytesIO()
    writer(records, stream)
    outcomes = list(read_bytes(stream.getvalue()))
    assert [outcome.repairs for outcome in outcomes] == [[], [], []]
    assert [outcome.record for outcome in outcomes] == records


@pytest.fixture
def schema():
    frictionless = pytest.importorskip("frictionless")
    if not SCHEMA.is_file():
        pytest.skip("../shared/data/standard absent")
    return frictionless.Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))


def schema_errors(schema, data: bytes, format="csv"):
    from frictionless import Resource

    source = json.loads(data) if format == "json" else data
    resource = Resource(data=source, format="inline" if format == "json" else "csv", schema=schema)
    return resource.validate().flatten(["rowNumber", "fieldName", "type", "message"])


def test_written_csv_and_json_validate_against_the_official_schema(schema):
    records = [full_record(), minimal_record()]
    csv_bytes, json_bytes = io.BytesIO(), io.BytesIO()
    write_csv(records, csv_bytes)
    write_json(records, json_bytes)
    assert schema_errors(schema, csv_bytes.getvalue()) == []
    assert schema_errors(schema, json_bytes.getvalue(), format="json") == []


def test_the_validator_catches_invalid_values(schema):
    """The check above is worth something: a value out of the standard is reported."""
    stream = io.BytesIO()
    write_csv([full_record(telephone="04 74 24 03 08", services=["Yoga"])], stream)
    errors = schema_errors(schema, stream.getvalue())
    assert {(error[1], error[2]) for error in errors} == {
        ("telephone", "constraint-error"),
        ("services", "constraint-error"),
    }


def test_every_enumeration_value_matches_the_schema_pattern():
    if not SCHEMA.is_file():
        pytest.skip("../shared/data/standard absent")
    patterns = {
        field["name"]: field["constraints"]["pattern"]
        for field in json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]
        if "pattern" in field.get("constraints", {})
    }
    checked = 0
    for field_name, enum in ENUMS.items():
        if field_name not in patterns:
            continue  # typologie: free text in the schema
        for value in enum.values:
            assert re.match(patterns[field_name], value), (field_name, value)
            checked += 1
        assert re.match(patterns[field_name], "|".join(enum.values))
    assert checked == 9 + 5 + 7 + 3 + 11 + 10 + 6 + 4 + 2
