"""Levels and answers → orientation profiles, and the whole evaluation.

The entry point for the web flow and the API is::

    evaluation = evaluate(answers, mode)      # raises flow.InvalidAnswers (→ HTTP 400)
    evaluation.to_dict()                      # JSON-ready, codes only
    for profile in evaluation.profiles:       # 1 or 2 suggestions, most useful first
        criteria = evaluation.search_filters(profile)      # field → accepted values
        ranking = evaluation.search_preferences(profile)   # field → values to rank first

``search_filters`` is ready for ``directory.search.LieuCriteria(any_of=...)``: a place matches
when each field holds at least one accepted value. The specific needs are part of it; when no
place nearby matches, the web flow may drop ``prise_en_charge_specifique`` and say so.
``search_preferences`` never excludes a place: free places, places that address the person's
age band, and in assisted mode places taking a professional's referral come first.

The rules follow DIAGNOSTIC.md's table, in order, as data (``RULES``): each rule is a list of
clauses, a clause a set of facts that must all hold. Then, at most two suggestions: an urgent
procedure puts "help now" first and "learn" second; the two "help with procedures" profiles are
two ways of the same help, so only the first one that applies is kept.
"""

from dataclasses import dataclass, field, fields

from .explain import MAX_CITED_REASONS, URGENT_REASON, sentence
from .flow import validate_answers
from .questionnaire import ACQUIRED_MIN_POINTS, GATE_ITEM, NOT_ACQUIRED_CODES, VERSION, Mode
from .scoring import (
    ADMIN_AT_LEAST,
    ADMIN_BY_PROCEDURES,
    ADMIN_LEVELS,
    DIGITAL_LEVELS,
    POINTS,
    level_definitions,
    score,
)

# --- Exact strings of the national standard (lieux de médiation numérique v1.0.2) ------------

DEMARCHES = "Aide aux démarches administratives"
OUTILS_QUOTIDIEN = "Maîtrise des outils numériques du quotidien"
INSERTION_PRO = "Insertion professionnelle via le numérique"
UTILISATION_SECURISEE = "Utilisation sécurisée du numérique"
PARENTALITE = "Parentalité et éducation avec le numérique"
LOISIRS = "Loisirs et créations numériques"
COMPREHENSION = "Compréhension du monde numérique"
ACCES_MATERIEL = "Accès internet et matériel informatique"
MATERIEL_SOLIDAIRE = "Acquisition de matériel informatique à prix solidaire"

AIDANTS_CONNECT = "Aidants Connect"
FRANCE_SERVICES = "France Services"
POINT_NUMERIQUE_CAF = "Point d'accès numérique CAF"
CONSEILLERS_NUMERIQUES = "Conseillers numériques"

EN_AUTONOMIE = "En autonomie"
INDIVIDUEL = "Accompagnement individuel"
ATELIER_COLLECTIF = "Dans un atelier collectif"

GRATUIT = "Gratuit"
FICHE_PRESCRIPTION = "Envoyer un mail avec une fiche de prescription"

# --- Profiles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Profile:
    code: str
    title: str  # in the person's words (DIAGNOSTIC.md)
    when: str  # the rule in plain French, for the public rules page
    services: tuple[str, ...]  # `services` of the standard, the most relevant first
    filters: dict  # standard field → accepted values
    links: tuple[Link, ...] = ()


PROFILES = {
    p.code: p
    for p in (
        Profile(
            code="equiper",
            title="S'équiper et se connecter",
            when="Pas d'appareil ou pas d'internet (N0), ou pas d'adresse e-mail qui marche.",
            services=(ACCES_MATERIEL, MATERIEL_SOLIDAIRE),
            filters={},
        ),
        Profile(
            code="confiance",
            title="Quelqu'un de confiance fait avec ou pour moi",
            when=(
                "Quelqu'un fait déjà les démarches ou garde les codes (AD), ou la personne y "
                "renonce (AR) ; ou premiers pas (N0–N1) et préfère être aidée ; ou démarche "
                "urgente avec N0–N1."
            ),
            services=(DEMARCHES,),
            filters={
                "dispositif_programmes_nationaux": (AIDANTS_CONNECT, FRANCE_SERVICES),
                "modalites_accompagnement": (INDIVIDUEL,),
            },
        ),
        Profile(
            code="accompagner",
            title="Être accompagné·e pour les démarches",
            when=(
                "Fait ses démarches avec de l'aide (AP ou AC) et a les bases en partie ou en "
                "entier (N2–N3) ; ou démarche urgente."
            ),
            services=(DEMARCHES,),
            filters={
                "dispositif_programmes_nationaux": (
                    FRANCE_SERVICES,
                    POINT_NUMERIQUE_CAF,
                    CONSEILLERS_NUMERIQUES,
                )
            },
        ),
        Profile(
            code="apprendre",
            title="Apprendre à mon rythme",
            when=(
                "Premiers pas ou bases en partie (N1–N2), et envie d'apprendre. En tête-à-tête "
                "plutôt qu'en atelier si la personne a peur de se tromper."
            ),
            services=(OUTILS_QUOTIDIEN,),
            filters={"modalites_accompagnement": (ATELIER_COLLECTIF,)},
        ),
        Profile(
            code="autonome",
            title="Je me débrouille",
            when="Bases acquises (N3) et démarches sans aide ou avec parfois de l'aide (AA–AP).",
            services=(
                ACCES_MATERIEL,
                UTILISATION_SECURISEE,
                COMPREHENSION,
                INSERTION_PRO,
                PARENTALITE,
                LOISIRS,
            ),
            filters={"modalites_accompagnement": (EN_AUTONOMIE, ATELIER_COLLECTIF)},
            links=(
                Link(
                    label="Découvrir ce que l'on sait faire avec Pix, un test gratuit",
                    url="https://pix.fr/",
                ),
            ),
        ),
    )
}

# Adjustments of a profile to the answers, kept as data.
EQUIPER_SERVICES_WITHOUT_DEVICE = (MATERIEL_SOLIDAIRE, ACCES_MATERIEL)  # a device comes first
AFRAID_CODES = frozenset({"oui_peur_erreur"})  # envie answers that call for one-to-one help
LEARN_FILTERS_IF_AFRAID = {"modalites_accompagnement": (INDIVIDUEL,)}
SAFETY_ITEM = "securite"  # not acquired → also look for UTILISATION_SECURISEE when learning
LEARN_ANSWERS = {
    "oui_maintenant": "veut_apprendre",
    "oui_peur_erreur": "veut_apprendre",  # the fear is cited by the "apprendre" profile itself
    "oui_plus_tard": "veut_apprendre_plus_tard",
}
HELP_ANSWERS = {"prefere_aide": "prefere_aide", "fait_pour_moi": "fait_pour_moi"}
USABLE_EMAIL_CODES = frozenset({"oui_seul", "oui_quelquun"})

BASE_PREFERENCES = {"frais_a_charge": (GRATUIT,)}
ASSISTED_PREFERENCES = {"modalites_acces": (FICHE_PRESCRIPTION,)}

NEEDS_TO_PRISE_EN_CHARGE = {
    "anglais": "Langues étrangères (anglais)",
    "autre_langue": "Langues étrangères (autres)",
    "lire": "Illettrisme",
    "voir": "Déficience visuelle",
    "entendre": "Surdité",
    "bouger": "Handicaps moteurs",
    "comprendre": "Handicaps mentaux",
}
AGE_TO_PUBLICS = {"moins_26": ("Jeunes",), "de_26_a_59": (), "60_ou_plus": ("Seniors",)}

# --- Facts and rules ------------------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    """The facts the rules read, computed once from the scores and the answers."""

    digital_level: str
    admin_level: str
    usable_email: bool
    wants_to_learn: bool
    prefers_help: bool
    urgent: bool
    afraid: bool
    has_device: bool
    safety_acquired: bool
    no_support: bool


@dataclass(frozen=True)
class Clause:
    when: dict  # fact → accepted values; every fact must hold
    cite: tuple = ()  # facts the explanation cites, in order; empty: all of `when`

    def holds(self, situation):
        return all(getattr(situation, fact) in values for fact, values in self.when.items())

    @property
    def cited(self):
        return self.cite or tuple(self.when)


@dataclass(frozen=True)
class Rule:
    profile: str
    clauses: tuple[Clause, ...]  # the rule applies when any clause holds


FIRST_STEPS = frozenset({"N0", "N1"})
RULES = (
    Rule(
        "equiper",
        (
            Clause({"digital_level": {"N0"}}),
            Clause({"usable_email": {False}}),
        ),
    ),
    Rule(
        "confiance",
        (
            Clause({"admin_level": {"AR", "AD"}}),
            Clause(
                {"digital_level": FIRST_STEPS, "prefers_help": {True}},
                ("prefers_help", "digital_level"),
            ),
            Clause({"urgent": {True}, "digital_level": FIRST_STEPS}),
        ),
    ),
    Rule(
        "accompagner",
        (
            Clause({"admin_level": {"AC", "AP"}, "digital_level": {"N2", "N3"}}),
            Clause({"urgent": {True}}),
        ),
    ),
    Rule(
        "apprendre",
        (Clause({"wants_to_learn": {True}, "digital_level": {"N1", "N2"}}, ("wants_to_learn",)),),
    ),
    Rule(
        "autonome",
        (Clause({"digital_level": {"N3"}, "admin_level": {"AA", "AP"}}),),
    ),
)
# When no rule applies (only N2, procedures done alone, prefers help), the person manages.
FALLBACK = Rule("autonome", (Clause({}, ("admin_level",)),))

MAX_PROFILES = 2
HELP_NOW = ("confiance", "accompagner")  # one need, two ways: only the first that applies
LEARN = "apprendre"


# The selection after the rules, in plain French for the public rules page.
SELECTION = (
    "Les règles sont lues dans l'ordre du tableau ; au plus deux propositions sont gardées.",
    "« Quelqu'un de confiance » et « Être accompagné·e » sont deux façons d'aider pour les "
    "démarches : seule la première qui s'applique est gardée.",
    "Avec une démarche urgente, l'aide pour les démarches vient en premier, et « Apprendre à mon "
    "rythme » en second si la personne aimerait apprendre.",
    "Si aucune règle ne s'applique, la proposition est « Je me débrouille ».",
    "Priorité : quand la personne renonce à ses démarches, ou quand personne autour d'elle ne "
    "peut l'aider.",
)


def situation_of(scores, answers):
    return Situation(
        digital_level=scores.digital_level,
        admin_level=scores.admin_level,
        usable_email=answers["email"] in USABLE_EMAIL_CODES,
        wants_to_learn=answers["envie"] in LEARN_ANSWERS,
        prefers_help=answers["envie"] in HELP_ANSWERS,
        urgent=answers["urgence"] != "non",
        afraid=answers["envie"] in AFRAID_CODES,
        has_device=answers["appareil"] != "aucun",
        safety_acquired=SAFETY_ITEM in scores.acquired,
        no_support=answers["entourage"] == "non",
    )


def _reasons(fact, situation, answers):
    """The reason codes (explain.REASONS) that restate the answers behind a fact."""
    if fact == "digital_level":
        level = situation.digital_level
        if level == "N0":
            return tuple(
                reason
                for reason, present in (
                    ("sans_appareil", not situation.has_device),
                    ("jamais_internet", answers["internet"] == "jamais"),
                    ("arrete_internet", answers["internet"] == "arrete"),
                )
                if present
            )
        if level == "N1":
            gate_acquired = answers.get(GATE_ITEM) not in (None, *NOT_ACQUIRED_CODES)
            return ("premiers_pas",) if gate_acquired else ("allumer_difficile",)
        return ("sait_plusieurs",) if level == "N2" else ("bases_acquises",)
    if fact == "admin_level":
        # The level restates the procedures answer, unless someone keeping the logins raised it.
        said = answers["demarches"]
        return (said,) if ADMIN_BY_PROCEDURES[said] == situation.admin_level else ("codes_gardes",)
    if fact == "usable_email":
        return ("email_perdu",) if answers["email"] == "oui_perdue" else ("email_absent",)
    if fact == "prefers_help":
        return (HELP_ANSWERS[answers["envie"]],)
    if fact == "wants_to_learn":
        return (LEARN_ANSWERS[answers["envie"]],)
    if fact == "urgent":
        return (f"{URGENT_REASON}{answers['urgence']}",)
    raise ValueError(f"fait inconnu : {fact}")


def _matching(rule, situation, answers):
    """The reasons of every clause of `rule` that holds (deduplicated), or None."""
    reasons = []
    holding = [clause for clause in rule.clauses if clause.holds(situation)]
    if not holding:
        return None
    for clause in holding:
        for fact in clause.cited:
            reasons += [r for r in _reasons(fact, situation, answers) if r not in reasons]
    # An urgent procedure is the first thing to say when it is among the reasons.
    return tuple(sorted(reasons, key=lambda reason: not reason.startswith(URGENT_REASON)))


def select_profiles(situation, answers):
    """[(profile code, reason codes)], 1 to MAX_PROFILES, most useful first."""
    matched = []
    for rule in RULES:
        reasons = _matching(rule, situation, answers)
        if reasons is not None:
            matched.append((rule.profile, reasons))
    help_now = [m for m in matched if m[0] in HELP_NOW]
    matched = [m for m in matched if m[0] not in HELP_NOW or m is help_now[0]]
    if situation.urgent and help_now:
        learn = [m for m in matched if m[0] == LEARN]
        rest = [m for m in matched if m is not help_now[0] and m[0] != LEARN]
        matched = [help_now[0], *learn, *rest]
    if not matched:
        matched = [(FALLBACK.profile, _matching(FALLBACK, situation, answers))]
    return matched[:MAX_PROFILES]


# --- Results --------------------------------------------------------------------------------


def _lists(mapping):
    return {key: list(values) for key, values in mapping.items()}


@dataclass(frozen=True)
class ProfileResult:
    code: str
    title: str
    services: tuple[str, ...]  # standard `services` to look for, the most relevant first
    filters: dict  # standard field → accepted values (tuples)
    preferences: dict  # standard field → values to rank first (never excluding)
    explanation: str  # one sentence citing the answers, in the evaluation's mode
    reasons: tuple[str, ...]  # codes of the cited reasons (explain.REASONS)
    links: tuple[Link, ...] = ()

    def to_dict(self):
        return {
            "code": self.code,
            "title": self.title,
            "services": list(self.services),
            "filters": _lists(self.filters),
            "preferences": _lists(self.preferences),
            "explanation": self.explanation,
            "reasons": list(self.reasons),
            "links": [{"label": link.label, "url": link.url} for link in self.links],
        }


def _profile_result(code, reasons, situation, mode):
    profile = PROFILES[code]
    services, filters, consequence = profile.services, dict(profile.filters), code
    if code == "equiper" and not situation.has_device:
        services = EQUIPER_SERVICES_WITHOUT_DEVICE
    if code == LEARN:
        if not situation.safety_acquired:
            services = (*services, UTILISATION_SECURISEE)
        if situation.afraid:
            filters.update(LEARN_FILTERS_IF_AFRAID)
            consequence = "apprendre_individuel"
            reasons = (*reasons, "peur_erreur")
    preferences = dict(BASE_PREFERENCES)
    if mode is Mode.ASSISTED:
        preferences.update(ASSISTED_PREFERENCES)
    return ProfileResult(
        code=code,
        title=profile.title,
        services=services,
        filters=filters,
        preferences=preferences,
        explanation=sentence(reasons, consequence, mode),
        reasons=reasons[:MAX_CITED_REASONS],
        links=profile.links,
    )


@dataclass(frozen=True)
class Evaluation:
    questionnaire_version: str
    mode: str  # "moi" or "accompagne"
    answers: dict  # the answers that count, codes only (no free text exists)
    indices: dict  # dimension → 0–100, None when not assessed
    digital_level: str  # N0…N3
    digital_level_label: str  # "Non évalué …" for N0
    skills_assessed: bool
    skills: dict  # skill item → 0–3, None when not assessed
    inferred_skills: tuple  # items inferred "not acquired" by a skip rule
    admin_level: str  # AA, AP, AC, AD, AR
    admin_level_label: str
    urgent_domain: str | None  # code of the urgent procedure's domain, or None
    priority: bool  # gives up on procedures, or no one around to help
    priority_reasons: tuple  # "renonce", "sans_entourage"
    priority_note: str  # one sentence for the result page; "" without priority
    profiles: tuple[ProfileResult, ...]
    needs_filters: dict = field(default_factory=dict)  # {"prise_en_charge_specifique": (...)}
    public_preferences: dict = field(default_factory=dict)  # {"publics_specifiquement_…": …}

    def search_filters(self, profile):
        """Standard field → accepted values, for one profile: its services, its filters, the
        specific needs."""
        return _lists({"services": profile.services, **profile.filters, **self.needs_filters})

    def search_preferences(self, profile):
        """Standard field → values to rank first, for one profile (never excluding)."""
        return _lists({**profile.preferences, **self.public_preferences})

    def to_dict(self):
        data = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "profiles":
                value = [p.to_dict() for p in value]
            elif f.name == "answers":
                value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
            elif f.name in ("needs_filters", "public_preferences"):
                value = _lists(value)
            elif isinstance(value, tuple):
                value = list(value)
            data[f.name] = value
        return data


def evaluate(answers, mode):
    """Validate, score and route. Raises flow.InvalidAnswers naming the question at fault."""
    answers = validate_answers(answers, mode)
    mode = Mode(mode)
    scores = score(answers)
    situation = situation_of(scores, answers)
    profiles = tuple(
        _profile_result(code, reasons, situation, mode)
        for code, reasons in select_profiles(situation, answers)
    )
    priority_reasons = tuple(
        reason
        for reason, present in (
            ("renonce", situation.admin_level == "AR"),
            ("sans_entourage", situation.no_support),
        )
        if present
    )
    needs = [NEEDS_TO_PRISE_EN_CHARGE[code] for code in answers.get("besoins", ())]
    publics = AGE_TO_PUBLICS.get(answers.get("age"), ())
    return Evaluation(
        questionnaire_version=VERSION,
        mode=mode.value,
        answers=answers,
        indices=scores.indices,
        digital_level=scores.digital_level,
        digital_level_label=DIGITAL_LEVELS[scores.digital_level],
        skills_assessed=scores.skills_assessed,
        skills=scores.skills,
        inferred_skills=scores.inferred_skills,
        admin_level=scores.admin_level,
        admin_level_label=ADMIN_LEVELS[scores.admin_level],
        urgent_domain=None if answers["urgence"] == "non" else answers["urgence"],
        priority=bool(priority_reasons),
        priority_reasons=priority_reasons,
        priority_note=sentence(priority_reasons, "priorite", mode) if priority_reasons else "",
        profiles=profiles,
        needs_filters={"prise_en_charge_specifique": tuple(needs)} if needs else {},
        public_preferences={"publics_specifiquement_adresses": publics} if publics else {},
    )


def rules_dict():
    """Everything that decides a result, JSON-ready, for the public rules page and the API."""
    return {
        "questionnaire_version": VERSION,
        "acquired_min_points": ACQUIRED_MIN_POINTS,
        "digital_levels": [
            {"code": code, "label": label, "definition": level_definitions()[code]}
            for code, label in DIGITAL_LEVELS.items()
        ],
        "acquired": level_definitions()["acquis"],
        "admin_levels": [
            {
                "code": code,
                "label": label,
                "from_answers": [
                    f"demarches={answer}"
                    for answer, lvl in ADMIN_BY_PROCEDURES.items()
                    if lvl == code
                ]
                + [
                    f"{qid}={answer}"
                    for (qid, answer), lvl in ADMIN_AT_LEAST.items()
                    if lvl == code
                ],
            }
            for code, label in ADMIN_LEVELS.items()
        ],
        "points": POINTS,
        "profiles": [
            {
                "code": p.code,
                "title": p.title,
                "when": p.when,
                "services": list(p.services),
                "filters": _lists(p.filters),
            }
            for p in PROFILES.values()
        ],
        "selection": list(SELECTION),
        "preferences": _lists(BASE_PREFERENCES),
        "assisted_preferences": _lists(ASSISTED_PREFERENCES),
        "needs": NEEDS_TO_PRISE_EN_CHARGE,
        "ages": _lists(AGE_TO_PUBLICS),
    }
