"""The hub workspace in a real browser: a hub editor logs in, changes a place's hours, announces
a temporary closure, and the public place sheet shows both."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from directory.models import Lieu, LieuChange
from geodata.geo import point_from_lat_lon
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory, UserFactory

PASSWORD = "mot de passe solide 42"
WEEKDAYS = ("mo", "tu", "we", "th", "fr")


@pytest.fixture
def editor_and_place():
    hub = HubFactory(nom="Hub numérique de la Loire", slug="hub-loire", departements=["42"])
    editor = UserFactory(email="editrice@hub-loire.fr")
    MembershipFactory(hub=hub, user=editor, role="editeur")
    lieu = LieuFactory(
        hub=hub,
        nom="Médiathèque du Soleil",
        commune="Saint-Étienne",
        code_postal="42000",
        code_insee="42218",
        adresse="12 rue du Soleil",
        horaires="Mo-Fr 09:00-12:00",
        point=point_from_lat_lon(45.4397, 4.3872),
        commune_ref_id="42218",
    )
    return editor, lieu


def log_in(page, email, check=None):
    page.goto("/espace/")
    expect(page).to_have_url(re.compile(r"/espace/connexion/"))
    if check:
        check(page)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_editor_changes_hours_and_closure_and_the_public_sheet_shows_both(
    page, editor_and_place, assert_accessible, save_screenshot
):
    editor, lieu = editor_and_place
    log_in(page, editor.email, check=assert_accessible)

    # Straight to the editor's only hub, which lists the place.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hub numérique de la Loire")
    assert_accessible(page)
    save_screenshot(page, "espace-hub")
    page.get_by_role("link", name="Médiathèque du Soleil").click()
    expect(page).to_have_url(re.compile(rf"/espace/lieux/{lieu.pk}/$"))
    page.locator("#carte-lieu svg path").first.wait_for()  # commune outlines around the marker
    expect(page.locator("#carte-lieu .leaflet-marker-icon")).to_have_count(1)
    assert_accessible(page)

    # New hours: 8:30–12:00 and 14:00–17:00 on weekdays, checked before saving.
    for day in WEEKDAYS:
        page.locator(f"#id_horaires_{day}_1_debut").fill("08:30")
        page.locator(f"#id_horaires_{day}_2_debut").fill("14:00")
        page.locator(f"#id_horaires_{day}_2_fin").fill("17:00")
    page.get_by_role("button", name="Vérifier les horaires").first.click()
    preview = page.locator("#apercu-horaires")
    expect(preview).to_contain_text("8 h 30 – 12 h")
    expect(preview).to_contain_text("14 h – 17 h")
    expect(page.locator("#id_horaires_mo_2_fin")).to_have_value("17:00")  # nothing lost
    save_screenshot(page, "espace-lieu-horaires")
    page.get_by_role("button", name="Enregistrer les modifications").first.click()
    expect(page.get_by_role("status").first).to_contain_text("Horaires")

    lieu.refresh_from_db()
    assert lieu.horaires == "Mo-Fr 08:30-12:00,14:00-17:00"
    assert lieu.date_maj == datetime.date.today()
    change = LieuChange.objects.get(lieu=lieu, action="modification")
    assert change.user == editor
    assert change.changes["horaires"] == ["Mo-Fr 09:00-12:00", "Mo-Fr 08:30-12:00,14:00-17:00"]

    # A closure today (so the sheet says "closed temporarily") and tomorrow.
    today = datetime.date.today()
    tomorrow = today + datetime.timedelta(days=1)
    page.goto(f"/espace/lieux/{lieu.pk}/fermeture/")
    page.get_by_label("Fermé à partir du").fill(today.isoformat())
    page.get_by_label("Jusqu'au (inclus)").fill(tomorrow.isoformat())
    page.get_by_label("Message pour les personnes (facultatif)").fill(
        "Fermé pour inventaire, rendez-vous à la mairie."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la fermeture").click()
    lieu.refresh_from_db()
    assert (lieu.fermeture_debut, lieu.fermeture_fin) == (today, tomorrow)

    # The public sheet, as anyone sees it.
    page.goto(f"/lieux/{lieu.pk}/")
    expect(page.locator(".etat")).to_contain_text("Fermé temporairement, rouvre")
    closure = page.locator(".alerte.fermeture")
    expect(closure).to_contain_text("Fermeture temporaire du")
    expect(closure).to_contain_text("Fermé pour inventaire, rendez-vous à la mairie.")
    week = page.locator("table.semaine tbody tr")
    expect(week.nth(0)).to_contain_text("fermeture temporaire")
    expect(week.nth(1)).to_contain_text("fermeture temporaire")
    # The new hours on the first weekday after the closure.
    day = next(
        offset for offset in range(2, 7) if (today + datetime.timedelta(days=offset)).weekday() < 5
    )
    expect(week.nth(day)).to_contain_text("8 h 30 – 12 h")
    expect(week.nth(day)).to_contain_text("14 h – 17 h")
    assert_accessible(page)
    save_screenshot(page, "espace-fiche-publique-fermeture")


def test_an_editor_cannot_open_another_hubs_place(page, editor_and_place):
    editor, _ = editor_and_place
    other = LieuFactory(hub=HubFactory(), nom="Lieu d'un autre hub")
    log_in(page, editor.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hub numérique de la Loire")
    response = page.goto(f"/espace/lieux/{other.pk}/")
    assert response.status == 404
    assert Lieu.objects.get(pk=other.pk).nom == "Lieu d'un autre hub"
