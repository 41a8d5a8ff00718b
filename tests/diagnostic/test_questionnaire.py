import json
import re

import pytest

from diagnostic import explain, questionnaire, rules, scoring
from diagnostic.flow import InvalidAnswers, validate_answers
from diagnostic.questionnaire import (
    QUESTIONS,
    SKIP_RULES,
    VERSION,
    Mode,
    diagnostic_questions,
    place_filter_questions,
    questionnaire_dict,
)
from diagnostic.scenarios import load_scenarios, run_scenario

from .personas import COMMON

MODES = list(Mode)

# Words that grade or stigmatise people: none may appear in anything a person reads.
FORBIDDEN = [
    r"\bexclu",
    r"exclusion",
    r"illectronisme",
    r"illettr",
    r"analphab",
    r"incapable",
    r"incompétent",
    r"\bnul(le)?s?\b",
    r"mauvais",
    r"échec",
    r"\bfaibles?\b",
    r"handicap",
    r"déficien",
    r"vulnérab",
    r"fracture",
    r"\bnote\b",
    r"\bscore",
    r"\bpoints?\b",
    r"retard",
    r"dépendan",
    r"\bniveau",
]


def wordings():
    """Every Wording a person may read, with where it comes from."""
    for q in QUESTIONS:
        yield f"{q.id}.text", q.text
        if q.help:
            yield f"{q.id}.help", q.help
        for c in q.choices:
            yield f"{q.id}.{c.code}", c.label
    for code, wording in explain.REASONS.items():
        yield f"reason.{code}", wording
    for code, wording in explain.CONSEQUENCES.items():
        yield f"consequence.{code}", wording
    yield "intro", explain.INTRO


def user_texts():
    """Every string a person may read, in both modes, including generated explanations."""
    for where, wording in wordings():
        for mode in MODES:
            yield where, wording.in_mode(mode)
    for mode, label in questionnaire.MODE_LABELS.items():
        yield f"mode.{mode}", label
    yield from (("dimension", label) for label in questionnaire.DIMENSIONS.values())
    yield from (("skip", rule.description) for rule in SKIP_RULES)
    yield from (("digital_level", label) for label in scoring.DIGITAL_LEVELS.values())
    yield from (("admin_level", label) for label in scoring.ADMIN_LEVELS.values())
    yield from (("level_definition", text) for text in scoring.level_definitions().values())
    yield from (("selection", text) for text in rules.SELECTION)
    for profile in rules.PROFILES.values():
        yield f"profile.{profile.code}", profile.title
        yield f"profile.{profile.code}.when", profile.when
        yield from ((f"profile.{profile.code}.link", link.label) for link in profile.links)
    for scenario in load_scenarios():
        yield f"scenario.{scenario.id}", scenario.description
        evaluation = run_scenario(scenario).evaluation
        for mode in MODES:
            other = rules.evaluate(scenario.answers, mode)
            for profile in other.profiles:
                yield f"scenario.{scenario.id}.{mode}", profile.explanation
            yield f"scenario.{scenario.id}.{mode}.priority", other.priority_note
        assert evaluation is not None
    try:
        validate_answers({"inconnue": "x", "appareil": "fusee"}, "autre")
    except InvalidAnswers as error:
        yield "errors", str(error)


def test_version_is_recorded():
    assert re.fullmatch(r"\d{4}-\d{2}-\d+", VERSION)
    assert questionnaire_dict()["version"] == VERSION


def test_ids_and_codes_are_unique_and_short():
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    for q in QUESTIONS:
        assert q.dimension in questionnaire.DIMENSIONS
        assert len(q.codes) == len(set(q.codes)) >= 2, q.id
        for code in (q.id, *q.codes):
            assert re.fullmatch(r"[a-z0-9_]{2,20}", code), code


def test_every_question_and_choice_is_worded_for_both_modes():
    for where, wording in wordings():
        for mode in MODES:
            assert wording.in_mode(mode).strip(), (where, mode)


def test_questions_speak_to_the_person_or_about_them():
    for q in QUESTIONS:
        you, person = q.text.in_mode(Mode.SELF), q.text.in_mode(Mode.ASSISTED)
        assert you != person, q.id
        assert re.search(r"\bvous\b|\bvos\b|\bvotre\b|-vous\b", you), q.id
        assert "personne" in person, q.id
        assert not re.search(r"\bvous\b|\bvos\b|\bvotre\b", person), q.id


def test_choices_in_assisted_mode_never_say_je_or_moi():
    for q in QUESTIONS:
        for c in q.choices:
            label = c.label.in_mode(Mode.ASSISTED)
            assert not re.search(r"\b(je|j'|me|m'|moi|mes|mon|ma)\b", label, re.I), (q.id, c)


def test_one_short_idea_per_screen():
    """FALC: short questions and answers, no inclusive-writing dot, no semicolon."""
    for q in QUESTIONS:
        for mode in MODES:
            assert len(q.text.in_mode(mode).split()) <= 14, q.id
            assert q.text.in_mode(mode).endswith("?"), q.id
            for c in q.choices:
                assert len(c.label.in_mode(mode).split()) <= 10, (q.id, c.code)
            texts = [q.text, q.help, *(c.label for c in q.choices)]
            for text in filter(None, texts):
                assert "·" not in text.in_mode(mode) and ";" not in text.in_mode(mode)


@pytest.mark.parametrize("pattern", FORBIDDEN)
def test_no_stigmatising_or_grading_word_anywhere(pattern):
    found = [(where, text) for where, text in user_texts() if re.search(pattern, text, re.I)]
    assert found == []


def test_the_forbidden_words_scan_would_catch_one():
    assert any(re.search(p, "Une personne exclue du numérique", re.I) for p in FORBIDDEN)
    assert any(re.search(p, "illectronisme", re.I) for p in FORBIDDEN)


def test_skill_items_use_the_four_point_scale():
    for item in questionnaire.SKILL_ITEMS:
        q = questionnaire.QUESTIONS_BY_ID[item]
        assert q.codes == ("seul", "peu_aide", "guide", "ne_sait_pas")
    assert questionnaire.SKILL_POINTS == {"seul": 3, "peu_aide": 2, "guide": 1, "ne_sait_pas": 0}
    assert len(questionnaire.SKILL_ITEMS) == 6


def test_skip_rules_refer_to_earlier_questions_and_real_codes():
    order = [q.id for q in QUESTIONS]
    for rule in SKIP_RULES:
        for trigger, codes in rule.when.items():
            assert codes <= set(questionnaire.QUESTIONS_BY_ID[trigger].codes)
            assert all(order.index(trigger) < order.index(skipped) for skipped in rule.skips)
        for skipped in rule.skips:
            if rule.inferred is not None:
                assert rule.inferred in questionnaire.QUESTIONS_BY_ID[skipped].codes


def test_optional_questions_are_the_place_filters():
    assert [q.id for q in place_filter_questions()] == ["besoins", "age"]
    assert all(q.optional for q in place_filter_questions())
    assert not any(q.optional for q in diagnostic_questions())
    assert questionnaire.QUESTIONS_BY_ID["besoins"].multiple


def test_questionnaire_dict_is_json_in_both_forms():
    both = json.loads(json.dumps(questionnaire_dict()))
    assert both["questions"][0]["text"] == {
        "moi": "Quel appareil utilisez-vous le plus souvent ?",
        "accompagne": "Quel appareil la personne utilise-t-elle le plus souvent ?",
    }
    one = json.loads(json.dumps(questionnaire_dict(mode="accompagne")))
    assert one["questions"][0]["text"].startswith("Quel appareil la personne")
    assert [r["code"] for r in one["skip_rules"]] == ["sans_acces", "allumer_difficile"]
    assert one["modes"]["moi"] == "Je réponds pour moi"


def test_common_answers_cover_every_diagnostic_question():
    assert set(COMMON) == {q.id for q in diagnostic_questions()}


def test_icons_are_simple_names():
    names = questionnaire.icon_names()
    assert "smartphone" in names
    assert all(re.fullmatch(r"[a-z-]+", name) for name in names)
