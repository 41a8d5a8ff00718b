import csv
import io
import json

import pytest
from django.core.management import call_command

from directory.importing import import_lieux
from directory.models import Lieu
from directory.standard.reading import read_bytes, read_file

from .standard_schema import SHARED_DATA, schema_errors

EXAMPLE = SHARED_DATA / "standard" / "exemple-valide-v1.0.2.csv"
SAMPLE = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,horaires,date_maj,"
    "services,frais_a_charge,publics_specifiquement_adresses,telephone,courriels,itinerance\n"
    "e1,12345678901234,Médiathèque « Le Lien »,Saint-Étienne,42000,42218,"
    '"20 rue Jo Gouttebarge, bâtiment B",45.4335,4.3834,"Mo-Fr 10:00-12:00,14:00-18:00",'
    "2026-05-01,Aide aux démarches administratives|Utilisation sécurisée du numérique,"
    "Gratuit,Seniors|Jeunes,+33477000000,a@exemple.org|b@exemple.org,Fixe\n"
    "e2,00000000000000,Bus numérique,Lyon,69001,,1 place de la Comédie,,,,2026-05-02,"
    "Accès internet et matériel informatique,Payant,,,,Itinérant\n"
)


@pytest.fixture
def sample(settings):
    settings.GEOCODER_ENABLED = False
    report = import_lieux(read_bytes(SAMPLE.encode(), name="s.csv"), import_source="s")
    assert report.created == 2
    return report


def test_csv_export_validates_against_the_official_schema(client, sample, tmp_path):
    response = client.get("/api/lieux/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    path = tmp_path / "export.csv"
    path.write_bytes(response.content)
    assert schema_errors(path=path) == []


def test_json_export_validates_against_the_official_schema(client, sample):
    response = client.get("/api/lieux/export.json")
    assert response.status_code == 200
    rows = json.loads(response.content)
    assert {row["id"] for row in rows} == {"e1", "e2"}
    assert schema_errors(data=rows) == []


def test_export_only_gives_coordinates_that_locate_the_address(client, sample):
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO(client.get("/api/lieux/export.csv").content.decode()))
    }
    assert (rows["e1"]["latitude"], rows["e1"]["longitude"]) == ("45.4335", "4.3834")
    # e2 was placed at its commune centre (no coordinates, geocoder off): not exported as its own.
    assert (rows["e2"]["latitude"], rows["e2"]["longitude"]) == ("", "")
    assert rows["e2"]["code_insee"] == "69123"  # found from its postcode and commune name


def test_export_uses_the_search_filters(client, sample):
    body = client.get("/api/lieux/export.csv", {"frais_a_charge": "Payant"}).content.decode()
    assert [r["id"] for r in csv.DictReader(io.StringIO(body))] == ["e2"]
    assert client.get("/api/lieux/export.csv", {"services": "Cuisine"}).status_code == 400


def test_geojson_export(client, sample):
    body = client.get("/api/lieux/export.geojson").json()
    features = {f["properties"]["id"]: f for f in body["features"]}
    assert features["e1"]["geometry"]["coordinates"] == [4.3834, 45.4335]
    assert features["e1"]["properties"]["services"] == (
        "Aide aux démarches administratives|Utilisation sécurisée du numérique"
    )


def test_unknown_export_format_is_404(client):
    assert client.get("/api/lieux/export.xml").status_code == 404


@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_importing_an_export_gives_back_the_same_places(sample, tmp_path, export_format):
    path = tmp_path / f"export.{export_format}"
    call_command("export_lieux", "--format", export_format, "--output", str(path))
    fields = [
        "nom",
        "adresse",
        "services",
        "horaires",
        "courriels",
        "itinerance",
        "date_maj",
        "publics_specifiquement_adresses",
        "frais_a_charge",
        "telephone",
        "pivot",
    ]
    before = {lieu.source_id: [getattr(lieu, f) for f in fields] for lieu in Lieu.objects.all()}
    report = import_lieux(read_file(path), import_source="copie")
    assert (report.created, len(report.rejected), report.unknown_values) == (2, 0, [])
    after = {
        lieu.source_id: [getattr(lieu, f) for f in fields]
        for lieu in Lieu.objects.filter(import_source="copie")
    }
    assert after == before
    e1 = Lieu.objects.get(import_source="copie", source_id="e1")
    assert (e1.point.y, e1.point.x) == pytest.approx((45.4335, 4.3834))


def test_official_example_round_trips_and_validates(client, settings, tmp_path):
    if not EXAMPLE.is_file():
        pytest.skip("../shared/data absent")
    settings.GEOCODER_ENABLED = False
    import_lieux(read_file(EXAMPLE), import_source="exemple")
    path = tmp_path / "exemple.csv"
    path.write_bytes(client.get("/api/lieux/export.csv").content)
    assert schema_errors(path=path) == []
    original = {r["id"]: r for r in csv.DictReader(EXAMPLE.open(encoding="utf-8"))}
    exported = {r["id"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}
    assert exported.keys() == original.keys()
    for source_id, row in original.items():
        for name in ("nom", "adresse", "services", "horaires", "modalites_acces", "prise_rdv"):
            assert exported[source_id][name] == row[name], (source_id, name)


def test_the_schema_check_does_catch_invalid_rows(client, sample, tmp_path):
    body = client.get("/api/lieux/export.csv").content.decode()
    path = tmp_path / "faux.csv"
    path.write_text(body.replace(",42000,", ",4200,"), "utf-8")
    errors = schema_errors(path=path)
    assert len(errors) == 1 and "code_postal" in errors[0]
