"""A hub's file import (/espace/hub/<slug>/import/): preview, confirmation, refusals; and the
hub's export."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from directory import hub_import
from directory.enums import ChangeAction
from directory.models import HubImport, Lieu, LieuChange
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory, UserFactory

HEADER = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services\n"
)
SAINT_ETIENNE = (
    "se-1,00000000000000,Médiathèque Tarentaize,Saint-Étienne,42000,42218,"
    "20 rue Jo Gouttebarge,45.4335,4.3834,2026-05-01,Aide aux démarches administratives\n"
)
ROANNE = (
    "ro-1,00000000000000,Espace numérique de Roanne,Roanne,42300,42187,"
    "1 place de l'Hôtel de Ville,46.0367,4.0681,2026-05-01,"
    "Accès internet et matériel informatique\n"
)
LYON = (
    "ly-1,00000000000000,Espace Lyon Comédie,Lyon,69001,69123,"
    "1 place de la Comédie,45.7676,4.8357,2026-05-01,Aide aux démarches administratives\n"
)
NAMELESS = ",00000000000000,,Saint-Étienne,42000,42218,,,,2026-05-01,\n"
URL = "/espace/hub/loire/import/"


@pytest.fixture(autouse=True)
def _offline_geocoder(settings):
    settings.GEOCODER_ENABLED = False


@pytest.fixture
def hub():
    return HubFactory(slug="loire", departements=["42"])


@pytest.fixture
def admin(hub):
    return MembershipFactory(hub=hub, role="admin").user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def upload(client, tmp_path, text, name="lieux.csv", url=URL):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    with path.open("rb") as stream:
        return client.post(url, {"fichier": stream})


def preview_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return HubImport.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


# --- Preview -------------------------------------------------------------------------------


def test_preview_counts_and_lists_rejected_rows_without_writing(admin_client, tmp_path, hub):
    response = upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE + NAMELESS + ROANNE)
    item = preview_of(response)
    assert item.confirmed_at is None
    assert item.filename == "lieux.csv"
    preview = item.preview
    assert (preview["created"], preview["updated"], preview["unchanged"]) == (2, 0, 0)
    assert preview["rejected_count"] == 1
    [[line, _id, reasons]] = preview["rejected"]
    assert line == 3
    assert any("nom absent" in reason for reason in reasons)
    assert not Lieu.objects.exists()

    page = admin_client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lignes rejetées (1)" in html
    assert "nom absent" in html
    assert "Confirmer l&#x27;import" in html or "Confirmer l'import" in html


def test_rows_outside_the_hubs_territory_are_rejected_with_a_reason(admin_client, tmp_path):
    item = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE + LYON))
    assert item.preview["created"] == 1
    [[line, source_id, reasons]] = item.preview["rejected"]
    assert (line, source_id) == (3, "ly-1")
    assert "hors du territoire du hub" in reasons[0]
    admin_client.post(f"{URL}{item.pk}/")
    assert list(Lieu.objects.values_list("source_id", flat=True)) == ["se-1"]


def test_hub_without_territory_takes_every_commune(client, tmp_path):
    hub = HubFactory(slug="national")
    client.force_login(MembershipFactory(hub=hub, role="admin").user)
    item = preview_of(upload(client, tmp_path, HEADER + LYON, url="/espace/hub/national/import/"))
    assert (item.preview["created"], item.preview["rejected_count"]) == (1, 0)


def test_unknown_values_and_repairs_are_reported(admin_client, tmp_path):
    row = SAINT_ETIENNE.replace(
        "Aide aux démarches administratives", "Aide aux démarches administratives|Réparer les vélos"
    )
    item = preview_of(upload(admin_client, tmp_path, HEADER + row.replace("42000", "42 000")))
    assert item.preview["unknown_values"] == [[2, "se-1", "services", "Réparer les vélos"]]
    assert item.preview["repaired_rows"] == 1
    html = admin_client.get(f"{URL}{item.pk}/").content.decode()
    assert "Réparer les vélos" in html
    assert "Corrections automatiques" in html


def test_a_json_file_of_the_standard_is_read_too(admin_client, tmp_path):
    rows = list(csv.DictReader(io.StringIO(HEADER + SAINT_ETIENNE + ROANNE)))
    item = preview_of(upload(admin_client, tmp_path, json.dumps(rows), name="lieux.json"))
    assert item.preview["created"] == 2


# --- Confirmation --------------------------------------------------------------------------


def test_confirm_writes_the_places_with_one_history_line_each(admin_client, tmp_path, hub, admin):
    item = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE + NAMELESS + ROANNE))
    response = admin_client.post(f"{URL}{item.pk}/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.confirmed_at is not None
    assert (item.result["created"], item.result["rejected_count"]) == (2, 1)
    assert bytes(item.content) == b""  # the file is not kept once imported
    lieux = Lieu.objects.order_by("source_id")
    assert [lieu.source_id for lieu in lieux] == ["ro-1", "se-1"]
    assert {(lieu.hub_id, lieu.import_source) for lieu in lieux} == {(hub.pk, hub.import_source)}
    changes = LieuChange.objects.filter(action=ChangeAction.IMPORT)
    assert sorted(changes.values_list("lieu__source_id", flat=True)) == ["ro-1", "se-1"]
    assert {(c.user, c.hub, c.changes["fichier"][1]) for c in changes} == {
        (admin, hub, "lieux.csv")
    }
    html = admin_client.get(response["Location"]).content.decode()
    assert "importé le" in html
    assert "Confirmer l" not in html


def test_previews_left_unconfirmed_for_a_week_go_at_the_next_upload(admin_client, tmp_path, hub):
    stale = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE))
    recent = preview_of(upload(admin_client, tmp_path, HEADER + ROANNE))
    confirmed = preview_of(upload(admin_client, tmp_path, HEADER + ROANNE))
    admin_client.post(f"{URL}{confirmed.pk}/")
    other_hub = HubImport.objects.create(hub=HubFactory(), filename="x.csv", content=b"x")
    eight_days_ago = timezone.now() - hub_import.PREVIEW_KEPT - timedelta(days=1)
    HubImport.objects.filter(pk__in=[stale.pk, confirmed.pk, other_hub.pk]).update(
        created_at=eight_days_ago
    )
    preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE))
    kept = set(HubImport.objects.values_list("pk", flat=True))
    assert stale.pk not in kept
    assert {recent.pk, confirmed.pk, other_hub.pk} <= kept
    assert admin_client.get(f"{URL}{stale.pk}/").status_code == 404
    assert "ni plus de 7&nbsp;jours sans confirmation" in admin_client.get(URL).content.decode()


def test_an_import_cannot_be_confirmed_twice(admin_client, tmp_path):
    item = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE))
    assert admin_client.post(f"{URL}{item.pk}/").status_code == 302
    Lieu.objects.update(nom="Changé depuis")
    response = admin_client.post(f"{URL}{item.pk}/")
    assert response.status_code == 409
    assert "déjà été confirmé" in response.content.decode()
    assert LieuChange.objects.count() == 1
    assert Lieu.objects.get().nom == "Changé depuis"


def test_second_file_updates_and_keeps_the_places_it_no_longer_lists(admin_client, tmp_path):
    first = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE + ROANNE))
    admin_client.post(f"{URL}{first.pk}/")
    changed = SAINT_ETIENNE.replace("Médiathèque Tarentaize", "Médiathèque de Tarentaize")
    second = preview_of(upload(admin_client, tmp_path, HEADER + changed, name="v2.csv"))
    assert (second.preview["created"], second.preview["updated"]) == (0, 1)
    assert second.preview["missing"] == [["ro-1", "Espace numérique de Roanne"]]
    html = admin_client.get(f"{URL}{second.pk}/").content.decode()
    assert "Ils sont conservés" in html
    assert "Espace numérique de Roanne" in html
    admin_client.post(f"{URL}{second.pk}/")
    assert Lieu.objects.get(source_id="se-1").nom == "Médiathèque de Tarentaize"
    assert Lieu.objects.filter(source_id="ro-1").exists()


def test_rows_naming_a_place_the_hub_keeps_in_another_dataset_are_rejected(
    admin_client, tmp_path, hub
):
    national = LieuFactory(
        hub=hub, import_source="national", source_id="se-1", commune="Saint-Étienne"
    )
    item = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE + ROANNE))
    [[_line, source_id, reasons]] = item.preview["rejected"]
    assert source_id == "se-1"
    assert "autre jeu de données" in reasons[0]
    admin_client.post(f"{URL}{item.pk}/")
    assert Lieu.objects.filter(source_id="se-1").count() == 1
    national.refresh_from_db()
    assert national.import_source == "national"


def test_export_then_import_of_the_same_file_changes_nothing(admin_client, tmp_path):
    first = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE + ROANNE))
    admin_client.post(f"{URL}{first.pk}/")
    exported = admin_client.get("/espace/hub/loire/export.csv").content
    again = preview_of(upload(admin_client, tmp_path, exported, name="export.csv"))
    assert again.preview["rejected_count"] == 0
    assert (again.preview["created"], again.preview["updated"]) == (0, 0)
    assert again.preview["unchanged"] == 2


def test_import_page_lists_past_imports(admin_client, tmp_path, admin):
    item = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE, name="mai.csv"))
    admin_client.post(f"{URL}{item.pk}/")
    preview_of(upload(admin_client, tmp_path, HEADER + ROANNE, name="juin.csv"))
    html = admin_client.get(URL).content.decode()
    assert "mai.csv" in html and "juin.csv" in html
    assert admin.email in html
    assert "aperçu, non confirmé" in html
    assert "importé le" in html


NO_COORDINATES = (
    "se-2,00000000000000,France Services,Saint-Étienne,42000,42218,"
    "Rue de la République,,,2026-05-01,Aide aux démarches administratives\n"
)


def test_the_preview_does_not_geocode_the_confirmation_does(admin_client, tmp_path, ban_stub):
    item = preview_of(upload(admin_client, tmp_path, HEADER + NO_COORDINATES))
    assert item.preview["to_locate"] == 1
    assert ban_stub.requests == []
    assert (
        "Un lieu n'a ni latitude ni longitude"
        in admin_client.get(f"{URL}{item.pk}/").content.decode()
    )
    admin_client.post(f"{URL}{item.pk}/")
    lieu = Lieu.objects.get(source_id="se-2")
    assert lieu.point_source == "geocodage"
    assert len(ban_stub.requests) == 1


def test_the_result_says_which_places_are_at_their_commune_centre(admin_client, tmp_path):
    item = preview_of(upload(admin_client, tmp_path, HEADER + NO_COORDINATES))
    admin_client.post(f"{URL}{item.pk}/")
    assert Lieu.objects.get(source_id="se-2").point_source == "commune"
    html = admin_client.get(f"{URL}{item.pk}/").content.decode()
    assert "Un lieu est placé au centre de sa commune" in html


# --- Bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("nom;prenom;age\nDupont;Jean;42\n", "personnes.csv", "ne suit pas le standard"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "photo.csv", "ne peut pas être lu"),
        ('{"lieux": [', "lieux.json", "JSON illisible"),
        ("", "vide.csv", "vide"),
        (HEADER, "entete.csv", "aucun lieu"),
        (HEADER.encode("utf-16"), "excel.csv", "CSV UTF-8"),
        (HEADER + SAINT_ETIENNE.replace("Médiathèque", "Média\x00thèque"), "nul.csv", "UTF-8"),
    ],
)
def test_a_file_that_is_not_of_the_standard_is_a_clear_error(
    admin_client, tmp_path, hub, content, name, expected
):
    existing = LieuFactory(hub=hub, import_source=hub.import_source, source_id="se-1")
    response = upload(admin_client, tmp_path, content, name=name)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert expected in html
    assert not HubImport.objects.exists()
    assert list(Lieu.objects.values_list("pk", "nom")) == [(existing.pk, existing.nom)]


def test_a_file_over_the_size_limit_is_refused(admin_client, tmp_path, monkeypatch):
    monkeypatch.setattr("directory.workspace.imports.MAX_FILE_SIZE", 100)
    response = upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE + ROANNE)
    assert response.status_code == 200
    assert "la limite est de" in response.content.decode()
    assert not HubImport.objects.exists()


def test_the_service_refuses_a_file_over_the_size_limit(hub, admin, monkeypatch):
    monkeypatch.setattr(hub_import, "MAX_FILE_SIZE", 10)
    with pytest.raises(hub_import.HubImportError):
        hub_import.hub_import_preview(hub=hub, user=admin, filename="a.csv", content=b"x" * 11)


def test_existing_places_are_untouched_by_a_file_whose_rows_are_all_rejected(
    admin_client, tmp_path, hub
):
    first = preview_of(upload(admin_client, tmp_path, HEADER + SAINT_ETIENNE))
    admin_client.post(f"{URL}{first.pk}/")
    before = list(Lieu.objects.values_list("pk", "nom", "updated_at"))
    item = preview_of(upload(admin_client, tmp_path, HEADER + NAMELESS + LYON, name="mauvais.csv"))
    assert (item.preview["created"], item.preview["updated"]) == (0, 0)
    html = admin_client.get(f"{URL}{item.pk}/").content.decode()
    assert "rien à confirmer" in html
    assert list(Lieu.objects.values_list("pk", "nom", "updated_at")) == before


# --- Access --------------------------------------------------------------------------------


def test_editors_and_other_hubs_get_404(client, tmp_path, hub):
    item = HubImport.objects.create(hub=hub, filename="a.csv", content=b"", preview={})
    editor = MembershipFactory(hub=hub, role="editeur").user
    client.force_login(editor)
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}{item.pk}/").status_code == 404
    assert client.post(f"{URL}{item.pk}/").status_code == 404
    other = MembershipFactory(role="admin")
    client.force_login(other.user)
    assert client.get(f"/espace/hub/{other.hub.slug}/import/{item.pk}/").status_code == 404
    assert client.post(f"/espace/hub/{other.hub.slug}/import/{item.pk}/").status_code == 404
    item.refresh_from_db()
    assert item.confirmed_at is None


def test_anonymous_is_sent_to_the_login_page(client, hub):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/espace/connexion/" in response["Location"]


# --- Export --------------------------------------------------------------------------------


def test_any_member_exports_the_hubs_places_in_the_standard(client, hub):
    kept = LieuFactory(hub=hub, nom="Gardé")
    LieuFactory(hub=hub, nom="Archivé", archive_le=timezone.now())
    LieuFactory(hub=HubFactory(), nom="Autre hub")
    client.force_login(MembershipFactory(hub=hub, role="editeur").user)
    response = client.get("/espace/hub/loire/export.csv")
    assert response.status_code == 200
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="lieux-loire-{day}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["nom"] for row in rows] == ["Gardé"]
    assert rows[0]["id"] == kept.source_id

    response = client.get("/espace/hub/loire/export.json")
    assert response["Content-Disposition"].endswith(f'lieux-loire-{day}.json"')
    assert [item["nom"] for item in json.loads(response.content)] == ["Gardé"]
    assert client.get("/espace/hub/loire/export.xlsx").status_code == 404


def test_export_keeps_a_point_placed_by_hand(client, hub):
    LieuFactory(hub=hub, point_source="manuel")
    client.force_login(MembershipFactory(hub=hub).user)
    [row] = json.loads(client.get("/espace/hub/loire/export.json").content)
    assert row["latitude"] == pytest.approx(45.7676)


def test_non_members_cannot_export(client, hub):
    LieuFactory(hub=hub)
    client.force_login(UserFactory())
    assert client.get("/espace/hub/loire/export.csv").status_code == 404


def test_confirm_geocodes_a_limited_number_of_addresses(ban_stub, monkeypatch):
    """Beyond the limit, places go to their commune centre and the result says so."""
    monkeypatch.setattr(hub_import, "GEOCODE_LIMIT", 1)
    hub = HubFactory()
    admin = MembershipFactory(hub=hub, role="admin").user
    rows = "".join(
        f"g{n},Lieu {n},Saint-Étienne,42000,42218,Rue de la République,2026-10-01\n" for n in (1, 2)
    )
    content = ("id,nom,commune,code_postal,code_insee,adresse,date_maj\n" + rows).encode()
    preview = hub_import.hub_import_preview(
        hub=hub, user=admin, filename="sans-coordonnees.csv", content=content
    )
    done = hub_import.hub_import_confirm(hub_import=preview, user=admin)
    assert done.result["geocode_limit"] == 1
    sources = sorted(Lieu.objects.filter(hub=hub).values_list("point_source", flat=True))
    assert sources == ["commune", "geocodage"]
