"""The base layout shared by every page: error page, print stylesheet."""

import pytest

from tests.e2e.viewports import PHONE

pytestmark = pytest.mark.e2e


def test_unknown_page_is_a_french_accessible_404(page, assert_accessible):
    response = page.goto("/cette-page-n-existe-pas/")

    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    page.get_by_role("link", name="Revenir à l'accueil").click()
    page.wait_for_url("**/")
    page.goto("/cette-page-n-existe-pas/")
    assert_accessible(page)


def test_print_shows_the_content_without_menu_or_footer(page):
    page.set_viewport_size(PHONE)
    page.goto("/")

    page.emulate_media(media="print")

    assert not page.get_by_role("navigation").is_visible()
    assert not page.get_by_role("contentinfo").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
