"""Pages of the diagnostic: a thin shell around the pure core (questionnaire, flow, rules).

The answers live in the Django session only (key ``SESSION_KEY``), as codes, and the session
expires ``SESSION_HOURS`` hours after the start; "Effacer mes réponses" removes them at once.
Nothing about the person is written anywhere else: the only writes are the anonymous weekly
counters of ``stats.py`` (a start, a completion).

A result can also be rebuilt from a shareable link, which carries the answers' codes, the mode
and the commune's INSEE code (``share_query``): such a page reads nothing from the session and
counts nothing.
"""

import datetime
import time

from django.contrib.sessions.models import Session
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from geodata.locate import LocationError, locate_commune
from geodata.models import Commune

from . import flow, nearby, stats
from .forms import PlaceForm, commune_label
from .questionnaire import (
    DIMENSIONS,
    MODE_LABELS,
    QUESTIONS,
    QUESTIONS_BY_ID,
    SKIP_RULES,
    VERSION,
    Mode,
    diagnostic_questions,
    place_filter_questions,
)
from .rules import PROFILES, evaluate, rules_dict
from .scenarios import bank_version, run_all
from .scoring import POINTS

SESSION_KEY = "diagnostic"
SESSION_HOURS = 3
PLACE_FILTER_IDS = tuple(q.id for q in place_filter_questions())
SCREEN_IDS = frozenset(q.id for q in diagnostic_questions())
ICON_DIR = "img/diagnostic/"


# --- The session ----------------------------------------------------------------------------


def _state(request):
    """The diagnostic in this session, or None (also when it was made with another version of
    the questionnaire: its codes may no longer mean the same)."""
    state = request.session.get(SESSION_KEY)
    if not isinstance(state, dict) or state.get("version") != VERSION:
        return None
    return state


def _save(request, state):
    request.session[SESSION_KEY] = state
    request.session.modified = True


def _expired_sessions_delete():
    """What the first page promises: expired sessions are erased, not only forgotten."""
    Session.objects.filter(expire_date__lt=timezone.now()).delete()


def _new_state(request, mode):
    state = {
        "version": VERSION,
        "mode": mode.value,
        "answers": {},
        "started_at": time.time(),
        "completed": False,
        "place": None,
    }
    _save(request, state)
    request.session.set_expiry(timezone.now() + datetime.timedelta(hours=SESSION_HOURS))
    _expired_sessions_delete()
    stats.usage_record_start(mode=mode)
    return state


def _mode_of(state):
    return Mode(state["mode"])


def _you(mode):
    return Mode(mode) is Mode.SELF


def _next_url(state):
    question = flow.next_question(state["answers"])
    if question is not None:
        return reverse("diagnostic-question", args=[question.id])
    if state.get("place") is None:
        return reverse("diagnostic-commune")
    return reverse("diagnostic-resultat")


def _icon(choice):
    return f"{ICON_DIR}{choice.icon}.svg" if choice.icon else ""


# --- First page -----------------------------------------------------------------------------


@never_cache
@require_safe
def start(request):
    state = _state(request)
    context = {
        "modes": [(mode.value, label) for mode, label in MODE_LABELS.items()],
        "state": state,
        "resume_url": _next_url(state) if state else "",
        "erased": request.GET.get("efface") == "1",
        "session_hours": SESSION_HOURS,
        "max_questions": len(diagnostic_questions()),
    }
    return render(request, "diagnostic/start.html", context)


@never_cache
@require_POST
def begin(request):
    try:
        mode = Mode(request.POST.get("mode", ""))
    except ValueError:
        return HttpResponseBadRequest("Choisissez « pour moi » ou « avec la personne ».")
    state = _state(request)
    if state is not None and not state["completed"]:
        # Already started: keep the answers (codes do not depend on the mode), change the mode.
        state["mode"] = mode.value
        _save(request, state)
    else:
        state = _new_state(request, mode)
    return redirect(_next_url(state))


@never_cache
@require_POST
def erase(request):
    request.session.pop(SESSION_KEY, None)
    if not request.session.keys():
        request.session.flush()
    return redirect(reverse("diagnostic") + "?efface=1")


# --- One question per screen ----------------------------------------------------------------


def _screens(answers):
    return [q for q in flow.asked_questions(answers) if q.id in SCREEN_IDS]


@never_cache
@require_http_methods(["GET", "POST"])
def question(request, question_id):
    state = _state(request)
    if state is None:
        return redirect("diagnostic")
    current = QUESTIONS_BY_ID.get(question_id)
    if current is None or question_id not in SCREEN_IDS:
        raise Http404("Question inconnue")
    answers = state["answers"]
    if not flow.is_reachable(answers, question_id):
        return redirect(_next_url(state))
    error = ""
    if request.method == "POST":
        value = request.POST.getlist("reponse") if current.multiple else request.POST.get("reponse")
        try:
            if not value:
                raise flow.InvalidAnswers([])
            state["answers"] = flow.with_answer(answers, question_id, value)
        except flow.InvalidAnswers:
            error = "Choisissez une réponse pour continuer."
        else:
            _save(request, state)
            return redirect(_next_url(state))
    mode = _mode_of(state)
    screens = _screens(answers)
    step = [q.id for q in screens].index(question_id) + 1
    previous = flow.previous_question(answers, question_id)
    chosen = answers.get(question_id)
    chosen = set(chosen) if isinstance(chosen, list | tuple) else {chosen}
    context = {
        "question": current,
        "text": current.text.in_mode(mode),
        "help": current.help.in_mode(mode) if current.help else "",
        "choices": [
            {
                "code": c.code,
                "label": c.label.in_mode(mode),
                "icon": _icon(c),
                "chosen": c.code in chosen,
            }
            for c in current.choices
        ],
        "step": step,
        "total": len(screens),
        "back_url": reverse("diagnostic-question", args=[previous.id])
        if previous
        else reverse("diagnostic"),
        "error": error,
        "mode": mode.value,
        "you": _you(mode),
    }
    return render(request, "diagnostic/question.html", context, status=400 if error else 200)


# --- Last screen: the commune and the optional filters ----------------------------------------


def _link_answers(params):
    """(mode, answers) from a shareable link's parameters, or raise InvalidAnswers.

    A link names the questionnaire version it was made with (``v``): a link of another version
    is refused even when its codes happen to be valid now, since a code may have changed
    meaning or lost a companion question (in 2026-11-2, "confiance" was merged into "envie").
    A link without ``v`` (typed by hand) is read with the current version."""
    version = params.get("v", VERSION)
    if version != VERSION:
        raise flow.InvalidAnswers(
            [
                flow.AnswerProblem(
                    "v",
                    "version",
                    f"Ce lien a été fait avec la version {version} du questionnaire ; "
                    f"la version actuelle est {VERSION}.",
                )
            ]
        )
    answers = flow.answers_from_query(params)
    mode = params.get("mode", "")
    evaluation = evaluate(answers, mode)  # validates; raises InvalidAnswers
    return Mode(mode), dict(evaluation.answers)


def share_query(mode, answers, code_insee=""):
    """The query string of a shareable result: codes only, never free text."""
    params = {"v": VERSION, "mode": str(mode), **flow.answers_to_query(answers)}
    if code_insee:
        params["code_insee"] = code_insee
    return urlencode(params)


@never_cache
@require_http_methods(["GET", "POST"])
def place(request):
    """Session flow, or a shareable link's answers (carried in hidden fields, never stored)."""
    state = _state(request)
    from_link = "mode" in (request.POST if request.method == "POST" else request.GET)
    if from_link:
        params = (request.POST if request.method == "POST" else request.GET).dict()
        try:
            mode, answers = _link_answers(
                {k: v for k, v in params.items() if k not in PLACE_FILTER_IDS}
            )
        except flow.InvalidAnswers:
            return _invalid_link(request, params.get("v", ""))
        if request.method == "GET":
            answers.update(
                {
                    qid: v
                    for qid, v in flow.answers_from_query(params).items()
                    if qid in PLACE_FILTER_IDS
                }
            )
    elif state is None:
        return redirect("diagnostic")
    else:
        mode, answers = _mode_of(state), state["answers"]
        if flow.next_question(answers) is not None:
            return redirect(_next_url(state))

    without_place = request.method == "POST" and "sans_commune" in request.POST
    if request.method == "POST":
        form = PlaceForm(request.POST, mode=mode, without_place=without_place)
    else:
        initial = {
            "besoins": list(answers.get("besoins", ())),
            "age": answers.get("age", ""),
        }
        place_state = (state or {}).get("place") if not from_link else None
        if place_state and place_state.get("label"):
            initial["commune"] = place_state["label"]
        form = PlaceForm(initial=initial, mode=mode)

    if request.method == "POST" and form.is_valid():
        answers = {k: v for k, v in answers.items() if k not in PLACE_FILTER_IDS}
        for qid in PLACE_FILTER_IDS:
            value = form.cleaned_data.get(qid)
            if value:
                answers = flow.with_answer(answers, qid, value)
        commune = None if without_place else form.commune_found
        if from_link:
            code = commune.code_insee if commune else ""
            return redirect(reverse("diagnostic-resultat") + "?" + share_query(mode, answers, code))
        state["answers"] = answers
        state["place"] = (
            {"code_insee": commune.code_insee, "label": commune_label(commune)}
            if commune
            else {"none": True}
        )
        if not state["completed"]:
            evaluation = evaluate(answers, mode)
            started_at = state.get("started_at")
            stats.usage_record_completion(
                mode=mode,
                profiles=[p.code for p in evaluation.profiles],
                duration_seconds=time.time() - started_at if started_at else None,
            )
            state["completed"] = True
        _save(request, state)
        return redirect("diagnostic-resultat")

    hidden = []
    if from_link:
        hidden = [("v", VERSION), ("mode", mode.value)] + [
            (qid, value)
            for qid, value in flow.answers_to_query(answers).items()
            if qid not in PLACE_FILTER_IDS
        ]
    screens = _screens(answers)
    besoins, age = (QUESTIONS_BY_ID[qid] for qid in ("besoins", "age"))
    context = {
        "form": form,
        "mode": mode.value,
        "you": _you(mode),
        "besoins": {
            "question": besoins,
            "text": besoins.text.in_mode(mode),
            "help": besoins.help.in_mode(mode),
            "choices": [
                {
                    "code": c.code,
                    "label": c.label.in_mode(mode),
                    "icon": _icon(c),
                    "checked": c.code in (form["besoins"].value() or []),
                }
                for c in besoins.choices
            ],
        },
        "age": {
            "chosen": bool(form["age"].value()),
            "text": age.text.in_mode(mode),
            "help": age.help.in_mode(mode),
            "choices": [
                {
                    "code": c.code,
                    "label": c.label.in_mode(mode),
                    "checked": c.code == form["age"].value(),
                }
                for c in age.choices
            ],
        },
        "candidates": [
            (c.code_insee, commune_label(c), c.codes_postaux[:3]) for c in form.candidates
        ],
        "hidden": hidden,
        "back_url": reverse("diagnostic-question", args=[screens[-1].id])
        if screens and not from_link
        else "",
        "total": len(screens),
        "commune_error": form.errors.get("commune", [""])[0] if form.is_bound else "",
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "diagnostic/commune.html", context, status=status)


# --- The result -----------------------------------------------------------------------------


def _invalid_link(request, link_version=None):
    """The page of a link that cannot give a result: incomplete, or of another version of the
    questionnaire (said as such, with both versions)."""
    if link_version is None:
        link_version = request.GET.get("v", "")
    return render(
        request,
        "diagnostic/lien_invalide.html",
        {
            "version": VERSION,
            "link_version": link_version,
            "outdated": bool(link_version) and link_version != VERSION,
        },
        status=400,
    )


class _Source:
    """Where a result comes from: the session, or a shareable link."""

    def __init__(self, mode, answers, code_insee, from_link):
        self.mode, self.answers, self.code_insee, self.from_link = (
            mode,
            answers,
            code_insee,
            from_link,
        )


def _source(request):
    """A _Source, or a response (redirect to the flow, or the invalid link page)."""
    if "mode" in request.GET:
        try:
            mode, answers = _link_answers(request.GET.dict())
        except flow.InvalidAnswers:
            return _invalid_link(request)
        return _Source(mode, answers, request.GET.get("code_insee", "").strip(), True)
    state = _state(request)
    if state is None:
        return redirect("diagnostic")
    if flow.next_question(state["answers"]) is not None or state.get("place") is None:
        return redirect(_next_url(state))
    code = state["place"].get("code_insee", "")
    return _Source(_mode_of(state), state["answers"], code, False)


def _result_context(request, source):
    evaluation = evaluate(source.answers, source.mode)
    location, location_error = None, ""
    if source.code_insee:
        try:
            location = locate_commune(source.code_insee)
        except LocationError as error:
            location_error = str(error)
    now = timezone.now()
    places = nearby.places_for_evaluation(evaluation, location, now=now) if location else {}
    query = share_query(source.mode, evaluation.answers, location.code_insee if location else "")
    link_query = "?" + query if source.from_link else ""
    without_place_query = share_query(source.mode, evaluation.answers)
    return {
        "evaluation": evaluation,
        "mode": source.mode.value,
        "you": _you(source.mode),
        "profiles": [(profile, places.get(profile.code)) for profile in evaluation.profiles],
        "location": location,
        "location_label": _location_label(location),
        "location_error": location_error,
        "from_link": source.from_link,
        "share_url": request.build_absolute_uri(reverse("diagnostic-resultat") + "?" + query),
        "sheet_url": reverse("diagnostic-fiche") + link_query,
        "result_url": reverse("diagnostic-resultat") + link_query,
        "change_commune_url": reverse("diagnostic-commune")
        + ("?" + without_place_query if source.from_link else ""),
        "today": timezone.localdate(),
        "shown": nearby.SHOWN,
    }


def _location_label(location):
    """ "Saint-Étienne (42)": the département tells homonyms apart."""
    if location is None:
        return ""
    commune = Commune.objects.with_code(location.code_insee).first()
    return commune_label(commune) if commune else location.label


@never_cache
@require_safe
def result(request):
    source = _source(request)
    if not isinstance(source, _Source):
        return source
    return render(request, "diagnostic/resultat.html", _result_context(request, source))


@never_cache
@require_safe
def sheet(request):
    source = _source(request)
    if not isinstance(source, _Source):
        return source
    return render(request, "diagnostic/fiche.html", _result_context(request, source))


# --- Transparency: the questions, the rules, the scenario bank --------------------------------


def _answer_words(qid, code, mode=Mode.SELF):
    question = QUESTIONS_BY_ID[qid]
    codes = code if isinstance(code, list | tuple) else [code]
    labels = []
    for value in codes:
        choice = question.choice(value)
        labels.append(choice.label.in_mode(mode) if choice else value)
    return ", ".join(labels)


def _from_answer(text):
    """ "demarches=sans_aide" → (question text, answer label), in the person's mode."""
    qid, code = text.split("=", 1)
    question = QUESTIONS_BY_ID[qid]
    return question.text.in_mode(Mode.ASSISTED), _answer_words(qid, code, Mode.ASSISTED)


FIELD_LABELS = {
    "services": "Service",
    "dispositif_programmes_nationaux": "Programme national",
    "modalites_accompagnement": "Façon d'être aidé",
    "frais_a_charge": "Coût",
    "modalites_acces": "Comment y aller",
    "publics_specifiquement_adresses": "Public",
    "prise_en_charge_specifique": "Accueil adapté",
}


def _field_words(mapping):
    return [(FIELD_LABELS.get(name, name), " ou ".join(values)) for name, values in mapping.items()]


@require_safe
def rules(request):
    data = rules_dict()
    questions = [
        {
            "number": number,
            "id": q.id,
            "dimension": DIMENSIONS[q.dimension],
            "you": q.text.you,
            "person": q.text.person,
            "help_you": q.help.you if q.help else "",
            "help_person": q.help.person if q.help else "",
            "optional": q.optional,
            "multiple": q.multiple,
            "place_filter": q.place_filter,
            "choices": [
                {
                    "code": c.code,
                    "you": c.label.you,
                    "person": c.label.person,
                    "points": POINTS.get(q.id, {}).get(c.code),
                }
                for c in q.choices
            ],
        }
        for number, q in enumerate(QUESTIONS, start=1)
    ]
    skips = [
        {
            "description": r.description,
            "skips": [QUESTIONS_BY_ID[qid].text.you for qid in r.skips],
        }
        for r in SKIP_RULES
    ]
    admin_levels = [
        {**level, "answers": [_from_answer(text) for text in level["from_answers"]]}
        for level in data["admin_levels"]
    ]
    runs = run_all()
    scenarios = []
    for scenario, run in runs:
        mode = Mode(scenario.mode)
        scenarios.append(
            {
                "id": scenario.id,
                "description": scenario.description,
                "mode": MODE_LABELS[mode],
                "answers": [
                    (QUESTIONS_BY_ID[qid].text.in_mode(mode), _answer_words(qid, code, mode))
                    for qid, code in scenario.answers.items()
                    if qid in QUESTIONS_BY_ID
                ],
                "expected": _expected_words(scenario.expected),
                "actual": _expected_words(run.actual),
                "passed": run.passed,
                "explanations": [p.explanation for p in run.evaluation.profiles]
                if run.evaluation
                else [],
            }
        )
    needs = QUESTIONS_BY_ID["besoins"]
    ages = QUESTIONS_BY_ID["age"]
    context = {
        "version": VERSION,
        "bank_version": bank_version(),
        "questions": questions,
        "skips": skips,
        "rules": data,
        "admin_levels": admin_levels,
        "profiles": [
            {**profile, "filter_words": _field_words(profile["filters"])}
            for profile in data["profiles"]
        ],
        "preferences": _field_words(data["preferences"]),
        "assisted_preferences": _field_words(data["assisted_preferences"]),
        "needs": [(needs.choice(code).label.you, value) for code, value in data["needs"].items()],
        "ages": [
            (ages.choice(code).label.you, ", ".join(values) or "aucun (tous les lieux)")
            for code, values in data["ages"].items()
        ],
        "ranking": nearby.RANKING_RULES,
        "scenarios": scenarios,
        "passed": sum(1 for s in scenarios if s["passed"]),
    }
    return render(request, "diagnostic/regles.html", context)


def _expected_words(result):
    """A scenario's expected (or actual) result in words."""
    if "error" in result:
        return [("Erreur", result["error"])]
    words = []
    if "profiles" in result:
        titles = [PROFILES[c].title if c in PROFILES else c for c in result["profiles"] or ()]
        words.append(("Propositions", " ; puis ".join(titles)))
    if "first_service" in result:
        words.append(("Premier service cherché", result["first_service"]))
    if "digital_level" in result:
        words.append(("Niveau numérique", result["digital_level"]))
    if "admin_level" in result:
        words.append(("Démarches", result["admin_level"]))
    if "priority" in result:
        words.append(("Priorité", "oui" if result["priority"] else "non"))
    if "skills_assessed" in result:
        words.append(("Savoir-faire évalués", "oui" if result["skills_assessed"] else "non"))
    return words


# --- Public statistics ----------------------------------------------------------------------


@require_safe
def statistics(request):
    weeks, total = stats.weekly_report()
    context = {
        "weeks": weeks,
        "total": total,
        "profile_titles": [p.title for p in PROFILES.values()],
        "buckets": [label for _, _, label in stats.DURATION_BUCKETS],
        "histogram": [
            (label, total.histogram.get(field_name, 0))
            for _, field_name, label in stats.DURATION_BUCKETS
        ],
        "report_weeks": stats.REPORT_WEEKS,
        "max_timed_minutes": stats.MAX_TIMED_SECONDS // 60,
    }
    return render(request, "diagnostic/statistiques.html", context)
