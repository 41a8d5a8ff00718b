"""The scenario bank: persona situations with their expected result, kept as data.

The data lives in ``data/scenarios.json`` so that social workers can read it, challenge it and
propose new scenarios without reading Python. Each scenario has an id, a short French
description, a mode, the answers (codes) and the expected result:

- ``digital_level`` (N0–N3), ``admin_level`` (AA–AR), ``profiles`` (codes, in order),
  ``first_service`` (the first standard service of the first profile);
- optionally ``priority`` and ``skills_assessed`` (booleans).

``run_scenario(scenario)`` returns ``(passed, actual)`` so that the public rules page can show
each scenario's current status; the test suite runs them all.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .flow import InvalidAnswers
from .rules import evaluate

DATA_FILE = Path(__file__).parent / "data" / "scenarios.json"


@dataclass(frozen=True)
class Scenario:
    id: str
    description: str
    mode: str
    answers: dict
    expected: dict


class ScenarioRun(NamedTuple):
    passed: bool
    actual: dict  # same keys as the scenario's `expected`, or {"error": message}
    evaluation: object = None  # the rules.Evaluation, None when the answers were invalid


@cache
def _bank():
    with DATA_FILE.open(encoding="utf-8") as f:
        return json.load(f)


def bank_version():
    """The questionnaire version the bank was last reviewed against."""
    return _bank()["questionnaire_version"]


def load_scenarios():
    return tuple(Scenario(**item) for item in _bank()["scenarios"])


def actual_result(evaluation):
    first = evaluation.profiles[0]
    return {
        "digital_level": evaluation.digital_level,
        "admin_level": evaluation.admin_level,
        "profiles": [p.code for p in evaluation.profiles],
        "first_service": first.services[0],
        "priority": evaluation.priority,
        "skills_assessed": evaluation.skills_assessed,
    }


def run_scenario(scenario):
    """(passed, actual): passed when every expected key matches the actual result."""
    try:
        evaluation = evaluate(scenario.answers, scenario.mode)
    except InvalidAnswers as error:
        return ScenarioRun(False, {"error": str(error)})
    actual = actual_result(evaluation)
    actual = {key: actual[key] for key in scenario.expected if key in actual} | {
        key: None for key in scenario.expected if key not in actual
    }
    return ScenarioRun(actual == scenario.expected, actual, evaluation)


def run_all():
    """[(scenario, ScenarioRun)] for the whole bank, in its order."""
    return [(scenario, run_scenario(scenario)) for scenario in load_scenarios()]
