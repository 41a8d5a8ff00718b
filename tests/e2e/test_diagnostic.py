"""The diagnostic in a real browser: personas through the whole flow in both modes, the result
and its printable sheet, the flow without JavaScript, commune suggestions, and axe on every
page of the flow. Also measures the common path: taps, and words on screen."""

import re

import pytest

from diagnostic import flow
from diagnostic.questionnaire import place_filter_questions
from diagnostic.scenarios import load_scenarios
from tests.diagnostic.helpers import DEMARCHES, OUTILS, place_near
from tests.diagnostic.personas import COMMON
from tests.e2e.viewports import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

ACCES = "Accès internet et matériel informatique"
MATERIEL = "Acquisition de matériel informatique à prix solidaire"
SECURITE = "Utilisation sécurisée du numérique"
SCENARIOS = {s.id: s for s in load_scenarios()}
LONG_HOURS = "Mo 14:00-17:00; Tu-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00; Sa 09:30-11:30"
# Three personas with different paths (all screens; no device; gate item not acquired).
PERSONAS = {
    "mediatheque-senior": ("internet-a-la-mediatheque-senior", ["accompagner", "apprendre"]),
    "sans-appareil": ("senior-sans-appareil-jamais-internet", ["equiper", "confiance"]),
    "renonce-seul": ("renonce-sans-entourage-veut-apprendre", ["confiance", "apprendre"]),
}
# Result pages kept as phone-width screenshots (E2E_SCREENSHOT_DIR) for the review.
SCREENSHOTS = {("mediatheque-senior", "moi"), ("sans-appareil", "accompagne")}
TITLES = {
    "equiper": "S'équiper et se connecter",
    "confiance": "Quelqu'un de confiance fait avec ou pour moi",
    "accompagner": "Être accompagné·e pour les démarches",
    "apprendre": "Apprendre à mon rythme",
    "autonome": "Je me débrouille",
}


@pytest.fixture
def places():
    """Places around Saint-Étienne for every suggestion, at known distances."""
    common = {
        "modalites_acces": ["Se présenter", "Téléphoner", "Prendre un RDV en ligne"],
        "telephone": "+33477000000",
        "horaires": "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00",
    }
    return [
        place_near(
            nom="France Services de Tarentaize",
            km_east=0.8,
            adresse="20 rue Jules Ledin",
            services=[DEMARCHES],
            dispositif_programmes_nationaux=["France Services", "Aidants Connect"],
            modalites_accompagnement=["Accompagnement individuel"],
            frais_a_charge=["Gratuit"],
            prise_rdv="https://rdv.example.fr/tarentaize",
            **common,
        ),
        place_near(
            nom="Point numérique CAF",
            km_east=2.5,
            adresse="3 avenue Émile Loubet",
            services=[DEMARCHES],
            dispositif_programmes_nationaux=["Point d'accès numérique CAF"],
            modalites_accompagnement=["Accompagnement individuel"],
            **common,
        ),
        place_near(
            nom="Médiathèque Carnot",
            km_east=1.5,
            adresse="2 boulevard Jules Janin",
            services=[OUTILS, SECURITE],
            modalites_accompagnement=["Dans un atelier collectif", "Accompagnement individuel"],
            frais_a_charge=["Gratuit"],
            **common,
        ),
        place_near(
            nom="Atelier numérique du Crêt de Roc",
            km_east=3.2,
            adresse="8 rue Vaillant-Couturier",
            services=[OUTILS],
            modalites_accompagnement=["Dans un atelier collectif"],
            frais_a_charge=["Payant"],
            **common,
        ),
        place_near(
            nom="Emmaüs Connect Saint-Étienne",
            km_east=1.1,
            adresse="12 rue de la Résistance",
            services=[MATERIEL, ACCES],
            modalites_accompagnement=["En autonomie"],
            frais_a_charge=["Gratuit sous condition"],
            **common,
        ),
    ]


def without_place_filters(answers):
    optional = {q.id for q in place_filter_questions()}
    return {k: v for k, v in answers.items() if k not in optional}


def words(page):
    """Words on screen in the main content (what a person may read)."""
    return len(page.locator("main").inner_text().split())


class Walk:
    """A person going through the flow: counts taps and the words of each screen."""

    def __init__(self, page):
        self.page = page
        self.taps = 0
        self.screens = []  # (title, words)

    def tap(self, locator):
        self.taps += 1
        locator.click()
        self.page.wait_for_load_state()

    def read(self):
        self.screens.append((self.page.title(), words(self.page)))


def walk_questions(page, answers, mode, *, check=None):
    """From /diagnostic/ to the commune screen; `check(page)` runs on every screen."""
    walk = Walk(page)
    page.goto("/diagnostic/")
    walk.read()
    if check:
        check(page)
    label = "Je réponds pour moi" if mode == "moi" else "Je remplis avec la personne"
    walk.tap(page.get_by_role("button", name=re.compile(label)))
    given = {}
    while (question := flow.next_question(given)) is not None:
        step = flow.progress(given)
        assert page.url.endswith(f"/diagnostic/question/{question.id}/")
        assert page.locator(".diag-progression__texte").inner_text() == (
            f"Question {step.step} sur {step.total}"
        )
        assert page.get_by_role("heading", level=1).inner_text() == question.text.in_mode(mode)
        walk.read()
        if check:
            check(page)
        walk.tap(page.locator(f'button[name="reponse"][value="{answers[question.id]}"]'))
        given[question.id] = answers[question.id]
    assert page.url.endswith("/diagnostic/commune/")
    return walk


def check_result(page, persona, mode):
    scenario_id, profiles = PERSONAS[persona]
    heading = "Ce qui peut vous aider" if mode == "moi" else "Ce qui peut aider la personne"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    titles = page.locator(".diag-proposition h2").all_inner_texts()
    assert [re.sub(r"^\d+\s*", "", t.strip()) for t in titles] == [TITLES[c] for c in profiles]
    intro = "Vous nous avez dit" if mode == "moi" else "La personne a dit"
    for sentence in page.locator(".diag-pourquoi").all_inner_texts():
        assert intro in sentence
    for section in page.locator(".diag-proposition").all():
        assert section.locator(".diag-lieu").count() >= 1, section.inner_text()
        first = section.locator(".diag-lieu").first
        assert re.search(r"À [\d,]+\s(m|km) · ", first.inner_text())
        assert first.locator("a[href^='/lieux/']").count() == 1
        assert section.get_by_role("link", name=re.compile("Voir plus de lieux")).count() == 1
    assert "Saint-Étienne (42)" in page.locator(".diag-ou").inner_text()


@pytest.mark.parametrize("mode", ["moi", "accompagne"])
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_personas_complete_the_flow_in_both_modes(page, places, persona, mode, save_screenshot):
    answers = SCENARIOS[PERSONAS[persona][0]].answers
    page.set_viewport_size(PHONE)
    walk = walk_questions(page, answers, mode)

    page.get_by_label("Commune ou code postal").fill("42000")
    walk.tap(page.get_by_role("button", name="Voir le résultat"))

    assert page.url.endswith("/diagnostic/resultat/")
    check_result(page, persona, mode)
    # The whole path of flow.taps (mode, answers, sending the commune); the persona's optional
    # place filters are not ticked here.
    assert walk.taps == flow.taps(without_place_filters(answers)) <= 16
    if (persona, mode) in SCREENSHOTS:
        save_screenshot(page, f"diagnostic-resultat-{persona}-{mode}-telephone")

    # The shareable link rebuilds the same result in another browser context.
    link = page.get_by_label("Lien de ce résultat").input_value()
    other = page.context.browser.new_context(viewport=PHONE)
    shared = other.new_page()
    shared.goto(link)
    check_result(shared, persona, mode)
    other.close()


def test_every_page_of_the_flow_is_accessible(page, places, assert_accessible, save_screenshot):
    page.set_viewport_size(PHONE)
    walk = walk_questions(page, COMMON, "accompagne", check=assert_accessible)

    walk.read()
    assert_accessible(page)
    save_screenshot(page, "diagnostic-commune-telephone")
    page.get_by_label("Commune ou code postal").fill("Saint-Denis")
    page.get_by_role("button", name="Voir le résultat").click()
    assert page.get_by_role("group", name=re.compile("Plusieurs communes")).is_visible()
    assert_accessible(page)  # the commune screen asking which commune
    page.get_by_label(re.compile(r"^Saint-Denis \(93\)")).check()
    page.get_by_label("Elle voit mal").check()
    page.get_by_label("60 ans ou plus").check()
    page.get_by_role("button", name="Voir le résultat").click()
    assert page.url.endswith("/diagnostic/resultat/")
    assert_accessible(page)
    page.get_by_role("link", name="Fiche à imprimer ou à garder").click()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert_accessible(page)
    page.emulate_media(media="screen")
    page.set_viewport_size(DESKTOP)  # the wide layout (two columns of buttons and actions)
    for url in ("/diagnostic/fiche/", "/diagnostic/resultat/", "/diagnostic/commune/"):
        page.goto(url)
        assert_accessible(page)
    for url in ("/diagnostic/", "/diagnostic/regles/", "/diagnostic/statistiques/"):
        page.goto(url)
        assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.goto("/diagnostic/resultat/?mode=moi&appareil=inconnu")
    assert_accessible(page)
    page.goto("/diagnostic/question/internet/")  # a question with its answer chosen
    assert page.locator(".diag-choix__bouton--choisi").count() == 1
    assert_accessible(page)


def test_common_path_taps_and_words_on_screen(page, places):
    """The measures of the report: taps and words of the longest common path."""
    walk = walk_questions(page, COMMON, "moi")
    walk.read()
    page.get_by_label("Commune ou code postal").fill("42000")
    walk.tap(page.get_by_role("button", name="Voir le résultat"))

    # 1 mode + 14 answers + 1 to send the commune (typed: 5 digits): the 16 or fewer.
    assert walk.taps == flow.taps(COMMON) == 16
    question_words = [n for title, n in walk.screens if title.startswith("Question")]
    assert len(question_words) == 14
    assert max(question_words) < 120  # each screen is short
    total = sum(n for _, n in walk.screens)
    print(f"\ncommon path: {walk.taps} taps, {total} words on screen before the result")
    for title, count in walk.screens:
        print(f"  {count:4d}  {title}")


def test_choices_are_large_touch_targets(page, places, save_screenshot):
    page.set_viewport_size(PHONE)
    page.goto("/diagnostic/")
    save_screenshot(page, "diagnostic-accueil-telephone")
    for button in page.locator(".diag-mode").all():
        assert button.bounding_box()["height"] >= 44
    page.get_by_role("button", name="Je réponds pour moi").click()
    save_screenshot(page, "diagnostic-question-telephone")
    for button in page.locator(".diag-choix__bouton").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300
    assert page.locator(".diag-retour a").bounding_box()["height"] >= 44
    icon = page.locator(".diag-choix__bouton img").first
    assert icon.evaluate("img => img.complete && img.naturalWidth > 0")
    assert icon.get_attribute("alt") == ""


def test_back_link_keeps_the_answers(page, places):
    page.goto("/diagnostic/")
    page.get_by_role("button", name="Je réponds pour moi").click()
    page.get_by_role("button", name="Un ordinateur").click()
    page.get_by_role("button", name="Oui, chez moi, mais ça coupe souvent").click()

    page.get_by_role("link", name="Question précédente").click()
    chosen = page.locator(".diag-choix__bouton--choisi")
    assert "Oui, chez moi, mais ça coupe souvent" in chosen.inner_text()
    page.get_by_role("link", name="Question précédente").click()
    assert "Un ordinateur" in page.locator(".diag-choix__bouton--choisi").inner_text()
    page.get_by_role("button", name="Un ordinateur").click()
    assert page.url.endswith("/diagnostic/question/email/")  # the next unanswered one


def test_commune_suggestions_with_javascript(page, places):
    walk_questions(page, COMMON, "moi")

    field = page.get_by_role("combobox", name="Commune ou code postal")
    field.press_sequentially("Saint-Éti", delay=30)
    option = page.get_by_role("option", name=re.compile(r"^Saint-Étienne \(42\)"))
    option.click()
    assert field.input_value() == "Saint-Étienne (42)"
    assert page.locator("#id_code_insee").input_value() == "42218"
    page.get_by_role("button", name="Voir le résultat").click()

    assert page.url.endswith("/diagnostic/resultat/")
    assert "Saint-Étienne (42)" in page.locator(".diag-ou").inner_text()


def test_the_whole_flow_works_without_javascript(page_nojs, places):
    page = page_nojs
    page.set_viewport_size(PHONE)
    walk = walk_questions(page, SCENARIOS["senior-sans-appareil-jamais-internet"].answers, "moi")
    assert walk.taps == 9  # mode + 8 screens: the skill questions are skipped

    page.get_by_label("Commune ou code postal").fill("saint etienne")
    page.get_by_label("Je me déplace difficilement").check()
    page.get_by_role("button", name="Voir le résultat").click()

    assert page.url.endswith("/diagnostic/resultat/")
    assert "Saint-Étienne (42)" in page.locator(".diag-ou").inner_text()
    assert page.locator(".diag-proposition").count() == 2
    assert not page.get_by_role("button", name="Copier le lien").is_visible()

    page.get_by_role("link", name="Changer de commune").first.click()
    page.get_by_label("Commune ou code postal").fill("01000")
    page.get_by_role("button", name="Voir le résultat").click()
    page.get_by_label(re.compile(r"^Bourg-en-Bresse \(01\)")).check()
    page.get_by_role("button", name="Voir le résultat").click()
    assert "Bourg-en-Bresse (01)" in page.locator(".diag-ou").inner_text()
    assert "Nous n'avons trouvé aucun lieu" in page.locator("main").inner_text()

    page.get_by_role("link", name="Fiche à imprimer ou à garder").click()
    assert not page.get_by_role("button", name="Imprimer").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Fiche d'orientation numérique"

    page.goto("/diagnostic/resultat/")
    page.get_by_role("button", name="Effacer mes réponses").click()
    assert page.get_by_role("status").inner_text() == "Vos réponses sont effacées."


def test_i_would_rather_not_say(page_nojs, places):
    walk_questions(page_nojs, COMMON, "moi")

    page_nojs.get_by_role("button", name="Je préfère ne pas le dire").click()

    assert page_nojs.locator(".diag-lieu").count() == 0
    assert "Vous n'avez pas indiqué de commune" in page_nojs.locator(".diag-ou").inner_text()


def test_printable_sheet_fits_one_a4_page(page, places, save_screenshot):
    # The longest sheet: two suggestions with three places each, long names and addresses.
    for n, km in enumerate((4, 5)):
        place_near(
            nom=f"Maison de services au public du quartier Montreynaud, antenne {n + 1}",
            km_east=km,
            adresse="Centre commercial de la Cotonne, 14 avenue de Rochetaillée, bâtiment B",
            services=[DEMARCHES],
            dispositif_programmes_nationaux=["Aidants Connect"],
            modalites_accompagnement=["Accompagnement individuel"],
            modalites_acces=["Se présenter", "Téléphoner", "Prendre un RDV en ligne"],
            telephone="+33477000001",
            prise_rdv="https://rdv.example.fr/montreynaud",
            horaires=LONG_HOURS,
        )
    place_near(
        nom="Atelier numérique intergénérationnel de la Cotonne et du Soleil",
        km_east=6,
        adresse="5 rue du Soleil, résidence Les Hauts de Terrenoire, entrée C",
        services=[OUTILS],
        modalites_accompagnement=["Dans un atelier collectif"],
        horaires="Mo,We,Fr 14:00-18:00",
    )
    walk_questions(page, SCENARIOS["renonce-sans-entourage-veut-apprendre"].answers, "accompagne")
    page.get_by_label("Commune ou code postal").fill("42000")
    page.get_by_role("button", name="Voir le résultat").click()
    page.get_by_role("link", name="Fiche à imprimer ou à garder").click()

    assert page.get_by_role("button", name="Imprimer").is_visible()  # with JavaScript
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Menu principal").is_visible()
    assert not page.get_by_role("button", name="Imprimer").is_visible()
    sheet = page.locator(".diag-fiche")
    text = sheet.inner_text()
    assert "Fiche d'orientation numérique" in text and "Faite le " in text
    assert "France Services de Tarentaize" in text and "04 77 00 00 00" in text
    assert "du lundi au vendredi" in text
    assert "Pourquoi" in text and "La personne a dit" in text
    save_screenshot(page, "diagnostic-fiche-impression")

    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the sheet takes {pages} A4 pages"

    # The result page prints without its menus and buttons too.
    page.goto("/diagnostic/resultat/")
    page.emulate_media(media="print")
    assert page.get_by_role("heading", level=1).is_visible()
    assert not page.locator(".diag-suite").is_visible()
