"""The API documentation page renders under the strict Content-Security-Policy (its set-up
script is a file, not inline)."""

from playwright.sync_api import expect


def test_swagger_ui_renders_the_schema(page):
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="API Aiguillage")).to_be_visible()
    expect(page.get_by_text("/api/lieux/", exact=True).first).to_be_visible()
