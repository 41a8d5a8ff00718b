"""The database side of the import: upsert, idempotence, reports, geocoding fallback."""

import csv
import io

import pytest
from django.core.management import call_command

from directory import importing
from directory.importing import import_lieux
from directory.models import Lieu
from directory.standard.reading import read_bytes

HEADER = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,"
    "horaires,date_maj,services,frais_a_charge\n"
)
ROWS = [
    "a1,00000000000000,Médiathèque Tarentaize,Saint-Étienne,42000,42218,20 rue Jo Gouttebarge,"
    "45.4335,4.3834,Mo-Fr 10:00-18:00,2026-05-01,Aide aux démarches administratives,Gratuit\n",
    "a2,00000000000000,Espace numérique,Lyon,69001,69123,1 place de la Comédie,45.7676,4.8357,"
    ",2026-05-01,Maîtrise des outils numériques du quotidien|"
    "Accès internet et matériel informatique,Payant\n",
]
NO_COORDS = (
    "a3,00000000000000,France Services,Saint-Étienne,42000,42218,"
    "Rue de la République,,,,2026-05-01,Aide aux démarches administratives,Gratuit\n"
)
BAD = ",00000000000000,,Lyon,69001,69123,,,,,2026-05-01,,\n"


def load(text, source="essai", **kwargs):
    return import_lieux(read_bytes(text.encode(), name="essai.csv"), import_source=source, **kwargs)


def test_import_creates_places_with_their_standard_fields():
    report = load(HEADER + "".join(ROWS))
    assert (report.created, report.updated, report.unchanged, len(report.rejected)) == (2, 0, 0, 0)
    lieu = Lieu.objects.get(import_source="essai", source_id="a2")
    assert lieu.services == [
        "Maîtrise des outils numériques du quotidien",
        "Accès internet et matériel informatique",
    ]
    assert lieu.frais_a_charge == ["Payant"]
    assert lieu.point.y == pytest.approx(45.7676) and lieu.point.x == pytest.approx(4.8357)
    assert lieu.commune_ref_id == "69123"
    assert lieu.point_source == "source"


def test_same_file_twice_changes_nothing():
    load(HEADER + "".join(ROWS))
    before = list(Lieu.objects.order_by("pk").values_list("pk", "updated_at"))
    report = load(HEADER + "".join(ROWS))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert list(Lieu.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_changed_row_is_updated_and_keeps_its_identity():
    load(HEADER + "".join(ROWS))
    pk = Lieu.objects.get(source_id="a1").pk
    report = load(HEADER + ROWS[0].replace("Mo-Fr 10:00-18:00", "Tu-Sa 10:00-18:00") + ROWS[1])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    lieu = Lieu.objects.get(source_id="a1")
    assert (lieu.pk, lieu.horaires) == (pk, "Tu-Sa 10:00-18:00")


def test_same_ids_in_another_source_are_other_places():
    load(HEADER + "".join(ROWS), source="un")
    load(HEADER + "".join(ROWS), source="deux")
    assert Lieu.objects.filter(source_id="a1").count() == 2


def test_missing_rows_are_reported_and_removed_only_on_request():
    load(HEADER + "".join(ROWS))
    report = load(HEADER + ROWS[0])
    assert report.missing == ["a2"]
    assert Lieu.objects.filter(source_id="a2").exists()
    report = load(HEADER + ROWS[0], remove_missing=True)
    assert report.removed == 1
    assert not Lieu.objects.filter(source_id="a2").exists()


def test_bad_rows_are_reported_and_good_ones_loaded():
    report = load(HEADER + ROWS[0] + BAD + ROWS[1])
    assert report.created == 2
    [(line, _, reasons)] = report.rejected
    assert line == 3
    assert reasons


def test_duplicate_id_in_a_file_is_rejected_with_the_first_line():
    report = load(HEADER + ROWS[0] + ROWS[0])
    assert report.created == 1
    [(line, source_id, reasons)] = report.rejected
    assert (line, source_id) == (3, "a1")
    assert "ligne 2" in reasons[0]


def test_dry_run_writes_nothing():
    report = load(HEADER + "".join(ROWS), dry_run=True)
    assert report.created == 2
    assert not Lieu.objects.filter(import_source="essai").exists()


def test_place_without_coordinates_is_geocoded(ban_stub):
    report = load(HEADER + NO_COORDS)
    assert report.located["geocodage"] == 1
    lieu = Lieu.objects.get(source_id="a3")
    assert lieu.point_source == "geocodage"
    assert 45.3 < lieu.point.y < 45.5  # Saint-Étienne, in the stub's answers
    assert len(ban_stub.requests) == 1


def test_place_without_coordinates_falls_back_on_its_commune_when_offline(settings):
    settings.GEOCODER_ENABLED = False
    report = load(HEADER + NO_COORDS)
    assert report.located["commune"] == 1
    lieu = Lieu.objects.get(source_id="a3")
    assert lieu.point_source == "commune"
    assert lieu.geocodage_precision == "commune"
    assert lieu.geocodage_erreur  # says why the address itself was not located


def test_unreachable_geocoder_is_given_up_after_a_few_failures(settings):
    # settings_test points the geocoder at a closed local port.
    settings.GEOCODER_ENABLED = True
    rows = "".join(NO_COORDS.replace("a3,", f"n{i},") for i in range(12))
    report = load(HEADER + rows)
    assert report.geocoder_unreachable
    assert report.located["commune"] == 12


def test_failed_import_leaves_previous_data_intact(monkeypatch, settings):
    settings.GEOCODER_ENABLED = False
    load(HEADER + "".join(ROWS))

    def crash(*args, **kwargs):
        raise RuntimeError("coupure")

    # The crash comes after the new and changed rows were written: all of it is undone.
    monkeypatch.setattr(importing, "_remove_missing", crash)
    with pytest.raises(RuntimeError):
        load(HEADER + ROWS[0].replace("Tarentaize", "Renommée") + NO_COORDS, remove_missing=True)
    assert not Lieu.objects.filter(source_id="a3").exists()
    assert Lieu.objects.get(source_id="a1").nom == "Médiathèque Tarentaize"


def test_command_prints_summary_last_and_writes_a_report(tmp_path, capsys):
    path = tmp_path / "lieux.csv"
    path.write_text(HEADER + ROWS[0] + BAD, encoding="utf-8")
    report_path = tmp_path / "rapport.csv"
    call_command("import_lieux", str(path), "--source", "cmd", "--report", str(report_path))
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "created=1 updated=0 unchanged=0 rejected=1"
    rows = list(csv.DictReader(io.StringIO(report_path.read_text(encoding="utf-8"))))
    # One report row per reason: this row has no id, no name and no address.
    assert {(r["ligne"], r["type"]) for r in rows} == {("3", "rejet")}
    assert len(rows) == 3 and all(r["detail"] for r in rows)


def test_command_reports_a_missing_file_clearly():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_lieux", "/nulle/part.csv")


def test_query_count_does_not_grow_with_the_rows(settings, django_assert_max_num_queries):
    settings.GEOCODER_ENABLED = False
    many = "".join(
        row.replace("a1,", f"x{i},").replace("a3,", f"y{i},")
        for i in range(40)
        for row in (ROWS[0], NO_COORDS)
    )
    with django_assert_max_num_queries(12):
        report = load(HEADER + many)
    assert report.created == 80
    assert report.located == {"source": 40, "commune": 40}
