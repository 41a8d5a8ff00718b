"""Answers → indices per dimension, digital level (N0–N3) and administrative autonomy (AA–AR).

Pure functions on validated answers (see ``flow.validate_answers``). Every threshold and weight
is a constant below, so that the rules page can show them and the tests can pin them.
"""

from dataclasses import dataclass

from .flow import effective_answers, inferred_answers
from .questionnaire import (
    ACQUIRED_MIN_POINTS,
    GATE_ITEM,
    QUESTIONS,
    SKILL_ITEMS,
    SKILL_POINTS,
)

# --- Digital level ------------------------------------------------------------------------

DIGITAL_LEVELS = {
    "N0": "Non évalué : pas d'appareil ou pas d'internet",
    "N1": "Premiers pas",
    "N2": "Bases en partie acquises",
    "N3": "Bases acquises",
}
# N1 "first steps": the gate item (switch on, connect) is not acquired, or at most this many of
# the other items are. N3: every item acquired. In between: N2.
N1_MAX_OTHER_ACQUIRED = 1


def level_definitions():
    """How each digital level is decided, in plain French, from the constants above."""
    others = len(SKILL_ITEMS) - 1
    return {
        "N0": "Pas d'appareil, ou pas d'internet en ce moment : les savoir-faire ne sont pas "
        "évalués.",
        "N1": "Allumer l'appareil et se connecter au wifi demande un guide, ou au plus "
        f"{N1_MAX_OTHER_ACQUIRED} des {others} autres savoir-faire est acquis.",
        "N2": f"Se connecter est acquis, et de {N1_MAX_OTHER_ACQUIRED + 1} à {others - 1} des "
        f"{others} autres savoir-faire.",
        "N3": f"Les {len(SKILL_ITEMS)} savoir-faire sont acquis.",
        "acquis": "Un savoir-faire est acquis quand la réponse est « sans aide » ou « avec un "
        "peu d'aide ».",
    }


# --- Administrative autonomy ----------------------------------------------------------------

# Ordered from the most autonomous to giving up: "at least X" means "X or further right".
ADMIN_LEVELS = {
    "AA": "Fait ses démarches sans aide",
    "AP": "Fait ses démarches, avec parfois de l'aide",
    "AC": "Fait ses démarches avec quelqu'un à côté",
    "AD": "Quelqu'un fait les démarches à sa place",
    "AR": "Évite les démarches ou y renonce",
}
ADMIN_BY_PROCEDURES = {
    "sans_aide": "AA",
    "parfois_aide": "AP",
    "avec_quelquun": "AC",
    "a_ma_place": "AD",
    "renonce": "AR",
}
# Someone keeping the person's logins is delegation, whatever they said about procedures.
ADMIN_AT_LEAST = {("identifiants", "garde_par_autre"): "AD"}

# --- Indices (0–100 per dimension, for statistics) -----------------------------------------

# Points per answer; a dimension's index is its points over the maximum of the questions
# counted, as a percentage. Skill items use the 0–3 scale of the questionnaire.
POINTS = {
    "appareil": {"smartphone": 1, "ordinateur": 1, "tablette": 1, "aucun": 0},
    "internet": {"oui_maison": 2, "oui_limite": 1, "oui_ailleurs": 1, "arrete": 0, "jamais": 0},
    "email": {"oui_seul": 2, "oui_quelquun": 1, "oui_perdue": 0, "non": 0},
    **{item: SKILL_POINTS for item in SKILL_ITEMS},
    "demarches": {
        "sans_aide": 4,
        "parfois_aide": 3,
        "avec_quelquun": 2,
        "a_ma_place": 1,
        "renonce": 0,
    },
    "identifiants": {"connus": 2, "garde_par_autre": 1, "pas_de_compte": 0, "ne_sait_pas": 0},
    # Wish and confidence, one question: wishing to learn now scores highest; the fear of
    # making mistakes and "later" both still wish to learn (the fear lowers confidence, "later"
    # the readiness); preferring help, then preferring it done, score lowest.
    "envie": {
        "oui_maintenant": 4,
        "oui_plus_tard": 3,
        "oui_peur_erreur": 2,
        "prefere_aide": 1,
        "fait_pour_moi": 0,
    },
    "entourage": {"oui_facile": 2, "pas_toujours": 1, "non": 0},
}
INDEXED_DIMENSIONS = ("acces", "competences", "demarches", "envie", "entourage")


@dataclass(frozen=True)
class Scores:
    indices: dict  # dimension → 0–100, or None when nothing was assessed (skills skipped)
    skills: dict  # skill item → points 0–3 (answered or inferred), or None if not assessed
    inferred_skills: tuple  # items whose points were inferred by a skip rule, not answered
    skills_assessed: bool
    acquired: tuple  # skill items acquired (points ≥ ACQUIRED_MIN_POINTS)
    digital_level: str  # N0…N3
    admin_level: str  # AA…AR


def skill_points(answers):
    """Skill item → points (answered, or inferred by a skip rule); None when not assessed."""
    counted = {**inferred_answers(answers), **effective_answers(answers)}
    return {item: SKILL_POINTS[counted[item]] if item in counted else None for item in SKILL_ITEMS}


def digital_level(skills):
    """N0 not assessed; N1 gate not acquired or ≤ N1_MAX_OTHER_ACQUIRED others; N3 all; else N2."""
    if any(points is None for points in skills.values()):
        return "N0"
    acquired = {item for item, points in skills.items() if points >= ACQUIRED_MIN_POINTS}
    if GATE_ITEM not in acquired:
        return "N1"
    others = len(acquired - {GATE_ITEM})
    if others <= N1_MAX_OTHER_ACQUIRED:
        return "N1"
    if len(acquired) == len(skills):
        return "N3"
    return "N2"


def admin_level(answers):
    level = ADMIN_BY_PROCEDURES[answers["demarches"]]
    order = list(ADMIN_LEVELS)
    for (question_id, code), floor in ADMIN_AT_LEAST.items():
        if answers.get(question_id) == code and order.index(floor) > order.index(level):
            level = floor
    return level


def indices(answers, skills):
    """0–100 per dimension; answered questions only, plus inferred skill items."""
    values = {**effective_answers(answers)}
    points_by_question = {
        q.id: POINTS[q.id][values[q.id]] for q in QUESTIONS if q.id in values and q.id in POINTS
    }
    points_by_question.update({item: p for item, p in skills.items() if p is not None})
    result = {}
    for dimension in INDEXED_DIMENSIONS:
        counted = [
            (points_by_question[q.id], max(POINTS[q.id].values()))
            for q in QUESTIONS
            if q.dimension == dimension and q.id in points_by_question
        ]
        total = sum(maximum for _, maximum in counted)
        result[dimension] = round(100 * sum(p for p, _ in counted) / total) if total else None
    return result


def score(answers):
    """Scores for validated answers (``flow.validate_answers``)."""
    answers = effective_answers(answers)
    skills = skill_points(answers)
    assessed = all(points is not None for points in skills.values())
    return Scores(
        indices=indices(answers, skills),
        skills=skills,
        inferred_skills=tuple(i for i in SKILL_ITEMS if i in inferred_answers(answers)),
        skills_assessed=assessed,
        acquired=tuple(i for i, p in skills.items() if p is not None and p >= ACQUIRED_MIN_POINTS),
        digital_level=digital_level(skills),
        admin_level=admin_level(answers),
    )
