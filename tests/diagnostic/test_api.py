"""The diagnostic API: the questionnaire, evaluations with nearby places, and 400s that name
the question or the parameter at fault (never a 500)."""

import json

import pytest
from django.core.management import call_command

from diagnostic.models import WeeklyUsage
from diagnostic.questionnaire import QUESTIONS, VERSION
from tests.diagnostic.helpers import OUTILS, place_near
from tests.diagnostic.personas import COMMON, NO_DEVICE, answers

EVALUATION = "/api/diagnostic/evaluation/"


def post(client, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(EVALUATION, data, content_type="application/json")


def errors(response):
    assert response.status_code == 400, response.content
    return response.json()["errors"]


# --- Questionnaire --------------------------------------------------------------------------


def test_questionnaire_in_both_modes(client):
    response = client.get("/api/diagnostic/questionnaire/")

    assert response.status_code == 200
    data = response.json()
    assert data["version"] == VERSION
    assert [q["id"] for q in data["questions"]] == [q.id for q in QUESTIONS]
    first = data["questions"][0]
    assert first["text"] == {
        "moi": "Quel appareil utilisez-vous le plus souvent ?",
        "accompagne": "Quel appareil la personne utilise-t-elle le plus souvent ?",
    }
    assert {"code": "aucun", "icon": "none"}.items() <= first["choices"][3].items()
    assert [rule["code"] for rule in data["skip_rules"]] == ["sans_acces", "allumer_difficile"]
    assert "max-age" in response["Cache-Control"]


def test_questionnaire_in_one_mode(client):
    data = client.get("/api/diagnostic/questionnaire/", {"mode": "accompagne"}).json()

    assert data["questions"][0]["text"] == (
        "Quel appareil la personne utilise-t-elle le plus souvent ?"
    )
    assert client.get("/api/diagnostic/questionnaire/", {"mode": "eux"}).status_code == 400


# --- Evaluation -----------------------------------------------------------------------------


def test_evaluation_without_location(client):
    response = post(client, {"answers": COMMON, "mode": "moi"})

    assert response.status_code == 200
    data = response.json()
    assert data["questionnaire_version"] == VERSION
    assert (data["digital_level"], data["admin_level"]) == ("N2", "AP")
    assert [p["code"] for p in data["profiles"]] == ["accompagner", "apprendre"]
    assert data["profiles"][1]["explanation"].startswith("Vous nous avez dit que")
    assert data["location"] is None
    assert "lieux" not in data["profiles"][0]
    assert not WeeklyUsage.objects.exists()  # the API counts nothing


def test_evaluation_with_places_near_a_commune(client):
    workshop = place_near(
        nom="Atelier du quartier",
        km_east=2,
        services=[OUTILS],
        modalites_accompagnement=["Dans un atelier collectif"],
        telephone="+33477000000",
        frais_a_charge=["Gratuit"],
    )
    body = {"answers": COMMON, "mode": "accompagne", "code_insee": "42218"}

    data = post(client, body).json()

    assert data["location"] == {"code_insee": "42218", "label": "Saint-Étienne"}
    assert data["profiles"][0]["explanation"].startswith("La personne a dit")
    learn = data["profiles"][1]["lieux"]
    assert learn["rayon_km"] == 20 and learn["elargi"] is False
    place = learn["lieux"][0]
    assert place["id"] == workshop.pk and place["url"] == f"/lieux/{workshop.pk}/"
    assert 1.9 < place["distance_km"] < 2.1
    assert place["telephone"] == "+33477000000" and place["gratuit"] is True
    assert place["ouverture"]["etat"] in {"ouvert", "ferme"}
    assert learn["annuaire_url"].startswith("/annuaire/?code_insee=42218&services=")
    help_now = data["profiles"][0]["lieux"]
    assert help_now["lieux"] == [] and help_now["notes"]


def test_evaluation_with_a_postal_code(client):
    data = post(client, {"answers": NO_DEVICE, "mode": "moi", "code_postal": "42000"}).json()

    assert data["location"]["code_insee"] == "42218"
    assert data["profiles"][0]["code"] == "equiper"


def test_multiple_choice_and_optional_answers(client):
    body = {"answers": answers(besoins=["voir", "lire"], age="60_ou_plus"), "mode": "moi"}

    data = post(client, body).json()

    assert data["answers"]["besoins"] == ["lire", "voir"]
    assert data["needs_filters"] == {
        "prise_en_charge_specifique": ["Illettrisme", "Déficience visuelle"]
    }
    assert data["public_preferences"] == {"publics_specifiquement_adresses": ["Seniors"]}


def test_missing_answer_is_a_400_naming_the_question(client):
    found = errors(post(client, {"answers": answers(entourage=None), "mode": "moi"}))

    assert found == [
        {
            "question": "entourage",
            "kind": "reponse_manquante",
            "message": "Question « entourage » : une réponse est nécessaire.",
        }
    ]


def test_unknown_code_and_unknown_question_are_named(client):
    body = {"answers": answers(appareil="minitel", couleur="bleu"), "mode": "moi"}

    found = errors(post(client, body))

    assert {(e["question"], e["kind"]) for e in found} == {
        ("appareil", "choix_inconnu"),
        ("couleur", "question_inconnue"),
    }


def test_bad_or_missing_mode_is_named(client):
    assert errors(post(client, {"answers": COMMON, "mode": "lui"}))[0]["question"] == "mode"
    assert errors(post(client, {"answers": COMMON}))[0]["question"] == "mode"


@pytest.mark.parametrize(
    "body",
    [
        {"answers": "appareil=smartphone", "mode": "moi"},
        {"mode": "moi"},
        [COMMON],
        "{not json",
        "null",
    ],
)
def test_malformed_bodies_are_400s(client, body):
    found = errors(post(client, body))

    assert found[0]["question"] == "answers"


def test_a_single_choice_question_refuses_a_list(client):
    found = errors(post(client, {"answers": answers(urgence=["caf", "sante"]), "mode": "moi"}))

    assert found[0] == {
        "question": "urgence",
        "kind": "une_seule_reponse",
        "message": "Question « urgence » : une seule réponse est possible.",
    }


@pytest.mark.parametrize(
    ("location", "param"),
    [
        ({"code_insee": "99999"}, "code_insee"),
        ({"code_postal": "00000"}, "code_postal"),
        ({"code_insee": 42218}, "code_insee"),
        ({"code_postal": "4" * 50}, "code_postal"),
        ({"code_insee": "42218", "code_postal": "42000"}, "code_postal"),
    ],
)
def test_bad_location_is_a_400_naming_the_parameter(client, location, param):
    found = errors(post(client, {"answers": COMMON, "mode": "moi", **location}))

    assert [e["param"] for e in found] == [param]
    assert found[0]["message"]


def test_answer_and_location_problems_are_reported_together(client):
    body = {"answers": answers(envie=None), "mode": "moi", "code_insee": "99999"}

    found = errors(post(client, body))

    assert [e.get("question") or e.get("param") for e in found] == ["envie", "code_insee"]


def test_other_content_types_and_methods_are_refused_cleanly(client):
    response = client.post(EVALUATION, {"answers": "x"})
    assert response.status_code == 415
    assert client.get(EVALUATION).status_code == 405


# --- OpenAPI --------------------------------------------------------------------------------


def test_openapi_schema_documents_the_diagnostic_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.json"

    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(target),
    )

    schema = json.loads(target.read_text())
    evaluation = schema["paths"]["/api/diagnostic/evaluation/"]["post"]
    assert set(evaluation["responses"]) == {"200", "400"}
    assert "/api/diagnostic/questionnaire/" in schema["paths"]
    properties = schema["components"]["schemas"]["EvaluationRequest"]["properties"]
    assert {"answers", "mode", "code_insee", "code_postal"} <= set(properties)
