import pytest

from diagnostic.flow import skipped_questions, taps
from diagnostic.questionnaire import SKIP_RULES, VERSION, place_filter_questions
from diagnostic.rules import PROFILES
from diagnostic.scenarios import Scenario, bank_version, load_scenarios, run_all, run_scenario

SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(scenario):
    passed, actual = run_scenario(scenario)[:2]
    assert passed, f"{scenario.description}\nattendu : {scenario.expected}\nobtenu : {actual}"


def test_bank_is_reviewed_against_the_current_questionnaire():
    assert bank_version() == VERSION


def test_bank_is_large_and_well_formed():
    assert len(SCENARIOS) >= 30
    ids = [s.id for s in SCENARIOS]
    assert len(ids) == len(set(ids))
    for s in SCENARIOS:
        assert s.description and s.mode in ("moi", "accompagne")
        assert {"digital_level", "admin_level", "profiles", "first_service"} <= set(s.expected)


def test_bank_covers_every_profile_mode_level_and_skip_path():
    results = [run.evaluation for _, run in run_all()]
    assert {p.code for r in results for p in r.profiles} == set(PROFILES)
    assert {s.mode for s in SCENARIOS} == {"moi", "accompagne"}
    assert {r.digital_level for r in results} == {"N0", "N1", "N2", "N3"}
    assert {r.admin_level for r in results} == {"AA", "AP", "AC", "AD", "AR"}
    skip_codes = {rule.code for rule in SKIP_RULES}
    seen = {code for s in SCENARIOS for code in skipped_questions(s.answers).values()}
    assert seen == skip_codes
    assert any(len(r.profiles) == 2 for r in results) and any(len(r.profiles) == 1 for r in results)


def test_bank_covers_the_edge_cases():
    answers = [s.answers for s in SCENARIOS]
    results = {s.id: run.evaluation for s, run in run_all()}
    assert any(a["appareil"] == "aucun" for a in answers)
    assert any(a["internet"] == "jamais" for a in answers)
    assert any(a["internet"] == "arrete" for a in answers)
    assert any(a["urgence"] != "non" for a in answers)
    assert any(a["envie"] in ("oui_maintenant", "oui_plus_tard") for a in answers)
    assert any(a["envie"] in ("prefere_aide", "fait_pour_moi") for a in answers)
    # Wishes to learn but is afraid of mistakes: learning one-to-one, not in a workshop.
    afraid = [
        p
        for s in SCENARIOS
        if s.answers["envie"] == "oui_peur_erreur"
        for p in results[s.id].profiles
        if p.code == "apprendre"
    ]
    assert afraid
    assert all(
        p.filters["modalites_accompagnement"] == ("Accompagnement individuel",) for p in afraid
    )
    assert any(a["entourage"] == "non" for a in answers)
    assert any(a.get("besoins") for a in answers)
    assert any(a.get("age") for a in answers)
    assert any(r.priority for r in results.values())
    autonomous = [r for r in results.values() if [p.code for p in r.profiles] == ["autonome"]]
    assert autonomous


def test_every_scenario_fits_the_tap_budget():
    # Mode, questions and sending the commune; the optional place filters excluded (one tap
    # each, by choice).
    optional = {q.id for q in place_filter_questions()}
    paths = [{k: v for k, v in s.answers.items() if k not in optional} for s in SCENARIOS]
    assert max(taps(answers) for answers in paths) <= 16


def test_a_wrong_expectation_fails_and_shows_the_actual_result():
    scenario = Scenario(
        id="faux",
        description="Attendu volontairement faux.",
        mode="moi",
        answers=SCENARIOS[0].answers,
        expected={**SCENARIOS[0].expected, "profiles": ["equiper"]},
    )
    passed, actual = run_scenario(scenario)[:2]
    assert not passed
    assert actual["profiles"] == SCENARIOS[0].expected["profiles"]


def test_invalid_answers_fail_with_the_error_instead_of_crashing():
    scenario = Scenario("invalide", "Réponse manquante.", "moi", {"appareil": "aucun"}, {})
    passed, actual = run_scenario(scenario)[:2]
    assert not passed
    assert "internet" in actual["error"]
