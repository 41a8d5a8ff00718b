"""End-to-end tests: the app served over real HTTP, driven by Debian's Chromium.

Fixtures:
- `browser` (session): Chromium launched through Playwright's sync API.
- `base_url`: the running app (pytest-django's `live_server`), e.g. "http://localhost:41234".
- `page` / `page_nojs`: a fresh browser context per test, with or without JavaScript; relative
  URLs work (`page.goto("/annuaire/")`). An uncaught JavaScript error fails the test.
- `assert_accessible(page)`: runs axe-core, fails listing every serious or critical violation.
- `save_screenshot(page, name)`: full-page PNG in E2E_SCREENSHOT_DIR (default /tmp/...).

Database: every test in this folder is transactional (the live server runs in other threads,
so it only sees committed data). Django empties the tables after each such test; to keep the
communes that tests/conftest.py loads once per session, the flush is limited with
`available_apps` to every installed app except the KEPT_APPS below. Side effect, during an
e2e test only: those apps are hidden from Django's app registry (`apps.get_model("geodata", …)`
fails, the admin index does not list them); their models and tables work as usual.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.viewports import DESKTOP

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", "/tmp/aiguillage-screenshots"))
TIMEOUT_MS = 10_000

# Reference data loaded once per session: never flushed by end-to-end tests. Data that
# end-to-end tests write into these apps' tables stays until the end of the session.
KEPT_APPS = {"geodata"}
BLOCKING_IMPACTS = {"serious", "critical"}

HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder as e2e and transactional without flushing KEPT_APPS.

    Runs before pytest-django's hook, which puts transactional tests last."""
    flushed_apps = [app for app in settings.INSTALLED_APPS if app not in KEPT_APPS]
    db_marker = pytest.mark.django_db(transaction=True, available_apps=flushed_apps)
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(db_marker, append=False)  # first, so it wins over any other


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}): end-to-end tests need it. Run `make test`, "
            "which installs it (scripts/system-deps.sh --with-browser).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio loop in this thread, which makes Django refuse
    # ORM calls from test code ("SynchronousOnlyOperation"). Nothing here is really async.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def base_url(live_server):
    return live_server.url


def _new_page(browser, base_url, **context_options):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport=DESKTOP, **context_options
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(error))
    # A script, style or image refused by the Content-Security-Policy fails the test too.
    page.on(
        "console",
        lambda message: (
            page_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return context, page, page_errors


@pytest.fixture
def page(browser, base_url):
    """A new page (and browser context) with JavaScript, desktop-sized (see viewports.py)."""
    context, page, page_errors = _new_page(browser, base_url)
    yield page
    context.close()
    assert not page_errors, f"Uncaught JavaScript errors: {page_errors}"


@pytest.fixture
def page_nojs(browser, base_url):
    """A new page with JavaScript disabled: every page must work without it."""
    context, page, page_errors = _new_page(browser, base_url, java_script_enabled=False)
    yield page
    context.close()
    assert not page_errors, f"Refused by the Content-Security-Policy: {page_errors}"


def _format_violation(violation):
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}"]
    lines.append(f"  {violation['helpUrl']}")
    for node in violation["nodes"]:
        lines.append(f"  at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
        if node.get("failureSummary"):
            lines.append("    " + node["failureSummary"].replace("\n", "\n    "))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def assert_accessible():
    """assert_accessible(page): axe-core on the page as it is now; fails on every serious or
    critical violation (WCAG 2.0/2.1 A and AA rules, plus axe's best practices)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        report = "\n".join(_format_violation(v) for v in blocking)
        assert not blocking, f"Accessibility violations on {page.url}:\n{report}"
        return results

    return check


@pytest.fixture(scope="session")
def save_screenshot():
    """save_screenshot(page, name) -> Path of a full-page PNG (not committed: /tmp)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
