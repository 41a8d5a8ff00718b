"""Id guessing across hubs, on every workspace URL and every write-API URL at once.

The URL list is read from the URL configuration, so a page added later is covered too: an admin
of hub A who puts hub B's slug or the id of one of hub B's objects in any URL gets a 404 (GET and
POST alike), and nothing of hub B changes. The same URLs with hub A's own objects do answer, which
proves the 404s come from the permission checks and not from wrong URLs.
"""

import datetime

import pytest
from django.urls import URLPattern
from rest_framework.test import APIClient

from directory.api_auth import hub_token_create
from directory.models import HubImport, HubToken, Invitation, Lieu, LieuChange, Signalement
from directory.workspace import api as workspace_api
from directory.workspace import urls as workspace_urls
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory

# URL parameter name in a pattern → the kind of object it designates, by path segment.
OBJECT_BY_SEGMENT = {
    "lieux": "lieu",
    "membres": "membership",
    "invitations": "invitation",
    "import": "hub_import",
    "signalements": "signalement",
    "cles": "token",
}
PUBLIC_PAGES = {
    "espace-connexion",
    "espace-deconnexion",
    "espace-mot-de-passe",
    "espace-mot-de-passe-envoye",
    "espace-mot-de-passe-termine",
    "espace-mot-de-passe-nouveau",
    "espace-invitation",
    "espace",
}


def hub_world(role="admin"):
    """A hub with one of each object a URL can name, and its admin."""
    hub = HubFactory()
    admin = MembershipFactory(hub=hub, role=role)
    editor = MembershipFactory(hub=hub, role="editeur")
    lieu = LieuFactory(hub=hub, nom=f"Lieu de {hub.nom}", code_insee="69123")
    objects = {
        "lieu": lieu,
        "membership": editor,
        "invitation": Invitation.objects.create(hub=hub, email="x@exemple.fr", role="editeur"),
        "hub_import": HubImport.objects.create(hub=hub, filename="f.csv", content=b"id\n"),
        "signalement": Signalement.objects.create(lieu=lieu, hub=hub, message="faux"),
        "token": HubToken.objects.get(pk=hub_token_create(hub=hub, name="k", user=None)[0].pk),
    }
    return hub, admin.user, objects


def snapshot(hub):
    """Everything of a hub that a refused request must leave as it was."""
    return {
        "lieux": list(Lieu.objects.filter(hub=hub).order_by("pk").values()),
        "members": list(hub.memberships.order_by("pk").values("user_id", "role")),
        "invitations": list(hub.invitations.order_by("pk").values()),
        "imports": list(hub.imports.order_by("pk").values("pk", "confirmed_at")),
        "reports": list(hub.signalements.order_by("pk").values("pk", "status")),
        "tokens": list(hub.tokens.order_by("pk").values("pk", "revoked_at")),
        "history": LieuChange.objects.filter(hub=hub).count(),
    }


def guarded_patterns():
    patterns = []
    for prefix, module in (("/espace/", workspace_urls), ("/api/espace/", workspace_api)):
        for pattern in module.urlpatterns:
            assert isinstance(pattern, URLPattern)
            if pattern.name in PUBLIC_PAGES or not pattern.pattern.converters:
                continue
            patterns.append((prefix, str(pattern.pattern), pattern.name))
    return patterns


def build(prefix, route, *, slug, objects):
    """The URL of `route` with `slug` and the object its <int:pk> designates."""
    parts = []
    previous = ""
    for segment in route.split("/"):
        if segment == "<slug:slug>":
            segment = slug
        elif segment == "<int:pk>":
            segment = str(objects[OBJECT_BY_SEGMENT[previous]].pk)
        elif segment.startswith("export.<"):
            segment = "export.csv"
        parts.append(segment)
        previous = segment
    return prefix + "/".join(parts)


POST_DATA = {
    "role": "admin",
    "status": "traite",
    "statut": "traite",
    "confirme": "oui",
    "action": "fermer",
    "debut": "2026-12-01",
    "fin": "2026-12-02",
    "nom": "Piraté",
    "email": "pirate@exemple.fr",
}


@pytest.fixture
def two_hubs():
    return hub_world(), hub_world()


def test_every_guarded_url_is_known():
    names = {name for _, _, name in guarded_patterns()}
    assert {"espace-lieu", "espace-membre-role", "espace-import-apercu", "api-espace-lieu"} <= names
    assert len(names) >= 20


@pytest.mark.parametrize(("prefix", "route", "name"), guarded_patterns())
def test_an_admin_of_another_hub_gets_404_and_changes_nothing(prefix, route, name, two_hubs):
    (hub_a, admin_a, objects_a), (hub_b, _, objects_b) = two_hubs
    client = APIClient()
    client.force_login(admin_a)
    before = snapshot(hub_b)
    # Hub B's slug with its objects, and hub A's own slug with hub B's objects.
    urls = {build(prefix, route, slug=hub_b.slug, objects=objects_b)}
    if "<slug:slug>" in route:
        urls.add(build(prefix, route, slug=hub_a.slug, objects=objects_b))
    urls.discard(build(prefix, route, slug=hub_a.slug, objects=objects_a))  # only B's things
    for url in urls:
        for method in ("get", "post", "patch"):
            response = getattr(client, method)(url, POST_DATA)
            if response.status_code == 405:
                continue
            assert response.status_code == 404, f"{method.upper()} {url}"
    assert snapshot(hub_b) == before


@pytest.mark.parametrize(("prefix", "route", "name"), guarded_patterns())
def test_the_same_urls_answer_for_the_hubs_own_admin(prefix, route, name, two_hubs):
    (hub_a, admin_a, objects_a), _ = two_hubs
    client = APIClient()
    client.force_login(admin_a)
    url = build(prefix, route, slug=hub_a.slug, objects=objects_a)
    statuses = {client.get(url).status_code, client.post(url, {}).status_code}
    assert statuses - {404}, f"{url} answers 404 to its own hub's admin: {statuses}"


@pytest.mark.parametrize(("prefix", "route", "name"), guarded_patterns())
def test_anonymous_visitors_are_sent_to_log_in_or_refused(prefix, route, name, two_hubs):
    (hub_a, _, objects_a), _ = two_hubs
    before = snapshot(hub_a)
    url = build(prefix, route, slug=hub_a.slug, objects=objects_a)
    client = APIClient()
    for method in ("get", "post"):
        response = getattr(client, method)(url, POST_DATA)
        if prefix == "/api/espace/":
            assert response.status_code in (401, 403), f"{method.upper()} {url}"
        elif response.status_code != 405:
            assert response.status_code == 302, f"{method.upper()} {url}"
            assert response["Location"].startswith("/espace/connexion/")
    assert snapshot(hub_a) == before


def test_a_hub_key_cannot_reach_another_hubs_place(two_hubs):
    (hub_a, _, _), (hub_b, _, objects_b) = two_hubs
    _, key = hub_token_create(hub=hub_a, name="outil", user=None)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    lieu_b = objects_b["lieu"]
    before = snapshot(hub_b)
    assert client.get(f"/api/espace/lieux/{lieu_b.pk}/").status_code == 404
    patch = client.patch(f"/api/espace/lieux/{lieu_b.pk}/", {"nom": "Piraté"}, format="json")
    assert patch.status_code == 404
    assert client.post(f"/api/espace/lieux/{lieu_b.pk}/confirmer/").status_code == 404
    listed = client.get("/api/espace/lieux/").json()
    assert lieu_b.nom not in str(listed)
    assert snapshot(hub_b) == before


def test_an_editor_cannot_reach_admin_pages_of_their_own_hub():
    hub, _, objects = hub_world()
    editor = objects["membership"].user
    client = APIClient()
    client.force_login(editor)
    for url in (
        f"/espace/hub/{hub.slug}/membres/",
        f"/espace/hub/{hub.slug}/import/",
        f"/espace/hub/{hub.slug}/cles/",
        f"/espace/hub/{hub.slug}/membres/{objects['membership'].pk}/role/",
    ):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, POST_DATA).status_code in (404, 405), url
    assert hub.memberships.get(pk=objects["membership"].pk).role == "editeur"
    # …but edits the hub's places.
    assert client.get(f"/espace/lieux/{objects['lieu'].pk}/").status_code == 200
    assert client.get(f"/espace/hub/{hub.slug}/signalements/").status_code == 200


def test_closure_dates_sent_by_another_hub_leave_the_place_open(two_hubs):
    (_, admin_a, _), (_, _, objects_b) = two_hubs
    client = APIClient()
    client.force_login(admin_a)
    lieu_b = objects_b["lieu"]
    response = client.post(f"/espace/lieux/{lieu_b.pk}/fermeture/", POST_DATA)
    assert response.status_code == 404
    lieu_b.refresh_from_db()
    assert lieu_b.fermeture_debut is None and not lieu_b.closed_on(datetime.date(2026, 12, 1))
