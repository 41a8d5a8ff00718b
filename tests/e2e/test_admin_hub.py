"""A site admin creates a hub in Django's admin and invites its first admin; the invited person
follows the e-mailed link, chooses a password and lands in the hub's workspace."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from directory.models import Hub, Membership


def test_site_admin_creates_a_hub_and_its_first_admin_joins(page, assert_accessible):
    get_user_model().objects.create_superuser("site-admin", "admin@aiguillage.fr", "secret-e2e")
    page.goto("/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("site-admin")
    page.get_by_label("Mot de passe").fill("secret-e2e")
    page.get_by_role("button", name="Connexion").click()

    page.goto("/admin/directory/hub/add/")
    page.locator("#id_nom").fill("Hub inclusion numérique Loire")
    page.locator("#id_slug").focus()
    expect(page.locator("#id_slug")).to_have_value("hub-inclusion-numerique-loire")  # admin JS
    page.locator("#id_departements").fill("42")
    page.get_by_label("Courriel du premier administrateur").fill("Responsable@Hub-Loire.fr")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Hub inclusion numérique Loire")

    hub = Hub.objects.get(slug="hub-inclusion-numerique-loire")
    assert hub.departements == ["42"]
    [email] = mail.outbox
    assert email.to == ["responsable@hub-loire.fr"]
    link = re.search(r"https?://\S+/espace/invitation/\S+/", email.body).group(0)

    # The invited person, in another browser session.
    page.context.clear_cookies()
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Mot de passe")).fill("une phrase de passe solide")
    page.get_by_label(re.compile(r"^Le même mot de passe")).fill("une phrase de passe solide")
    page.get_by_role("button", name="Créer mon compte et rejoindre le hub").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Hub inclusion numérique Loire")
    membership = Membership.objects.get(hub=hub)
    assert membership.role == "admin"
    assert membership.user.email == "responsable@hub-loire.fr"
    expect(page.get_by_role("link", name="Membres")).to_be_visible()
