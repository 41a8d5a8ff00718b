"""Turn what a person gives (commune code, postal code, address) into a point to search around."""

from dataclasses import dataclass

from django.db.models import F

from .geocoding import geocode
from .models import Commune


class LocationError(ValueError):
    """The place cannot be found; `param` names the parameter at fault, the message says why."""

    def __init__(self, param, message):
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class Location:
    point: object  # GEOS Point, srid 4326
    label: str
    precision: str  # housenumber, street, municipality, commune…
    code_insee: str = ""


def locate_commune(code_insee):
    commune = Commune.objects.with_code(code_insee.strip().upper()).first()
    if commune is None:
        raise LocationError(
            "code_insee", f"Aucune commune ne porte le code INSEE « {code_insee} »."
        )
    return Location(commune.centre, commune.nom, "commune", commune.code_insee)


def locate_postcode(code_postal):
    commune = (
        Commune.objects.filter(codes_postaux__contains=[code_postal.strip()])
        .order_by(F("population").desc(nulls_last=True))
        .first()
    )
    if commune is None:
        raise LocationError("code_postal", f"Aucune commune n'a le code postal « {code_postal} ».")
    return Location(commune.centre, f"{code_postal} {commune.nom}", "commune", commune.code_insee)


def locate_address(adresse):
    result = geocode(adresse)
    if not result.ok:
        raise LocationError("adresse", f"Adresse non localisée : {result.error}")
    return Location(result.point, result.label, str(result.precision), result.code_insee)
