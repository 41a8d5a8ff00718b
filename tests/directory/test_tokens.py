"""API keys page (/espace/hub/<slug>/cles/): hub admins create (shown once), list, revoke."""

import hashlib
import re

import pytest
from rest_framework.test import APIClient

from directory.models import HubToken
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory, UserFactory


@pytest.fixture
def hub():
    return HubFactory(slug="hub-a")


@pytest.fixture
def admin(hub):
    return MembershipFactory(hub=hub, role="admin").user


def logged_in(client, user):
    client.force_login(user)
    return client


def shown_key(response):
    return re.search(r'id="nouvelle-cle"[^>]*value="([^"]+)"', response.content.decode())[1]


def test_admin_creates_a_key_shown_once_and_stored_as_its_digest(client, hub, admin):
    response = logged_in(client, admin).post("/espace/hub/hub-a/cles/", {"nom": "Mon logiciel"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = shown_key(response)
    token = HubToken.objects.get()
    assert (token.hub, token.name, token.created_by) == (hub, "Mon logiciel", admin)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    assert len(key) >= 40
    assert key not in {token.name, token.prefix, token.digest}

    listing = client.get("/espace/hub/hub-a/cles/").content.decode()
    assert "Mon logiciel" in listing
    assert token.prefix in listing
    assert key not in listing
    assert admin.email in listing


def test_created_key_works_on_the_api(client, hub, admin):
    lieu = LieuFactory(hub=hub)
    key = shown_key(logged_in(client, admin).post("/espace/hub/hub-a/cles/", {"nom": "Essai"}))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get(f"/api/espace/lieux/{lieu.pk}/").status_code == 200


def test_a_key_needs_a_name(client, hub, admin):
    response = logged_in(client, admin).post("/espace/hub/hub-a/cles/", {"nom": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and 'href="#id_nom"' in html
    assert 'aria-invalid="true"' in html
    assert not HubToken.objects.exists()


def test_editor_and_other_hubs_admin_get_404(client, hub):
    editor = MembershipFactory(hub=hub, role="editeur").user
    assert logged_in(client, editor).get("/espace/hub/hub-a/cles/").status_code == 404
    assert client.post("/espace/hub/hub-a/cles/", {"nom": "Tentative"}).status_code == 404
    other = MembershipFactory(role="admin").user
    assert logged_in(client, other).get("/espace/hub/hub-a/cles/").status_code == 404
    assert not HubToken.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, hub):
    response = client.get("/espace/hub/hub-a/cles/")
    assert response.status_code == 302
    assert "/espace/connexion/" in response["Location"]


def test_admin_revokes_a_key_after_a_confirmation_page(client, hub, admin):
    key = shown_key(logged_in(client, admin).post("/espace/hub/hub-a/cles/", {"nom": "Vieille"}))
    token = HubToken.objects.get()
    page = client.get(f"/espace/hub/hub-a/cles/{token.pk}/revoquer/")
    assert page.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None  # showing the page changes nothing

    response = client.post(f"/espace/hub/hub-a/cles/{token.pk}/revoquer/", follow=True)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "révoquée" in response.content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/espace/lieux/").status_code == 401


def test_keys_of_another_hub_cannot_be_revoked(client, hub, admin):
    other_hub = HubFactory()
    other_admin = MembershipFactory(hub=other_hub, role="admin").user
    token = HubToken.objects.create(hub=other_hub, name="B", prefix="abcd1234", digest="0" * 64)
    logged_in(client, admin)
    assert client.post(f"/espace/hub/hub-a/cles/{token.pk}/revoquer/").status_code == 404
    slug = other_hub.slug
    editor = MembershipFactory(hub=other_hub, role="editeur").user
    logged_in(client, editor)
    assert client.post(f"/espace/hub/{slug}/cles/{token.pk}/revoquer/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    logged_in(client, other_admin)
    assert client.post(f"/espace/hub/{slug}/cles/{token.pk}/revoquer/").status_code == 302


def test_member_without_the_hub_cannot_see_its_keys(client, hub):
    assert logged_in(client, UserFactory()).get("/espace/hub/hub-a/cles/").status_code == 404
