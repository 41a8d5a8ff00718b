import pytest

from tests.e2e.viewports import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

DIAGNOSTIC_LINK = "Faire le point sur mes usages du numérique"
DIRECTORY_LINK = "Trouver un lieu d'aide près de chez moi"


def focused(page):
    """(href, text) of the element that has the keyboard focus."""
    return tuple(
        page.evaluate("(e => [e.getAttribute('href'), e.innerText.trim()])(document.activeElement)")
    )


def test_home_shows_both_entry_points(page):
    response = page.goto("/")

    assert response.status == 200
    assert page.title() == "Aiguillage – Aide pour le numérique"
    assert page.locator("html").get_attribute("lang") == "fr"
    diagnostic = page.get_by_role("link", name=DIAGNOSTIC_LINK)
    directory = page.get_by_role("link", name=DIRECTORY_LINK)
    assert diagnostic.is_visible()
    assert diagnostic.get_attribute("href") == "/diagnostic/"
    assert directory.is_visible()
    assert directory.get_attribute("href") == "/annuaire/"


def test_keyboard_reaches_skip_link_first_then_entry_points(page):
    page.goto("/")

    page.keyboard.press("Tab")
    assert focused(page) == ("#contenu", "Aller au contenu")
    assert page.locator(".skip-link").is_visible()  # hidden off screen until focused

    reached = []
    for _ in range(10):  # site name, menu links, then the entry points
        page.keyboard.press("Tab")
        reached.append(focused(page))
    diagnostic = reached.index(("/diagnostic/", DIAGNOSTIC_LINK))
    assert reached[diagnostic + 1] == ("/annuaire/", DIRECTORY_LINK)


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert page.url.endswith("/#contenu")
    assert focused(page) == ("/diagnostic/", DIAGNOSTIC_LINK)


def test_stylesheet_is_served_and_applied(page, base_url):
    css = page.request.get(f"{base_url}/static/css/aiguillage.css")
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")

    page.goto("/")
    body_font = page.locator("body").evaluate("e => getComputedStyle(e).fontSize")
    assert body_font == "18px"  # the browser default is 16px
    skip_link_top = page.locator(".skip-link").bounding_box()["y"]
    assert skip_link_top < 0  # off screen until focused


def test_home_has_no_serious_accessibility_violation(page, assert_accessible):
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto("/")
        assert_accessible(page)


def test_home_works_without_javascript(page_nojs):
    response = page_nojs.goto("/")

    assert response.status == 200
    assert page_nojs.get_by_role("link", name=DIAGNOSTIC_LINK).is_visible()
    assert page_nojs.get_by_role("link", name=DIRECTORY_LINK).is_visible()
    body_font = page_nojs.locator("body").evaluate("e => getComputedStyle(e).fontSize")
    assert body_font == "18px"


def test_entry_card_is_clickable_anywhere(page):
    page.goto("/")

    card = page.locator(".entry-card").filter(has_text=DIRECTORY_LINK)
    box = card.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] - 10)

    page.wait_for_url("**/annuaire/")


def test_home_screenshots(page, save_screenshot):
    """Phone and desktop screenshots in /tmp, to look at (not compared automatically)."""
    for name, viewport in (("home-phone", PHONE), ("home-desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto("/")
        path = save_screenshot(page, name)
        assert path.stat().st_size > 0
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"horizontal scrolling at {viewport}"
