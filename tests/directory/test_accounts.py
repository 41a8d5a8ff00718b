"""Workspace accounts: login by e-mail, logout, brute force, password reset, invitations."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from directory.hub_services import invitation_create, invitation_resend, invitation_token
from directory.models import Invitation, Membership
from tests.directory.factories import HubFactory, MembershipFactory, UserFactory

PASSWORD = "mot de passe solide 42"
NEW_PASSWORD = "une autre phrase secrète 7"
LOGIN = "/espace/connexion/"


def post_login(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


# Login and logout


def test_login_page_asks_for_an_email_and_says_when_the_session_ends(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">Adresse électronique' in html
    assert re.search(r'<input type="email" name="username"[^>]*autocomplete="username"', html)
    assert "8&nbsp;heures" in html
    assert reverse("espace-mot-de-passe") in html


def test_login_with_the_email_in_any_case_opens_an_eight_hour_session(client):
    user = UserFactory(email="Alice@Exemple.fr", username="alice@exemple.fr")
    response = post_login(client, "  alice@EXEMPLE.fr ", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("espace")
    assert logged_in_user_id(client) == str(user.pk)
    assert client.session.get_expiry_age() == 8 * 3600


def test_login_error_does_not_tell_whether_the_account_exists(client):
    UserFactory(email="alice@exemple.fr")
    wrong_password = post_login(client, "alice@exemple.fr", "pas le bon")
    no_account = post_login(client, "personne@exemple.fr", "pas le bon")
    assert wrong_password.status_code == no_account.status_code == 400
    message = "Adresse électronique ou mot de passe incorrect."
    assert message in wrong_password.content.decode()
    assert message in no_account.content.decode()
    assert wrong_password.context["form"].errors == no_account.context["form"].errors
    assert logged_in_user_id(client) is None


def test_login_error_summary_links_to_the_field(client):
    response = post_login(client, "pas-une-adresse", "")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html
    assert '<a href="#id_username">Saisissez une adresse électronique valide' in html
    assert '<a href="#id_password">Saisissez votre mot de passe.' in html
    assert 'aria-invalid="true"' in html


def test_login_follows_a_local_next_but_not_an_outside_one(client):
    UserFactory(email="alice@exemple.fr")
    local = client.post(
        LOGIN, {"username": "alice@exemple.fr", "password": PASSWORD, "next": "/espace/hub/x/"}
    )
    assert local["Location"] == "/espace/hub/x/"
    client.logout()
    outside = client.post(
        LOGIN,
        {"username": "alice@exemple.fr", "password": PASSWORD, "next": "https://pirate.example/"},
    )
    assert outside.status_code == 302
    assert outside["Location"] == reverse("espace")


def test_login_page_keeps_the_next_of_the_link(client):
    response = client.get(LOGIN + "?next=/espace/hub/x/membres/")
    assert '<input type="hidden" name="next" value="/espace/hub/x/membres/">' in (
        response.content.decode()
    )


def test_workspace_sends_anonymous_people_to_the_login_page(client):
    response = client.get("/espace/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/espace/"


def test_logout_is_post_only(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/espace/deconnexion/").status_code == 405
    assert logged_in_user_id(client) == str(user.pk)
    response = client.post("/espace/deconnexion/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert logged_in_user_id(client) is None


def test_inactive_account_cannot_log_in(client):
    UserFactory(email="alice@exemple.fr", is_active=False)
    response = post_login(client, "alice@exemple.fr", PASSWORD)
    assert response.status_code == 400
    assert logged_in_user_id(client) is None


# Brute force (django-axes: 5 failures lock the e-mail and, separately, the network address)


def fail_five_times(client, email, ip="10.0.0.1"):
    for _ in range(5):
        post_login(client, email, "pas le bon", REMOTE_ADDR=ip)


def test_sixth_attempt_is_refused_even_with_the_right_password(client):
    UserFactory(email="alice@exemple.fr")
    fail_five_times(client, "alice@exemple.fr")
    response = post_login(client, "alice@exemple.fr", PASSWORD, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "15&nbsp;minutes" in html
    assert reverse("espace-mot-de-passe") in html
    assert logged_in_user_id(client) is None


def test_lock_counts_the_account_and_the_network_address_separately(client):
    UserFactory(email="alice@exemple.fr")
    UserFactory(email="bob@exemple.fr")
    fail_five_times(client, "alice@exemple.fr", ip="10.0.0.1")
    # The locked account, from another address: still locked (per account).
    assert (
        post_login(client, "alice@exemple.fr", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 429
    )
    # Another account from the same address: locked too (per address).
    assert post_login(client, "bob@exemple.fr", PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 429
    # Another account from another address: not affected.
    response = post_login(client, "bob@exemple.fr", PASSWORD, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 302
    assert logged_in_user_id(client) is not None


def test_lock_counts_every_spelling_of_an_email_together(client):
    UserFactory(email="alice@exemple.fr")
    spellings = ["alice@exemple.fr", "Alice@exemple.fr", "ALICE@EXEMPLE.FR", " alice@Exemple.fr"]
    for number, spelling in enumerate(spellings + ["aLiCe@exemple.fr"]):
        post_login(client, spelling, "pas le bon", REMOTE_ADDR=f"10.0.1.{number}")
    response = post_login(client, "alice@exemple.fr", PASSWORD, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 429


def test_four_failures_do_not_lock(client):
    UserFactory(email="alice@exemple.fr")
    for _ in range(4):
        post_login(client, "alice@exemple.fr", "pas le bon", REMOTE_ADDR="10.0.0.1")
    assert (
        post_login(client, "alice@exemple.fr", PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 302
    )


# Password reset


def test_password_reset_sends_a_french_link_that_sets_a_new_password(client):
    user = UserFactory(email="alice@exemple.fr")
    response = client.post("/espace/mot-de-passe/", {"email": "ALICE@exemple.fr"})
    assert response["Location"] == reverse("espace-mot-de-passe-envoye")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@exemple.fr"]
    assert message.subject == "[Aiguillage] Choisir un nouveau mot de passe"
    assert "nouveau mot de passe" in message.body
    link = path_of(link_in(message))
    assert link.startswith("/espace/mot-de-passe/")

    form_page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    weak = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "1234", "new_password2": "1234"}
    )
    assert weak.status_code == 200
    assert 'role="alert"' in weak.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("espace-mot-de-passe-termine")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in again.content.decode()


def test_password_reset_does_not_tell_whether_the_account_exists(client):
    UserFactory(email="alice@exemple.fr")
    known = client.post("/espace/mot-de-passe/", {"email": "alice@exemple.fr"})
    unknown = client.post("/espace/mot-de-passe/", {"email": "personne@exemple.fr"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["alice@exemple.fr"]]


def test_one_reset_link_per_address_every_few_minutes(client):
    UserFactory(email="alice@exemple.fr")
    UserFactory(email="bob@exemple.fr")
    for spelling in ("alice@exemple.fr", "Alice@Exemple.fr", "alice@exemple.fr"):
        response = client.post("/espace/mot-de-passe/", {"email": spelling})
        assert response["Location"] == reverse("espace-mot-de-passe-envoye")  # same answer
    client.post("/espace/mot-de-passe/", {"email": "bob@exemple.fr"})
    assert [m.to for m in mail.outbox] == [["alice@exemple.fr"], ["bob@exemple.fr"]]
    caches["limits"].clear()  # as when the delay has passed: a new link goes
    client.post("/espace/mot-de-passe/", {"email": "alice@exemple.fr"})
    assert len(mail.outbox) == 3


def test_new_password_unlocks_the_account(client):
    UserFactory(email="alice@exemple.fr")
    fail_five_times(client, "alice@exemple.fr", ip="10.0.0.1")
    client.post("/espace/mot-de-passe/", {"email": "alice@exemple.fr"}, REMOTE_ADDR="10.0.0.2")
    form_page = client.get(path_of(link_in(mail.outbox[0])), follow=True, REMOTE_ADDR="10.0.0.2")
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )
    response = post_login(client, "alice@exemple.fr", NEW_PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


# Invitations


@pytest.fixture
def hub():
    return HubFactory(nom="Hub de la Loire", slug="loire")


def make_invitation(hub, email="nouvelle@exemple.fr", role="editeur"):
    return invitation_create(
        hub=hub, email=email, role=role, invited_by=None, base_url="http://testserver"
    )


def test_invitation_email_carries_a_link_to_the_invitation_page(client, hub):
    invitation = make_invitation(hub, email="Nouvelle@Exemple.fr")
    assert invitation.email == "nouvelle@exemple.fr"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@exemple.fr"]
    assert "Hub de la Loire" in message.subject
    assert link_in(message) == "http://testserver" + reverse(
        "espace-invitation", args=[invitation_token(invitation)]
    )
    page = client.get(path_of(link_in(message)))
    assert page.status_code == 200
    assert "Choisissez votre mot de passe" in page.content.decode()


def test_new_person_chooses_a_password_gets_an_account_and_is_logged_in(client, hub):
    invitation = make_invitation(hub, email="Nouvelle@Exemple.fr", role="admin")
    url = reverse("espace-invitation", args=[invitation_token(invitation)])
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("espace-hub", args=["loire"])
    user = get_user_model().objects.get(email="nouvelle@exemple.fr")
    assert user.username == "nouvelle@exemple.fr"
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(hub=hub, user=user).role == "admin"
    assert logged_in_user_id(client) == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_new_password_is_checked_by_the_validators(client, hub):
    invitation = make_invitation(hub)
    url = reverse("espace-invitation", args=[invitation_token(invitation)])
    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="#id_new_password2"' in html
    assert not get_user_model().objects.filter(email="nouvelle@exemple.fr").exists()
    assert logged_in_user_id(client) is None


def test_used_invitation_link_is_refused(client, hub):
    invitation = make_invitation(hub)
    url = reverse("espace-invitation", args=[invitation_token(invitation)])
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "déjà été acceptée" in response.content.decode()
    again = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert again.status_code == 410
    assert get_user_model().objects.filter(email="nouvelle@exemple.fr").count() == 1


def test_expired_invitation_link_is_refused(client, hub, settings):
    eight_days_ago = time.time() - 8 * 24 * 3600
    invitation = make_invitation(hub)
    with mock.patch("time.time", return_value=eight_days_ago):
        token = invitation_token(invitation)
    response = client.get(reverse("espace-invitation", args=[token]))
    assert response.status_code == 410
    html = response.content.decode()
    assert "a expiré" in html
    assert "Demandez une nouvelle invitation" in html
    post = client.post(
        reverse("espace-invitation", args=[token]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert post.status_code == 410
    assert not get_user_model().objects.filter(email="nouvelle@exemple.fr").exists()


def test_invitation_age_limit_is_the_setting(client, hub, settings):
    invitation = make_invitation(hub)
    two_days_ago = time.time() - 2 * 24 * 3600
    with mock.patch("time.time", return_value=two_days_ago):
        token = invitation_token(invitation)
    url = reverse("espace-invitation", args=[token])
    assert client.get(url).status_code == 200
    settings.INVITATION_MAX_AGE = timedelta(days=1)
    assert client.get(url).status_code == 410


def test_tampered_invitation_link_is_refused(client, hub):
    other = make_invitation(hub, email="autre@exemple.fr")
    invitation = make_invitation(hub)
    token = invitation_token(invitation)
    # Another invitation's id with this signature: refused.
    forged = str(other.pk) + token[len(str(invitation.pk)) :]
    for bad in (forged, token[:-2] + "xx", "n-importe-quoi"):
        response = client.get(reverse("espace-invitation", args=[bad]))
        assert response.status_code == 400, bad
        assert "pas valable" in response.content.decode()


def test_cancelled_or_replaced_invitation_link_is_refused(client, hub):
    invitation = make_invitation(hub)
    old_url = reverse("espace-invitation", args=[invitation_token(invitation)])
    new = invitation_resend(invitation=invitation, invited_by=None, base_url="http://testserver")
    assert client.get(old_url).status_code == 410
    new_url = reverse("espace-invitation", args=[invitation_token(new)])
    assert client.get(new_url).status_code == 200
    Invitation.objects.filter(pk=new.pk).delete()
    response = client.get(new_url)
    assert response.status_code == 410
    assert "annulée" in response.content.decode()


def test_existing_account_must_log_in_before_accepting(client, hub):
    user = UserFactory(email="alice@exemple.fr")
    invitation = make_invitation(hub, email="ALICE@exemple.fr")
    url = reverse("espace-invitation", args=[invitation_token(invitation)])

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vous avez déjà un compte" in html
    assert 'name="new_password1"' not in html
    # Nobody can take over the account by posting a password.
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not Membership.objects.filter(hub=hub, user=user).exists()
    assert logged_in_user_id(client) is None

    # Logging in comes back to the invitation, which a button confirms (GET accepts nothing).
    login = client.post(
        f"{LOGIN}?next={url}", {"username": "alice@exemple.fr", "password": PASSWORD, "next": url}
    )
    assert login["Location"] == url
    confirm = client.get(url)
    assert "Rejoindre le hub" in confirm.content.decode()
    assert not Membership.objects.filter(hub=hub, user=user).exists()
    accepted = client.post(url)
    assert accepted["Location"] == reverse("espace-hub", args=["loire"])
    assert Membership.objects.get(hub=hub, user=user).role == "editeur"


def test_invitation_for_another_email_cannot_be_accepted_by_a_logged_in_account(client, hub):
    intruder = UserFactory(email="intrus@exemple.fr")
    invitation = make_invitation(hub, email="alice@exemple.fr")
    url = reverse("espace-invitation", args=[invitation_token(invitation)])
    client.force_login(intruder)
    assert client.get(url).status_code == 403
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 403
    assert "intrus@exemple.fr" in response.content.decode()
    assert not Membership.objects.filter(hub=hub).exists()
    assert not get_user_model().objects.filter(email="alice@exemple.fr").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_member_of_another_hub_accepts_with_their_account(client, hub):
    member = MembershipFactory(user__email="alice@exemple.fr", role="admin")
    invitation = make_invitation(hub, email="alice@exemple.fr")
    client.force_login(member.user)
    response = client.post(reverse("espace-invitation", args=[invitation_token(invitation)]))
    assert response.status_code == 302
    assert set(Membership.objects.filter(user=member.user).values_list("hub__slug", "role")) == {
        (member.hub.slug, "admin"),
        ("loire", "editeur"),
    }


def test_no_public_sign_up(client):
    assert client.get("/espace/inscription/").status_code == 404
    assert client.post("/espace/invitation/", {"email": "x@exemple.fr"}).status_code == 404
