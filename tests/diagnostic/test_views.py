"""The diagnostic's web flow through HTTP: each step, going back, skips, the last screen, the
result, the shareable link, the sheet, erasing, and the rules page."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from diagnostic import flow, views
from diagnostic.models import WeeklyProfileCount, WeeklyUsage
from diagnostic.questionnaire import QUESTIONS, SKILL_ITEMS, VERSION
from diagnostic.scenarios import load_scenarios
from tests.diagnostic.helpers import (
    DEMARCHES,
    OUTILS,
    answer,
    answer_all,
    complete,
    place_near,
    start,
)
from tests.diagnostic.personas import COMMON, NO_DEVICE, answers

URGENT_ALONE = answers(
    COMMON,
    demarches="renonce",
    urgence="caf",
    entourage="non",
    allumer="guide",
)


def html(response):
    """The page, non-breaking spaces read as spaces (times and distances are unbreakable)."""
    return response.content.decode().replace("\xa0", " ")


def state(client):
    return client.session[views.SESSION_KEY]


# --- First page -----------------------------------------------------------------------------


def test_first_page_states_purpose_modes_and_what_is_kept(client):
    response = client.get("/diagnostic/")

    assert response.status_code == 200
    page = html(response)
    assert "<h1>Faire le point sur le numérique</h1>" in page
    assert 'name="mode" value="moi"' in page and "Je réponds pour moi" in page
    assert 'name="mode" value="accompagne"' in page
    assert "Je remplis avec la personne que j&#x27;accompagne" in page
    assert "Pas de compte" in page
    assert f"effacées {views.SESSION_HOURS}&nbsp;heures après le début" in page
    assert "Nous gardons seulement des nombres" in page
    assert 'href="/diagnostic/statistiques/"' in page
    assert 'href="/diagnostic/regles/"' in page
    assert "csrfmiddlewaretoken" in page
    assert "style=" not in page and "<style" not in page
    assert "<script>" not in page and re.search(r"<script(?![^>]*\bsrc=)", page) is None
    assert response["Cache-Control"].count("no-store")


def test_choosing_a_mode_starts_in_the_session_and_counts_one_start(client):
    response = start(client, "accompagne")

    assert response.status_code == 302
    assert response["Location"] == "/diagnostic/question/appareil/"
    saved = state(client)
    assert saved["mode"] == "accompagne" and saved["answers"] == {}
    assert saved["version"] == VERSION and saved["completed"] is False
    usage = WeeklyUsage.objects.get()
    assert (usage.mode, usage.started, usage.completed) == ("accompagne", 1, 0)


def test_session_expires_a_few_hours_after_the_start(client):
    start(client)

    expiry = client.session.get_expiry_date()
    expected = timezone.now() + datetime.timedelta(hours=views.SESSION_HOURS)
    assert abs((expiry - expected).total_seconds()) < 60


def test_starting_erases_expired_sessions(client):
    Session.objects.create(
        session_key="x" * 32,
        session_data="",
        expire_date=timezone.now() - datetime.timedelta(minutes=1),
    )

    start(client)

    assert not Session.objects.filter(session_key="x" * 32).exists()


def test_unknown_mode_is_refused(client):
    response = client.post("/diagnostic/commencer/", {"mode": "autre"})

    assert response.status_code == 400
    assert views.SESSION_KEY not in client.session


def test_questions_need_a_started_diagnostic(client):
    response = client.get("/diagnostic/question/appareil/")

    assert response.status_code == 302 and response["Location"] == "/diagnostic/"


# --- One question per screen ----------------------------------------------------------------


def test_question_screen_in_each_mode(client):
    start(client, "moi")
    page = html(client.get("/diagnostic/question/appareil/"))

    assert "<h1>Quel appareil utilisez-vous le plus souvent ?</h1>" in page
    assert "<legend><h1>" in page
    assert "Question 1 sur 14" in page
    assert '<progress max="14" value="1"' in page
    assert 'href="/diagnostic/">Retour au début</a>' in page
    assert page.count('type="submit" name="reponse"') == 4
    assert 'value="smartphone"' in page and "Un smartphone" in page
    assert 'src="/static/img/diagnostic/smartphone.svg" alt=""' in page
    assert "csrfmiddlewaretoken" in page
    assert "style=" not in page

    client.post("/diagnostic/commencer/", {"mode": "accompagne"})
    page = html(client.get("/diagnostic/question/appareil/"))
    assert "<h1>Quel appareil la personne utilise-t-elle le plus souvent ?</h1>" in page


def test_each_answer_leads_to_the_next_question_and_is_kept_in_the_session(client):
    start(client)

    response = answer(client, "appareil", "smartphone")
    assert response["Location"] == "/diagnostic/question/internet/"
    response = answer(client, "internet", "oui_maison")
    assert response["Location"] == "/diagnostic/question/email/"

    assert state(client)["answers"] == {"appareil": "smartphone", "internet": "oui_maison"}
    page = html(client.get("/diagnostic/question/email/"))
    assert "Question 3 sur 14" in page
    assert 'href="/diagnostic/question/internet/">Question précédente</a>' in page


def test_back_link_shows_the_previous_answer_and_keeps_the_others(client):
    start(client)
    for question_id in ("appareil", "internet", "email", "allumer"):
        answer(client, question_id, COMMON[question_id])

    page = html(client.get("/diagnostic/question/internet/"))
    chosen = re.search(r'value="oui_maison" class="([^"]+)"', page)
    assert "diag-choix__bouton--choisi" in chosen.group(1)
    assert "Réponse choisie" in page
    assert "Question 2 sur 14" in page

    response = answer(client, "internet", "oui_limite")
    assert response["Location"] == "/diagnostic/question/chercher/"  # next unanswered one
    kept = state(client)["answers"]
    assert kept["internet"] == "oui_limite"
    assert kept["email"] == "oui_seul" and kept["allumer"] == "seul"


def test_no_device_skips_the_skill_questions(client):
    start(client)
    answer(client, "appareil", "aucun")
    answer(client, "internet", "jamais")
    response = answer(client, "email", "non")

    assert response["Location"] == "/diagnostic/question/demarches/"
    page = html(client.get("/diagnostic/question/demarches/"))
    assert "Question 4 sur 8" in page
    assert 'href="/diagnostic/question/email/">Question précédente</a>' in page
    for item in SKILL_ITEMS:  # a link to a skipped question leads back on the path
        response = client.get(f"/diagnostic/question/{item}/")
        assert response["Location"] == "/diagnostic/question/demarches/"


def test_switching_on_with_a_guide_skips_the_harder_skills(client):
    start(client)
    for question_id in ("appareil", "internet", "email"):
        answer(client, question_id, COMMON[question_id])
    answer(client, "allumer", "guide")
    answer(client, "chercher", "guide")
    response = answer(client, "message", "guide")

    assert response["Location"] == "/diagnostic/question/demarches/"
    assert "Question 7 sur 11" in html(client.get("/diagnostic/question/demarches/"))


def test_coming_back_on_a_skip_shows_the_skipped_questions_again_filled_in(client):
    start(client)
    for question_id in ("appareil", "internet", "email", *SKILL_ITEMS):
        answer(client, question_id, COMMON[question_id])
    answer(client, "appareil", "aucun")  # now the skills are skipped…
    assert client.get("/diagnostic/question/allumer/").status_code == 302

    answer(client, "appareil", "smartphone")  # …and back: their answers were kept
    page = html(client.get("/diagnostic/question/allumer/"))
    assert re.search(r'value="seul" class="[^"]*--choisi', page)


def test_a_question_further_on_cannot_be_jumped_to(client):
    start(client)

    response = client.get("/diagnostic/question/entourage/")
    assert response["Location"] == "/diagnostic/question/appareil/"
    response = answer(client, "entourage", "non")
    assert response["Location"] == "/diagnostic/question/appareil/"
    assert state(client)["answers"] == {}


def test_unknown_question_and_unknown_answer(client):
    start(client)

    assert client.get("/diagnostic/question/inconnue/").status_code == 404
    assert client.get("/diagnostic/question/besoins/").status_code == 404  # last screen only
    response = answer(client, "appareil", "telephone_fixe")
    assert response.status_code == 400
    assert "Choisissez une réponse pour continuer." in html(response)
    response = client.post("/diagnostic/question/appareil/", {})
    assert response.status_code == 400
    assert state(client)["answers"] == {}


# --- Last screen ----------------------------------------------------------------------------


def test_after_the_last_question_comes_the_commune_screen(client):
    response = answer_all(client, COMMON)

    assert response["Location"] == "/diagnostic/commune/"
    page = html(client.get("/diagnostic/commune/"))
    assert "Près de quelle commune chercher un lieu" in page
    assert 'name="commune"' in page and 'name="code_insee"' in page
    assert 'data-suggestions="/api/communes/"' in page
    assert page.count('name="besoins"') == 7 and "Je vois mal" in page
    assert page.count('name="age"') == 4
    assert "Je préfère ne pas le dire" in page
    assert 'href="/diagnostic/question/entourage/">Question précédente</a>' in page


def test_common_web_path_is_16_taps_counted_through_http(client):
    """Every request a tap makes: the mode button, one answer button per screen, and the
    button that sends the commune (typed, not tapped). 1 + 14 + 1 = 16 (issue: 16 or fewer)."""
    taps = 0
    response = start(client)
    taps += 1
    while response["Location"].startswith("/diagnostic/question/"):
        question_id = response["Location"].split("/")[-2]
        response = answer(client, question_id, COMMON[question_id])
        taps += 1
    assert response["Location"] == "/diagnostic/commune/"
    response = client.post("/diagnostic/commune/", {"commune": "42000"})
    taps += 1
    assert response["Location"] == "/diagnostic/resultat/"
    assert taps == flow.taps(COMMON) == 16


def test_a_session_of_the_previous_version_starts_afresh(client):
    answer_all(client, COMMON)
    session = client.session
    session[views.SESSION_KEY] = {**session[views.SESSION_KEY], "version": "2026-11-1"}
    session.save()

    response = client.get("/diagnostic/resultat/")
    assert response.status_code == 302 and response["Location"] == "/diagnostic/"


def test_commune_screen_needs_a_complete_diagnostic(client):
    start(client)
    answer(client, "appareil", "smartphone")

    response = client.get("/diagnostic/commune/")
    assert response["Location"] == "/diagnostic/question/internet/"


def test_postal_code_of_one_commune_goes_to_the_result(client):
    response = complete(
        client, COMMON, commune="42000", besoins=["voir", "bouger"], age="60_ou_plus"
    )

    assert response.status_code == 302 and response["Location"] == "/diagnostic/resultat/"
    saved = state(client)
    assert saved["place"] == {"code_insee": "42218", "label": "Saint-Étienne (42)"}
    assert saved["answers"]["besoins"] == ["voir", "bouger"]
    assert saved["answers"]["age"] == "60_ou_plus"
    assert saved["completed"] is True


def test_a_name_shared_by_several_communes_asks_which_one(client):
    answer_all(client, COMMON)

    response = client.post("/diagnostic/commune/", {"commune": "Saint-Denis"})
    assert response.status_code == 400
    page = html(response)
    assert "Plusieurs communes peuvent correspondre. Laquelle" in page
    assert 'name="code_insee" value="93066"' in page and "Saint-Denis (93)" in page
    assert "Saint-Denis (974)" in page

    response = client.post(
        "/diagnostic/commune/", {"commune": "Saint-Denis", "code_insee": "93066"}
    )
    assert response["Location"] == "/diagnostic/resultat/"
    assert state(client)["place"]["label"] == "Saint-Denis (93)"


def test_a_postal_code_of_several_communes_asks_which_one(client):
    answer_all(client, COMMON)

    page = html(client.post("/diagnostic/commune/", {"commune": "01000"}))
    assert "Bourg-en-Bresse (01)" in page and "Saint-Denis-lès-Bourg (01)" in page


def test_a_misspelt_name_is_never_taken_without_asking(client):
    answer_all(client, COMMON)

    response = client.post("/diagnostic/commune/", {"commune": "Marseile"})
    assert response.status_code == 400
    assert 'name="code_insee" value="13055"' in html(response)
    assert state(client)["place"] is None


def test_suggestion_label_with_departement_is_understood_without_its_code(client):
    answer_all(client, COMMON)

    response = client.post("/diagnostic/commune/", {"commune": "Saint-Denis (93)"})
    assert response["Location"] == "/diagnostic/resultat/"
    assert state(client)["place"]["code_insee"] == "93066"


def test_unknown_commune_and_empty_field_are_explained(client):
    answer_all(client, COMMON)

    response = client.post("/diagnostic/commune/", {"commune": "Qwxzq"})
    assert response.status_code == 400
    assert "Nous ne trouvons pas de commune" in html(response)
    assert 'aria-invalid="true"' in html(response)
    response = client.post("/diagnostic/commune/", {"commune": ""})
    assert response.status_code == 400
    assert "Indiquez une commune ou un code postal" in html(response)
    assert state(client)["place"] is None


def test_i_would_rather_not_say_gives_a_result_without_places(client):
    place_near(services=[DEMARCHES, OUTILS])
    answer_all(client, COMMON)

    response = client.post("/diagnostic/commune/", {"commune": "", "sans_commune": "1"})
    assert response["Location"] == "/diagnostic/resultat/"
    page = html(client.get("/diagnostic/resultat/"))
    assert "Vous n'avez pas indiqué de commune" in page
    assert "diag-lieu" not in page
    assert "Apprendre à mon rythme" in page


# --- Result ---------------------------------------------------------------------------------


def test_result_page_for_a_person_who_wants_to_learn(client):
    near = place_near(
        nom="Médiathèque Tarentaize",
        km_east=1.2,
        services=[OUTILS],
        modalites_accompagnement=["Dans un atelier collectif"],
        modalites_acces=["Se présenter", "Téléphoner", "Prendre un RDV en ligne"],
        telephone="+33477000000",
        prise_rdv="https://rdv.example.fr/tarentaize",
        adresse="20 rue Jules Ledin",
        horaires="Mo-Su 00:00-24:00",
    )
    place_near(nom="Hors critères", km_east=0.5, services=[OUTILS])  # no collective workshop
    complete(client, COMMON)

    response = client.get("/diagnostic/resultat/")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>Ce qui peut vous aider</h1>" in page
    assert "Apprendre à mon rythme" in page
    assert "Vous nous avez dit que vous aimeriez apprendre" in page
    assert "Lieux près de <strong>Saint-Étienne (42)</strong>" in page
    assert f'<a href="/lieux/{near.pk}/">Médiathèque Tarentaize</a>' in page
    assert "À 1,2 km · 20 rue Jules Ledin, 42000 Saint-Étienne" in page
    assert "Ouvert maintenant" in page
    assert 'href="tel:+33477000000">04 77 00 00 00</a>' in page
    assert 'href="https://rdv.example.fr/tarentaize">Prendre rendez-vous en ligne<' in page
    assert "Se présenter sur place" in page
    assert "Hors critères" not in page
    links = re.findall(r'href="(/annuaire/\?[^"]+)">Voir plus de lieux', page)
    assert len(links) == 2  # one per suggestion: "accompagner", then "apprendre"
    params = parse_qs(urlparse(links[1].replace("&amp;", "&")).query)
    assert params["code_insee"] == ["42218"]
    assert OUTILS in params["services"]
    assert 'href="/diagnostic/commune/">Changer de commune</a>' in page
    assert 'href="/diagnostic/fiche/"' in page
    assert "Effacer mes réponses" in page
    assert "style=" not in page


def test_result_in_assisted_mode_speaks_about_the_person(client):
    complete(client, URGENT_ALONE, mode="accompagne")

    page = html(client.get("/diagnostic/resultat/"))
    assert "<h1>Ce qui peut aider la personne</h1>" in page
    assert "La personne a dit qu&#x27;elle a une démarche urgente pour la CAF" in page
    assert "À faire bientôt" in page


def test_free_places_come_first_among_the_nearest(client):
    paying = place_near(
        nom="Payant proche", km_east=1, services=[OUTILS], frais_a_charge=["Payant"]
    )
    paying.modalites_accompagnement = ["Dans un atelier collectif"]
    paying.save()
    free = place_near(
        nom="Gratuit un peu plus loin",
        km_east=1.8,
        services=[OUTILS],
        frais_a_charge=["Gratuit"],
        modalites_accompagnement=["Dans un atelier collectif"],
    )
    complete(client, COMMON)

    page = html(client.get("/diagnostic/resultat/"))
    assert page.index(free.nom) < page.index(paying.nom)
    assert "Gratuit</span>" in page


def test_online_booking_is_only_offered_with_its_address(client):
    place_near(
        nom="Sans lien de rendez-vous",
        services=[OUTILS],
        modalites_accompagnement=["Dans un atelier collectif"],
        modalites_acces=["Prendre un RDV en ligne", "Se présenter"],
    )
    complete(client, COMMON)

    page = html(client.get("/diagnostic/resultat/"))
    assert "Sans lien de rendez-vous" in page and "Se présenter sur place" in page
    assert "Prendre rendez-vous en ligne" not in page


def test_nothing_within_20_km_widens_to_50_km_and_says_so(client):
    far = place_near(
        nom="Lieu à 30 km",
        km_east=30,
        services=[OUTILS],
        modalites_accompagnement=["Dans un atelier collectif"],
    )
    complete(client, COMMON)

    page = html(client.get("/diagnostic/resultat/"))
    assert far.nom in page
    assert (
        "Il n&#x27;y a pas de lieu à moins de 20 km : nous avons cherché jusqu&#x27;à 50 km."
        in page
    )
    assert "rayon_km=50" in page


def test_without_the_programmes_of_a_suggestion_places_offering_the_service_are_shown(client):
    plain = place_near(nom="Permanence de la mairie", km_east=2, services=[DEMARCHES])
    complete(client, COMMON)

    page = html(client.get("/diagnostic/resultat/"))
    assert plain.nom in page
    assert (
        "Aucun lieu proche n&#x27;a tous les critères (France Services, Point d&#x27;accès "
        "numérique de la CAF ou Conseillers numériques)."
    ) in page


def test_result_page_needs_few_queries(client, django_assert_max_num_queries):
    for n in range(8):
        place_near(
            nom=f"Lieu {n}",
            km_east=n,
            services=[DEMARCHES, OUTILS],
            dispositif_programmes_nationaux=["France Services"],
            modalites_accompagnement=["Dans un atelier collectif"],
        )
    complete(client, COMMON)

    with django_assert_max_num_queries(6):  # session, commune × 2, one search per suggestion
        response = client.get("/diagnostic/resultat/")
    assert html(response).count('class="diag-lieu"') == 6


def test_without_any_place_the_result_says_so(client):
    complete(client, COMMON)

    page = html(client.get("/diagnostic/resultat/"))
    assert "Nous n&#x27;avons trouvé aucun lieu à moins de 50 km" in page


def test_specific_needs_are_dropped_when_no_place_meets_them_and_it_is_said(client):
    place_near(
        nom="Atelier sans accueil adapté",
        services=[OUTILS],
        modalites_accompagnement=["Dans un atelier collectif"],
    )
    complete(client, COMMON, commune="42000", besoins=["entendre"])

    page = html(client.get("/diagnostic/resultat/"))
    assert "Atelier sans accueil adapté" in page
    assert (
        "Aucun lieu proche n&#x27;indique un accueil adapté (personnes sourdes ou malentendantes)"
        in page
    )


def test_result_needs_a_finished_diagnostic(client):
    assert client.get("/diagnostic/resultat/")["Location"] == "/diagnostic/"
    answer_all(client, COMMON)
    assert client.get("/diagnostic/resultat/")["Location"] == "/diagnostic/commune/"


def test_nothing_but_the_anonymous_counters_is_written(client):
    place_near(services=[OUTILS], modalites_accompagnement=["Dans un atelier collectif"])
    counters = {WeeklyUsage, WeeklyProfileCount, Session}
    models = [m for m in apps.get_models() if m not in counters and not m._meta.proxy]
    before = {m: m.objects.count() for m in models}

    complete(client, COMMON, commune="42000", besoins=["voir"], age="60_ou_plus")
    client.get("/diagnostic/resultat/")
    client.get("/diagnostic/fiche/")

    assert {m: m.objects.count() for m in models} == before
    field_names = {f.name for m in (WeeklyUsage, WeeklyProfileCount) for f in m._meta.fields}
    assert not field_names & {"ip", "user_agent", "session_key", "session", "answers", "commune"}


# --- Shareable link and sheet ---------------------------------------------------------------


def share_url(page):
    url = re.search(r'id="lien-partage" value="([^"]+)"', page).group(1)
    return url.replace("&amp;", "&")


def test_shareable_link_carries_only_codes_and_rebuilds_the_result(client):
    place_near(
        nom="Atelier partagé",
        services=[OUTILS],
        modalites_accompagnement=["Dans un atelier collectif"],
    )
    complete(client, COMMON, commune="Saint-Étienne", besoins=["voir"])
    page = html(client.get("/diagnostic/resultat/"))
    url = share_url(page)

    params = parse_qs(urlparse(url).query)
    assert params.pop("v") == [VERSION] and params.pop("mode") == ["moi"]
    assert params.pop("code_insee") == ["42218"]
    assert params.pop("besoins") == ["voir"]
    assert params == {k: [v] for k, v in COMMON.items()}
    assert "Saint" not in url  # the commune as typed is never carried

    other = Client()
    before = list(WeeklyUsage.objects.values_list("started", "completed"))
    response = other.get(url)
    assert response.status_code == 200
    shared = html(response)
    assert "Apprendre à mon rythme" in shared and "Atelier partagé" in shared
    assert "Effacer mes réponses" not in shared
    assert views.SESSION_KEY not in other.session
    assert list(WeeklyUsage.objects.values_list("started", "completed")) == before


def test_broken_shareable_link_is_explained(client):
    response = client.get("/diagnostic/resultat/", {"mode": "moi", "v": "1999-1", "appareil": "x"})

    assert response.status_code == 400
    page = html(response)
    assert "Ce lien ne permet pas d'afficher un résultat" in page
    assert "version 1999-1" in page


def test_shared_link_of_the_previous_version_says_so_instead_of_a_result(client):
    # Made with 2026-11-1 (two questions "envie" and "confiance"): its "envie" code is still
    # valid, but the fear of mistakes it carried in "confiance" would be silently lost.
    old = {**COMMON, "envie": "oui_maintenant", "confiance": "peur_erreur"}
    for url in ("/diagnostic/resultat/", "/diagnostic/fiche/", "/diagnostic/commune/"):
        response = client.get(url, {"v": "2026-11-1", "mode": "moi", **old})
        assert response.status_code == 400, url
        page = html(response)
        assert "Ce lien ne permet pas d'afficher un résultat" in page
        assert "(version 2026-11-1" in page and f"la version actuelle est {VERSION})" in page
        assert "Les questions ont changé depuis" in page
        assert 'href="/diagnostic/"' in page
    assert views.SESSION_KEY not in client.session


def test_a_form_of_a_shared_link_of_the_previous_version_is_refused(client):
    data = {**COMMON, "v": "2026-11-1", "mode": "moi", "commune": "42000"}
    response = client.post("/diagnostic/commune/", data)
    assert response.status_code == 400
    assert "version 2026-11-1" in html(response)


def test_changing_the_commune_of_a_shared_result(client):
    query = views.share_query("moi", COMMON, "42218")
    response = client.get("/diagnostic/resultat/?" + query)
    link = re.search(r'href="(/diagnostic/commune/\?[^"]+)">Changer', html(response)).group(1)

    page = html(client.get(link.replace("&amp;", "&")))
    assert '<input type="hidden" name="mode" value="moi">' in page
    assert '<input type="hidden" name="appareil" value="smartphone">' in page
    data = {k: v for k, v in COMMON.items()} | {"mode": "moi", "commune": "93200"}
    response = client.post("/diagnostic/commune/", data)
    assert response.status_code == 302
    params = parse_qs(urlparse(response["Location"]).query)
    assert params["code_insee"] == ["93066"]
    assert views.SESSION_KEY not in client.session


def test_printable_sheet_has_the_profiles_places_and_a_date_and_nothing_personal(client):
    place_near(
        nom="Espace numérique",
        services=[OUTILS],
        modalites_accompagnement=["Dans un atelier collectif"],
        telephone="+33477111111",
        horaires="Mo-Fr 09:00-12:00; Sa 10:00-12:00",
        adresse="3 place de l'Hôtel de ville",
    )
    complete(client, COMMON, commune="42000", age="60_ou_plus")

    response = client.get("/diagnostic/fiche/")
    assert response.status_code == 200
    page = html(response)
    assert "Fiche d'orientation numérique" in page
    assert f"Faite le {timezone.localdate().day} " in page
    assert "Apprendre à mon rythme" in page and "Pourquoi" in page
    assert "Espace numérique" in page and "3 place de l&#x27;Hôtel de ville" in page
    assert 'href="tel:+33477111111">04 77 11 11 11</a>' in page
    assert "du lundi au vendredi, 9 h – 12 h" in page and "samedi, 10 h – 12 h" in page
    assert "Cette fiche ne contient ni nom ni information personnelle" in page
    assert 'class="diag-bouton js-imprimer" hidden' in page
    assert "60 ans" not in page


def test_sheet_of_a_shared_link_needs_no_session(client):
    query = views.share_query("accompagne", NO_DEVICE)

    response = client.get("/diagnostic/fiche/?" + query)
    assert response.status_code == 200
    assert "S&#x27;équiper et se connecter" in html(response)


# --- Erasing and starting again -------------------------------------------------------------


def test_erasing_removes_the_answers_from_the_session(client):
    complete(client, COMMON)

    response = client.post("/diagnostic/effacer/")
    assert response["Location"] == "/diagnostic/?efface=1"
    assert views.SESSION_KEY not in client.session
    assert "Vos réponses sont effacées." in html(client.get(response["Location"]))
    assert client.get("/diagnostic/resultat/")["Location"] == "/diagnostic/"


def test_first_page_offers_to_resume_or_erase_a_started_diagnostic(client):
    start(client)
    answer(client, "appareil", "smartphone")

    page = html(client.get("/diagnostic/"))
    assert "Un questionnaire est déjà commencé sur cet appareil" in page
    assert 'href="/diagnostic/question/internet/">Reprendre où j\'en étais</a>' in page

    # Choosing a mode again keeps the answers and counts no new start.
    response = start(client, "accompagne")
    assert response["Location"] == "/diagnostic/question/internet/"
    assert state(client)["answers"] == {"appareil": "smartphone"}
    assert WeeklyUsage.objects.get(mode="moi").started == 1
    assert not WeeklyUsage.objects.filter(mode="accompagne").exists()


def test_redoing_after_a_result_starts_afresh(client):
    complete(client, COMMON)

    assert "Un résultat est déjà enregistré" in html(client.get("/diagnostic/"))
    response = start(client)
    assert response["Location"] == "/diagnostic/question/appareil/"
    assert state(client)["answers"] == {}


# --- Transparency page ----------------------------------------------------------------------


def test_rules_page_shows_questions_rules_and_every_scenario_with_its_status(client):
    response = client.get("/diagnostic/regles/")

    assert response.status_code == 200
    page = html(response)
    for question in QUESTIONS:
        assert question.text.you.replace("'", "&#x27;") in page
        assert question.text.person.replace("'", "&#x27;") in page
    scenarios = load_scenarios()
    for scenario in scenarios:
        assert f'id="scenario-{scenario.id}"' in page
    assert page.count("Vérifié : résultat attendu") == len(scenarios)
    assert f"<strong>{len(scenarios)} sur {len(scenarios)}</strong>" in page
    assert "Je me débrouille" in page and "Aidants Connect" in page
    assert "Un savoir-faire est acquis" in page
    assert "compte comme s&#x27;il était 2 fois plus près" in page
    assert "Sans appareil, ou sans internet en ce moment" in page


@pytest.mark.parametrize("url", ["/diagnostic/regles/", "/diagnostic/statistiques/"])
def test_public_pages_need_no_session(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert views.SESSION_KEY not in client.session
