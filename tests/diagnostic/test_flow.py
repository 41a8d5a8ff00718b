import pytest

from diagnostic import flow
from diagnostic.flow import InvalidAnswers, validate_answers, with_answer
from diagnostic.questionnaire import (
    ADVANCED_SKILL_ITEMS,
    SKILL_ITEMS,
    diagnostic_questions,
    place_filter_questions,
)
from diagnostic.scenarios import load_scenarios

from .personas import COMMON, NO_DEVICE, answers

MAX_TAPS = 16
SCREENS = [q.id for q in diagnostic_questions()]
PLACE_FILTER_IDS = {q.id for q in place_filter_questions()}


def walk(target):
    """Answer question after question as the web flow would, returning the ids shown."""
    shown, current = [], {}
    while (question := flow.next_question(current)) is not None:
        shown.append(question.id)
        current = with_answer(current, question.id, target[question.id])
    return shown, current


# --- Navigation ---


def test_the_common_path_shows_every_screen_in_order():
    shown, final = walk(COMMON)
    assert shown == SCREENS
    assert flow.is_complete(final)
    assert validate_answers(final, "moi") == COMMON


def test_no_device_skips_the_six_skill_screens():
    shown, _ = walk(NO_DEVICE)
    assert shown == [q for q in SCREENS if q not in SKILL_ITEMS]
    assert flow.skipped_questions(NO_DEVICE) == {item: "sans_acces" for item in SKILL_ITEMS}
    assert flow.inferred_answers(NO_DEVICE) == {}  # not assessed, not zero


@pytest.mark.parametrize("internet", ["jamais", "arrete"])
def test_no_internet_now_skips_the_skills_too(internet):
    assert set(flow.skipped_questions(answers(internet=internet))) == set(SKILL_ITEMS)


@pytest.mark.parametrize("internet", ["oui_maison", "oui_limite", "oui_ailleurs"])
def test_internet_somewhere_with_a_device_asks_the_skills(internet):
    assert flow.skipped_questions(answers(internet=internet)) == {}


@pytest.mark.parametrize("gate", ["guide", "ne_sait_pas"])
def test_gate_not_acquired_skips_the_harder_items_inferred_not_acquired(gate):
    current = answers(allumer=gate)
    assert flow.skipped_questions(current) == dict.fromkeys(
        ADVANCED_SKILL_ITEMS, "allumer_difficile"
    )
    assert flow.inferred_answers(current) == dict.fromkeys(ADVANCED_SKILL_ITEMS, "ne_sait_pas")
    shown, _ = walk(current)
    assert "chercher" in shown and "message" in shown
    assert not set(ADVANCED_SKILL_ITEMS) & set(shown)


@pytest.mark.parametrize("gate", ["seul", "peu_aide"])
def test_gate_acquired_asks_everything(gate):
    assert flow.skipped_questions(answers(allumer=gate)) == {}


def test_going_back_keeps_every_answer():
    current = dict(COMMON)
    question = flow.previous_question(current, "demarches")
    assert question.id == "probleme"
    assert flow.previous_question(current, "appareil") is None
    # Changing the device to "aucun" skips the skills but forgets nothing.
    changed = with_answer(current, "appareil", "aucun")
    assert changed["allumer"] == "seul"
    assert "allumer" not in flow.effective_answers(changed)
    assert flow.previous_question(changed, "demarches").id == "email"
    # Changing back brings the skill answers back, already filled in.
    restored = with_answer(changed, "appareil", "smartphone")
    assert flow.effective_answers(restored) == COMMON
    assert current == COMMON  # with_answer never mutates


def test_next_question_is_the_first_unanswered_on_the_path():
    assert flow.next_question({}).id == "appareil"
    partial = answers(allumer=None, chercher=None)
    assert flow.next_question(partial).id == "allumer"
    assert flow.next_question(answers(NO_DEVICE, demarches=None)).id == "demarches"


def test_reachable_only_up_to_the_next_question():
    partial = {"appareil": "smartphone", "internet": "oui_maison"}
    assert flow.is_reachable(partial, "appareil")
    assert flow.is_reachable(partial, "email")
    assert not flow.is_reachable(partial, "allumer")
    assert not flow.is_reachable(NO_DEVICE, "allumer")  # skipped
    assert not flow.is_reachable(partial, "besoins")  # asked with the commune
    assert not flow.is_reachable(partial, "inconnue")


def test_progress_counts_screens_on_the_current_path():
    start = flow.progress({})
    assert (start.step, start.total, start.answered, start.percent) == (1, 14, 0, 0)
    after_device = flow.progress({"appareil": "aucun"})
    assert (after_device.step, after_device.total) == (2, 8)
    done = flow.progress(COMMON)
    assert (done.step, done.total, done.percent) == (14, 14, 100)


def test_skipping_an_optional_multiple_choice_removes_the_answer():
    current = with_answer(COMMON, "besoins", ["voir", "anglais"])
    assert current["besoins"] == ("anglais", "voir")  # choice order, no duplicates
    assert "besoins" not in with_answer(current, "besoins", [])


def test_with_answer_rejects_unknown_questions_and_codes():
    with pytest.raises(InvalidAnswers) as error:
        with_answer({}, "appareil", "fusee")
    assert error.value.question_id == "appareil"
    with pytest.raises(InvalidAnswers) as error:
        with_answer({}, "couleur", "bleu")
    assert error.value.question_id == "couleur"


# --- Validation ---


def problems(given, mode="moi"):
    with pytest.raises(InvalidAnswers) as error:
        validate_answers(given, mode)
    assert isinstance(error.value, ValueError)
    return [(p.question_id, p.kind) for p in error.value.problems]


def test_validation_names_the_question_and_what_is_wrong():
    assert problems(answers(appareil="fusee")) == [("appareil", "choix_inconnu")]
    assert problems(answers(couleur="bleu")) == [("couleur", "question_inconnue")]
    assert problems(answers(envie=None)) == [("envie", "reponse_manquante")]
    assert problems(answers(email=["non"])) == [("email", "une_seule_reponse")]
    assert problems(answers(email=3)) == [("email", "format")]
    assert problems(answers(besoins="voir")) == [("besoins", "format")]
    assert problems(answers(besoins=["voir", "voler"])) == [("besoins", "choix_inconnu")]
    assert problems(COMMON, mode="robot") == [("mode", "format")]
    assert problems([("appareil", "smartphone")]) == [("answers", "format")]


def test_validation_reports_every_problem_with_a_readable_message():
    with pytest.raises(InvalidAnswers) as error:
        validate_answers(answers(appareil="fusee", envie=None), "accompagne")
    found = error.value.to_dict()["errors"]
    assert [e["question"] for e in found] == ["appareil", "envie"]
    assert "« fusee » n'est pas un choix possible" in found[0]["message"]
    assert "smartphone, ordinateur, tablette, aucun" in found[0]["message"]
    assert "appareil" in str(error.value) and "envie" in str(error.value)


def test_missing_skills_are_required_only_when_asked():
    assert problems(answers(chercher=None)) == [("chercher", "reponse_manquante")]
    validate_answers(NO_DEVICE, "moi")  # no skill answer needed
    validate_answers(answers(allumer="guide", document=None, securite=None, probleme=None), "moi")


def test_answers_to_skipped_questions_are_ignored_not_reported():
    stale = answers(NO_DEVICE, allumer="seul", document="seul")
    assert validate_answers(stale, "moi") == NO_DEVICE


def test_optional_questions_may_be_left_out_or_empty():
    assert validate_answers(answers(besoins=[]), "moi") == COMMON
    assert validate_answers(answers(age="60_ou_plus"), "moi")["age"] == "60_ou_plus"


# --- Measures of the tool ---


def without_place_filters(given):
    return {k: v for k, v in given.items() if k not in PLACE_FILTER_IDS}


def test_common_path_takes_16_taps_or_fewer_from_mode_to_commune():
    # The whole web path: 1 mode + 14 one-tap screens + 1 to send the commune.
    assert len(SCREENS) == 14
    assert flow.taps(COMMON) == 1 + 14 + 1 == MAX_TAPS
    assert flow.taps(NO_DEVICE) == 1 + 8 + 1
    assert flow.taps(answers(allumer="guide")) == 1 + 11 + 1


def test_counting_the_taps_by_walking_the_flow():
    shown, final = walk(COMMON)
    assert 1 + len(shown) + 1 == flow.taps(final) <= MAX_TAPS


def test_optional_place_filters_add_one_tap_each():
    assert flow.taps(answers(age="60_ou_plus")) == MAX_TAPS + 1
    assert flow.taps(answers(besoins=("lire", "voir"), age="moins_26")) == MAX_TAPS + 3


def test_every_scenario_path_fits_the_tap_budget():
    for scenario in load_scenarios():
        assert flow.taps(without_place_filters(scenario.answers)) <= MAX_TAPS, scenario.id


def test_longest_possible_path_fits_the_tap_budget():
    # Every screen asked, nothing skipped: the worst case is the common path.
    assert flow.taps(COMMON) == 1 + len(SCREENS) + 1 == MAX_TAPS


def test_reading_time_of_the_common_path_is_under_three_minutes():
    for mode in ("moi", "accompagne"):
        minutes = flow.words_read(COMMON, mode) / 200
        assert 1 < minutes < 3, mode
    assert flow.words_read(NO_DEVICE, "moi") < flow.words_read(COMMON, "moi")


# --- Shareable links ---


def test_answers_survive_a_round_trip_through_a_query_string():
    given = validate_answers(answers(besoins=["voir", "lire"], age="moins_26"), "moi")
    query = flow.answers_to_query(given)
    assert query["besoins"] == "lire,voir"
    assert all(isinstance(value, str) for value in query.values())
    back = flow.answers_from_query({**query, "mode": "moi", "code_postal": "69001"})
    assert validate_answers(back, "moi") == given
