"""The diagnostic questionnaire, as plain data a social-work expert can review in one place.

Everything a person reads is here, in both modes:
- ``Mode.SELF`` ("Je réponds pour moi"): the person answers, we say "vous";
- ``Mode.ASSISTED`` ("Je remplis avec la personne que j'accompagne"): a professional fills it
  in at the desk with the person, we say "la personne" / "elle".

Writing rules (FALC): short sentences, everyday words, one idea per question, never a grade,
never a stigmatising label. Inclusive-writing dots are avoided (hard to read aloud): wording is
neutral instead ("sans aide" rather than "seul·e").

Answers are stable short codes (``"smartphone"``, ``"seul"``): they are what a session, a
shareable link or the API carries, so a code never changes meaning within a version. Any change
to a question, a choice or a skip rule gets a new ``VERSION``; a stored result names the version
it was scored with.

Questions marked ``place_filter`` (specific needs, age band) are optional and only used to filter
places: the web flow asks them on its last screen, together with the commune.
"""

from dataclasses import dataclass
from enum import StrEnum

VERSION = "2026-11-2"


class Mode(StrEnum):
    SELF = "moi"
    ASSISTED = "accompagne"


MODE_LABELS = {
    Mode.SELF: "Je réponds pour moi",
    Mode.ASSISTED: "Je remplis avec la personne que j'accompagne",
}


@dataclass(frozen=True)
class Wording:
    """One text in both modes: ``you`` speaks to the person, ``person`` speaks about them."""

    you: str
    person: str

    def in_mode(self, mode):
        return self.you if Mode(mode) is Mode.SELF else self.person


def same(text):
    """A text that reads the same in both modes (e.g. "Un smartphone")."""
    return Wording(you=text, person=text)


@dataclass(frozen=True)
class Choice:
    code: str
    label: Wording
    icon: str | None = None  # name of a pictogram the web flow may show next to the label


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str  # one of DIMENSIONS
    text: Wording
    choices: tuple[Choice, ...]
    help: Wording | None = None  # one short line under the question
    multiple: bool = False
    optional: bool = False
    place_filter: bool = False  # asked with the commune, only to filter places

    def choice(self, code):
        """The choice with this code, or None."""
        return next((c for c in self.choices if c.code == code), None)

    @property
    def codes(self):
        return tuple(c.code for c in self.choices)


@dataclass(frozen=True)
class SkipRule:
    """When an earlier answer is one of ``when[question_id]``, the ``skips`` questions are not
    asked. Their value is then ``inferred`` (a choice code) or, when None, "not assessed"."""

    code: str
    when: dict[str, frozenset[str]]
    skips: tuple[str, ...]
    inferred: str | None
    description: str  # plain French, for the public rules page


DIMENSIONS = {
    "acces": "Accès au numérique",
    "competences": "Savoir-faire sur internet",
    "demarches": "Démarches administratives",
    "envie": "Envie d'apprendre et confiance",
    "entourage": "Aide de l'entourage",
    "besoins": "Accueil adapté",
    "public": "Âge",
}


# --- The skill scale (DIAGNOSTIC.md): 3 sans aide · 2 un peu d'aide · 1 guidé · 0 ne sait pas ---

SKILL_SCALE = (
    Choice("seul", same("Oui, sans aide"), icon="check"),
    Choice("peu_aide", same("Oui, avec un peu d'aide"), icon="helping-hand"),
    Choice(
        "guide",
        Wording(you="Seulement si on me guide", person="Seulement si on la guide"),
        icon="guide",
    ),
    Choice(
        "ne_sait_pas",
        Wording(you="Je ne sais pas le faire", person="Elle ne sait pas le faire"),
        icon="question",
    ),
)
SKILL_POINTS = {"seul": 3, "peu_aide": 2, "guide": 1, "ne_sait_pas": 0}
# An item counts as acquired from "avec un peu d'aide" on: the Eurostat indicator counts having
# done the activity, not doing it unaided.
ACQUIRED_MIN_POINTS = 2
NOT_ACQUIRED_CODES = frozenset(c for c, p in SKILL_POINTS.items() if p < ACQUIRED_MIN_POINTS)


def _skill(id, you, person, help=None):
    return Question(
        id=id,
        dimension="competences",
        text=Wording(you=you, person=person),
        help=help,
        choices=SKILL_SCALE,
    )


QUESTIONS = (
    # --- Accès ---
    Question(
        id="appareil",
        dimension="acces",
        text=Wording(
            you="Quel appareil utilisez-vous le plus souvent ?",
            person="Quel appareil la personne utilise-t-elle le plus souvent ?",
        ),
        help=same("Un téléphone qui sert seulement à appeler ne compte pas."),
        choices=(
            Choice("smartphone", same("Un smartphone"), icon="smartphone"),
            Choice("ordinateur", same("Un ordinateur"), icon="computer"),
            Choice("tablette", same("Une tablette"), icon="tablet"),
            Choice("aucun", same("Aucun de ces appareils"), icon="none"),
        ),
    ),
    Question(
        id="internet",
        dimension="acces",
        text=Wording(
            you="Utilisez-vous internet ?",
            person="La personne utilise-t-elle internet ?",
        ),
        help=Wording(
            you="Avec une box, ou avec le forfait de votre téléphone.",
            person="Avec une box, ou avec le forfait de son téléphone.",
        ),
        choices=(
            Choice(
                "oui_maison",
                Wording(
                    you="Oui, chez moi, et ça marche bien",
                    person="Oui, chez elle, et ça marche bien",
                ),
                icon="wifi",
            ),
            Choice(
                "oui_limite",
                Wording(
                    you="Oui, chez moi, mais ça coupe souvent",
                    person="Oui, chez elle, mais ça coupe souvent",
                ),
                icon="wifi-weak",
            ),
            Choice(
                "oui_ailleurs",
                Wording(you="Oui, mais pas chez moi", person="Oui, mais pas chez elle"),
                icon="library",
            ),
            # "Stopped" and "never" are told apart: the first had a use that was lost.
            Choice(
                "arrete",
                Wording(
                    you="Plus maintenant, j'ai arrêté", person="Plus maintenant, elle a arrêté"
                ),
                icon="pause",
            ),
            Choice("jamais", same("Non, jamais"), icon="none"),
        ),
    ),
    Question(
        id="email",
        dimension="acces",
        text=Wording(
            you="Avez-vous une adresse e-mail ?",
            person="La personne a-t-elle une adresse e-mail ?",
        ),
        help=same("Par exemple : marie.durand@exemple.fr"),
        choices=(
            Choice(
                "oui_seul",
                Wording(
                    you="Oui, et je sais lire mes e-mails",
                    person="Oui, et elle sait lire ses e-mails",
                ),
                icon="mail",
            ),
            Choice("oui_quelquun", same("Oui, mais quelqu'un d'autre s'en occupe"), icon="people"),
            Choice(
                "oui_perdue",
                Wording(
                    you="Oui, mais je n'arrive plus à l'ouvrir",
                    person="Oui, mais elle n'arrive plus à l'ouvrir",
                ),
                icon="lock",
            ),
            Choice("non", same("Non"), icon="none"),
        ),
    ),
    # --- Savoir-faire (asked only with a device and internet; see SKIP_RULES) ---
    _skill(
        "allumer",
        you="Savez-vous allumer votre appareil et le connecter au wifi ?",
        person="La personne sait-elle allumer son appareil et le connecter au wifi ?",
    ),
    _skill(
        "chercher",
        you="Savez-vous chercher une information sur internet ?",
        person="La personne sait-elle chercher une information sur internet ?",
        help=same("Par exemple : un horaire, une adresse."),
    ),
    _skill(
        "message",
        you="Savez-vous envoyer un message avec une photo ?",
        person="La personne sait-elle envoyer un message avec une photo ?",
        help=same("Par SMS, par WhatsApp ou par e-mail."),
    ),
    _skill(
        "document",
        you="Savez-vous envoyer un papier sur un site internet ?",
        person="La personne sait-elle envoyer un papier sur un site internet ?",
        help=same("Prendre le papier en photo, puis l'ajouter sur le site de la CAF, par exemple."),
    ),
    _skill(
        "securite",
        you="Savez-vous reconnaître un faux message ?",
        person="La personne sait-elle reconnaître un faux message ?",
        help=same("Par exemple : un faux message de la banque qui demande un code."),
    ),
    _skill(
        "probleme",
        you="Quand ça ne marche pas, savez-vous trouver une solution ?",
        person="Quand ça ne marche pas, la personne sait-elle trouver une solution ?",
        help=same("Ou trouver quelqu'un qui peut aider."),
    ),
    # --- Démarches ---
    Question(
        id="demarches",
        dimension="demarches",
        text=Wording(
            you="Comment faites-vous vos démarches sur internet ?",
            person="Comment la personne fait-elle ses démarches sur internet ?",
        ),
        help=same("Par exemple : CAF, impôts, Ameli, France Travail."),
        choices=(
            Choice(
                "sans_aide",
                Wording(you="Je les fais sans aide", person="Elle les fait sans aide"),
                icon="check",
            ),
            Choice(
                "parfois_aide",
                Wording(
                    you="Je les fais, mais j'ai parfois besoin d'aide",
                    person="Elle les fait, mais a parfois besoin d'aide",
                ),
                icon="helping-hand",
            ),
            Choice(
                "avec_quelquun",
                Wording(
                    you="Je les fais avec quelqu'un à côté de moi",
                    person="Elle les fait avec quelqu'un à côté d'elle",
                ),
                icon="people",
            ),
            Choice(
                "a_ma_place",
                Wording(
                    you="Quelqu'un les fait à ma place", person="Quelqu'un les fait à sa place"
                ),
                icon="handover",
            ),
            Choice(
                "renonce",
                Wording(you="Je les évite, ou j'y renonce", person="Elle les évite, ou y renonce"),
                icon="stop",
            ),
        ),
    ),
    Question(
        id="identifiants",
        dimension="demarches",
        text=Wording(
            you="Connaissez-vous vos codes pour les sites de l'administration ?",
            person="La personne connaît-elle ses codes pour les sites de l'administration ?",
        ),
        help=same("Par exemple : FranceConnect, Ameli, impots.gouv."),
        choices=(
            Choice(
                "connus",
                Wording(you="Oui, je les connais", person="Oui, elle les connaît"),
                icon="key",
            ),
            Choice(
                "garde_par_autre",
                Wording(you="Quelqu'un les garde pour moi", person="Quelqu'un les garde pour elle"),
                icon="people",
            ),
            Choice(
                "pas_de_compte",
                Wording(you="Je n'ai pas de compte", person="Elle n'a pas de compte"),
                icon="none",
            ),
            Choice(
                "ne_sait_pas",
                Wording(you="Je ne sais pas", person="Elle ne sait pas"),
                icon="question",
            ),
        ),
    ),
    # One screen for "urgent?" and "what for?": the domain costs no extra tap.
    Question(
        id="urgence",
        dimension="demarches",
        text=Wording(
            you="Avez-vous une démarche urgente à faire en ce moment ?",
            person="La personne a-t-elle une démarche urgente à faire en ce moment ?",
        ),
        help=same("Si oui, choisissez pour quoi."),
        choices=(
            Choice("non", same("Non, pas en ce moment"), icon="none"),
            Choice("caf", same("Oui : allocations, CAF"), icon="family"),
            Choice("sante", same("Oui : santé, Ameli"), icon="health"),
            Choice("emploi", same("Oui : emploi, France Travail"), icon="work"),
            Choice("impots", same("Oui : impôts"), icon="tax"),
            Choice("logement", same("Oui : logement"), icon="home"),
            Choice("papiers", same("Oui : papiers, titre de séjour"), icon="id-card"),
            Choice("retraite", same("Oui : retraite"), icon="senior"),
            Choice("autre", same("Oui : autre chose"), icon="more"),
        ),
    ),
    # --- Envie et confiance ---
    # One screen for the wish to learn and the confidence (version 2026-11-2; before, two
    # questions "envie" and "confiance"). The routing only needs: wishes to learn (now, later),
    # prefers help, prefers it done for them, and — among those who wish to learn — the fear of
    # making mistakes, which asks for one-to-one learning. Saves one tap on every path.
    Question(
        id="envie",
        dimension="envie",
        text=Wording(
            you="Aimeriez-vous apprendre à vous servir d'internet vous-même ?",
            person="La personne aimerait-elle apprendre à se servir d'internet elle-même ?",
        ),
        choices=(
            Choice("oui_maintenant", same("Oui, dès maintenant"), icon="go"),
            Choice(
                "oui_peur_erreur",
                Wording(
                    you="Oui, mais j'ai peur de me tromper",
                    person="Oui, mais elle a peur de se tromper",
                ),
                icon="worried",
            ),
            Choice("oui_plus_tard", same("Oui, plus tard"), icon="later"),
            Choice(
                "prefere_aide",
                Wording(
                    you="Non, je préfère qu'on m'aide", person="Non, elle préfère qu'on l'aide"
                ),
                icon="helping-hand",
            ),
            Choice(
                "fait_pour_moi",
                Wording(
                    you="Non, je préfère qu'on le fasse pour moi",
                    person="Non, elle préfère qu'on le fasse pour elle",
                ),
                icon="handover",
            ),
        ),
    ),
    # --- Entourage ---
    Question(
        id="entourage",
        dimension="entourage",
        text=Wording(
            you="Quelqu'un de proche peut-il vous aider avec internet ?",
            person="Quelqu'un de proche peut-il aider la personne avec internet ?",
        ),
        choices=(
            Choice("oui_facile", same("Oui, facilement"), icon="people"),
            Choice("pas_toujours", same("Oui, mais pas toujours"), icon="later"),
            Choice("non", same("Non"), icon="none"),
        ),
    ),
    # --- Facultatif, avec la commune : seulement pour choisir des lieux adaptés ---
    Question(
        id="besoins",
        dimension="besoins",
        text=Wording(
            you="Avez-vous besoin d'un accueil adapté ?",
            person="La personne a-t-elle besoin d'un accueil adapté ?",
        ),
        help=same("Vous pouvez choisir plusieurs réponses, ou passer."),
        multiple=True,
        optional=True,
        place_filter=True,
        choices=(
            Choice(
                "anglais",
                Wording(
                    you="Je parle mieux anglais que français",
                    person="Elle parle mieux anglais que français",
                ),
                icon="language",
            ),
            Choice(
                "autre_langue",
                Wording(
                    you="Je parle mieux une autre langue",
                    person="Elle parle mieux une autre langue",
                ),
                icon="language",
            ),
            Choice(
                "lire",
                Wording(you="Lire est difficile pour moi", person="Lire est difficile pour elle"),
                icon="read",
            ),
            Choice("voir", Wording(you="Je vois mal", person="Elle voit mal"), icon="eye"),
            Choice("entendre", Wording(you="J'entends mal", person="Elle entend mal"), icon="ear"),
            Choice(
                "bouger",
                Wording(you="Je me déplace difficilement", person="Elle se déplace difficilement"),
                icon="wheelchair",
            ),
            Choice(
                "comprendre",
                Wording(
                    you="J'ai besoin qu'on m'explique simplement",
                    person="Elle a besoin qu'on lui explique simplement",
                ),
                icon="explain",
            ),
        ),
    ),
    Question(
        id="age",
        dimension="public",
        text=Wording(you="Quel âge avez-vous ?", person="Quel âge a la personne ?"),
        help=same("Certains lieux accueillent surtout un âge. Vous pouvez passer."),
        optional=True,
        place_filter=True,
        choices=(
            Choice("moins_26", same("Moins de 26 ans")),
            Choice("de_26_a_59", same("De 26 à 59 ans")),
            Choice("60_ou_plus", same("60 ans ou plus")),
        ),
    ),
)

QUESTIONS_BY_ID = {q.id: q for q in QUESTIONS}
SKILL_ITEMS = tuple(q.id for q in QUESTIONS if q.dimension == "competences")
GATE_ITEM = "allumer"  # switch on and connect: without it, the harder items are out of reach
ADVANCED_SKILL_ITEMS = ("document", "securite", "probleme")


SKIP_RULES = (
    SkipRule(
        code="sans_acces",
        when={"appareil": frozenset({"aucun"}), "internet": frozenset({"arrete", "jamais"})},
        skips=SKILL_ITEMS,
        inferred=None,
        description=(
            "Sans appareil, ou sans internet en ce moment, les questions sur ce que la personne "
            "sait faire ne sont pas posées. Elles sont « non évaluées » : elles ne comptent pas "
            "pour zéro."
        ),
    ),
    SkipRule(
        code="allumer_difficile",
        when={GATE_ITEM: NOT_ACQUIRED_CODES},
        skips=ADVANCED_SKILL_ITEMS,
        inferred="ne_sait_pas",
        description=(
            "Si allumer l'appareil et se connecter au wifi demande un guide, les trois questions "
            "plus difficiles ne sont pas posées (envoyer un papier, reconnaître un faux message, "
            "trouver une solution) : elles comptent comme « pas encore acquises »."
        ),
    ),
)


def diagnostic_questions():
    """The questions asked one per screen, in order (before any skip rule)."""
    return tuple(q for q in QUESTIONS if not q.place_filter)


def place_filter_questions():
    """The optional questions the web flow asks with the commune (specific needs, age band)."""
    return tuple(q for q in QUESTIONS if q.place_filter)


def icon_names():
    """Every pictogram name the choices use, for the web flow to provide."""
    return sorted({c.icon for q in QUESTIONS for c in q.choices if c.icon})


def questionnaire_dict(mode=None):
    """The questionnaire as JSON-ready data, for the API and for other tools to render it.

    With ``mode``, texts are the strings of that mode; without, each text is
    ``{"moi": ..., "accompagne": ...}``.
    """

    def text(wording):
        if wording is None:
            return None
        if mode is not None:
            return wording.in_mode(mode)
        return {Mode.SELF.value: wording.you, Mode.ASSISTED.value: wording.person}

    return {
        "version": VERSION,
        "modes": {m.value: label for m, label in MODE_LABELS.items()},
        "dimensions": DIMENSIONS,
        "questions": [
            {
                "id": q.id,
                "dimension": q.dimension,
                "text": text(q.text),
                "help": text(q.help),
                "multiple": q.multiple,
                "optional": q.optional,
                "place_filter": q.place_filter,
                "choices": [
                    {"code": c.code, "label": text(c.label), "icon": c.icon} for c in q.choices
                ],
            }
            for q in QUESTIONS
        ],
        "skip_rules": [
            {
                "code": r.code,
                "when": {qid: sorted(codes) for qid, codes in r.when.items()},
                "skips": list(r.skips),
                "inferred": r.inferred,
                "description": r.description,
            }
            for r in SKIP_RULES
        ],
    }
