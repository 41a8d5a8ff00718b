import json
import logging
import socket
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point

from geodata.enums import Precision
from geodata.geocoding import (
    GeocodeResult,
    commune_fallback,
    geocode,
    geocode_or_commune,
    reverse,
)
from geodata.models import Commune, GeocodeCache
from tests.ban_stub import ADDRESSES, feature

SHARED_BAN_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ban"


@pytest.fixture
def closed_port_domain(settings):
    """A local port where nothing listens: the geocoder gets 'connection refused'."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.GEOCODER_ENABLED = True
    settings.GEOCODER_SCHEME = "http"
    settings.GEOCODER_DOMAIN = f"127.0.0.1:{port}/geocodage"


def test_geocode_parses_the_answer_into_a_typed_result(ban_stub):
    result = geocode("1 place du Capitole, Toulouse")

    assert result == GeocodeResult(
        ok=True,
        point=result.point,
        label="1 Place du Capitole 31000 Toulouse",
        score=pytest.approx(0.9731),
        code_insee="31555",
        precision=Precision.HOUSENUMBER,
    )
    # GEOS points are (longitude, latitude): Toulouse is x ≈ 1.44, y ≈ 43.6.
    assert result.point.srid == 4326
    assert result.point.x == pytest.approx(1.443562)
    assert result.point.y == pytest.approx(43.604468)
    assert result.error == ""
    assert not result.fallback


def test_geocode_calls_the_search_endpoint_under_the_domain_path(ban_stub):
    geocode("1 place du Capitole, Toulouse")

    [request] = ban_stub.requests
    # The path prefix of the domain (data.geopf.fr/geocodage) is kept.
    assert request.path == "/geocodage/search"
    assert request.params == {"q": "1 place du Capitole, Toulouse", "limit": "1"}


@pytest.mark.parametrize(
    ("address", "precision"),
    [
        ("1 place du Capitole Toulouse", Precision.HOUSENUMBER),
        ("rue de la République Saint-Étienne", Precision.STREET),
        ("Le Mas Soubeyran", Precision.LOCALITY),
        ("Alès", Precision.MUNICIPALITY),
    ],
)
def test_the_type_of_answer_gives_the_precision(ban_stub, address, precision):
    result = geocode(address)

    assert result.ok
    assert result.precision == precision


def test_an_answer_below_the_minimum_score_is_refused(ban_stub, settings):
    settings.GEOCODER_MIN_SCORE = 0.5

    result = geocode("place de la mairie Romainville")

    assert not result.ok
    assert result.point is None
    assert result.label == "Place de la Mairie 93230 Romainville"
    assert "trop incertaine" in result.error
    assert "0,31" in result.error


def test_the_minimum_score_applies_to_cached_answers_too(ban_stub, settings):
    settings.GEOCODER_MIN_SCORE = 0.5
    assert not geocode("place de la mairie Romainville").ok

    settings.GEOCODER_MIN_SCORE = 0.3
    result = geocode("place de la mairie Romainville")

    assert result.ok
    assert result.precision == Precision.STREET
    assert len(ban_stub.requests) == 1


def test_a_second_call_is_answered_by_the_cache(ban_stub):
    first = geocode("1 place du Capitole Toulouse")
    # Same address once trimmed, spaces collapsed and lowercased: the same cache entry.
    second = geocode("  1 PLACE du   capitole toulouse ")

    assert len(ban_stub.requests) == 1
    assert second == first
    cached = GeocodeCache.objects.get()
    assert cached.query == "1 place du capitole toulouse"
    assert cached.found


def test_an_address_not_found_is_cached(ban_stub):
    first = geocode("hvgv xyzw")
    second = geocode("HVGV xyzw")

    assert not first.ok
    assert first.point is None
    assert "Aucune adresse trouvée pour « hvgv xyzw »" in first.error
    assert not first.network_error
    assert not second.ok
    assert len(ban_stub.requests) == 1
    assert GeocodeCache.objects.get().found is False


def test_commune_and_postal_code_filters_are_sent_and_key_the_cache(ban_stub):
    in_toulouse = geocode("place du Capitole", citycode="31555")
    in_saint_etienne = geocode("place du Capitole", citycode="42218")
    by_postcode = geocode("place du Capitole", postcode="31000")

    assert in_toulouse.ok
    assert not in_saint_etienne.ok
    assert by_postcode.ok
    assert [request.params.get("citycode") for request in ban_stub.requests] == [
        "31555",
        "42218",
        None,
    ]
    assert ban_stub.requests[2].params["postcode"] == "31000"
    assert GeocodeCache.objects.count() == 3


def test_a_paris_address_is_found_though_the_api_files_it_under_its_arrondissement(ban_stub):
    result = geocode_or_commune("10 rue de Rivoli", code_insee="75056")

    # No citycode=75056 filter (it would find nothing): the city name goes into the query.
    assert ban_stub.requests[0].params == {"q": "10 rue de Rivoli Paris", "limit": "1"}
    assert result.ok
    assert not result.fallback
    assert result.code_insee == "75104"


def test_an_answer_outside_paris_is_not_taken_for_a_paris_address(ban_stub):
    ban_stub.fixed_response = {"type": "FeatureCollection", "features": [feature(ADDRESSES[0])]}

    result = geocode("1 place du Capitole", citycode="75056")

    assert not result.ok
    assert "Aucune adresse trouvée" in result.error
    assert GeocodeCache.objects.get().found is False


def test_an_http_error_is_a_failure_with_a_reason_and_is_not_cached(ban_stub, caplog):
    ban_stub.status = 500

    with caplog.at_level(logging.WARNING, logger="geodata.geocoding"):
        result = geocode("1 place du Capitole Toulouse")

    assert not result.ok
    assert "injoignable ou en erreur" in result.error
    assert result.network_error
    assert "Géocodage impossible" in caplog.text
    assert not GeocodeCache.objects.exists()

    # Once the service is back, the address is asked again.
    ban_stub.status = None
    assert geocode("1 place du Capitole Toulouse").ok
    assert len(ban_stub.requests) == 2


def test_an_unreachable_service_is_a_failure_with_a_reason(closed_port_domain, caplog):
    with caplog.at_level(logging.WARNING, logger="geodata.geocoding"):
        result = geocode("1 place du Capitole Toulouse")

    assert not result.ok
    assert "injoignable" in result.error
    assert result.network_error
    assert caplog.records[0].levelno == logging.WARNING
    assert not GeocodeCache.objects.exists()


def test_a_slow_answer_times_out(ban_stub, settings):
    settings.GEOCODER_TIMEOUT = 0.2
    ban_stub.delay = 2

    result = geocode("1 place du Capitole Toulouse")

    assert not result.ok
    assert "n'a pas répondu à temps" in result.error
    assert result.network_error
    assert not GeocodeCache.objects.exists()


def test_an_unreadable_answer_is_a_failure_and_is_not_cached(ban_stub):
    ban_stub.fixed_response = {"type": "FeatureCollection", "features": [{"geometry": {}}]}

    result = geocode("1 place du Capitole Toulouse")

    assert not result.ok
    assert "illisible" in result.error
    assert not GeocodeCache.objects.exists()


def test_a_disabled_geocoder_makes_no_request_but_serves_the_cache(ban_stub, settings):
    assert geocode("Alès").ok
    settings.GEOCODER_ENABLED = False

    disabled = geocode("1 place du Capitole Toulouse")
    cached = geocode("Alès")

    assert not disabled.ok
    assert "désactivé" in disabled.error
    assert cached.ok
    assert len(ban_stub.requests) == 1


@pytest.mark.parametrize(
    ("address", "options", "message"),
    [
        ("", {}, "vide ou trop courte"),
        ("  ab  ", {}, "vide ou trop courte"),
        ("x" * 201, {}, "trop longue"),
        ("1 place du Capitole", {"citycode": "3155"}, "Code INSEE invalide"),
        ("1 place du Capitole", {"postcode": "31 000"}, "Code postal invalide"),
    ],
)
def test_an_invalid_query_is_refused_without_request(ban_stub, address, options, message):
    result = geocode(address, **options)

    assert not result.ok
    assert message in result.error
    assert ban_stub.requests == []


def test_reverse_sends_latitude_and_longitude_in_order(ban_stub):
    result = reverse(43.6045, 1.4436)

    [request] = ban_stub.requests
    assert request.path == "/geocodage/reverse"
    assert request.params["lat"] == "43.6045"
    assert request.params["lon"] == "1.4436"
    assert result.ok
    assert result.label == "1 Place du Capitole 31000 Toulouse"
    assert result.precision == Precision.HOUSENUMBER
    assert (result.point.x, result.point.y) == pytest.approx((1.443562, 43.604468))


def test_reverse_far_from_any_address_is_a_failure(ban_stub):
    result = reverse(46.0, 2.0)

    assert not result.ok
    assert "Aucune adresse trouvée près de" in result.error


def test_reverse_refuses_invalid_coordinates(ban_stub):
    result = reverse(143.6, 1.44)

    assert not result.ok
    assert "Coordonnées invalides" in result.error
    assert ban_stub.requests == []


def test_geocode_or_commune_gives_the_address_when_it_is_found(ban_stub):
    result = geocode_or_commune("rue de la République", code_insee="42218")

    assert result.ok
    assert not result.fallback
    assert result.precision == Precision.STREET


def test_geocode_or_commune_falls_back_on_the_commune_centre(ban_stub):
    result = geocode_or_commune("12 chemin inconnu", code_insee="42218")

    saint_etienne = Commune.objects.get(code_insee="42218")
    assert result.ok
    assert result.fallback
    assert result.precision == Precision.COMMUNE
    assert result.label == "Saint-Étienne"
    assert result.code_insee == "42218"
    assert result.point == saint_etienne.centre
    # Why the address itself was not located is kept.
    assert "Aucune adresse trouvée" in result.error


def test_geocode_or_commune_falls_back_without_network(closed_port_domain):
    result = geocode_or_commune("1 place du Capitole", code_insee="31555")

    assert result.ok
    assert result.fallback
    assert result.label == "Toulouse"
    assert "injoignable" in result.error
    assert result.network_error


def test_geocode_or_commune_finds_the_commune_of_an_arrondissement_code(settings):
    settings.GEOCODER_ENABLED = False

    result = geocode_or_commune("1 rue de Rivoli", code_insee="75101")

    assert result.fallback
    assert result.code_insee == "75056"
    assert "désactivé" in result.error


def test_geocode_or_commune_uses_a_postal_code_of_one_commune_only(settings):
    settings.GEOCODER_ENABLED = False

    one_commune = geocode_or_commune("1 rue de la Paix", code_postal="42000")
    several_communes = geocode_or_commune("1 rue de la Paix", code_postal="30140")

    assert one_commune.fallback
    assert one_commune.code_insee == "42218"
    assert not several_communes.ok
    assert "plusieurs communes" in several_communes.error
    named = geocode_or_commune("1 rue de la Paix", code_postal="30140", commune_name="Anduze")
    assert named.fallback and named.code_insee == "30010"


def test_geocode_or_commune_without_a_commune_returns_the_failure(settings):
    settings.GEOCODER_ENABLED = False

    result = geocode_or_commune("1 rue de la Paix")

    assert not result.ok
    assert result.point is None
    assert "désactivé" in result.error


def test_commune_fallback_says_it_is_the_commune_centre():
    ales = Commune.objects.get(code_insee="30007")

    result = commune_fallback(ales, reason="Adresse introuvable.")

    assert result.ok
    assert result.fallback
    assert result.precision == Precision.COMMUNE
    assert isinstance(result.point, Point)
    assert result.point.x == pytest.approx(ales.longitude)
    assert result.error == "Adresse introuvable."


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_BAN_DATA.is_dir(), reason="../shared/data/ban absent")
def test_real_stored_answers_are_parsed(ban_stub):
    def serve(name):
        ban_stub.fixed_response = json.loads((SHARED_BAN_DATA / name).read_text())
        return ban_stub.fixed_response.get("query", "")

    toulouse = geocode(serve("geopf_search_housenumber_Toulouse.json"))
    assert toulouse.ok
    assert toulouse.precision == Precision.HOUSENUMBER
    assert toulouse.label == "13 Rue Albert Einstein 31100 Toulouse"
    assert toulouse.code_insee == "31555"
    assert (toulouse.point.x, toulouse.point.y) == pytest.approx((1.37987, 43.579724))

    ales = geocode(serve("geopf_search_municipality_Ales.json"))
    assert ales.ok
    assert ales.precision == Precision.MUNICIPALITY
    assert ales.code_insee == "30007"
    assert (ales.point.x, ales.point.y) == pytest.approx((4.089242, 44.125356))

    empty = geocode(serve("geopf_search_empty.json"))
    assert not empty.ok
    assert "Aucune adresse trouvée" in empty.error

    serve("legacy_api_adresse_reverse_street_Montpellier.json")
    montpellier = reverse(43.6112, 3.8761)
    assert montpellier.precision == Precision.STREET
    assert montpellier.code_insee == "34172"
