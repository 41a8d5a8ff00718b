"""The end-to-end database set-up: the server sees the test's data, tables are emptied after
each test, and the communes loaded once per session survive. Runs after test_home.py."""

import pytest
from django.contrib.auth import get_user_model

from geodata.models import Commune

pytestmark = pytest.mark.e2e

USERNAME = "e2e-isolation"


def test_server_sees_data_written_by_the_test(page, base_url):
    get_user_model().objects.create_superuser(USERNAME, password="secret-e2e")

    page.goto("/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill(USERNAME)
    page.get_by_label("Mot de passe").fill("secret-e2e")
    page.get_by_role("button", name="Connexion").click()

    assert page.get_by_text("Administration de Django").first.is_visible()
    assert "/admin/login/" not in page.url


def test_tables_are_emptied_but_communes_are_kept():
    assert not get_user_model().objects.filter(username=USERNAME).exists()
    assert Commune.objects.count() > 30_000
    assert Commune.objects.filter(code_insee="75056", nom="Paris").exists()
