"""One-sentence explanations that cite the person's answers, in both modes.

"Vous nous avez dit que vous n'avez pas d'adresse e-mail, donc un lieu peut vous aider à vous
équiper et à vous connecter." / "La personne a dit qu'elle n'a pas d'adresse e-mail, donc …"

A reason is a short clause that restates an answer (never a judgement); the rules module picks
the reasons, this module only words them.
"""

from .questionnaire import Mode, Wording, same

INTRO = Wording(you="Vous nous avez dit que", person="La personne a dit que")

# What the person said, restated. Person-mode clauses start with "elle" or "quelqu'un".
REASONS = {
    "sans_appareil": Wording(
        you="vous n'utilisez ni smartphone, ni ordinateur, ni tablette",
        person="elle n'utilise ni smartphone, ni ordinateur, ni tablette",
    ),
    "jamais_internet": Wording(
        you="vous n'avez jamais utilisé internet", person="elle n'a jamais utilisé internet"
    ),
    "arrete_internet": Wording(
        you="vous avez arrêté d'utiliser internet", person="elle a arrêté d'utiliser internet"
    ),
    "email_absent": Wording(
        you="vous n'avez pas d'adresse e-mail", person="elle n'a pas d'adresse e-mail"
    ),
    "email_perdu": Wording(
        you="vous n'arrivez plus à ouvrir votre adresse e-mail",
        person="elle n'arrive plus à ouvrir son adresse e-mail",
    ),
    "allumer_difficile": Wording(
        you="vous avez besoin d'aide pour vous connecter au wifi",
        person="elle a besoin d'aide pour se connecter au wifi",
    ),
    "premiers_pas": Wording(
        you="vous avez besoin d'aide pour la plupart des choses sur internet",
        person="elle a besoin d'aide pour la plupart des choses sur internet",
    ),
    "sait_plusieurs": Wording(
        you="vous savez déjà faire plusieurs choses sur internet",
        person="elle sait déjà faire plusieurs choses sur internet",
    ),
    "bases_acquises": Wording(
        you="vous savez faire les choses de base sur internet",
        person="elle sait faire les choses de base sur internet",
    ),
    "sans_aide": Wording(
        you="vous faites vos démarches sans aide", person="elle fait ses démarches sans aide"
    ),
    "parfois_aide": Wording(
        you="vous avez parfois besoin d'aide pour vos démarches",
        person="elle a parfois besoin d'aide pour ses démarches",
    ),
    "avec_quelquun": Wording(
        you="vous faites vos démarches avec quelqu'un à côté de vous",
        person="elle fait ses démarches avec quelqu'un à côté d'elle",
    ),
    "a_ma_place": Wording(
        you="quelqu'un fait vos démarches à votre place",
        person="quelqu'un fait ses démarches à sa place",
    ),
    "codes_gardes": Wording(
        you="quelqu'un garde vos codes pour les sites de l'administration",
        person="quelqu'un garde ses codes pour les sites de l'administration",
    ),
    "renonce": Wording(
        you="vous évitez vos démarches sur internet",
        person="elle évite ses démarches sur internet",
    ),
    "prefere_aide": Wording(
        you="vous préférez qu'on vous aide", person="elle préfère qu'on l'aide"
    ),
    "fait_pour_moi": Wording(
        you="vous préférez qu'on le fasse pour vous",
        person="elle préfère qu'on le fasse pour elle",
    ),
    "veut_apprendre": Wording(you="vous aimeriez apprendre", person="elle aimerait apprendre"),
    "veut_apprendre_plus_tard": Wording(
        you="vous aimeriez apprendre plus tard", person="elle aimerait apprendre plus tard"
    ),
    "peur_erreur": Wording(
        you="vous avez peur de vous tromper", person="elle a peur de se tromper"
    ),
    "sans_entourage": Wording(
        you="personne autour de vous ne peut vous aider avec internet",
        person="personne autour d'elle ne peut l'aider avec internet",
    ),
}

# An urgent procedure, cited with its domain (the answer code of the question "urgence").
URGENT_REASON = "urgence_"
URGENT_DOMAINS = {
    "caf": " pour la CAF",
    "sante": " pour la santé",
    "emploi": " pour l'emploi",
    "impots": " pour les impôts",
    "logement": " pour le logement",
    "papiers": " pour des papiers",
    "retraite": " pour la retraite",
    "autre": "",
}
REASONS.update(
    {
        f"{URGENT_REASON}{code}": Wording(
            you=f"vous avez une démarche urgente{domain}",
            person=f"elle a une démarche urgente{domain}",
        )
        for code, domain in URGENT_DOMAINS.items()
    }
)

# What can help: the end of the sentence, per profile (and variant).
CONSEQUENCES = {
    "equiper": Wording(
        you="un lieu peut vous aider à vous équiper et à vous connecter",
        person="un lieu peut l'aider à s'équiper et à se connecter",
    ),
    "confiance": Wording(
        you="une personne de confiance peut faire vos démarches avec vous, ou pour vous",
        person="une personne de confiance peut faire ses démarches avec elle, ou pour elle",
    ),
    "accompagner": Wording(
        you="quelqu'un peut vous accompagner dans vos démarches",
        person="quelqu'un peut l'accompagner dans ses démarches",
    ),
    "apprendre": Wording(
        you="un atelier peut vous aider à apprendre à votre rythme",
        person="un atelier peut l'aider à apprendre à son rythme",
    ),
    "apprendre_individuel": Wording(
        you="quelqu'un peut vous apprendre à votre rythme, en tête-à-tête",
        person="quelqu'un peut lui apprendre à son rythme, en tête-à-tête",
    ),
    "autonome": Wording(
        you="des lieux en accès libre et des ateliers peuvent vous être utiles",
        person="des lieux en accès libre et des ateliers peuvent lui être utiles",
    ),
    "priorite": same("il vaut mieux contacter un de ces lieux rapidement"),
}

MAX_CITED_REASONS = 2  # one sentence stays short


def _that(clause):
    """ "que" + clause, with the elision French requires before a vowel ("qu'elle")."""
    return f"qu'{clause}" if clause[:1].lower() in "aeiouyéè" else f"que {clause}"


def sentence(reasons, consequence, mode):
    """One sentence: intro, up to MAX_CITED_REASONS reasons, "donc", the consequence."""
    mode = Mode(mode)
    clauses = [REASONS[code].in_mode(mode) for code in reasons[:MAX_CITED_REASONS]]
    intro = INTRO.in_mode(mode)
    # "La personne a dit que" + "qu'elle …": the intro's own "que" takes the elision.
    cited = " et ".join(_that(clause) for clause in clauses)
    intro = intro.removesuffix(" que")
    return f"{intro} {cited}, donc {CONSEQUENCES[consequence].in_mode(mode)}."
