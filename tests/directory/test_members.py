"""Workspace members page: hub admins list, invite, change roles and remove members."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from directory.hub_services import (
    LastAdminError,
    invitation_create,
    membership_remove,
    membership_set_role,
)
from directory.models import Invitation, Membership
from tests.directory.factories import HubFactory, MembershipFactory, UserFactory


@pytest.fixture
def hub():
    return HubFactory(nom="Hub du Rhône", slug="rhone")


@pytest.fixture
def admin(hub):
    return MembershipFactory(hub=hub, role="admin", user__email="admin@exemple.fr")


@pytest.fixture
def editor(hub):
    return MembershipFactory(hub=hub, role="editeur", user__email="editeur@exemple.fr")


def url(name, *args):
    return reverse(name, args=args)


def invite(hub, email="invitee@exemple.fr", role="editeur", by=None):
    return invitation_create(
        hub=hub, email=email, role=role, invited_by=by, base_url="http://testserver"
    )


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


# Who may see the page


def test_anonymous_people_are_sent_to_the_login_page(client, hub):
    response = client.get(url("espace-membres", "rhone"))
    assert response.status_code == 302
    assert response["Location"] == "/espace/connexion/?next=/espace/hub/rhone/membres/"


def test_editors_and_members_of_other_hubs_get_a_404(client, hub, editor):
    other_admin = MembershipFactory(role="admin")
    for user in (editor.user, other_admin.user, UserFactory()):
        client.force_login(user)
        assert client.get(url("espace-membres", "rhone")).status_code == 404
        response = client.post(
            url("espace-membres-inviter", "rhone"), {"email": "x@exemple.fr", "role": "admin"}
        )
        assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_admin_sees_members_and_pending_invitations(client, hub, admin, editor):
    invite(hub, email="attente@exemple.fr", by=admin.user)
    accepted = invite(hub, email="deja@exemple.fr")
    Invitation.objects.filter(pk=accepted.pk).update(accepted_at=accepted.created_at)
    MembershipFactory(role="editeur", user__email="ailleurs@exemple.fr")  # another hub
    client.force_login(admin.user)
    response = client.get(url("espace-membres", "rhone"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "admin@exemple.fr (vous)" in html
    assert "editeur@exemple.fr" in html
    assert "ailleurs@exemple.fr" not in html
    assert "attente@exemple.fr" in html
    assert "deja@exemple.fr" not in html
    assert "Invitations en attente (1)" in html
    assert "un lien valable 7&nbsp;jours" in html
    assert (
        url(
            "espace-invitation-renvoyer",
            "rhone",
            Invitation.objects.get(email="attente@exemple.fr").pk,
        )
        in html
    )


# Inviting


def test_admin_invites_someone_who_receives_a_working_link(client, hub, admin):
    client.force_login(admin.user)
    response = client.post(
        url("espace-membres-inviter", "rhone"), {"email": "Nouveau@Exemple.fr", "role": "admin"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(hub=hub)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "nouveau@exemple.fr",
        "admin",
        admin.user,
    )
    assert [m.to for m in mail.outbox] == [["nouveau@exemple.fr"]]
    assert "admin@exemple.fr vous invite" in mail.outbox[0].body
    link = re.search(r"http://testserver(/espace/invitation/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    assert client.get(link).status_code == 200


def test_invitation_form_errors_are_summarised_and_linked(client, hub, admin):
    client.force_login(admin.user)
    response = client.post(url("espace-membres-inviter", "rhone"), {"email": "pas une adresse"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert '<a href="#id_email">Saisissez une adresse électronique valide' in html
    assert '<a href="#id_role_0">Choisissez un rôle.' in html
    assert not Invitation.objects.exists()


def test_inviting_a_member_is_refused(client, hub, admin, editor):
    client.force_login(admin.user)
    response = client.post(
        url("espace-membres-inviter", "rhone"), {"email": "EDITEUR@exemple.fr", "role": "admin"}
    )
    assert response.status_code == 400
    assert "déjà membre" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_the_same_address_again_replaces_the_pending_invitation(client, hub, admin):
    first = invite(hub, email="x@exemple.fr", role="editeur")
    client.force_login(admin.user)
    client.post(url("espace-membres-inviter", "rhone"), {"email": "x@exemple.fr", "role": "admin"})
    assert list(Invitation.objects.values_list("email", "role")) == [("x@exemple.fr", "admin")]
    assert not Invitation.objects.filter(pk=first.pk).exists()


def test_resend_sends_a_new_link_and_the_old_one_stops_working(client, hub, admin):
    invitation = invite(hub)
    old_link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    client.force_login(admin.user)
    response = client.post(url("espace-invitation-renvoyer", "rhone", invitation.pk))
    assert response["Location"] == url("espace-membres", "rhone")
    assert len(mail.outbox) == 2
    new_link = re.search(r"http://testserver(\S+)", mail.outbox[1].body).group(1)
    assert new_link != old_link
    new = Invitation.objects.get(hub=hub)
    assert new.pk != invitation.pk
    assert new.invited_by == admin.user
    client.logout()
    assert client.get(old_link).status_code == 410
    assert client.get(new_link).status_code == 200


def test_cancel_removes_the_invitation(client, hub, admin):
    invitation = invite(hub)
    client.force_login(admin.user)
    client.post(url("espace-invitation-annuler", "rhone", invitation.pk))
    assert not Invitation.objects.exists()


def test_invitations_of_another_hub_cannot_be_touched(client, hub, admin):
    other = invite(HubFactory(), email="autre@exemple.fr")
    client.force_login(admin.user)
    assert client.post(url("espace-invitation-annuler", "rhone", other.pk)).status_code == 404
    assert client.post(url("espace-invitation-renvoyer", "rhone", other.pk)).status_code == 404
    assert Invitation.objects.filter(pk=other.pk).exists()
    assert len(mail.outbox) == 1


def test_editor_cannot_resend_or_cancel(client, hub, editor):
    invitation = invite(hub)
    client.force_login(editor.user)
    assert client.post(url("espace-invitation-annuler", "rhone", invitation.pk)).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


# Roles and removal; the last admin stays


def test_admin_changes_a_members_role(client, hub, admin, editor):
    client.force_login(admin.user)
    response = client.post(url("espace-membre-role", "rhone", editor.pk), {"role": "admin"})
    assert response["Location"] == url("espace-membres", "rhone")
    editor.refresh_from_db()
    assert editor.role == "admin"


def test_last_admin_cannot_be_demoted(client, hub, admin, editor):
    client.force_login(admin.user)
    response = client.post(
        url("espace-membre-role", "rhone", admin.pk), {"role": "editeur"}, follow=True
    )
    admin.refresh_from_db()
    assert admin.role == "admin"
    assert any("au moins un administrateur" in m for m in messages_of(response))
    assert "au moins un administrateur" in response.content.decode()


def test_an_admin_may_step_down_when_another_admin_remains(client, hub, admin):
    other = MembershipFactory(hub=hub, role="admin")
    client.force_login(admin.user)
    response = client.post(url("espace-membre-role", "rhone", admin.pk), {"role": "editeur"})
    assert response["Location"] == url("espace-hub", "rhone")
    admin.refresh_from_db()
    other.refresh_from_db()
    assert (admin.role, other.role) == ("editeur", "admin")
    assert client.get(url("espace-membres", "rhone")).status_code == 404


def test_unknown_role_is_refused(client, hub, admin, editor):
    client.force_login(admin.user)
    client.post(url("espace-membre-role", "rhone", editor.pk), {"role": "superadmin"})
    editor.refresh_from_db()
    assert editor.role == "editeur"


def test_remove_asks_for_confirmation_then_removes(client, hub, admin, editor):
    client.force_login(admin.user)
    confirm = client.get(url("espace-membre-retirer", "rhone", editor.pk))
    assert confirm.status_code == 200
    assert "Retirer editeur@exemple.fr du hub" in confirm.content.decode()
    assert Membership.objects.filter(pk=editor.pk).exists()
    client.post(url("espace-membre-retirer", "rhone", editor.pk))
    assert not Membership.objects.filter(pk=editor.pk).exists()
    assert editor.user.__class__.objects.filter(pk=editor.user.pk).exists()  # account kept


def test_last_admin_cannot_be_removed(client, hub, admin, editor):
    client.force_login(admin.user)
    response = client.post(url("espace-membre-retirer", "rhone", admin.pk), follow=True)
    assert Membership.objects.filter(pk=admin.pk).exists()
    assert any("au moins un administrateur" in m for m in messages_of(response))


def test_members_of_another_hub_cannot_be_changed_through_this_hub(client, hub, admin):
    elsewhere = MembershipFactory(role="editeur")
    client.force_login(admin.user)
    assert client.post(url("espace-membre-retirer", "rhone", elsewhere.pk)).status_code == 404
    assert (
        client.post(url("espace-membre-role", "rhone", elsewhere.pk), {"role": "admin"}).status_code
        == 404
    )
    elsewhere.refresh_from_db()
    assert elsewhere.role == "editeur"


def test_editor_cannot_change_or_remove_members(client, hub, admin, editor):
    client.force_login(editor.user)
    assert (
        client.post(url("espace-membre-role", "rhone", editor.pk), {"role": "admin"}).status_code
        == 404
    )
    assert client.post(url("espace-membre-retirer", "rhone", admin.pk)).status_code == 404
    editor.refresh_from_db()
    assert editor.role == "editeur"
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_services_keep_one_admin(hub, admin, editor):
    with pytest.raises(LastAdminError):
        membership_set_role(membership=admin, role="editeur")
    with pytest.raises(LastAdminError):
        membership_remove(membership=admin)
    membership_remove(membership=editor)
    # An editor can always go, even from a hub that has no admin at all.
    lone_editor = MembershipFactory(role="editeur")
    membership_remove(membership=lone_editor)
    assert not Membership.objects.filter(pk=lone_editor.pk).exists()
    second = MembershipFactory(hub=hub, role="admin")
    membership_remove(membership=admin)
    with pytest.raises(LastAdminError):
        membership_set_role(membership=second, role="editeur")
    assert list(hub.memberships.values_list("role", flat=True)) == ["admin"]
