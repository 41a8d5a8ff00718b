"""Pure navigation through the questionnaire: no request, no session, no database.

``answers`` is always a plain mapping ``{question_id: code}`` (a tuple or list of codes for a
multiple-choice question), as kept in the session or carried by a shareable link.

The web flow only needs these functions:

- ``next_question(answers)``: the question to show, or None when the diagnostic part is done
  (then the web flow asks the commune and the optional ``place_filter_questions()``);
- ``previous_question(answers, question_id)``: target of the back link;
- ``is_reachable(answers, question_id)``: whether a URL pointing at a question may be shown;
- ``with_answer(answers, question_id, value)``: a new mapping with one answer recorded (checked);
- ``progress(answers)``: step and total for the progress bar;
- ``answers_to_query(answers)`` / ``answers_from_query(params)``: codes-only shareable links.

``taps(answers)`` and ``words_read(answers, mode)`` measure the tool (not the person): the
taps the whole web path needs (mode, questions and the commune screen's send) and the words
its question screens make a person read.

Going back never loses anything: answers are only ever added or replaced. When a changed
answer makes later questions skipped (e.g. "aucun appareil"), their earlier answers stay in the
mapping but are ignored; if the person changes back, they are shown again, filled in.

Validation: ``validate_answers(answers, mode)`` checks a complete set (the API's input). Answers
to questions that the skip rules skip are ignored, not reported, for the reason above.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .questionnaire import (
    QUESTIONS,
    QUESTIONS_BY_ID,
    SKIP_RULES,
    VERSION,
    Mode,
    diagnostic_questions,
    place_filter_questions,
)

# --- Errors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerProblem:
    question_id: str  # or "mode" / "answers" when the problem is not about one question
    kind: str  # question_inconnue, choix_inconnu, reponse_manquante, une_seule_reponse, format
    message: str  # plain French, safe to show


class InvalidAnswers(ValueError):
    """Answers that cannot be scored. ``problems`` lists every problem found, each naming its
    question; ``question_id`` is the first one's. The API turns it into a 400 with
    ``to_dict()``."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__(" ".join(p.message for p in self.problems))

    @property
    def question_id(self):
        return self.problems[0].question_id

    def to_dict(self):
        return {
            "errors": [
                {"question": p.question_id, "kind": p.kind, "message": p.message}
                for p in self.problems
            ]
        }


def _check_value(question, value):
    """The value normalised (a code, or a tuple of codes in the choices' order), or a problem."""
    qid = question.id
    if question.multiple:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            return AnswerProblem(
                qid, "format", f"Question « {qid} » : une liste de codes est attendue."
            )
        codes = list(value)
    else:
        if isinstance(value, list | tuple):
            return AnswerProblem(
                qid, "une_seule_reponse", f"Question « {qid} » : une seule réponse est possible."
            )
        if not isinstance(value, str):
            return AnswerProblem(qid, "format", f"Question « {qid} » : un code est attendu.")
        codes = [value]
    for code in codes:
        if not isinstance(code, str) or question.choice(code) is None:
            return AnswerProblem(
                qid,
                "choix_inconnu",
                f"Question « {qid} » : « {code} » n'est pas un choix possible "
                f"(choix possibles : {', '.join(question.codes)}).",
            )
    if not question.multiple:
        return value
    return tuple(c for c in question.codes if c in codes)


def _check_mode(mode):
    try:
        return Mode(mode), None
    except ValueError:
        modes = ", ".join(m.value for m in Mode)
        message = f"Mode « {mode} » inconnu (modes possibles : {modes})."
        return None, AnswerProblem("mode", "format", message)


def with_answer(answers, question_id, value):
    """A new answers mapping with ``question_id`` set to ``value``; raises InvalidAnswers if
    the question or the code is unknown. An empty list for an optional multiple-choice
    question removes the answer ("Passer")."""
    question = QUESTIONS_BY_ID.get(question_id)
    if question is None:
        raise InvalidAnswers([_unknown_question(question_id)])
    checked = _check_value(question, value)
    if isinstance(checked, AnswerProblem):
        raise InvalidAnswers([checked])
    updated = dict(answers)
    if checked == ():
        updated.pop(question_id, None)
    else:
        updated[question_id] = checked
    return updated


def _unknown_question(question_id):
    return AnswerProblem(
        str(question_id),
        "question_inconnue",
        f"« {question_id} » n'est pas une question de ce questionnaire (version {VERSION}).",
    )


# --- Skip rules -----------------------------------------------------------------------------


def _walk(answers):
    """Apply the skip rules in question order. Returns (asked, skipped) where skipped maps a
    question id to the rule that skipped it. Only answers to asked questions can trigger a
    rule, so an answer left over from an abandoned path never skips anything."""
    asked, skipped, effective = [], {}, {}
    for question in QUESTIONS:
        rule = next(
            (
                r
                for r in SKIP_RULES
                if question.id in r.skips
                and any(effective.get(qid) in codes for qid, codes in r.when.items())
            ),
            None,
        )
        if rule is not None:
            skipped[question.id] = rule
            continue
        asked.append(question)
        if question.id in answers:
            effective[question.id] = answers[question.id]
    return asked, skipped


def asked_questions(answers):
    """Every question that applies given the answers so far, in order, place filters included."""
    return tuple(_walk(answers)[0])


def skipped_questions(answers):
    """``{question_id: skip rule code}`` for the questions the answers so far make skipped."""
    return {qid: rule.code for qid, rule in _walk(answers)[1].items()}


def inferred_answers(answers):
    """``{question_id: code}`` for skipped questions whose value is inferred (not assessed
    questions are absent)."""
    return {qid: r.inferred for qid, r in _walk(answers)[1].items() if r.inferred is not None}


def effective_answers(answers):
    """The answers that count: those to questions that apply, in question order."""
    return {q.id: answers[q.id] for q in asked_questions(answers) if q.id in answers}


def _screens(answers):
    """The one-per-screen questions that apply (place filters excluded)."""
    screens = set(q.id for q in diagnostic_questions())
    return [q for q in asked_questions(answers) if q.id in screens]


# --- Navigation -----------------------------------------------------------------------------


def next_question(answers):
    """The first question that applies and has no answer yet, or None when done."""
    return next((q for q in _screens(answers) if q.id not in answers), None)


def previous_question(answers, question_id):
    """The question before ``question_id`` on the current path (None on the first one). For a
    question that is no longer on the path, the last answered question before it."""
    order = [q.id for q in QUESTIONS]
    position = order.index(question_id) if question_id in order else len(order)
    before = [q for q in _screens(answers) if order.index(q.id) < position]
    return before[-1] if before else None


def is_reachable(answers, question_id):
    """True if the question applies and every question before it is answered: a URL to any
    other question should redirect to ``next_question``."""
    for question in _screens(answers):
        if question.id == question_id:
            return True
        if question.id not in answers:
            return False
    return False


def is_complete(answers):
    return next_question(answers) is None


@dataclass(frozen=True)
class Progress:
    step: int  # the number of the screen shown now (1-based); equals total when done
    total: int  # screens on the current path; shrinks when a skip rule applies
    answered: int

    @property
    def percent(self):
        return round(100 * self.answered / self.total) if self.total else 100


def progress(answers):
    screens = _screens(answers)
    answered = sum(1 for q in screens if q.id in answers)
    current = next_question(answers)
    step = screens.index(current) + 1 if current is not None else len(screens)
    return Progress(step=step, total=len(screens), answered=answered)


# --- Validation -----------------------------------------------------------------------------


def validate_answers(answers, mode):
    """Check a complete set of answers for ``mode`` and return the effective answers (codes
    normalised, skipped questions' answers dropped). Raises InvalidAnswers listing every
    problem: unknown mode, unknown question, unknown code, several codes for a single-choice
    question, or a required question left unanswered on the person's path."""
    problems = []
    _, mode_problem = _check_mode(mode)
    if mode_problem:
        problems.append(mode_problem)
    if not isinstance(answers, Mapping):
        problems.append(
            AnswerProblem(
                "answers", "format", "Les réponses doivent être un objet {question: code}."
            )
        )
        raise InvalidAnswers(problems)
    valid = {}
    for question_id, value in answers.items():
        question = QUESTIONS_BY_ID.get(question_id)
        if question is None:
            problems.append(_unknown_question(question_id))
            continue
        checked = _check_value(question, value)
        if isinstance(checked, AnswerProblem):
            problems.append(checked)
        elif checked != ():
            valid[question_id] = checked
    for question in asked_questions(valid):
        if question.optional or question.id in valid:
            continue
        # A required question whose own answer was invalid is already reported.
        if not any(p.question_id == question.id for p in problems):
            problems.append(
                AnswerProblem(
                    question.id,
                    "reponse_manquante",
                    f"Question « {question.id} » : une réponse est nécessaire.",
                )
            )
    if problems:
        raise InvalidAnswers(problems)
    return effective_answers(valid)


# --- Shareable links ------------------------------------------------------------------------

MULTIPLE_SEPARATOR = ","


def answers_to_query(answers):
    """The answers as flat strings for a link's query string (codes only, multiple choices
    joined by commas)."""
    return {
        qid: MULTIPLE_SEPARATOR.join(value) if isinstance(value, tuple | list) else value
        for qid, value in answers.items()
    }


def answers_from_query(params):
    """The inverse of ``answers_to_query``: takes a mapping of strings (e.g. a QueryDict's
    ``dict()``), keeps the keys that are question ids and splits multiple choices. The result
    still needs ``validate_answers``."""
    answers = {}
    for qid, value in params.items():
        question = QUESTIONS_BY_ID.get(qid)
        if question is None:
            continue
        if question.multiple:
            answers[qid] = [code for code in str(value).split(MULTIPLE_SEPARATOR) if code]
        else:
            answers[qid] = value
    return answers


# --- Measures of the tool (not of the person) ------------------------------------------------


def taps(answers):
    """Taps the whole web path needs, from the first page to the result: one to choose the mode,
    one per single-choice screen (each choice is a button that submits), one per ticked box of a
    multiple-choice screen plus one to continue, and on the last screen one per optional place
    filter answered (each ticked need, the age band) plus one to send the commune. Typing the
    commune or postcode is not a tap (keyboard); nor is the result page.

    The issue's target is 16 taps or fewer for the common case (a device, internet, the six
    skill items asked, no optional filter): 1 + 14 + 1 = 16 since version 2026-11-2."""
    count = 1  # the mode, on the first page
    for question in _screens(answers):
        if question.multiple:
            count += len(answers.get(question.id, ())) + 1
        else:
            count += 1
    for question in place_filter_questions():
        value = answers.get(question.id)
        if value:
            count += len(value) if question.multiple else 1
    return count + 1  # send the commune (or "I'd rather not say")


def words_read(answers, mode):
    """Words a person reads on this path (questions, help lines and every choice): divided by
    200 words a minute, an estimate of the reading time."""
    count = 0
    for question in _screens(answers):
        texts = [question.text, question.help, *(c.label for c in question.choices)]
        count += sum(len(t.in_mode(mode).split()) for t in texts if t is not None)
    return count
