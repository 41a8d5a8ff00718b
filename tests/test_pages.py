from django.template.loader import render_to_string


def test_home_page_shows_both_entry_points(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'href="/diagnostic/"' in html
    assert "Faire le point sur mes usages du numérique" in html
    assert 'href="/annuaire/"' in html
    assert "Trouver un lieu d'aide près de chez moi" in html
    assert "Vous accompagnez quelqu'un" in html


def test_home_page_has_skip_link_css_and_main_landmark(client):
    html = client.get("/").content.decode()

    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    assert '<link rel="stylesheet" href="/static/css/aiguillage.css">' in html
    assert 'href="/api/docs/"' in html


def test_pages_have_no_inline_style_or_script(client):
    html = client.get("/").content.decode()

    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html


def test_unknown_page_uses_the_french_404_page(client):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert '<html lang="fr">' in html


def test_500_page_renders_without_request_or_context():
    html = render_to_string("500.html")

    assert '<html lang="fr">' in html
    assert "Le service a un problème" in html
    assert 'href="/"' in html


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"] == "ok"
    assert data["postgis"]
