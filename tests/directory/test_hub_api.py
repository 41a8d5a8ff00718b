"""The workspace API (/api/espace/): who may read and write which places, with a session or a
hub API key, and how values are checked."""

import datetime

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from rest_framework.test import APIClient

from directory.api_auth import hub_token_create, hub_token_revoke
from directory.enums import ChangeAction, Service
from directory.models import HubToken, Lieu, LieuChange
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory, UserFactory

OLD_DATE = datetime.date(2025, 1, 15)


@pytest.fixture(autouse=True)
def _offline_geocoder(settings):
    settings.GEOCODER_ENABLED = False


@pytest.fixture
def hub_a():
    return HubFactory(slug="hub-a")


@pytest.fixture
def hub_b():
    return HubFactory(slug="hub-b")


@pytest.fixture
def admin_a(hub_a):
    return MembershipFactory(hub=hub_a, role="admin").user


@pytest.fixture
def editor_a(hub_a):
    return MembershipFactory(hub=hub_a, role="editeur").user


@pytest.fixture
def member_b(hub_b):
    return MembershipFactory(hub=hub_b, role="admin").user


@pytest.fixture
def lieu_a(hub_a):
    return LieuFactory(hub=hub_a, nom="Médiathèque de A", date_maj=OLD_DATE)


@pytest.fixture
def lieu_b(hub_b):
    return LieuFactory(hub=hub_b, nom="Espace de B", date_maj=OLD_DATE)


@pytest.fixture
def key_a(hub_a, admin_a):
    _token, key = hub_token_create(hub=hub_a, user=admin_a, name="Logiciel du réseau")
    return key


def session(user):
    client = APIClient()
    client.force_login(user)
    return client


def with_key(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def url(lieu, suffix=""):
    return f"/api/espace/lieux/{lieu.pk}/{suffix}"


# --- Who may see what ---------------------------------------------------------------------


def test_anonymous_is_refused_with_401(lieu_a):
    client = APIClient()
    response = client.get("/api/espace/lieux/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert client.patch(url(lieu_a), {"nom": "Piraté"}, format="json").status_code == 401
    assert client.post(url(lieu_a, "confirmer/")).status_code == 401
    lieu_a.refresh_from_db()
    assert lieu_a.nom == "Médiathèque de A"


def test_member_lists_only_the_places_of_their_hubs(editor_a, lieu_a, lieu_b):
    archived = LieuFactory(hub=lieu_a.hub, archive_le=timezone.now())
    response = session(editor_a).get("/api/espace/lieux/")
    assert response.status_code == 200
    assert {item["pk"] for item in response.json()["results"]} == {lieu_a.pk, archived.pk}
    assert response.json()["count"] == 2


def test_list_can_be_narrowed_to_one_hub(hub_a, hub_b, lieu_a, lieu_b):
    user = UserFactory()
    MembershipFactory(hub=hub_a, user=user)
    MembershipFactory(hub=hub_b, user=user)
    response = session(user).get("/api/espace/lieux/", {"hub": "hub-b"})
    assert [item["pk"] for item in response.json()["results"]] == [lieu_b.pk]


def test_account_without_hub_sees_no_place(lieu_a):
    response = session(UserFactory()).get("/api/espace/lieux/")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_place_of_another_hub_is_404_for_a_member(member_b, lieu_a):
    client = session(member_b)
    assert client.get(url(lieu_a)).status_code == 404
    assert client.patch(url(lieu_a), {"nom": "Autre"}, format="json").status_code == 404
    assert client.post(url(lieu_a, "confirmer/")).status_code == 404
    lieu_a.refresh_from_db()
    assert (lieu_a.nom, lieu_a.date_maj) == ("Médiathèque de A", OLD_DATE)


def test_place_without_hub_is_404(editor_a):
    orphan = LieuFactory(hub=None)
    assert session(editor_a).get(url(orphan)).status_code == 404


def test_key_lists_and_reads_only_its_hubs_places(key_a, lieu_a, lieu_b):
    client = with_key(key_a)
    response = client.get("/api/espace/lieux/")
    assert [item["pk"] for item in response.json()["results"]] == [lieu_a.pk]
    assert client.get(url(lieu_a)).json()["hub"] == "hub-a"


def test_key_of_hub_a_on_a_place_of_hub_b_is_404(key_a, lieu_b):
    client = with_key(key_a)
    assert client.get(url(lieu_b)).status_code == 404
    assert client.patch(url(lieu_b), {"nom": "Autre"}, format="json").status_code == 404
    assert client.post(url(lieu_b, "confirmer/")).status_code == 404
    lieu_b.refresh_from_db()
    assert lieu_b.nom == "Espace de B"


def test_key_of_a_member_of_two_hubs_still_acts_for_its_hub_only(hub_a, hub_b, lieu_b):
    user = UserFactory()
    MembershipFactory(hub=hub_a, user=user, role="admin")
    MembershipFactory(hub=hub_b, user=user, role="admin")
    _token, key = hub_token_create(hub=hub_a, user=user, name="A seulement")
    assert with_key(key).get(url(lieu_b)).status_code == 404


def test_revoked_key_is_refused_with_401(hub_a, admin_a, lieu_a):
    token, key = hub_token_create(hub=hub_a, user=admin_a, name="Ancienne")
    hub_token_revoke(token=token)
    response = with_key(key).patch(url(lieu_a), {"nom": "Après révocation"}, format="json")
    assert response.status_code == 401
    assert "révoquée" in response.json()["detail"]
    lieu_a.refresh_from_db()
    assert lieu_a.nom == "Médiathèque de A"


def test_unknown_or_malformed_key_is_401(lieu_a):
    assert with_key("pas-une-vraie-cle").get("/api/espace/lieux/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer")
    assert client.get("/api/espace/lieux/").status_code == 401


def test_key_use_is_noted_at_most_once_a_minute(key_a, lieu_a):
    token = HubToken.objects.get()
    assert token.last_used_at is None
    client = with_key(key_a)
    client.get(url(lieu_a))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(url(lieu_a))
    token.refresh_from_db()
    assert token.last_used_at == first
    HubToken.objects.update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get(url(lieu_a))
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=1)


# --- Writing ----------------------------------------------------------------------------------


def test_editor_updates_a_place_and_the_history_names_them(editor_a, lieu_a):
    response = session(editor_a).patch(
        url(lieu_a),
        {"nom": "Médiathèque Lumière", "services": [Service.AIDE_DEMARCHES]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["nom"] == "Médiathèque Lumière"
    lieu_a.refresh_from_db()
    assert lieu_a.nom == "Médiathèque Lumière"
    assert lieu_a.services == [Service.AIDE_DEMARCHES]
    assert lieu_a.date_maj == timezone.localdate()
    change = LieuChange.objects.get(lieu=lieu_a)
    assert (change.user, change.action) == (editor_a, ChangeAction.UPDATE)
    assert change.changes["nom"] == ["Médiathèque de A", "Médiathèque Lumière"]


def test_key_updates_in_the_name_of_its_creator_and_the_history_names_the_key(
    key_a, admin_a, lieu_a
):
    response = with_key(key_a).patch(url(lieu_a), {"horaires": "Tu-Sa 10:00-18:00"}, format="json")
    assert response.status_code == 200, response.json()
    lieu_a.refresh_from_db()
    assert lieu_a.horaires == "Tu-Sa 10:00-18:00"
    change = LieuChange.objects.get(lieu=lieu_a)
    assert change.user == admin_a
    assert change.user_email == admin_a.email
    assert change.changes["clé d'API"] == [None, "Logiciel du réseau"]


def test_phone_is_stored_in_the_standards_international_format(editor_a, lieu_a):
    response = session(editor_a).patch(url(lieu_a), {"telephone": "04 77 12 34 56"}, format="json")
    assert response.status_code == 200
    lieu_a.refresh_from_db()
    assert lieu_a.telephone == "+33477123456"


def test_coordinates_move_the_point_by_hand(editor_a, lieu_a):
    response = session(editor_a).patch(
        url(lieu_a), {"latitude": 45.75, "longitude": 4.85}, format="json"
    )
    assert response.status_code == 200, response.json()
    lieu_a.refresh_from_db()
    assert (round(lieu_a.point.y, 5), round(lieu_a.point.x, 5)) == (45.75, 4.85)
    assert lieu_a.point_source == "manuel"
    assert response.json()["latitude"] == pytest.approx(45.75)


def test_null_coordinates_locate_the_place_again_from_its_address(editor_a, lieu_a):
    Lieu.objects.filter(pk=lieu_a.pk).update(point_source="manuel")
    response = session(editor_a).patch(
        url(lieu_a), {"latitude": None, "longitude": None}, format="json"
    )
    assert response.status_code == 200, response.json()
    lieu_a.refresh_from_db()
    assert lieu_a.point_source == "commune"  # offline: the commune centre, said so
    assert lieu_a.point is not None


def test_a_place_cannot_leave_its_hubs_territory(editor_a, hub_a, lieu_a):
    hub_a.departements = ["69"]
    hub_a.save()
    response = session(editor_a).patch(
        url(lieu_a),
        {"code_postal": "42000", "code_insee": "42218", "commune": "Saint-Étienne"},
        format="json",
    )
    assert response.status_code == 400
    assert "territoire" in response.json()["commune"][0]
    lieu_a.refresh_from_db()
    assert lieu_a.code_postal == "69001"


def test_a_place_cannot_be_created_outside_the_hubs_territory(key_a, hub_a):
    hub_a.departements = ["42"]
    hub_a.save()
    response = with_key(key_a).post("/api/espace/lieux/", NEW_PLACE, format="json")
    assert response.status_code == 400
    assert "commune" in response.json()
    assert not Lieu.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"services": ["Réparer les vélos"]}, "services"),
        ({"services": "Aide aux démarches administratives"}, "services"),
        ({"frais_a_charge": ["gratuit"]}, "frais_a_charge"),  # not the exact string
        ({"telephone": "12"}, "telephone"),
        ({"courriels": ["pas-un-courriel"]}, "courriels"),
        ({"site_web": ["pas une adresse"]}, "site_web"),
        ({"horaires": "quand on peut"}, "horaires"),
        ({"code_postal": "ABCDE"}, "code_postal"),
        ({"nom": ""}, "nom"),
        ({"presentation_resume": "x" * 281}, "presentation_resume"),
        ({"latitude": 45.7}, "longitude"),
        ({"latitude": 45.7, "longitude": None}, "longitude"),
        ({"latitude": 48.85, "longitude": 2.35, "code_postal": "97400"}, "latitude"),
        ({"latitude": "nord", "longitude": 4.8}, "latitude"),
        ({"fermeture_debut": "2026-12-24"}, "fermeture_fin"),
        ({"fermeture_debut": "2026-12-24", "fermeture_fin": "2026-12-20"}, "fermeture_fin"),
        ({"fermeture_debut": "pas une date", "fermeture_fin": "2026-12-20"}, "fermeture_debut"),
        ({"hub": "hub-b"}, "hub"),
    ],
)
def test_bad_values_are_400_naming_the_field_and_change_nothing(
    editor_a, lieu_a, hub_b, payload, field
):
    response = session(editor_a).patch(url(lieu_a), payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    lieu_a.refresh_from_db()
    assert (lieu_a.nom, lieu_a.date_maj, lieu_a.fermeture_debut) == (
        "Médiathèque de A",
        OLD_DATE,
        None,
    )
    assert not LieuChange.objects.exists()


def test_code_insee_not_matching_the_postcode_is_400(editor_a, lieu_a):
    response = session(editor_a).patch(url(lieu_a), {"code_postal": "42000"}, format="json")
    assert response.status_code == 400
    assert "code_postal" in response.json()
    response = session(editor_a).patch(
        url(lieu_a),
        {"code_postal": "42000", "code_insee": "42218", "commune": "Saint-Étienne"},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_put_is_not_allowed(editor_a, lieu_a):
    assert session(editor_a).put(url(lieu_a), {"nom": "X"}, format="json").status_code == 405


def test_temporary_closure_and_reopening(editor_a, lieu_a):
    client = session(editor_a)
    response = client.patch(
        url(lieu_a),
        {
            "fermeture_debut": "2026-12-24",
            "fermeture_fin": "2027-01-02",
            "fermeture_message": "Fermé pour les fêtes",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    lieu_a.refresh_from_db()
    assert lieu_a.closed_on(datetime.date(2026, 12, 31))
    assert lieu_a.fermeture_message == "Fermé pour les fêtes"
    assert lieu_a.date_maj == OLD_DATE  # a closure alone is not a review of the sheet
    assert LieuChange.objects.get().action == ChangeAction.CLOSE

    response = client.patch(
        url(lieu_a), {"fermeture_debut": None, "fermeture_fin": None}, format="json"
    )
    assert response.status_code == 200
    lieu_a.refresh_from_db()
    assert (lieu_a.fermeture_debut, lieu_a.fermeture_fin, lieu_a.fermeture_message) == (
        None,
        None,
        "",
    )
    assert LieuChange.objects.first().action == ChangeAction.REOPEN


def test_confirm_sets_date_maj_and_records_it(key_a, lieu_a):
    response = with_key(key_a).post(url(lieu_a, "confirmer/"))
    assert response.status_code == 200
    assert response.json()["date_maj"] == timezone.localdate().isoformat()
    lieu_a.refresh_from_db()
    assert lieu_a.date_maj == timezone.localdate()
    change = LieuChange.objects.get()
    assert change.action == ChangeAction.CONFIRM
    assert change.changes["clé d'API"] == [None, "Logiciel du réseau"]


# --- CSRF -----------------------------------------------------------------------------------


def test_session_writes_require_the_csrf_token(editor_a, lieu_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor_a)
    response = client.patch(url(lieu_a), {"nom": "Sans jeton"}, format="json")
    assert response.status_code == 403
    assert client.post(url(lieu_a, "confirmer/")).status_code == 403
    lieu_a.refresh_from_db()
    assert (lieu_a.nom, lieu_a.date_maj) == ("Médiathèque de A", OLD_DATE)

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = client.patch(
        url(lieu_a), {"nom": "Avec jeton"}, format="json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    lieu_a.refresh_from_db()
    assert lieu_a.nom == "Avec jeton"


def test_key_writes_need_no_csrf_token(key_a, lieu_a):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key_a}")
    assert client.patch(url(lieu_a), {"nom": "Par la clé"}, format="json").status_code == 200


# --- Creating -----------------------------------------------------------------------------

NEW_PLACE = {
    "nom": "Tiers-lieu de la Comédie",
    "adresse": "3 place de la Comédie",
    "code_postal": "69001",
    "commune": "Lyon",
    "code_insee": "69123",
    "latitude": 45.7672,
    "longitude": 4.8361,
    "services": [Service.ACCES_INTERNET_MATERIEL],
    "telephone": "04 72 00 00 01",
}


def test_key_creates_a_place_in_its_hub(key_a, hub_a, admin_a):
    response = with_key(key_a).post("/api/espace/lieux/", NEW_PLACE, format="json")
    assert response.status_code == 201, response.json()
    lieu = Lieu.objects.get(pk=response.json()["pk"])
    assert response["Location"].endswith(f"/api/espace/lieux/{lieu.pk}/")
    assert (lieu.hub, lieu.import_source) == (hub_a, hub_a.import_source)
    assert lieu.telephone == "+33472000001"
    assert lieu.commune_ref_id == "69123"
    assert lieu.date_maj == timezone.localdate()
    change = LieuChange.objects.get(lieu=lieu)
    assert (change.action, change.user) == (ChangeAction.CREATE, admin_a)
    assert change.changes["clé d'API"] == [None, "Logiciel du réseau"]


def test_place_without_coordinates_is_located_at_its_commune_offline(editor_a):
    payload = {k: v for k, v in NEW_PLACE.items() if k not in ("latitude", "longitude")}
    response = session(editor_a).post("/api/espace/lieux/", payload, format="json")
    assert response.status_code == 201
    lieu = Lieu.objects.get(pk=response.json()["pk"])
    assert lieu.point_source == "commune"
    assert lieu.point is not None


def test_creating_needs_the_required_fields(editor_a):
    response = session(editor_a).post("/api/espace/lieux/", {"nom": "Seul"}, format="json")
    assert response.status_code == 400
    assert {"adresse", "code_postal", "commune"} <= set(response.json())
    assert not Lieu.objects.exists()


def test_member_of_several_hubs_must_say_which(hub_a, hub_b):
    user = UserFactory()
    MembershipFactory(hub=hub_a, user=user)
    MembershipFactory(hub=hub_b, user=user)
    client = session(user)
    response = client.post("/api/espace/lieux/", NEW_PLACE, format="json")
    assert response.status_code == 400
    assert "hub" in response.json()
    response = client.post("/api/espace/lieux/", {**NEW_PLACE, "hub": "hub-b"}, format="json")
    assert response.status_code == 201
    assert Lieu.objects.get().hub == hub_b


def test_cannot_create_in_a_hub_one_is_not_a_member_of(member_b, hub_a, key_a):
    response = session(member_b).post(
        "/api/espace/lieux/", {**NEW_PLACE, "hub": "hub-a"}, format="json"
    )
    assert response.status_code == 400
    assert "hub" in response.json()
    response = with_key(key_a).post(
        "/api/espace/lieux/", {**NEW_PLACE, "hub": "hub-b"}, format="json"
    )
    assert response.status_code == 400
    assert "hub" in response.json()
    assert not Lieu.objects.exists()


def test_account_without_hub_cannot_create():
    response = session(UserFactory()).post("/api/espace/lieux/", NEW_PLACE, format="json")
    assert response.status_code == 403
    assert not Lieu.objects.exists()


def test_schema_documents_the_workspace_api(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert {"get", "post"} <= set(schema["paths"]["/api/espace/lieux/"])
    detail = schema["paths"]["/api/espace/lieux/{id}/"]
    assert "patch" in detail and "put" not in detail
    assert "/api/espace/lieux/{id}/confirmer/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["cleHub"]["scheme"] == "bearer"
