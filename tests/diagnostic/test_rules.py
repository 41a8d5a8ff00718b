import dataclasses
import json
import re

import pytest

from diagnostic import rules
from diagnostic.flow import InvalidAnswers
from diagnostic.questionnaire import QUESTIONS_BY_ID, SKILL_ITEMS, VERSION
from diagnostic.rules import evaluate

from .personas import COMMON, NO_DEVICE, answers, with_acquired, with_skills

N1 = {"allumer": "guide"}  # gate not acquired
N3 = dict.fromkeys(SKILL_ITEMS, "seul")  # all basics; the common path is N2


def profiles(given, mode="moi"):
    return [p.code for p in evaluate(given, mode).profiles]


def profile(given, code, mode="moi"):
    return next(p for p in evaluate(given, mode).profiles if p.code == code)


# --- Each rule of the table ---


@pytest.mark.parametrize(
    "given",
    [
        answers(NO_DEVICE, envie="oui_maintenant"),
        answers(internet="arrete"),
        answers(email="non"),
        answers(email="oui_perdue"),
    ],
)
def test_equiper_when_no_access_or_no_usable_email(given):
    assert profiles(given)[0] == "equiper"


def test_an_email_someone_else_reads_is_usable():
    assert "equiper" not in profiles(answers(email="oui_quelquun"))


@pytest.mark.parametrize(
    "given",
    [
        answers(demarches="renonce"),
        answers(demarches="a_ma_place"),
        answers(identifiants="garde_par_autre"),
        answers(**N1, envie="prefere_aide"),
        answers(**N1, envie="fait_pour_moi"),
        answers(**N1, urgence="sante"),
        answers(NO_DEVICE, email="oui_seul", envie="prefere_aide"),
    ],
)
def test_confiance_when_delegating_giving_up_or_first_steps_preferring_help(given):
    assert "confiance" in profiles(given)


def test_no_confiance_for_partial_basics_preferring_help():
    assert "confiance" not in profiles(answers(envie="prefere_aide"))


@pytest.mark.parametrize(
    "given",
    [
        answers(demarches="avec_quelquun"),
        answers(demarches="parfois_aide"),
        answers(**N3, demarches="avec_quelquun"),
        answers(**N3, demarches="sans_aide", urgence="impots"),
    ],
)
def test_accompagner_with_some_help_and_the_basics_or_urgent(given):
    assert "accompagner" in profiles(given)


def test_no_accompagner_in_first_steps_without_urgency():
    assert "accompagner" not in profiles(answers(**N1, demarches="avec_quelquun"))


@pytest.mark.parametrize("skills", [with_acquired(True, 1), with_acquired(True, 3)])
@pytest.mark.parametrize("envie", ["oui_maintenant", "oui_peur_erreur", "oui_plus_tard"])
def test_apprendre_for_first_steps_or_partial_basics_wishing_to_learn(skills, envie):
    assert "apprendre" in profiles(answers(skills, envie=envie, demarches="sans_aide"))


@pytest.mark.parametrize(
    "given",
    [
        answers(**N3, envie="oui_maintenant"),
        answers(NO_DEVICE, envie="oui_maintenant"),
        answers(envie="prefere_aide"),
    ],
)
def test_no_apprendre_otherwise(given):
    assert "apprendre" not in profiles(given)


@pytest.mark.parametrize("demarches", ["sans_aide", "parfois_aide"])
def test_autonome_with_all_basics_and_little_help(demarches):
    assert "autonome" in profiles(answers(**N3, demarches=demarches))


def test_no_autonome_with_all_basics_but_someone_beside():
    assert profiles(answers(**N3, demarches="avec_quelquun", envie="prefere_aide")) == [
        "accompagner"
    ]


def test_fallback_when_no_rule_applies():
    """Partial basics, procedures done alone, prefers help: the person manages."""
    given = answers(demarches="sans_aide", envie="prefere_aide")
    assert profiles(given) == ["autonome"]
    assert "vos démarches sans aide" in profile(given, "autonome").explanation


# --- Order, urgency and the two-suggestion cap ---


def test_rules_apply_in_order_and_at_most_two_are_kept():
    # Matches equiper, accompagner and apprendre: the first two are kept, in table order.
    assert profiles(answers(email="oui_perdue")) == ["equiper", "accompagner"]


def test_never_zero_and_never_more_than_two_suggestions():
    for demarches in QUESTIONS_BY_ID["demarches"].codes:
        for envie in QUESTIONS_BY_ID["envie"].codes:
            for urgence in ("non", "caf"):
                for base in (COMMON, NO_DEVICE, answers(**N1), answers(**N3)):
                    given = answers(base, demarches=demarches, envie=envie, urgence=urgence)
                    assert 1 <= len(profiles(given)) <= 2


def test_urgent_puts_help_now_first_and_learning_second():
    assert profiles(answers(urgence="non")) == ["accompagner", "apprendre"]
    assert profiles(answers(**N1, urgence="caf")) == ["confiance", "apprendre"]
    assert profiles(answers(NO_DEVICE, urgence="papiers", envie="prefere_aide")) == [
        "confiance",
        "equiper",
    ]
    assert profiles(answers(**N3, demarches="sans_aide", urgence="impots")) == [
        "accompagner",
        "autonome",
    ]


def test_the_two_help_with_procedures_profiles_are_never_both_suggested():
    # Urgent with first steps matches both ways of helping: one is enough.
    given = answers(**N1, urgence="caf", envie="prefere_aide")
    assert profiles(given) == ["confiance"]


def test_wish_to_learn_decides_between_learning_and_being_helped():
    learner = answers(**N1, envie="oui_maintenant")
    helped = answers(**N1, envie="fait_pour_moi")
    assert profiles(learner) == ["apprendre"]
    assert profiles(helped) == ["confiance"]


# --- Services, filters and preferences ---


def test_profile_services_and_filters_follow_the_table():
    confiance = profile(answers(demarches="a_ma_place", envie="prefere_aide"), "confiance")
    assert confiance.title == "Quelqu'un de confiance fait avec ou pour moi"
    assert confiance.services == ("Aide aux démarches administratives",)
    assert confiance.filters == {
        "dispositif_programmes_nationaux": ("Aidants Connect", "France Services"),
        "modalites_accompagnement": ("Accompagnement individuel",),
    }
    accompagner = profile(answers(envie="prefere_aide"), "accompagner")
    assert accompagner.title == "Être accompagné·e pour les démarches"
    assert accompagner.filters == {
        "dispositif_programmes_nationaux": (
            "France Services",
            "Point d'accès numérique CAF",
            "Conseillers numériques",
        )
    }
    autonome = profile(answers(**N3, demarches="sans_aide"), "autonome")
    assert autonome.filters == {
        "modalites_accompagnement": ("En autonomie", "Dans un atelier collectif")
    }
    assert autonome.links[0].url == "https://pix.fr/"


def test_equiper_puts_a_device_first_when_there_is_none():
    no_device = profile(NO_DEVICE, "equiper")
    assert no_device.services[0] == "Acquisition de matériel informatique à prix solidaire"
    no_email = profile(answers(email="non"), "equiper")
    assert no_email.services[0] == "Accès internet et matériel informatique"
    assert set(no_device.services) == set(no_email.services)


def test_learning_adds_safety_when_spotting_fake_messages_is_not_acquired():
    not_acquired = profile(answers(securite="guide"), "apprendre")
    assert not_acquired.services == (
        "Maîtrise des outils numériques du quotidien",
        "Utilisation sécurisée du numérique",
    )
    acquired = profile(answers(securite="peu_aide"), "apprendre")
    assert acquired.services == ("Maîtrise des outils numériques du quotidien",)
    inferred = profile(answers(**N1, securite="seul"), "apprendre")  # skipped: not acquired
    assert "Utilisation sécurisée du numérique" in inferred.services


@pytest.mark.parametrize("envie", ["oui_maintenant", "oui_plus_tard"])
def test_learning_in_a_workshop_when_not_afraid(envie):
    workshop = profile(answers(envie=envie), "apprendre")
    assert workshop.filters == {"modalites_accompagnement": ("Dans un atelier collectif",)}
    assert "peur" not in workshop.explanation


def test_learning_one_to_one_when_afraid_of_mistakes():
    # "Oui, mais j'ai peur de me tromper": wishes to learn, and the fear asks for one-to-one.
    afraid = profile(answers(envie="oui_peur_erreur"), "apprendre")
    assert afraid.filters == {"modalites_accompagnement": ("Accompagnement individuel",)}
    assert afraid.reasons == ("veut_apprendre", "peur_erreur")
    assert afraid.explanation == (
        "Vous nous avez dit que vous aimeriez apprendre et que vous avez peur de vous tromper, "
        "donc quelqu'un peut vous apprendre à votre rythme, en tête-à-tête."
    )
    assisted = evaluate(answers(envie="oui_peur_erreur"), "accompagne")
    learn = next(p for p in assisted.profiles if p.code == "apprendre")
    assert "elle a peur de se tromper" in learn.explanation


def test_fear_of_mistakes_routes_like_a_wish_to_learn():
    for base in (answers(**N1), answers(), answers(urgence="caf")):
        afraid = profiles(answers(base, envie="oui_peur_erreur"))
        assert afraid == profiles(answers(base, envie="oui_maintenant"))
        assert "apprendre" in afraid


def test_free_places_first_and_prescription_in_assisted_mode():
    alone = evaluate(COMMON, "moi").profiles[0]
    assert alone.preferences == {"frais_a_charge": ("Gratuit",)}
    assisted = evaluate(COMMON, "accompagne").profiles[0]
    assert assisted.preferences == {
        "frais_a_charge": ("Gratuit",),
        "modalites_acces": ("Envoyer un mail avec une fiche de prescription",),
    }


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("anglais", "Langues étrangères (anglais)"),
        ("autre_langue", "Langues étrangères (autres)"),
        ("lire", "Illettrisme"),
        ("voir", "Déficience visuelle"),
        ("entendre", "Surdité"),
        ("bouger", "Handicaps moteurs"),
        ("comprendre", "Handicaps mentaux"),
    ],
)
def test_specific_needs_map_to_the_standard(code, value):
    result = evaluate(answers(besoins=[code]), "moi")
    assert result.needs_filters == {"prise_en_charge_specifique": (value,)}


@pytest.mark.parametrize(
    ("age", "publics"),
    [("moins_26", ("Jeunes",)), ("60_ou_plus", ("Seniors",)), ("de_26_a_59", None), (None, None)],
)
def test_age_band_maps_to_the_standard_publics(age, publics):
    result = evaluate(answers(age=age), "moi")
    expected = {"publics_specifiquement_adresses": publics} if publics else {}
    assert result.public_preferences == expected


def test_search_filters_and_preferences_combine_profile_needs_and_age():
    result = evaluate(answers(besoins=["entendre", "voir"], age="60_ou_plus"), "accompagne")
    first = result.profiles[0]
    assert result.search_filters(first) == {
        "services": ["Aide aux démarches administratives"],
        "dispositif_programmes_nationaux": [
            "France Services",
            "Point d'accès numérique CAF",
            "Conseillers numériques",
        ],
        "prise_en_charge_specifique": ["Déficience visuelle", "Surdité"],  # choice order
    }
    assert result.search_preferences(first) == {
        "frais_a_charge": ["Gratuit"],
        "modalites_acces": ["Envoyer un mail avec une fiche de prescription"],
        "publics_specifiquement_adresses": ["Seniors"],
    }


def test_standard_strings_are_those_of_the_directory():
    enums = pytest.importorskip("directory.enums")
    search_sql = pytest.importorskip("directory.search_sql")
    known = {
        "services": set(enums.Service.values),
        "dispositif_programmes_nationaux": set(enums.Dispositif.values),
        "modalites_accompagnement": set(enums.ModaliteAccompagnement.values),
        "modalites_acces": set(enums.ModaliteAcces.values),
        "frais_a_charge": set(enums.Frais.values),
        "prise_en_charge_specifique": set(enums.PriseEnCharge.values),
        "publics_specifiquement_adresses": set(enums.Public.values),
    }
    used = {field: set() for field in known}
    for p in rules.PROFILES.values():
        used["services"] |= set(p.services)
        for field, values in p.filters.items():
            used[field] |= set(values)
    for field, values in {
        **rules.BASE_PREFERENCES,
        **rules.ASSISTED_PREFERENCES,
        **rules.LEARN_FILTERS_IF_AFRAID,
    }.items():
        used[field] |= set(values)
    used["services"] |= {rules.UTILISATION_SECURISEE, *rules.EQUIPER_SERVICES_WITHOUT_DEVICE}
    used["prise_en_charge_specifique"] |= set(rules.NEEDS_TO_PRISE_EN_CHARGE.values())
    used["publics_specifiquement_adresses"] |= {
        v for values in rules.AGE_TO_PUBLICS.values() for v in values
    }
    for field, values in used.items():
        assert values <= known[field], field
        assert field in search_sql.FILTERABLE_FIELDS
    assert used["services"] == known["services"]  # every service of the standard has a route


# --- Explanations ---

# Each reason restates one answer: (question, codes that lead to it).
REASON_SOURCES = {
    "sans_appareil": ("appareil", {"aucun"}),
    "jamais_internet": ("internet", {"jamais"}),
    "arrete_internet": ("internet", {"arrete"}),
    "email_absent": ("email", {"non"}),
    "email_perdu": ("email", {"oui_perdue"}),
    "allumer_difficile": ("allumer", {"guide", "ne_sait_pas"}),
    "sans_aide": ("demarches", {"sans_aide"}),
    "parfois_aide": ("demarches", {"parfois_aide"}),
    "avec_quelquun": ("demarches", {"avec_quelquun"}),
    "a_ma_place": ("demarches", {"a_ma_place"}),
    "renonce": ("demarches", {"renonce"}),
    "codes_gardes": ("identifiants", {"garde_par_autre"}),
    "prefere_aide": ("envie", {"prefere_aide"}),
    "fait_pour_moi": ("envie", {"fait_pour_moi"}),
    "veut_apprendre": ("envie", {"oui_maintenant", "oui_peur_erreur"}),
    "veut_apprendre_plus_tard": ("envie", {"oui_plus_tard"}),
    "peur_erreur": ("envie", {"oui_peur_erreur"}),
    "sans_entourage": ("entourage", {"non"}),
}


def cited_answers_hold(result):
    for p in result.profiles:
        for reason in p.reasons:
            if reason.startswith("urgence_"):
                assert result.answers["urgence"] == reason.removeprefix("urgence_")
            elif reason in REASON_SOURCES:
                question, codes = REASON_SOURCES[reason]
                assert result.answers.get(question) in codes, (p.code, reason)
            else:  # a summary of the skill answers
                assert reason in {"premiers_pas", "sait_plusieurs", "bases_acquises"}
    return True


def test_explanation_cites_the_answers_in_one_sentence_for_each_mode():
    given = answers(email="non")
    alone = profile(given, "equiper", "moi")
    assert alone.explanation == (
        "Vous nous avez dit que vous n'avez pas d'adresse e-mail, donc un lieu peut vous aider "
        "à vous équiper et à vous connecter."
    )
    assisted = profile(given, "equiper", "accompagne")
    assert assisted.explanation == (
        "La personne a dit qu'elle n'a pas d'adresse e-mail, donc un lieu peut l'aider à "
        "s'équiper et à se connecter."
    )
    assert alone.reasons == assisted.reasons == ("email_absent",)


def test_urgent_procedure_is_cited_first_with_its_domain():
    result = evaluate(answers(urgence="caf", demarches="avec_quelquun"), "moi")
    first = result.profiles[0]
    assert first.reasons[0] == "urgence_caf"
    assert first.explanation.startswith(
        "Vous nous avez dit que vous avez une démarche urgente pour la CAF et que"
    )
    assert result.urgent_domain == "caf"


def test_never_used_and_stopped_are_told_apart_in_the_explanation():
    never = profile(answers(internet="jamais"), "equiper").explanation
    stopped = profile(answers(internet="arrete"), "equiper").explanation
    assert "jamais utilisé internet" in never
    assert "arrêté d'utiliser internet" in stopped


@pytest.mark.parametrize("mode", ["moi", "accompagne"])
@pytest.mark.parametrize(
    "given",
    [
        COMMON,
        NO_DEVICE,
        answers(**N1, envie="fait_pour_moi", entourage="non"),
        answers(**N3, demarches="sans_aide"),
        answers(demarches="renonce", urgence="retraite"),
        answers(identifiants="garde_par_autre"),
        with_skills(
            "seul", "seul", "peu_aide", "guide", "guide", "ne_sait_pas", email="oui_perdue"
        ),
    ],
)
def test_explanations_are_one_plain_sentence_citing_real_answers(given, mode):
    result = evaluate(given, mode)
    intro = "Vous nous avez dit que" if mode == "moi" else "La personne a dit qu"
    for p in result.profiles:
        assert p.explanation.startswith(intro)
        assert ", donc " in p.explanation
        assert p.explanation.count(".") == 1 and p.explanation.endswith(".")
        assert not re.search(r"\b(N[0-3]|A[APCDR])\b", p.explanation)  # never a grade
        assert 1 <= len(p.reasons) <= 2
    assert cited_answers_hold(result)


# --- Priority ---


@pytest.mark.parametrize(
    ("change", "reasons"),
    [
        ({"demarches": "renonce"}, ("renonce",)),
        ({"entourage": "non"}, ("sans_entourage",)),
        ({"demarches": "renonce", "entourage": "non"}, ("renonce", "sans_entourage")),
        ({"entourage": "pas_toujours"}, ()),
    ],
)
def test_priority_when_giving_up_or_alone(change, reasons):
    result = evaluate(answers(**change), "accompagne")
    assert result.priority is bool(reasons)
    assert result.priority_reasons == reasons
    if reasons:
        assert result.priority_note.startswith("La personne a dit qu")
        assert result.priority_note.endswith("il vaut mieux contacter un de ces lieux rapidement.")
    else:
        assert result.priority_note == ""


# --- The evaluation result ---


def test_evaluation_records_version_mode_and_levels():
    result = evaluate(COMMON, "accompagne")
    assert result.questionnaire_version == VERSION
    assert result.mode == "accompagne"
    assert (result.digital_level, result.admin_level) == ("N2", "AP")
    assert result.digital_level_label == "Bases en partie acquises"
    assert result.skills_assessed


def test_not_assessed_is_said_so():
    result = evaluate(NO_DEVICE, "moi")
    assert result.digital_level == "N0"
    assert result.digital_level_label.startswith("Non évalué")
    assert not result.skills_assessed
    assert result.indices["competences"] is None


def test_evaluation_is_frozen_and_json_serialisable_with_codes_only():
    result = evaluate(answers(besoins=["voir"], age="moins_26"), "moi")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.mode = "accompagne"
    data = json.loads(json.dumps(result.to_dict()))
    assert data["questionnaire_version"] == VERSION
    assert data["answers"]["besoins"] == ["voir"]
    for question_id, value in data["answers"].items():
        codes = value if isinstance(value, list) else [value]
        assert set(codes) <= set(QUESTIONS_BY_ID[question_id].codes)  # no free text
    assert [p["code"] for p in data["profiles"]] == ["accompagner", "apprendre"]
    assert data["profiles"][0]["filters"]["dispositif_programmes_nationaux"][0] == "France Services"
    assert data["needs_filters"] == {"prise_en_charge_specifique": ["Déficience visuelle"]}
    assert data["public_preferences"] == {"publics_specifiquement_adresses": ["Jeunes"]}
    assert set(data) == {f.name for f in dataclasses.fields(result)}


def test_evaluation_keeps_only_the_answers_that_count():
    stale = answers(NO_DEVICE, allumer="seul")
    assert "allumer" not in evaluate(stale, "moi").answers


def test_evaluate_refuses_invalid_answers_naming_the_question():
    with pytest.raises(InvalidAnswers) as error:
        evaluate(answers(entourage=None), "moi")
    assert error.value.question_id == "entourage"


def test_published_rules_are_json_and_follow_the_thresholds():
    data = json.loads(json.dumps(rules.rules_dict()))
    assert data["questionnaire_version"] == VERSION
    assert data["acquired_min_points"] == 2
    levels = {level["code"]: level["definition"] for level in data["digital_levels"]}
    assert "au plus 1 des 5 autres" in levels["N1"]
    assert "de 2 à 4 des 5 autres" in levels["N2"]
    admin = {level["code"]: level["from_answers"] for level in data["admin_levels"]}
    assert admin["AD"] == ["demarches=a_ma_place", "identifiants=garde_par_autre"]
    assert [p["code"] for p in data["profiles"]] == list(rules.PROFILES)
    assert data["needs"]["entendre"] == "Surdité"
