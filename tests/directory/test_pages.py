"""Directory pages, server side: the search page (/annuaire/), the map outlines, the place
sheet (/lieux/<id>/) and the error report form."""

import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Hub, PointSource, Signalement
from directory.pages import age_text, status_text, week_hours
from directory.search import opening_of
from geodata.geo import point_from_lat_lon

from .factories import LieuFactory

PARIS = ZoneInfo("Europe/Paris")
LYON = (45.7676, 4.8357)  # Hôtel de Ville
VILLEURBANNE = (45.7719, 4.8902)
VIENNE = (45.5255, 4.8745)
SAINT_ETIENNE = (45.4397, 4.3872)
ADMIN = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"


def at(lat_lon, **kwargs):
    return LieuFactory(point=point_from_lat_lon(*lat_lon), **kwargs)


def text_of(response):
    """The page's visible text, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def result_names(response):
    html = response.content.decode()
    return [
        unescape(name)
        for name in re.findall(
            r'<a href="/lieux/\d+/">([^<]+)</a>', html.split('id="resultats"')[1]
        )
    ]


@pytest.fixture
def around_lyon():
    return {
        "villeurbanne": at(
            VILLEURBANNE,
            nom="Espace numérique Villeurbanne",
            services=[ADMIN],
            frais_a_charge=["Gratuit"],
            modalites_acces=["Se présenter", "Téléphoner"],
            telephone="+33478000000",
            horaires="Mo-Fr 09:00-12:00",
        ),
        "vienne": at(
            VIENNE,
            nom="Médiathèque de Vienne",
            services=[OUTILS],
            frais_a_charge=["Payant"],
            publics_specifiquement_adresses=["Seniors"],
            horaires="Sa 10:00-12:00",
        ),
        "saint_etienne": at(SAINT_ETIENNE, nom="Cyber-base Saint-Étienne", services=[ADMIN]),
    }


# --- The search page -----------------------------------------------------------------------


def test_empty_search_page_shows_the_form_with_labels(client):
    response = client.get("/annuaire/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="get" action="/annuaire/"' in html
    for field_id in ("id_commune", "id_adresse", "id_rayon_km", "id_q", "id_jour", "id_heure"):
        assert f'<label for="{field_id}">' in html
        assert f'id="{field_id}"' in html
    # The nine services of the standard, in plain words, each with its explanation.
    assert html.count('name="services"') == 9
    assert "Faire une démarche en ligne" in html
    assert "CAF, impôts, santé, retraite" in html
    assert '<details class="bloc plus-de-criteres">' in html  # folded
    assert "Comment ça marche" in html
    assert 'id="resultats"' not in html


def test_search_by_commune_name_lists_nearest_first(client, around_lyon):
    response = client.get("/annuaire/", {"commune": "lyon", "rayon_km": 40})

    assert response.status_code == 200
    text = text_of(response)
    assert "Commune comprise : Lyon (69)." in text
    assert "2 lieux à moins de 40 km de Lyon (69)" in text
    assert result_names(response) == ["Espace numérique Villeurbanne", "Médiathèque de Vienne"]
    assert "À 5,0 km" in text  # Villeurbanne, from the centre of Lyon in the commune table
    assert "Pour : Faire une démarche en ligne" in text
    assert "Comment y aller : Venir sur place, Téléphoner" in text
    assert 'href="tel:+33478000000"' in response.content.decode()
    assert "04 78 00 00 00" in text
    lieu = around_lyon["villeurbanne"]
    assert f'href="/lieux/{lieu.pk}/"' in response.content.decode()


def test_search_keeps_what_was_typed_and_the_title_says_what_was_found(client, around_lyon):
    response = client.get("/annuaire/", {"commune": "Lyon (69)", "services": ADMIN})

    html = response.content.decode()
    assert 'value="Lyon (69)"' in html
    assert f'value="{ADMIN}" checked' in html
    assert "<title>1 lieu près de Lyon (69) – Trouver un lieu d'aide – Aiguillage</title>" in html
    assert "Commune comprise" not in html  # understood exactly as typed


def test_search_by_postal_code(client, around_lyon):
    response = client.get("/annuaire/", {"commune": "69001"})

    assert response.status_code == 200
    text = text_of(response)
    assert "Commune comprise : Lyon (69)." in text
    assert "1 lieu à moins de 20 km de Lyon (69)" in text


def test_homonyms_are_told_apart_by_departement(client):
    response = client.get("/annuaire/", {"commune": "Saint-Denis (974)"})

    assert response.status_code == 200
    assert "à moins de 20 km de Saint-Denis (974)" in text_of(response)

    other = client.get("/annuaire/", {"commune": "saint denis"})
    text = text_of(other)
    assert "Une autre commune porte ce nom" in text
    assert "Saint-Denis (93)" in text and "Saint-Denis (974)" in text


def test_search_by_coordinates_says_your_position(client, around_lyon):
    response = client.get("/annuaire/", {"lat": LYON[0], "lon": LYON[1]})

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 lieu à moins de 20 km de votre position (Lyon (69))" in text_of(response)
    assert f'<input type="hidden" name="lat" value="{LYON[0]}">' in html
    assert "Recherche autour de votre position" in html


def test_api_style_links_work_on_the_page(client, around_lyon):
    response = client.get("/annuaire/", {"code_insee": "69123", "rayon_km": 30})

    assert response.status_code == 200
    assert result_names(response) == ["Espace numérique Villeurbanne", "Médiathèque de Vienne"]
    assert 'value="Lyon"' in response.content.decode()  # the commune field says where


def test_a_typed_commune_wins_over_a_previous_position(client, around_lyon):
    response = client.get(
        "/annuaire/", {"commune": "Saint-Étienne (42)", "lat": LYON[0], "lon": LYON[1]}
    )

    assert response.status_code == 200
    assert result_names(response) == ["Cyber-base Saint-Étienne"]


def test_filters_narrow_the_results_and_unfold_the_details(client, around_lyon):
    params = {"commune": "Lyon (69)", "rayon_km": 40}

    by_service = client.get("/annuaire/", {**params, "services": OUTILS})
    free = client.get("/annuaire/", {**params, "frais_a_charge": "Gratuit"})
    seniors = client.get("/annuaire/", {**params, "publics_specifiquement_adresses": "Seniors"})

    assert result_names(by_service) == ["Médiathèque de Vienne"]
    assert result_names(free) == ["Espace numérique Villeurbanne"]
    assert result_names(seniors) == ["Médiathèque de Vienne"]
    assert '<details class="bloc plus-de-criteres" open>' in free.content.decode()
    assert "Critères : coût : Gratuit." in text_of(free)


def test_open_on_a_day_and_at_a_time(client, around_lyon):
    params = {"commune": "Lyon (69)", "rayon_km": 40, "quand": "jour"}
    saturday = "2026-12-05"

    on_saturday = client.get("/annuaire/", {**params, "jour": saturday})
    saturday_9 = client.get("/annuaire/", {**params, "jour": saturday, "heure": "09:00"})
    saturday_11 = client.get("/annuaire/", {**params, "jour": "05/12/2026", "heure": "11:00"})

    assert result_names(on_saturday) == ["Médiathèque de Vienne"]
    assert "Le 5 décembre 2026 : 10 h – 12 h" in text_of(on_saturday)
    assert result_names(saturday_9) == []
    assert result_names(saturday_11) == ["Médiathèque de Vienne"]
    assert "ouverts le 5 décembre 2026 à 11 h 00" in text_of(saturday_11)


def test_a_place_closed_for_works_that_day_is_not_open_on_that_day(client, around_lyon):
    vienne = around_lyon["vienne"]
    vienne.fermeture_debut = vienne.fermeture_fin = datetime.date(2026, 12, 5)
    vienne.save()
    params = {"commune": "Lyon (69)", "rayon_km": 40, "quand": "jour"}
    assert result_names(client.get("/annuaire/", {**params, "jour": "2026-12-05"})) == []
    # The next Saturday it opens again.
    next_saturday = client.get("/annuaire/", {**params, "jour": "2026-12-12"})
    assert result_names(next_saturday) == ["Médiathèque de Vienne"]


def test_open_now_uses_the_api_parameter(client, around_lyon):
    response = client.get(
        "/annuaire/", {"commune": "Lyon (69)", "rayon_km": 40, "quand": "maintenant"}
    )

    assert response.status_code == 200
    assert 'id="id_quand_maintenant" value="maintenant" checked' in response.content.decode()
    assert "ouverts maintenant" in text_of(response)


def test_empty_result_offers_a_wider_radius(client, around_lyon):
    response = client.get("/annuaire/", {"commune": "Saint-Étienne (42)", "rayon_km": 5})

    # The Saint-Étienne place is at its town hall; 5 km from the commune centre holds it.
    assert result_names(response) == ["Cyber-base Saint-Étienne"]

    empty = client.get("/annuaire/", {"commune": "Brest"})
    assert empty.status_code == 200
    text = text_of(empty)
    assert "Aucun lieu à moins de 20 km de Brest (29)" in text
    html = empty.content.decode()
    link = re.search(r'href="([^"]+)">Élargir la recherche à 50', html)
    assert link and "rayon_km=50" in unescape(link[1])
    assert "commune=Brest" in unescape(link[1])


def test_empty_result_with_filters_offers_to_drop_them(client, around_lyon):
    response = client.get(
        "/annuaire/",
        {"commune": "Lyon (69)", "rayon_km": 100, "dispositif_programmes_nationaux": "PIMMS"},
    )
    assert response.status_code == 400  # not a value of the standard

    response = client.get(
        "/annuaire/",
        {
            "commune": "Lyon (69)",
            "rayon_km": 100,
            "dispositif_programmes_nationaux": "France Services",
        },
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "Aucun lieu à moins de 100 km de Lyon (69)" in text
    assert "Élargir" not in text  # 100 km is the most
    assert "Chercher sans les critères" in text


def test_unknown_commune_is_an_error_in_the_form(client):
    response = client.get("/annuaire/", {"commune": "Xqzwkjvb"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Nous ne trouvons pas de commune « Xqzwkjvb »" in unescape(html)
    assert 'aria-invalid="true"' in html
    assert 'href="#id_commune"' in html
    assert 'id="resultats"' not in html
    assert "<title>Erreur dans la recherche" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"commune": "Lyon", "services": "Inconnu"}, "Services :"),
        ({"commune": "Lyon", "rayon_km": "1000"}, "Distance :"),
        ({"lat": "abc", "lon": "4.8"}, "Latitude :"),
        ({"lat": "45.7"}, "Longitude :"),
        ({"code_insee": "99999"}, "Aucune commune ne porte le code INSEE"),
        ({"commune": "Lyon", "page": "abc"}, "Le numéro de page doit être un nombre entier."),
        ({"commune": "Lyon", "page": "99"}, "La page 99 n'existe pas"),
        ({"commune": "Lyon", "quand": "jour"}, "Indiquez le jour"),
        ({"commune": "Lyon", "jour": "demain"}, "Indiquez une date"),
        ({"commune": "Lyon", "quand": "bientot"}, "Sélectionnez un choix valide"),
        ({"commune": "1234"}, "5 caractères"),
        ({"commune": "x" * 150}, "100 caractères"),
        ({"commune": "Lyon", "ouvert_le": "hier"}, "Jour et heure :"),
    ],
)
def test_bad_parameters_are_shown_in_the_form_never_a_500(client, around_lyon, params, message):
    response = client.get("/annuaire/", params)

    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert '<form method="get" action="/annuaire/"' in response.content.decode()


def test_address_without_geocoder_falls_back_on_the_commune(client, around_lyon):
    # Tests never reach the network: the geocoder fails, the commune centre is used.
    response = client.get("/annuaire/", {"commune": "Lyon (69)", "adresse": "1 place Bellecour"})

    assert response.status_code == 200
    text = text_of(response)
    assert "Adresse non trouvée" in text
    assert "nous cherchons autour du centre de Lyon" in text
    assert result_names(response) == ["Espace numérique Villeurbanne"]


def test_address_is_geocoded_within_the_commune(client, around_lyon, ban_stub):
    response = client.get(
        "/annuaire/", {"commune": "Saint-Étienne (42)", "adresse": "rue de la République"}
    )

    assert response.status_code == 200
    text = text_of(response)
    assert "Adresse non trouvée" not in text
    assert "à moins de 20 km de Rue de la République 42000 Saint-Étienne" in text
    assert result_names(response) == ["Cyber-base Saint-Étienne"]
    assert ban_stub.requests[-1].params["citycode"] == "42218"


def test_a_page_past_an_empty_result_is_no_error(client):
    response = client.get("/annuaire/", {"commune": "Brest", "page": 3})

    assert response.status_code == 200
    assert "Aucun lieu à moins de 20 km de Brest (29)" in text_of(response)


def test_results_are_paginated(client):
    for n in range(23):
        at((LYON[0] + n * 0.001, LYON[1]), nom=f"Lieu {n:02d}")

    first = client.get("/annuaire/", {"commune": "Lyon (69)"})
    second = client.get("/annuaire/", {"commune": "Lyon (69)", "page": 2})

    assert len(result_names(first)) == 20
    assert "Page 1 sur 2" in text_of(first)
    assert 'rel="next"' in first.content.decode()
    assert result_names(second) == ["Lieu 20", "Lieu 21", "Lieu 22"]
    assert '<ol class="lieux" start="21">' in second.content.decode()


def test_constant_number_of_queries_whatever_the_number_of_results(client):
    params = {
        "commune": "Lyon (69)",
        "services": [ADMIN, OUTILS],
        "quand": "jour",
        "jour": "2026-12-07",
    }
    at(LYON, services=[ADMIN])
    with CaptureQueriesContext(connection) as few:
        assert len(result_names(client.get("/annuaire/", params))) == 1
    for n in range(30):
        at((LYON[0] + n * 0.001, LYON[1]), services=[OUTILS], horaires=f"Mo 0{n % 9}:00-18:00")
    with CaptureQueriesContext(connection) as many:
        assert len(result_names(client.get("/annuaire/", params))) == 20

    assert len(many) == len(few) <= 6


def test_map_data_is_a_json_island_and_no_script_is_inline(client, around_lyon):
    response = client.get("/annuaire/", {"commune": "Lyon (69)", "rayon_km": 40})

    html = response.content.decode()
    assert '<script id="carte-donnees" type="application/json">' in html
    data = response.context["map_data"]
    assert data["centre"] == [pytest.approx(45.758, abs=0.01), pytest.approx(4.835, abs=0.01)]
    assert [lieu["n"] for lieu in data["lieux"]] == [1, 2]
    assert data["tuiles"] == ""
    assert data["contours"] == "/annuaire/contours.geojson"
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts and all("src=" in attrs or "application/json" in attrs for attrs in scripts)
    assert "style=" not in html
    assert "/static/leaflet/leaflet.js" in html and "/static/js/carte.js" in html


def test_search_page_is_compressed(client, around_lyon):
    response = client.get("/annuaire/", {"commune": "Lyon"}, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"


def test_commune_outlines_as_geojson(client):
    response = client.get("/annuaire/contours.geojson", {"bbox": "4.80,45.74,4.90,45.79"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    data = response.json()
    names = {feature["properties"]["nom"] for feature in data["features"]}
    assert {"Lyon", "Villeurbanne"} <= names
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in data["features"])


@pytest.mark.parametrize("bbox", ["", "a,b,c,d", "1,2,3", "5,45,4,46"])
def test_commune_outlines_reject_a_bad_box(client, bbox):
    assert client.get("/annuaire/contours.geojson", {"bbox": bbox}).status_code == 400


def test_commune_outlines_are_not_sent_for_a_huge_box(client):
    response = client.get("/annuaire/contours.geojson", {"bbox": "-5,42,8,51"})

    assert response.status_code == 200
    assert response.json()["features"] == []


# --- The place sheet -----------------------------------------------------------------------


@pytest.fixture
def full_lieu():
    return LieuFactory(
        nom="Espace public numérique de la Croix-Rousse",
        adresse="12 rue d'Austerlitz",
        complement_adresse="Bâtiment B",
        code_postal="69004",
        typologie=["EPN"],
        telephone="+33478123456",
        courriels=["epn@exemple.org"],
        site_web=["https://epn.exemple.org"],
        horaires='Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00 "sur rendez-vous"',
        presentation_resume="Un espace pour apprendre le numérique.",
        presentation_detail="Ateliers le mardi.\nAccès libre le jeudi.",
        source="Hub du Rhône",
        services=[ADMIN, "Accès internet et matériel informatique"],
        publics_specifiquement_adresses=["Seniors"],
        prise_en_charge_specifique=["Surdité"],
        frais_a_charge=["Gratuit"],
        dispositif_programmes_nationaux=["Conseillers numériques", "APTIC"],
        modalites_acces=["Se présenter", "Prendre un RDV en ligne"],
        modalites_accompagnement=["Accompagnement individuel"],
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/erp/epn/",
        prise_rdv="https://rdv.exemple.org/epn",
        date_maj=datetime.date.today() - datetime.timedelta(days=250),
        hub=Hub.objects.create(nom="Hub du Rhône", slug="rhone"),
    )


def test_place_sheet_says_everything_in_plain_french(client, full_lieu):
    response = client.get(f"/lieux/{full_lieu.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "<h1>Espace public numérique de la Croix-Rousse</h1>" in html
    assert "12 rue d'Austerlitz Bâtiment B 69004 Lyon" in text
    assert 'href="geo:45.7676,4.8357?q=' in html
    assert 'href="https://www.openstreetmap.org/?mlat=45.7676&amp;mlon=4.8357' in html
    assert "Espace public numérique" in text  # typologie EPN, in words
    assert 'href="tel:+33478123456"' in html and "04 78 12 34 56" in text
    assert 'href="mailto:epn@exemple.org"' in html
    assert 'href="https://rdv.exemple.org/epn"' in html
    assert 'href="https://acceslibre.beta.gouv.fr/app/erp/epn/"' in html
    assert "Faire une démarche en ligne : CAF, impôts" in text
    assert "Utiliser un ordinateur et internet sur place" in text
    assert "Surtout : Seniors" in text
    assert "Personnes sourdes ou malentendantes" in text
    assert "Coût Gratuit" in text
    assert "Comment y aller Venir sur place Prendre rendez-vous en ligne" in text
    assert "Accompagnement individuel" in text
    assert "Conseillers numériques, APTIC" in text  # values outside the enumeration kept
    assert "Ateliers le mardi.<br>Accès libre le jeudi." in html
    assert "il y a 8 mois" in text
    assert "source : Hub du Rhône" in text
    assert f'href="/lieux/{full_lieu.pk}/signaler/"' in html


def test_place_sheet_week_of_opening_hours(client, full_lieu):
    response = client.get(f"/lieux/{full_lieu.pk}/")

    html, text = response.content.decode(), text_of(response)
    assert "<caption>Horaires des 7 prochains jours</caption>" in html
    assert html.count('<th scope="row">') == 7
    assert '<span class="plage">9 h – 12 h</span>, <span class="plage">14 h – 17 h</span>' in html
    assert "10 h – 12 h (sur rendez-vous)" in text
    assert "fermé" in text  # Sunday
    assert re.search(r'class="etat etat--(ouvert|ferme)">(Ouvert|Fermé) maintenant', html)


def test_place_sheet_without_hours_or_contact(client):
    lieu = LieuFactory(horaires="", telephone="", point_source=PointSource.COMMUNE)

    text = text_of(client.get(f"/lieux/{lieu.pk}/"))

    assert "Horaires non renseignés" in text
    assert "Le lieu n'a pas donné ses horaires" in text
    assert "Pas de téléphone ni de courriel connu" in text
    assert "Tout le monde" in text
    assert "La position exacte n'est pas connue" in text


def test_place_sheet_links_back_to_the_search_it_came_from(client, full_lieu):
    search = "/annuaire/?commune=Lyon+%2869%29&rayon_km=10"
    response = client.get(f"/lieux/{full_lieu.pk}/", HTTP_REFERER=f"http://testserver{search}")
    assert f'href="{search}">← Revenir aux résultats' in unescape(response.content.decode())

    response = client.get(f"/lieux/{full_lieu.pk}/", HTTP_REFERER="https://ailleurs.example/")
    assert 'href="/annuaire/">← Chercher un autre lieu' in response.content.decode()


def test_unknown_place_is_a_404(client):
    assert client.get("/lieux/999999999/").status_code == 404


# --- Error reports -------------------------------------------------------------------------


def test_report_form_has_labels_csrf_and_a_hidden_honeypot(client, full_lieu):
    response = client.get(f"/lieux/{full_lieu.pk}/signaler/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert '<label for="id_categories_0">' in html
    assert '<label for="id_message">' in html
    assert '<label for="id_contact_email">' in html
    assert '<div class="pot-de-miel" aria-hidden="true">' in html


def test_report_is_saved_for_the_hub_and_sent_by_email(client, full_lieu, settings):
    settings.ADMINS = [("Admin", "admin@exemple.org")]

    response = client.post(
        f"/lieux/{full_lieu.pk}/signaler/",
        {
            "categories": ["horaires", "contact"],
            "message": "Fermé le samedi depuis septembre.",
            "contact_email": "habitant@exemple.org",
            "site_web": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/lieux/{full_lieu.pk}/signaler/merci/"
    report = Signalement.objects.get()
    assert report.lieu == full_lieu
    assert report.hub == full_lieu.hub
    assert report.categories == ["horaires", "contact"]
    assert report.contact_email == "habitant@exemple.org"
    assert report.status == Signalement.Statut.NOUVEAU
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["admin@exemple.org"]  # the hub has no contact address yet
    assert "Espace public numérique de la Croix-Rousse" in email.subject
    assert "Les horaires sont faux" in email.body
    assert "Fermé le samedi depuis septembre." in email.body
    assert f"/lieux/{full_lieu.pk}/" in email.body
    thanks = client.get(response["Location"])
    assert "Merci pour votre signalement" in thanks.content.decode()


def test_report_without_hub_goes_to_the_admins(client, settings):
    settings.ADMINS = [("Admin", "admin@exemple.org")]
    lieu = LieuFactory()

    client.post(f"/lieux/{lieu.pk}/signaler/", {"message": "Le lieu a fermé."})

    assert Signalement.objects.get().hub is None
    assert mail.outbox[0].to == ["admin@exemple.org"]


def test_honeypot_rejects_robots_silently(client, full_lieu, settings):
    settings.ADMINS = [("Admin", "admin@exemple.org")]

    response = client.post(
        f"/lieux/{full_lieu.pk}/signaler/",
        {"categories": ["autre"], "message": "Achetez !", "site_web": "http://spam.example"},
    )

    assert response.status_code == 302  # looks accepted
    assert not Signalement.objects.exists()
    assert mail.outbox == []


def test_empty_report_or_bad_email_is_refused_with_a_message(client, full_lieu):
    empty = client.post(f"/lieux/{full_lieu.pk}/signaler/", {"message": "  "})
    bad_email = client.post(
        f"/lieux/{full_lieu.pk}/signaler/", {"categories": ["autre"], "contact_email": "moi@"}
    )

    assert empty.status_code == 400
    assert "Cochez ce qui ne va pas, ou écrivez un message" in unescape(empty.content.decode())
    assert bad_email.status_code == 400
    assert "Ce courriel n'est pas valide" in unescape(bad_email.content.decode())
    assert not Signalement.objects.exists()


def test_report_needs_the_csrf_token(full_lieu):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        f"/lieux/{full_lieu.pk}/signaler/", {"message": "Sans jeton"}
    )

    assert response.status_code == 403
    assert not Signalement.objects.exists()


def test_reports_are_in_the_admin(admin_client, full_lieu):
    Signalement.objects.create(lieu=full_lieu, hub=full_lieu.hub, message="Horaires faux")

    assert admin_client.get("/admin/directory/signalement/").status_code == 200
    assert admin_client.get("/admin/directory/lieu/").status_code == 200
    assert admin_client.get(f"/admin/directory/lieu/{full_lieu.pk}/change/").status_code == 200
    assert admin_client.get("/admin/directory/hub/").status_code == 200


# --- Words and hours (directory.pages) -------------------------------------------------------


def test_age_in_plain_french():
    today = datetime.date(2026, 11, 22)
    assert age_text(datetime.date(2026, 11, 22), today) == "aujourd'hui"
    assert age_text(datetime.date(2026, 11, 10), today) == "il y a 12 jours"
    assert age_text(datetime.date(2026, 3, 27), today) == "il y a 7 mois"
    assert age_text(datetime.date(2026, 3, 22), today) == "il y a 8 mois"
    assert age_text(datetime.date(2024, 10, 1), today) == "il y a 2 ans"


def test_status_sentences():
    wednesday_10 = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)
    open_place = LieuFactory.build(horaires="Mo-Fr 09:00-12:00")
    saturday_place = LieuFactory.build(horaires="Sa 10:00-12:00")
    unknown = LieuFactory.build(horaires="")

    def sentence(lieu):
        return status_text(opening_of(lieu, wednesday_10), wednesday_10).text

    assert sentence(open_place) == "Ouvert maintenant, jusqu'à 12 h"
    assert sentence(saturday_place) == "Fermé maintenant, ouvre samedi à 10 h"
    assert sentence(unknown) == "Horaires non renseignés"


def test_week_hours_from_the_osm_string():
    christmas_eve = datetime.datetime(2026, 12, 24, 8, 0, tzinfo=PARIS)

    week = week_hours("Mo-Fr 09:00-12:00,14:00-18:30; PH off", "Europe/Paris", christmas_eve)

    assert [day.label for day in week][:2] == ["jeudi 24 décembre", "vendredi 25 décembre"]
    assert week[0].text == "9 h – 12 h, 14 h – 18 h 30"
    assert week[0].is_today
    assert week[1].text == "fermé"  # Christmas, a public holiday
    assert week[2].text == "fermé"  # Saturday
    assert week_hours("not hours", "Europe/Paris", christmas_eve) is None
    assert week_hours("24/7", "Europe/Paris", christmas_eve)[0].text == "toute la journée"
