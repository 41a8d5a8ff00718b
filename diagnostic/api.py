"""API of the diagnostic: the questionnaire, and an evaluation with nearby places.

Errors are 400s in one shape, ``{"errors": [{"question" or "param", "kind", "message"}]}``,
that name the question (``flow.InvalidAnswers.to_dict()``) or the location parameter at fault;
answers and location are both checked, so one call reports every problem. Nothing is stored
and nothing is counted: the anonymous statistics measure the web flow only.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geodata.locate import LocationError, locate_commune, locate_postcode

from . import nearby
from .flow import InvalidAnswers
from .questionnaire import questionnaire_dict
from .rules import evaluate
from .serializers import (
    ErrorsSerializer,
    EvaluationRequestSerializer,
    EvaluationSerializer,
    QuestionnaireParamsSerializer,
    QuestionnaireSerializer,
)

LOCATION_PARAMS = ("code_insee", "code_postal")
MAX_LOCATION_LENGTH = 10


def _error(param, kind, message, key="param"):
    return {key: param, "kind": kind, "message": message}


class QuestionnaireView(APIView):
    """The current questionnaire: questions, choices (codes), wording in both modes, skip
    rules and version, for other tools to render it."""

    @extend_schema(parameters=[QuestionnaireParamsSerializer], responses=QuestionnaireSerializer)
    def get(self, request):
        params = QuestionnaireParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        response = Response(questionnaire_dict(params.validated_data.get("mode")))
        response["Cache-Control"] = "public, max-age=3600"
        return response


EXAMPLE_ANSWERS = {
    "appareil": "smartphone",
    "internet": "oui_maison",
    "email": "oui_seul",
    "allumer": "seul",
    "chercher": "seul",
    "message": "peu_aide",
    "document": "guide",
    "securite": "ne_sait_pas",
    "probleme": "guide",
    "demarches": "parfois_aide",
    "identifiants": "connus",
    "urgence": "non",
    "envie": "oui_maintenant",
    "entourage": "pas_toujours",
    "besoins": ["voir"],
    "age": "60_ou_plus",
}


class EvaluationView(APIView):
    """Levels, indices, up to two suggestions with their services and a sentence that cites
    the answers; with ``code_insee`` or ``code_postal``, the nearest matching places of each
    suggestion. Nothing is stored."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=EvaluationRequestSerializer,
        responses={200: EvaluationSerializer, 400: ErrorsSerializer},
        examples=[
            OpenApiExample(
                "Parcours courant, près de Saint-Étienne",
                value={"answers": EXAMPLE_ANSWERS, "mode": "moi", "code_postal": "42000"},
                request_only=True,
            ),
            OpenApiExample(
                "Réponse manquante",
                value={
                    "errors": [
                        {
                            "question": "entourage",
                            "kind": "reponse_manquante",
                            "message": "Question « entourage » : une réponse est nécessaire.",
                        }
                    ]
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request):
        data = request.data
        if not isinstance(data, dict):
            return self._bad_request(
                [
                    _error(
                        "answers",
                        "format",
                        "Le corps doit être un objet JSON {answers, mode, code_insee}.",
                        key="question",
                    )
                ]
            )
        errors = []
        evaluation = None
        try:
            evaluation = evaluate(data.get("answers"), data.get("mode"))
        except InvalidAnswers as error:
            errors += error.to_dict()["errors"]
        location, location_errors = self._location(data)
        errors += location_errors
        if errors:
            return self._bad_request(errors)
        result = evaluation.to_dict()
        result["location"] = (
            {"code_insee": location.code_insee, "label": location.label} if location else None
        )
        if location is not None:
            places = nearby.places_for_evaluation(evaluation, location)
            for profile in result["profiles"]:
                profile["lieux"] = places[profile["code"]].to_dict()
        return Response(result)

    def _location(self, data):
        """(Location or None, errors)."""
        given = [name for name in LOCATION_PARAMS if data.get(name) not in (None, "")]
        if not given:
            return None, []
        if len(given) > 1:
            message = "Donnez code_insee ou code_postal, pas les deux."
            return None, [_error("code_postal", "format", message)]
        name = given[0]
        value = data[name]
        if not isinstance(value, str) or len(value) > MAX_LOCATION_LENGTH:
            return None, [_error(name, "format", f"{name} : un code de 5 caractères est attendu.")]
        try:
            locate = locate_commune if name == "code_insee" else locate_postcode
            return locate(value), []
        except LocationError as error:
            return None, [_error(error.param, "lieu_inconnu", str(error))]

    def handle_exception(self, exc):
        if isinstance(exc, ParseError):
            return self._bad_request(
                [_error("answers", "format", "Le corps n'est pas du JSON valide.", key="question")]
            )
        return super().handle_exception(exc)

    @staticmethod
    def _bad_request(errors):
        return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
