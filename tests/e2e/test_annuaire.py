"""The directory in a real browser: search by commune (with suggestions), filters, the map in
sync with the list, a place sheet, the error report, the same search without JavaScript,
accessibility (axe) and the weight of a search page."""

import gzip
import re
import time

import pytest
from playwright.sync_api import expect

from directory.models import Lieu, Signalement
from geodata.geo import point_from_lat_lon
from geodata.models import Commune
from tests.directory.factories import LieuFactory
from tests.e2e.viewports import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

SAINT_ETIENNE = (45.4397, 4.3872)
LYON = (45.7676, 4.8357)
ADMIN = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"
MAX_PAGE_WEIGHT = 150 * 1024


@pytest.fixture
def places():
    """26 places: 25 around Saint-Étienne on a grid 2 km apart (so that the map shows them
    apart), two of them at the very same point (grouped on the map at any zoom); one in Lyon.
    Returned nearest first from the centre of Saint-Étienne, as the search lists them."""
    at_same_point = point_from_lat_lon(*SAINT_ETIENNE)
    LieuFactory(nom="Cyber-base de la Gare", point=at_same_point, services=[ADMIN], **IN_42)
    offsets = [(i, j) for i in range(-2, 3) for j in range(-2, 3) if (i, j) != (0, 0)]
    for n in range(24):
        i, j = offsets[n - 1] if n else (0, 0)
        LieuFactory(
            nom=f"Espace numérique {n + 1:02d}",
            adresse=f"{n + 1} rue de la République",
            point=point_from_lat_lon(SAINT_ETIENNE[0] + i * 0.02, SAINT_ETIENNE[1] + j * 0.028),
            services=[ADMIN] if n % 2 == 0 else [OUTILS],
            frais_a_charge=["Gratuit"] if n % 3 == 0 else ["Payant"],
            modalites_acces=["Se présenter", "Téléphoner"],
            telephone="+33477000000",
            horaires="Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00",
            **IN_42,
        )
    LieuFactory(nom="Médiathèque de Lyon", point=point_from_lat_lon(*LYON))
    centre = Commune.objects.get(code_insee="42218").centre
    return list(Lieu.objects.near(centre, 20))


IN_42 = {
    "commune": "Saint-Étienne",
    "code_postal": "42000",
    "code_insee": "42218",
    "commune_ref_id": "42218",
}


def heading_text(page):
    return page.locator("#resultats-titre").inner_text().replace("\xa0", " ")


# Two places at the very same point: the search gives no order between them (a tie in distance).
SAME_POINT = {"Cyber-base de la Gare", "Espace numérique 01"}


def untied(found):
    """The names in their order, but the two places at the same point in alphabetical order."""
    found = list(found)
    at = [i for i, name in enumerate(found) if name in SAME_POINT]
    if len(at) == 2 and at[1] == at[0] + 1:
        found[at[0] : at[1] + 1] = sorted(found[at[0] : at[1] + 1])
    return found


def results(page):
    return untied(page.locator("ol.lieux > li h3 a").all_inner_texts())


def names(lieux):
    return untied(lieu.nom for lieu in lieux)


def alone(places):
    """(number in the list, place) of a place on the first page with no other at its point."""
    for number, lieu in enumerate(places[:20], start=1):
        if number > 2 and not lieu.nom.startswith(("Cyber-base", "Espace numérique 01")):
            return number, lieu
    raise AssertionError("no place alone")


def search_saint_etienne(page):
    """Type a few letters, choose the suggestion with the keyboard, search."""
    page.goto("/annuaire/")
    field = page.get_by_role("combobox", name="Commune ou code postal")
    field.press_sequentially("saint-eti", delay=20)
    option = page.get_by_role("option", name=re.compile(r"^Saint-Étienne \(42\)"))
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    for _ in range(10):
        field.press("ArrowDown")
        active = field.get_attribute("aria-activedescendant")
        if page.locator(f"#{active}").inner_text().startswith("Saint-Étienne (42)"):
            break
    field.press("Enter")
    assert field.input_value() == "Saint-Étienne (42)"
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/annuaire/?*")


def test_search_by_commune_with_suggestions(page, places):
    search_saint_etienne(page)

    assert heading_text(page) == "25 lieux à moins de 20 km de Saint-Étienne (42)"
    assert results(page) == names(places[:20])
    # Empty fields are not sent: the URL is short and can be shared.
    assert "adresse=" not in page.url and "q=" not in page.url
    assert "commune=Saint-%C3%89tienne+%2842%29" in page.url
    # Searched without a page load (JavaScript on): the map comes with the results all the same.
    wait_for_places_on_map(page, 20)
    page.locator("#carte svg path").first.wait_for()  # the commune outlines
    assert page.locator("#carte-bloc").is_visible()
    page.get_by_role("link", name="Page suivante →").click()
    assert results(page) == names(places[20:])


def test_filter_then_open_a_place_sheet(page, places):
    page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)")
    page.get_by_text("Plus de critères").click()
    page.get_by_label("Gratuit", exact=True).check()
    page.get_by_label("Faire une démarche en ligne").check()
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**services=**frais_a_charge=Gratuit**")  # both (live updates)

    found = results(page)
    # Free and for administrative procedures: n % 3 == 0 and n % 2 == 0, i.e. every 6th.
    wanted = {"Espace numérique 01", "Espace numérique 07", "Espace numérique 13"}
    assert found == [name for name in names(places) if name in wanted | {"Espace numérique 19"}]
    assert page.locator("details.plus-de-criteres").get_attribute("open") is not None

    page.get_by_role("link", name="Espace numérique 07").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Espace numérique 07"
    assert page.get_by_role("table").locator("tbody tr").count() == 7
    assert page.get_by_role(
        "link", name="Ouvrir dans l'application de cartes du téléphone"
    ).is_visible()
    page.get_by_role("link", name="← Revenir aux résultats").click()
    assert results(page) == found


def test_map_shows_markers_and_follows_the_list(page, places):
    page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)")

    block = page.locator("#carte-bloc")
    assert block.is_visible()
    markers = page.locator("#carte .leaflet-marker-icon")
    markers.first.wait_for()
    # Two places share a point: they are grouped at any zoom.
    assert page.locator("#carte .marqueur--groupe").count() >= 1
    # No tile server set: commune outlines are drawn from the database.
    page.locator("#carte path.leaflet-interactive, #carte svg path").first.wait_for()
    assert page.locator("#carte .leaflet-tile").count() == 0

    # Focus a result: its marker is highlighted; leave it: no more.
    number, lieu = alone(places)
    link = page.get_by_role("link", name=lieu.nom, exact=True)
    link.focus()
    highlighted = page.locator("#carte .leaflet-marker-icon.est-actif")
    assert highlighted.count() == 1
    assert highlighted.inner_text() == str(number)
    page.get_by_role("button", name="Rechercher").focus()
    assert highlighted.count() == 0

    # Hover a marker: its result is highlighted in the list.
    marker = page.locator("#carte .leaflet-marker-icon", has_text=re.compile(rf"^{number}$"))
    marker.hover()
    assert page.locator("li.lieu.est-actif h3 a").inner_text() == lieu.nom

    # Keyboard: markers are in the tab order and named; Enter opens a link to the sheet.
    assert marker.get_attribute("tabindex") == "0"
    assert marker.get_attribute("aria-label").startswith(f"{number}. {lieu.nom}")
    marker.focus()
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup-content a")
    assert popup_link.inner_text() == f"{number}. {lieu.nom}"
    popup_link.click()
    assert page.get_by_role("heading", level=1).inner_text() == lieu.nom


def test_map_groups_places_at_the_same_point(page, places):
    page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)&rayon_km=5")
    group = page.locator("#carte .leaflet-marker-icon", has=page.locator(".marqueur--groupe"))
    group.first.wait_for()
    assert group.count() == 1
    assert group.get_attribute("aria-label").startswith("2 lieux")
    group.focus()
    page.keyboard.press("Enter")  # same point: a list of links rather than a zoom
    links = page.locator(".leaflet-popup-content a").all_inner_texts()
    assert sorted(link.split(". ", 1)[1] for link in links) == [
        "Cyber-base de la Gare",
        "Espace numérique 01",
    ]


def test_around_me_uses_the_browser_position(browser, base_url, places):
    context = browser.new_context(
        base_url=base_url,
        locale="fr-FR",
        geolocation={"latitude": SAINT_ETIENNE[0], "longitude": SAINT_ETIENNE[1]},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        page.goto("/annuaire/")
        page.get_by_role("button", name="Chercher autour de moi").click()
        page.wait_for_url("**lat=**")
        assert (
            heading_text(page) == "25 lieux à moins de 20 km de votre position (Saint-Étienne (42))"
        )
    finally:
        context.close()


def test_same_search_without_javascript(page_nojs, places):
    page = page_nojs
    page.goto("/annuaire/")
    assert page.get_by_role("button", name="Chercher autour de moi").count() == 0 or not (
        page.get_by_role("button", name="Chercher autour de moi").is_visible()
    )
    page.get_by_label("Commune ou code postal").fill("st etienne")
    page.get_by_label("Faire une démarche en ligne").check()
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**commune=st+etienne**")

    assert page.get_by_text("Commune comprise : Saint-Étienne (42).").is_visible()
    assert heading_text(page) == "13 lieux à moins de 20 km de Saint-Étienne (42)"
    assert results(page) == names([lieu for lieu in places if ADMIN in lieu.services][:20])
    assert not page.locator("#carte-bloc").is_visible()  # the list is the map's equivalent
    # Filters fold and unfold without JavaScript (<details>).
    page.get_by_text("Plus de critères").click()
    assert page.get_by_label("Ouvert maintenant").is_visible()

    page.goto("/annuaire/?commune=Brest")
    assert heading_text(page) == "Aucun lieu à moins de 20 km de Brest (29)"
    page.get_by_role("link", name="Élargir la recherche à 50 km").click()
    assert "rayon_km=50" in page.url


def test_errors_are_shown_in_the_form(page_nojs):
    page_nojs.goto("/annuaire/?commune=Xqzwkjvb")

    alert = page_nojs.get_by_role("alert")
    assert "Nous ne trouvons pas de commune « Xqzwkjvb »" in alert.inner_text()
    alert.get_by_role("link").click()
    assert page_nojs.url.endswith("#id_commune")
    assert page_nojs.get_by_label("Commune ou code postal").get_attribute("aria-invalid") == "true"


# How many places the map shows: one per numbered marker, N per "N lieux" group.
PLACES_ON_MAP = """() => Array.from(document.querySelectorAll("#carte .marqueur")).reduce(
    (sum, marker) => sum + (/lieux/.test(marker.textContent) ? parseInt(marker.textContent) : 1),
    0)"""


def wait_for_places_on_map(page, count, timeout_s=10):
    # Polled from Python: page.wait_for_function evaluates a string, which the page's
    # Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    deadline = time.monotonic() + timeout_s
    while (shown := page.evaluate(PLACES_ON_MAP)) != count:
        assert time.monotonic() < deadline, f"{shown} lieux sur la carte, {count} attendus"
        page.wait_for_timeout(50)


def test_filters_update_the_results_live(page, places, assert_accessible):
    page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)")
    wait_for_places_on_map(page, 20)
    page.evaluate("window.__noReload = true")  # gone if the page were loaded again
    everything = "25 lieux à moins de 20 km de Saint-Étienne (42)"
    for_admin = "13 lieux à moins de 20 km de Saint-Étienne (42)"

    box = page.get_by_label("Faire une démarche en ligne")
    box.check()
    page.wait_for_url("**services=**")
    assert heading_text(page) == for_admin
    assert results(page) == names([lieu for lieu in places if ADMIN in lieu.services])
    assert page.title().startswith("13 lieux près de Saint-Étienne (42)")
    expect(page.locator("#annonce-resultats")).to_have_text(for_admin + ".")
    assert page.locator("#annonce-resultats").get_attribute("aria-live") == "polite"
    wait_for_places_on_map(page, 13)
    assert page.locator("#carte-bloc").is_visible()
    assert page.evaluate("window.__noReload") is True
    assert page.evaluate("document.activeElement.id") == box.get_attribute("id")
    assert_accessible(page)

    # Back: the previous results, map and fields, still without a page load.
    page.go_back()
    expect(page.locator("#resultats-titre")).to_have_text(everything.replace("20 km", "20\xa0km"))
    assert "services=" not in page.url
    assert not box.is_checked()
    wait_for_places_on_map(page, 20)
    expect(page.locator("#annonce-resultats")).to_have_text(everything + ".")
    page.go_forward()
    expect(page.locator("#resultats-titre")).to_have_text(for_admin.replace("20 km", "20\xa0km"))
    assert box.is_checked()
    assert page.evaluate("window.__noReload") is True

    # Text fields wait for the form to be submitted.
    page.get_by_text("Plus de critères").click()
    name = page.get_by_label("Nom du lieu (facultatif)")
    name.fill("Gare")
    name.blur()
    page.wait_for_timeout(600)
    assert "q=" not in page.url
    name.press("Enter")
    page.wait_for_url("**q=Gare**")
    assert results(page) == ["Cyber-base de la Gare"]
    assert page.evaluate("window.__noReload") is True


def test_live_update_shows_errors_then_clears_them(page, places):
    page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)")
    page.evaluate("window.__noReload = true")
    field = page.get_by_label("Commune ou code postal")
    field.fill("Xqzwkjvb")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**commune=Xqzwkjvb**")

    summary = page.locator("#erreurs")
    expect(summary).to_contain_text("Nous ne trouvons pas de commune « Xqzwkjvb »")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator("#erreur-commune").is_visible()
    assert page.locator("#resultats").count() == 0
    expect(page.locator("#annonce-resultats")).to_contain_text("La recherche n'a pas pu se faire")
    # A filter meanwhile gives the same errors, not a half-updated page.
    page.get_by_label("Faire une démarche en ligne").check()
    page.wait_for_url("**services=**")
    assert page.locator("#erreur-commune").count() == 1

    field.fill("Saint-Étienne (42)")
    field.press("Enter")
    expect(page.locator("#resultats-titre")).to_contain_text("13 lieux")
    assert summary.count() == 0
    assert field.get_attribute("aria-invalid") is None
    assert page.locator("#erreur-commune").count() == 0
    assert page.evaluate("window.__noReload") is True


def test_report_an_error_without_an_account(page, places, settings):
    settings.ADMINS = [("Admin", "admin@exemple.org")]
    lieu = places[0]
    page.goto(f"/lieux/{lieu.pk}/")
    page.get_by_role("link", name="Signaler une erreur sur cette fiche").click()

    page.get_by_label("Les horaires sont faux").check()
    page.get_by_label("Expliquez (facultatif)").fill("Fermé le samedi.")
    page.get_by_role("button", name="Envoyer le signalement").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Merci pour votre signalement"
    report = Signalement.objects.get()
    assert report.lieu_id == lieu.pk and report.categories == ["horaires"]


def test_pages_have_no_serious_accessibility_violation(page, places, assert_accessible):
    lieu = places[0]
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto("/annuaire/")
        assert_accessible(page)
        page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)&frais_a_charge=Gratuit")
        page.locator("#carte .leaflet-marker-icon").first.wait_for()
        assert_accessible(page)
        page.goto("/annuaire/?commune=Xqzwkjvb")
        assert_accessible(page)
        page.goto(f"/lieux/{lieu.pk}/")
        assert_accessible(page)
        page.goto(f"/lieux/{lieu.pk}/signaler/")
        assert_accessible(page)
    # Suggestions open: the combobox and its listbox.
    page.goto("/annuaire/")
    page.get_by_role("combobox", name="Commune ou code postal").press_sequentially("lyo")
    page.get_by_role("option").first.wait_for()
    assert_accessible(page)


def test_search_page_weight(page, places, capsys):
    """HTML + CSS + JS of a search page with 20 results and its map, without map tiles (nor
    the commune outlines, which stand for them). Static files are counted compressed, as
    WhiteNoise serves them (it keeps gzip and brotli copies); the page is gzipped by Django."""
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)")
    page.locator("#carte .leaflet-marker-icon").first.wait_for()
    page.wait_for_load_state("networkidle")

    sizes = []
    for request in finished:
        if request.resource_type not in ("document", "stylesheet", "script"):
            continue
        response = request.response()
        body = response.body()  # decoded
        if response.headers.get("content-encoding"):
            compressed = request.sizes()["responseBodySize"]  # as transferred
        else:  # the test server does not compress static files; WhiteNoise does
            compressed = len(gzip.compress(body, 9))
        sizes.append((request.url, request.resource_type, len(body), compressed))

    total = sum(compressed for *_, compressed in sizes)
    with capsys.disabled():
        print("\nPage weight (bytes, raw → compressed):")
        for url, kind, raw, compressed in sizes:
            print(f"  {kind:10} {raw:8} → {compressed:7}  {url.split('/', 3)[-1][:60]}")
        print(f"  total {total} bytes compressed")
    assert {kind for _, kind, *_ in sizes} == {"document", "stylesheet", "script"}
    assert total < MAX_PAGE_WEIGHT


def test_screenshots_phone_and_desktop(page, places, save_screenshot):
    lieu = places[0]
    page.set_viewport_size(PHONE)
    page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)")
    page.locator("#carte .leaflet-marker-icon").first.wait_for()
    page.locator("#carte svg path").first.wait_for()  # the commune outlines
    save_screenshot(page, "annuaire-telephone")
    page.goto(f"/lieux/{lieu.pk}/")
    save_screenshot(page, "fiche-telephone")

    page.set_viewport_size(DESKTOP)
    page.goto("/annuaire/?commune=Saint-%C3%89tienne+(42)&services=" + ADMIN)
    page.locator("#carte .leaflet-marker-icon").first.wait_for()
    page.locator("#carte svg path").first.wait_for()
    page.locator("ol.lieux > li h3 a").nth(2).focus()
    save_screenshot(page, "annuaire-bureau")
    page.goto(f"/lieux/{lieu.pk}/")
    save_screenshot(page, "fiche-bureau")


def test_place_sheet_prints_without_screen_only_links(page, places):
    page.set_viewport_size(PHONE)
    page.goto(f"/lieux/{places[0].pk}/")

    page.emulate_media(media="print")

    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("table").is_visible()
    assert not page.get_by_role("link", name="Signaler une erreur sur cette fiche").is_visible()
    assert not page.get_by_role("link", name="← Chercher un autre lieu").is_visible()
