"""Django admin for hubs: creating a hub invites its first admin; read-only records."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from directory.models import (
    Hub,
    HubImport,
    HubToken,
    Invitation,
    Lieu,
    LieuChange,
    Signalement,
)
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory, UserFactory


@pytest.fixture
def superuser(client):
    user = UserFactory(email="site@exemple.fr", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def hub_form(**overrides):
    data = {
        "nom": "Hub de la Drôme",
        "slug": "drome",
        "departements": "26",
        "communes": "",
        "courriel": "contact@hub-drome.fr",
        "telephone": "",
        "admin_email": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_creating_a_hub_invites_its_first_admin(client, superuser):
    response = client.post(
        reverse("admin:directory_hub_add"),
        hub_form(admin_email="Premiere@Exemple.fr", communes="07010, 26362"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    hub = Hub.objects.get(slug="drome")
    assert (hub.departements, hub.communes) == (["26"], ["07010", "26362"])
    invitation = Invitation.objects.get(hub=hub)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "premiere@exemple.fr",
        "admin",
        superuser,
    )
    assert [m.to for m in mail.outbox] == [["premiere@exemple.fr"]]
    link = re.search(r"http://testserver(/espace/invitation/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "administrateur du hub" in page.content.decode()


def test_hub_without_admin_email_sends_nothing(client, superuser):
    client.post(reverse("admin:directory_hub_add"), hub_form())
    assert Hub.objects.filter(slug="drome").exists()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_hub_territory_codes_are_checked(client, superuser):
    response = client.post(
        reverse("admin:directory_hub_add"), hub_form(departements="26,99", communes="12345")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Départements inconnus : 99." in errors["departements"]
    assert "Codes INSEE inconnus : 12345." in errors["communes"]
    assert not Hub.objects.exists()


def test_hub_change_form_invites_another_admin(client, superuser):
    hub = HubFactory(slug="drome")
    response = client.post(
        reverse("admin:directory_hub_change", args=[hub.pk]),
        hub_form(admin_email="deuxieme@exemple.fr"),
    )
    assert response.status_code == 302
    assert Invitation.objects.get(hub=hub).email == "deuxieme@exemple.fr"


def test_hub_page_shows_members_inline(client, superuser):
    hub = HubFactory()
    MembershipFactory(hub=hub, role="admin", user__email="membre-inline@exemple.fr")
    html = client.get(reverse("admin:directory_hub_change", args=[hub.pk])).content.decode()
    assert "membres" in html.lower()
    assert "Courriel du premier administrateur" not in html
    assert "Inviter un administrateur du hub" in html
    add = client.get(reverse("admin:directory_hub_add")).content.decode()
    assert "Courriel du premier administrateur" in add


def test_every_list_opens(client, superuser):
    hub = HubFactory()
    lieu = LieuFactory(hub=hub)
    MembershipFactory(hub=hub)
    Invitation.objects.create(hub=hub, email="x@exemple.fr", role="editeur")
    LieuChange.objects.create(
        lieu=lieu, hub=hub, action="modification", changes={"nom": ["a", "b"]}
    )
    HubImport.objects.create(hub=hub, filename="lieux.csv", content=b"id,nom")
    HubToken.objects.create(hub=hub, name="SI", prefix="abcd1234", digest="d" * 64)
    Signalement.objects.create(lieu=lieu, hub=hub)
    for model in (
        "hub",
        "membership",
        "invitation",
        "lieuchange",
        "hubimport",
        "hubtoken",
        "signalement",
        "lieu",
    ):
        response = client.get(reverse(f"admin:directory_{model}_changelist"))
        assert response.status_code == 200, model


def test_history_imports_and_keys_are_read_only(client, superuser):
    hub = HubFactory()
    lieu = LieuFactory(hub=hub)
    change = LieuChange.objects.create(lieu=lieu, hub=hub, action="creation")
    hub_import = HubImport.objects.create(hub=hub, filename="lieux.csv", content=b"SECRET-CONTENT")
    token = HubToken.objects.create(hub=hub, name="SI", prefix="abcd1234", digest="f00d" * 16)
    for model in ("lieuchange", "hubimport", "hubtoken", "lieu"):
        assert client.get(reverse(f"admin:directory_{model}_add")).status_code == 403, model
    response = client.post(
        reverse("admin:directory_lieuchange_change", args=[change.pk]), {"action": "archivage"}
    )
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.action == "creation"
    assert (
        client.post(reverse("admin:directory_hubtoken_delete", args=[token.pk])).status_code == 403
    )
    assert HubToken.objects.filter(pk=token.pk).exists()

    import_page = client.get(reverse("admin:directory_hubimport_change", args=[hub_import.pk]))
    assert import_page.status_code == 200
    assert "SECRET-CONTENT" not in import_page.content.decode()
    token_page = client.get(reverse("admin:directory_hubtoken_change", args=[token.pk]))
    assert token_page.status_code == 200
    assert "abcd1234" in token_page.content.decode()
    assert "f00d" not in token_page.content.decode()
    token_list = client.get(reverse("admin:directory_hubtoken_changelist"))
    assert "f00d" not in token_list.content.decode()


def test_keys_can_be_revoked_from_the_list(client, superuser):
    token = HubToken.objects.create(hub=HubFactory(), name="SI", prefix="abcd1234", digest="e" * 64)
    client.post(
        reverse("admin:directory_hubtoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_invitations_can_be_resent_from_the_list(client, superuser):
    invitation = Invitation.objects.create(hub=HubFactory(), email="x@exemple.fr", role="admin")
    client.post(
        reverse("admin:directory_invitation_changelist"),
        {"action": "resend", "_selected_action": [invitation.pk]},
    )
    assert [m.to for m in mail.outbox] == [["x@exemple.fr"]]
    assert list(Invitation.objects.values_list("email", "role")) == [("x@exemple.fr", "admin")]
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_status_changed_in_the_admin_records_who(client, superuser):
    lieu = LieuFactory(hub=HubFactory())
    signalement = Signalement.objects.create(lieu=lieu, hub=lieu.hub)
    response = client.post(
        reverse("admin:directory_signalement_change", args=[signalement.pk]),
        {
            "lieu": lieu.pk,
            "hub": lieu.hub.pk,
            "categories": "",
            "message": "",
            "contact_email": "",
            "status": "rejete",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    signalement.refresh_from_db()
    assert (signalement.status, signalement.processed_by) == ("rejete", superuser)
    assert signalement.processed_at is not None


def test_admin_is_closed_to_hub_members(client):
    member = MembershipFactory(role="admin")
    client.force_login(member.user)
    response = client.get(reverse("admin:directory_hub_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert get_user_model().objects.filter(is_staff=True).count() == 0


def test_site_admin_logs_in_to_the_admin_by_username_or_email(client):
    UserFactory(username="admin", email="", is_staff=True, is_superuser=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "admin", "password": "mot de passe solide 42", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:directory_hub_changelist")).status_code == 200
    client.logout()
    UserFactory(email="site@exemple.fr", is_staff=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "Site@exemple.fr", "password": "mot de passe solide 42", "next": "/admin/"},
    )
    assert response.status_code == 302


def test_workspace_login_does_not_accept_a_username(client):
    UserFactory(username="admin", email="", is_staff=True)
    response = client.post(
        "/espace/connexion/", {"username": "admin", "password": "mot de passe solide 42"}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_site_admin_detaches_places_so_another_hub_can_attach_them(client):
    site_admin = UserFactory(is_staff=True, is_superuser=True)
    old_hub = HubFactory(nom="Ancien hub")
    lieu = LieuFactory(hub=old_hub)
    free = LieuFactory()
    client.force_login(site_admin)
    response = client.post(
        "/admin/directory/lieu/",
        {"action": "detach_from_hub", "_selected_action": [lieu.pk, free.pk]},
        follow=True,
    )
    assert "Lieux détachés de leur hub : 1." in response.content.decode()
    assert Lieu.objects.get(pk=lieu.pk).hub is None
    change = LieuChange.objects.get(lieu=lieu)
    assert change.changes == {"hub": ["Ancien hub", None]} and change.user == site_admin
