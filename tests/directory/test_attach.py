"""A hub admin attaches places of the national files that no hub keeps, in its territory."""

import pytest

from directory.models import LieuChange
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory

URL = "/espace/hub/{}/rattacher/"


@pytest.fixture
def loire():
    hub = HubFactory(slug="loire", departements=["42"])
    admin = MembershipFactory(hub=hub, role="admin").user
    return hub, admin


def national(nom, code_insee="42218", **fields):
    return LieuFactory(
        nom=nom,
        import_source="france-services",
        code_insee=code_insee,
        commune_ref_id=code_insee,
        **fields,
    )


def test_lists_only_unattached_public_places_of_the_territory(client, loire):
    hub, admin = loire
    free = national("France Services Saint-Étienne")
    national("France services de Lyon", code_insee="69123")  # outside the territory
    national("Gardé par un autre hub", hub=HubFactory())
    national("Déjà au hub", hub=hub)
    national("Archivé", archive_le="2026-01-01T00:00Z")
    client.force_login(admin)
    html = client.get(URL.format(hub.slug)).content.decode()
    assert free.nom in html
    for other in ("France services de Lyon", "autre hub", "Déjà au hub", "Archivé"):
        assert other not in html
    searched = client.get(URL.format(hub.slug), {"q": "saint etienne"}).content.decode()
    assert free.nom in searched
    assert free.nom not in client.get(URL.format(hub.slug), {"q": "roanne"}).content.decode()


def test_attaching_records_history_and_leaves_other_hubs_places_alone(client, loire):
    hub, admin = loire
    free = national("France Services Saint-Étienne")
    other_hub = HubFactory()
    kept = national("Gardé par un autre hub", hub=other_hub)
    outside = national("France services de Lyon", code_insee="69123")
    client.force_login(admin)
    response = client.post(
        URL.format(hub.slug), {"lieux": [free.pk, kept.pk, outside.pk]}, follow=True
    )
    assert "Lieux rattachés au hub : 1." in response.content.decode()
    assert "Non rattachés : 2" in response.content.decode()
    free.refresh_from_db(), kept.refresh_from_db(), outside.refresh_from_db()
    assert free.hub == hub and kept.hub == other_hub and outside.hub is None
    change = LieuChange.objects.get(lieu=free)
    assert (change.action, change.user, change.hub) == ("rattachement", admin, hub)
    # The hub's members now edit it.
    assert client.get(f"/espace/lieux/{free.pk}/").status_code == 200


def test_a_hub_without_territory_sees_every_unattached_place(client):
    hub = HubFactory()
    admin = MembershipFactory(hub=hub, role="admin").user
    lyon = national("France services de Lyon", code_insee="69123")
    client.force_login(admin)
    assert lyon.nom in client.get(URL.format(hub.slug)).content.decode()


def test_editors_cannot_attach(client, loire):
    hub, _ = loire
    editor = MembershipFactory(hub=hub, role="editeur").user
    free = national("France Services Saint-Étienne")
    client.force_login(editor)
    assert client.get(URL.format(hub.slug)).status_code == 404
    assert client.post(URL.format(hub.slug), {"lieux": [free.pk]}).status_code == 404
    free.refresh_from_db()
    assert free.hub is None


def test_nothing_checked_says_so(client, loire):
    hub, admin = loire
    client.force_login(admin)
    response = client.post(URL.format(hub.slug), {"lieux": ["abc"]}, follow=True)
    assert "Cochez au moins un lieu" in response.content.decode()
