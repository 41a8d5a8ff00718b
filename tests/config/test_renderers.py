from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from config.renderers import JSONRenderer

DATA = [
    {"nom": "Médiathèque d'Œting", "services": ["Aide aux démarches administratives"]},
    {"séparateurs": "ligne\u2028paragraphe\u2029fin", "guillemets": 'a "b" \\ c', "vide": ""},
    {"distance_km": 1.234, "grand": 12345678901234567890, "négatif": -0.5, "zéro": 0.0},
    {"quand": datetime(2026, 11, 23, 10, 0, 0, 123456, tzinfo=ZoneInfo("Europe/Paris"))},
    {"utc": datetime(2026, 11, 23, 9, 0, tzinfo=UTC), "jour": date(2026, 11, 23)},
    {"décimal": Decimal("12.50"), "paresseux": gettext_lazy("Ce champ est obligatoire.")},
    {"lat": [ErrorDetail("Un nombre est attendu.", code="invalid")]},
    {"services": {0: [ErrorDetail("Valeur inconnue.", code="invalid_choice")]}},
    ReturnDict(
        {"count": None, "results": ReturnList([{"a": True}], serializer=None)}, serializer=None
    ),
]


@pytest.mark.parametrize("data", DATA)
def test_same_bytes_as_drf(data):
    assert JSONRenderer().render(data) == renderers.JSONRenderer().render(data)


def test_pretty_printing_when_asked():
    media_type = "application/json; indent=2"
    pretty = JSONRenderer().render({"a": [1]}, media_type, {})
    assert pretty == renderers.JSONRenderer().render({"a": [1]}, media_type, {})
    assert b"\n" in pretty


def test_unknown_types_are_an_error_as_with_drf():
    with pytest.raises(TypeError):
        JSONRenderer().render({"objet": object()})
