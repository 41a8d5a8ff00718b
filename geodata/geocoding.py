"""Geocoding seam: the only module that talks to the national address API (BAN).

It goes through geopy's BANFrance geocoder on a configurable domain (settings.GEOCODER_*).
Every outcome is a GeocodeResult: a failure (no network, timeout, HTTP error, no answer, score
too low, geocoder disabled) is `ok=False` with a French message in `error`, never an exception.
Answers of the API, found or not, are kept in GeocodeCache; network errors are not, so that
the address is asked again once the service is back. When an address cannot be located, the
centre of its commune is the fallback (`geocode_or_commune`, `commune_fallback`).
"""

import logging
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.gis.geos import Point
from geopy.adapters import URLLibAdapter
from geopy.exc import GeocoderQueryError, GeocoderRateLimited, GeocoderTimedOut, GeopyError
from geopy.geocoders import BANFrance

from .communes import commune_of_address
from .enums import Precision
from .geo import point_from_lat_lon
from .models import GeocodeCache

logger = logging.getLogger(__name__)

# The API refuses queries shorter than 3 or longer than 200 characters.
MIN_QUERY_LENGTH = 3
MAX_QUERY_LENGTH = 200
CITYCODE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE_RE = re.compile(r"^\d{5}$")
USER_AGENT = "aiguillage"
# The API files the addresses of Paris, Lyon and Marseille under the codes of their
# arrondissements (75111…): a filter on the commune's own code would find none of them. For
# these, the name of the city is added to the query and the answer's code is checked instead.
CITIES_WITH_ARRONDISSEMENTS = {
    "75056": ("Paris", "751"),
    "69123": ("Lyon", "6938"),
    "13055": ("Marseille", "132"),
}
# What a malformed answer (not the expected GeoJSON) raises while it is read.
MALFORMED_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)


@dataclass(frozen=True)
class GeocodeResult:
    """What geocoding gave. `point` is set only when `ok`.

    With `fallback=True` the point is the centre of the commune (precision "commune") and
    `error` keeps why the address itself could not be located. `network_error` tells a service
    that could not be reached or failed (worth trying again later) from an answer.
    """

    ok: bool
    point: Point | None = None
    label: str = ""
    score: float | None = None
    code_insee: str = ""
    precision: Precision | None = None
    error: str = ""
    fallback: bool = False
    network_error: bool = False


def geocode(address, *, citycode=None, postcode=None):
    """Locate a postal address, optionally restricted to a commune (INSEE code) or postal code."""
    query = " ".join((address or "").split())
    citycode = (citycode or "").strip().upper()
    postcode = (postcode or "").strip()
    if len(query) < MIN_QUERY_LENGTH:
        return _failure("L'adresse est vide ou trop courte (3 caractères au moins).")
    if len(query) > MAX_QUERY_LENGTH:
        return _failure(f"L'adresse est trop longue ({MAX_QUERY_LENGTH} caractères au plus).")
    if citycode and not CITYCODE_RE.match(citycode):
        return _failure(f"Code INSEE invalide : « {citycode} ».")
    if postcode and not POSTCODE_RE.match(postcode):
        return _failure(f"Code postal invalide : « {postcode} ».")

    key = {"query": normalize_query(query), "citycode": citycode, "postcode": postcode}
    # A cached answer is served even when the geocoder is disabled: it needs no network.
    cached = GeocodeCache.objects.filter(**key).first()
    if cached is None:
        if not settings.GEOCODER_ENABLED:
            return _disabled()
        search_query, search_citycode = _search_terms(query, citycode)
        try:
            answer = _geocoder().search(search_query, citycode=search_citycode, postcode=postcode)
        except (GeopyError, OSError) as error:
            return _network_failure(error, query)
        try:
            found = _first_result(answer)
        except MALFORMED_ERRORS as error:
            return _unreadable_answer(error, query)
        if found is not None and not _is_in_commune(found.code_insee, citycode):
            found = None  # what the API's filter would have said
        cached = _cache_answer(key, found)
    if not cached.found:
        return _failure(f"Aucune adresse trouvée pour « {query} ».")
    result = _result_from_cache(cached)
    if result.score is not None and result.score < settings.GEOCODER_MIN_SCORE:
        # The answer stays cached: only the threshold decides, and it may change.
        return GeocodeResult(
            ok=False,
            label=result.label,
            score=result.score,
            code_insee=result.code_insee,
            precision=result.precision,
            error=(
                f"Adresse trop incertaine pour « {query} » : la meilleure réponse, "
                f"« {result.label} », a un score de {_format_score(result.score)} "
                f"(minimum {_format_score(settings.GEOCODER_MIN_SCORE)})."
            ),
        )
    return result


def reverse(latitude, longitude):
    """The address nearest to a position. Not cached: positions rarely repeat exactly."""
    try:
        point_from_lat_lon(latitude, longitude)
    except (TypeError, ValueError):
        return _failure(f"Coordonnées invalides : {latitude}, {longitude}.")
    if not settings.GEOCODER_ENABLED:
        return _disabled()
    position = f"{latitude}, {longitude}"
    try:
        answer = _geocoder().search_reverse(float(latitude), float(longitude))
    except (GeopyError, OSError) as error:
        return _network_failure(error, position)
    try:
        found = _first_result(answer)
    except MALFORMED_ERRORS as error:
        return _unreadable_answer(error, position)
    return found or _failure(f"Aucune adresse trouvée près de {position}.")


def commune_fallback(commune, *, reason=""):
    """The centre of a commune, said to be a fallback; `reason` tells why it was needed."""
    return GeocodeResult(
        ok=True,
        point=commune.centre,
        label=commune.nom,
        code_insee=commune.code_insee,
        precision=Precision.COMMUNE,
        error=reason,
        fallback=True,
    )


def geocode_or_commune(address, *, code_insee=None, code_postal=None, commune_name=""):
    """Geocode an address; when that fails, fall back on the centre of its commune.

    The commune is found by INSEE code (arrondissement codes included) or, failing that, by a
    postal code: the only commune it covers or, among several, the one called `commune_name`
    (communes.commune_of_address). Without a commune, the failure is returned.
    """
    result = geocode(address, citycode=code_insee, postcode=code_postal)
    if result.ok:
        return result
    commune, reason = commune_of_address(
        code_insee=code_insee or "", code_postal=code_postal or "", name=commune_name
    )
    if commune is None:
        if reason:
            return GeocodeResult(ok=False, error=f"{result.error} {reason}")
        return result
    return replace(
        commune_fallback(commune, reason=result.error), network_error=result.network_error
    )


def normalize_query(text):
    """The cache key of an address: trimmed, single spaces, lowercase."""
    return " ".join((text or "").split()).lower()


class _BANFrance(BANFrance):
    """geopy's BANFrance (URLs on the configured domain, HTTP, timeout, errors) asked for the
    raw GeoJSON answer, with the API's `citycode`, `postcode` and `limit` filters that geopy's
    own methods do not send. This module parses the answer into a GeocodeResult."""

    def search(self, query, *, citycode="", postcode=""):
        params = {"q": query, "limit": 1}
        if citycode:
            params["citycode"] = citycode
        if postcode:
            params["postcode"] = postcode
        return self._call_geocoder(f"{self.geocode_api}?{urlencode(params)}", _raw_answer)

    def search_reverse(self, latitude, longitude):
        params = {"lat": latitude, "lon": longitude, "limit": 1}
        return self._call_geocoder(f"{self.reverse_api}?{urlencode(params)}", _raw_answer)


def _raw_answer(answer):
    return answer


def _geocoder():
    # Built per call so that settings changes (and test overrides) apply at once.
    return _BANFrance(
        domain=settings.GEOCODER_DOMAIN,
        scheme=settings.GEOCODER_SCHEME,
        timeout=settings.GEOCODER_TIMEOUT,
        user_agent=USER_AGENT,
        # The standard library, whatever else is installed: geopy would pick `requests` when
        # present, whose default retries make a slow service cost three timeouts per address.
        adapter_factory=URLLibAdapter,
    )


def _search_terms(query, citycode):
    """(query, citycode filter) to send to the API; see CITIES_WITH_ARRONDISSEMENTS."""
    if citycode not in CITIES_WITH_ARRONDISSEMENTS:
        return query, citycode
    name, _prefix = CITIES_WITH_ARRONDISSEMENTS[citycode]
    if name.lower() not in query.lower() and len(query) + len(name) < MAX_QUERY_LENGTH:
        query = f"{query} {name}"
    return query, ""


def _is_in_commune(code_insee, citycode):
    if citycode in CITIES_WITH_ARRONDISSEMENTS:
        prefix = CITIES_WITH_ARRONDISSEMENTS[citycode][1]
        return code_insee == citycode or code_insee.startswith(prefix)
    return True


def _cache_answer(key, found):
    """Store what the API answered (a result or nothing) and return the cache row."""
    defaults = {"found": False}
    if found is not None:
        defaults = {
            "found": True,
            "point": found.point,
            "label": found.label[:300],
            "score": found.score,
            "code_insee": found.code_insee[:5],
            "precision": found.precision or "",
        }
    # get_or_create: two requests for the same new address may race; the first one wins.
    cached, _created = GeocodeCache.objects.get_or_create(**key, defaults=defaults)
    return cached


def _first_result(answer):
    """The first feature of the API's GeoJSON FeatureCollection as a result, or None."""
    features = answer["features"]
    if not isinstance(features, list):
        raise TypeError("features is not a list")
    return _result_from_feature(features[0]) if features else None


def _result_from_feature(feature):
    """A GeoJSON feature of the API (coordinates are [longitude, latitude]) as a result."""
    longitude, latitude = feature["geometry"]["coordinates"][:2]
    properties = feature.get("properties") or {}
    score = properties.get("score")
    return GeocodeResult(
        ok=True,
        point=point_from_lat_lon(latitude, longitude),
        label=str(properties.get("label") or ""),
        score=float(score) if score is not None else None,
        code_insee=str(properties.get("citycode") or ""),
        precision=_precision(properties.get("type")),
    )


def _result_from_cache(cached):
    return GeocodeResult(
        ok=True,
        point=cached.point,
        label=cached.label,
        score=cached.score,
        code_insee=cached.code_insee,
        precision=_precision(cached.precision),
    )


def _precision(value):
    # The API's types are housenumber, street, locality and municipality; "commune" is ours.
    if value in Precision.values and value != Precision.COMMUNE:
        return Precision(value)
    return None


def _failure(message):
    return GeocodeResult(ok=False, error=message)


def _disabled():
    return _failure("Le géocodage des adresses est désactivé sur ce serveur.")


def _network_failure(error, query):
    logger.warning("Géocodage impossible pour %r : %s: %s", query, type(error).__name__, error)
    if isinstance(error, GeocoderTimedOut | TimeoutError):
        message = "Le service national d'adresses (BAN) n'a pas répondu à temps."
    elif isinstance(error, GeocoderQueryError):
        message = "Le service national d'adresses (BAN) a refusé cette adresse."
    elif isinstance(error, GeocoderRateLimited):
        message = "Le service national d'adresses (BAN) reçoit trop de demandes."
    else:
        message = "Le service national d'adresses (BAN) est injoignable ou en erreur."
    return GeocodeResult(
        ok=False, error=f"{message} L'adresse n'a pas pu être localisée.", network_error=True
    )


def _unreadable_answer(error, query):
    logger.warning("Réponse illisible du géocodeur pour %r : %r", query, error)
    return _failure(
        "Le service national d'adresses (BAN) a donné une réponse illisible. "
        "L'adresse n'a pas pu être localisée."
    )


def _format_score(score):
    return f"{score:.2f}".replace(".", ",")
