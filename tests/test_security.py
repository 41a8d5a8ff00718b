"""Security headers on every response, and `check --deploy` clean with production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "url", ["/", "/annuaire/", "/diagnostic/", "/api/lieux/", "/espace/connexion/"]
)
def test_every_page_sends_a_strict_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"  # no inline script, no eval
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_api_documentation_has_no_inline_script(client):
    """Swagger UI's set-up script is served as a file; only its injected styles are allowed."""
    response = client.get("/api/docs/")
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script>" not in html.replace(" ", "")
    assert 'src="/api/docs/?script=' in html or "?script=" in html


def test_no_strict_transport_security_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/", secure=True)


def _run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "AIGUILLAGE_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "k9#Qv2!xR7@mL4$wZ8^pT1&nB6*yH3(eJ5)uC0-aF+dG=sK" * 2,
    "ALLOWED_HOSTS": "aiguillage.exemple.fr",
    "DEBUG": "false",
}


def test_check_deploy_is_clean_with_production_settings():
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start():
    result = _run_manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_sends_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT)"
    )
    result = _run_manage("shell", "-c", code, env=PRODUCTION)
    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line.split() == ["31536000", "True", "True", "True"], result.stderr
