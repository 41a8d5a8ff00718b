from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from geopy.distance import geodesic

from directory import search as search_module
from directory.models import Lieu
from geodata.geo import point_from_lat_lon

from .factories import LieuFactory

LYON = (45.7676, 4.8357)  # Hôtel de Ville
VILLEURBANNE = (45.7719, 4.8902)
VIENNE = (45.5255, 4.8745)
SAINT_ETIENNE = (45.4397, 4.3872)
ADMIN = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"


def at(lat_lon, **kwargs):
    return LieuFactory(point=point_from_lat_lon(*lat_lon), **kwargs)


def search(client, **params):
    return client.get("/api/lieux/", params)


@pytest.fixture
def around_lyon():
    return {
        "villeurbanne": at(VILLEURBANNE, nom="Espace numérique Villeurbanne", services=[ADMIN]),
        "vienne": at(VIENNE, nom="Médiathèque de Vienne", services=[OUTILS]),
        "saint_etienne": at(
            SAINT_ETIENNE, nom="Cyber-base Saint-Étienne", services=[ADMIN, OUTILS]
        ),
    }


def test_nearest_first_with_true_distances(client, around_lyon):
    response = search(client, lat=LYON[0], lon=LYON[1], rayon_km=60)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["nom"] for r in results] == [
        "Espace numérique Villeurbanne",
        "Médiathèque de Vienne",
        "Cyber-base Saint-Étienne",
    ]
    for result, place in zip(results, (VILLEURBANNE, VIENNE, SAINT_ETIENNE), strict=True):
        assert result["distance_km"] == pytest.approx(geodesic(LYON, place).km, abs=0.01)


def test_radius_excludes_farther_places(client, around_lyon):
    results = search(client, lat=LYON[0], lon=LYON[1], rayon_km=30).json()["results"]
    assert [r["nom"] for r in results] == ["Espace numérique Villeurbanne", "Médiathèque de Vienne"]


def test_default_radius_is_20_km(client, around_lyon):
    results = search(client, lat=LYON[0], lon=LYON[1]).json()["results"]
    assert [r["nom"] for r in results] == ["Espace numérique Villeurbanne"]


def test_repeated_service_means_any_of_them(client, around_lyon):
    only_outils = search(client, lat=LYON[0], lon=LYON[1], rayon_km=60, services=OUTILS).json()
    assert [r["nom"] for r in only_outils["results"]] == [
        "Médiathèque de Vienne",
        "Cyber-base Saint-Étienne",
    ]
    both = client.get(
        "/api/lieux/",
        {"lat": LYON[0], "lon": LYON[1], "rayon_km": 60, "services": [OUTILS, ADMIN]},
    ).json()
    assert both["count"] == 3


@pytest.mark.parametrize(
    ("param", "value", "matching"),
    [
        (
            "publics_specifiquement_adresses",
            "Seniors",
            {"publics_specifiquement_adresses": ["Seniors"]},
        ),
        ("prise_en_charge_specifique", "Surdité", {"prise_en_charge_specifique": ["Surdité"]}),
        ("frais_a_charge", "Gratuit", {"frais_a_charge": ["Gratuit"]}),
        (
            "dispositif_programmes_nationaux",
            "Aidants Connect",
            {"dispositif_programmes_nationaux": ["Aidants Connect"]},
        ),
        (
            "modalites_accompagnement",
            "Dans un atelier collectif",
            {"modalites_accompagnement": ["Dans un atelier collectif"]},
        ),
        ("modalites_acces", "Téléphoner", {"modalites_acces": ["Téléphoner"]}),
        ("itinerance", "Itinérant", {"itinerance": ["Itinérant"]}),
    ],
)
def test_each_standard_filter(client, param, value, matching):
    wanted = at(VILLEURBANNE, nom="Le bon lieu", **matching)
    at(VILLEURBANNE, nom="Un autre lieu")
    results = search(client, lat=LYON[0], lon=LYON[1], **{param: value}).json()["results"]
    assert [r["id"] for r in results] == [wanted.source_id]


def test_name_search_ignores_accents_and_case(client, around_lyon):
    results = search(client, q="CYBER BASE saint etienne").json()["results"]
    assert [r["nom"] for r in results] == ["Cyber-base Saint-Étienne"]


def test_search_around_a_commune_by_insee_or_postal_code(client, around_lyon):
    by_insee = search(client, code_insee="42218", rayon_km=10).json()["results"]
    by_postcode = search(client, code_postal="42000", rayon_km=10).json()["results"]
    assert [r["nom"] for r in by_insee] == ["Cyber-base Saint-Étienne"]
    assert by_postcode == by_insee


def test_open_at_a_given_time(client):
    at(VILLEURBANNE, nom="Ouvert le matin", horaires="Mo-Fr 09:00-12:00")
    at(VILLEURBANNE, nom="Ouvert l'après-midi", horaires="Mo-Fr 14:00-18:00")
    at(VILLEURBANNE, nom="Sans horaires", horaires="")
    monday_10 = "2026-11-23T10:00:00+01:00"
    response = search(client, lat=LYON[0], lon=LYON[1], ouvert_le=monday_10).json()
    assert [r["nom"] for r in response["results"]] == ["Ouvert le matin"]
    assert response["results"][0]["ouvert"] == {
        "etat": "ouvert",
        "prochain_changement": "2026-11-23T12:00:00+01:00",
    }


def test_each_result_says_whether_it_is_open_or_unknown(client):
    at(VILLEURBANNE, nom="Le matin", horaires="Mo-Fr 09:00-12:00")
    at(VIENNE, nom="Inconnu", horaires="")
    results = search(
        client, lat=LYON[0], lon=LYON[1], rayon_km=50, ouvert_le="2026-11-23T15:00:00"
    ).json()["results"]
    assert results == []  # nothing open on Monday 15:00 Paris time
    results = search(client, lat=LYON[0], lon=LYON[1], rayon_km=50).json()["results"]
    states = {r["nom"]: r["ouvert"]["etat"] for r in results}
    assert states["Inconnu"] == "inconnu"
    assert states["Le matin"] in {"ouvert", "ferme"}


def test_overseas_place_is_evaluated_in_its_own_time_zone(client):
    noumea = point_from_lat_lon(-22.2758, 166.4580)
    LieuFactory(
        nom="Nouméa", point=noumea, horaires="Mo-Fr 08:00-12:00", fuseau_horaire="Pacific/Noumea"
    )
    # Monday 09:00 in Nouméa is Sunday 23:00 in Paris.
    sunday_paris = datetime(2026, 11, 22, 23, 0, tzinfo=ZoneInfo("Europe/Paris")).isoformat()
    results = search(client, lat=-22.2758, lon=166.4580, ouvert_le=sunday_paris).json()["results"]
    assert [r["nom"] for r in results] == ["Nouméa"]


def test_page_size_and_pages(client):
    for i in range(7):
        at(VILLEURBANNE, nom=f"Lieu {i}")
    first = search(client, lat=LYON[0], lon=LYON[1], page_size=5).json()
    second = search(client, lat=LYON[0], lon=LYON[1], page_size=5, page=2).json()
    assert first["count"] is None  # more follow: not counted unless asked
    assert second["count"] == 7  # the results end on this page
    assert len(first["results"]) == 5 and len(second["results"]) == 2
    assert first["next"] and second["previous"] and second["next"] is None
    counted = search(client, lat=LYON[0], lon=LYON[1], page_size=5, compter="true").json()
    assert counted["count"] == 7 and counted["results"] == first["results"]


def test_a_full_last_page_has_no_next_link(client):
    for i in range(6):
        at(VILLEURBANNE, nom=f"Lieu {i}")
    first = search(client, lat=LYON[0], lon=LYON[1], page_size=3).json()
    last = search(client, lat=LYON[0], lon=LYON[1], page_size=3, page=2).json()
    assert first["next"] and first["count"] is None
    assert last["next"] is None and last["count"] == 6 and len(last["results"]) == 3


def test_constant_number_of_queries_whatever_the_page_size(
    client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(search_module, "HOURS_RECHECK_SECONDS", 3600)
    for i in range(60):
        at(VILLEURBANNE, nom=f"Lieu {i}", horaires="Mo-Su 00:00-24:00")
    # The first search reads the directory's hours (2 queries), kept for the next ones.
    search(client, lat=LYON[0], lon=LYON[1], ouvert_maintenant="true")
    # The page (and one row more); when asked, the count, unless the results end on the page.
    cases = [(5, "false", 1), (59, "false", 1), (5, "true", 2), (59, "true", 2), (60, "true", 1)]
    for page_size, counting, queries in cases:
        with django_assert_num_queries(queries):
            response = search(
                client,
                lat=LYON[0],
                lon=LYON[1],
                page_size=page_size,
                ouvert_maintenant="true",
                compter=counting,
            )
        assert len(response.json()["results"]) == page_size


def test_geojson_format(client, around_lyon):
    response = search(client, lat=LYON[0], lon=LYON[1], format="geojson")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    feature = body["features"][0]
    assert feature["geometry"]["coordinates"] == pytest.approx([VILLEURBANNE[1], VILLEURBANNE[0]])
    assert feature["properties"]["nom"] == "Espace numérique Villeurbanne"


def test_detail(client, around_lyon):
    place = around_lyon["vienne"]
    body = client.get(f"/api/lieux/{place.pk}/").json()
    assert body["nom"] == "Médiathèque de Vienne"
    assert body["latitude"] == pytest.approx(VIENNE[0])
    assert client.get("/api/lieux/999999/").status_code == 404


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"services": "Cuisine"}, "services"),
        ({"lat": 45.7, "lon": 4.8, "rayon_km": 1000}, "rayon_km"),
        ({"lat": "abc", "lon": 4.8}, "lat"),
        ({"lat": 45.7}, "lon"),
        ({"lon": 4.8}, "lat"),
        ({"lat": 95, "lon": 4.8}, "lat"),
        ({"code_insee": "00000"}, "code_insee"),
        ({"code_postal": "00000"}, "code_postal"),
        ({"ouvert_le": "lundi"}, "ouvert_le"),
        ({"page_size": 101}, "page_size"),
        ({"page_size": "x"}, "page_size"),
        ({"page": 99}, "page"),
        ({"page": "x"}, "page"),
        ({"compter": "oui"}, "compter"),
        ({"frais_a_charge": "gratuit pour tous"}, "frais_a_charge"),
        ({"code_insee": "69123", "code_postal": "69001"}, "code_postal"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, params, param):
    response = search(client, **params)
    assert response.status_code == 400, response.content
    assert param in response.json()


def test_count_stops_after_the_cap(client, monkeypatch):
    from directory import api

    monkeypatch.setattr(api, "COUNT_CAP", 5)
    for i in range(8):
        at(VILLEURBANNE, nom=f"Lieu {i}")
    body = search(client, lat=LYON[0], lon=LYON[1], page_size=3, compter="true").json()
    assert body["count"] == 6  # read: more than 5
    assert len(body["results"]) == 3
    assert body["next"]


def test_pages_past_the_cap_stay_reachable(client, monkeypatch):
    from directory import api

    monkeypatch.setattr(api, "COUNT_CAP", 5)
    for i in range(12):
        at(VILLEURBANNE, nom=f"Lieu {i}")
    third = search(client, lat=LYON[0], lon=LYON[1], page_size=3, page=3, compter=1).json()
    assert third["count"] == 10  # the cap follows the page: more than 9
    assert len(third["results"]) == 3 and third["next"]
    last = search(client, lat=LYON[0], lon=LYON[1], page_size=3, page=4).json()
    assert last["count"] == 12 and len(last["results"]) == 3 and last["next"] is None
    seen = [r["nom"] for page in (1, 2, 3, 4) for r in search_page(client, page)]
    assert sorted(seen) == sorted(f"Lieu {i}" for i in range(12))


def search_page(client, page):
    return search(client, lat=LYON[0], lon=LYON[1], page_size=3, page=page).json()["results"]


def test_count_without_a_location_or_past_the_last_page(client, monkeypatch):
    from directory import api

    monkeypatch.setattr(api, "COUNT_CAP", 5)
    for i in range(7):
        at(VILLEURBANNE, nom=f"Lieu {i}")
    assert search(client, page_size=3, compter="true").json()["count"] == 6
    assert search(client, page_size=3).json()["count"] is None
    assert search(client, page_size=3, page="last").json()["count"] == 7
    assert search(client, q="lieu", page_size=10).json()["count"] == 7
    assert search(client, page_size=3, page=4).status_code == 400


def test_a_page_that_is_not_full_is_counted_without_a_count_query(
    client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(search_module, "HOURS_RECHECK_SECONDS", 3600)
    for i in range(3):
        at(VILLEURBANNE, nom=f"Lieu {i}")
    monday_10 = "2026-11-23T10:00:00"
    search(client, lat=LYON[0], lon=LYON[1], ouvert_le=monday_10)  # reads the hours once
    with django_assert_num_queries(1):  # the page
        body = search(client, lat=LYON[0], lon=LYON[1], ouvert_le=monday_10).json()
    assert body["count"] == 3 and len(body["results"]) == 3


def test_new_hours_are_searched_once_the_process_checks_again(client, monkeypatch):
    monkeypatch.setattr(search_module, "HOURS_RECHECK_SECONDS", 3600)
    at(VILLEURBANNE, nom="Le matin", horaires="Mo-Fr 09:00-12:00")
    monday_10 = "2026-11-23T10:00:00"

    def open_places():
        body = search(client, lat=LYON[0], lon=LYON[1], ouvert_le=monday_10).json()
        return sorted(r["nom"] for r in body["results"])

    assert open_places() == ["Le matin"]
    at(VILLEURBANNE, nom="Le lundi", horaires="Mo 10:00-11:00")
    assert open_places() == ["Le matin"]  # within the delay: hours as read before
    monkeypatch.setattr(search_module, "HOURS_RECHECK_SECONDS", 0)
    assert open_places() == ["Le lundi", "Le matin"]


def test_results_are_what_the_declared_fields_give(client, rf):
    """LieuSerializer writes its fields by hand (speed): the same JSON as DRF's generic path."""
    from rest_framework.request import Request
    from rest_framework.serializers import ModelSerializer

    from directory.serializers import LieuSerializer

    place = at(
        VILLEURBANNE,
        nom="Espace complet",
        complement_adresse="Bâtiment B",
        typologie=["TIERS_LIEUX", "BIB"],
        telephone="+33401020304",
        courriels=["a@exemple.fr", "b@exemple.fr"],
        site_web=["https://exemple.fr"],
        presentation_resume="Résumé",
        presentation_detail="Détail " * 50,
        source="Hub",
        itinerance=["Itinérant"],
        structure_parente="Ville",
        services=[ADMIN, OUTILS],
        publics_specifiquement_adresses=["Seniors"],
        prise_en_charge_specifique=["Surdité"],
        frais_a_charge=["Gratuit"],
        dispositif_programmes_nationaux=["Aidants Connect"],
        formations_labels=["Campus connecté"],
        autres_formations_labels=["Un label"],
        modalites_acces=["Téléphoner"],
        modalites_accompagnement=["Dans un atelier collectif"],
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/x",
        prise_rdv="https://rdv.exemple.fr",
        geocodage_precision="housenumber",
    )
    without_point = LieuFactory(nom="Sans point", point=None, point_source="", horaires="")

    class GenericLieuSerializer(LieuSerializer):
        to_representation = ModelSerializer.to_representation

    monday_10 = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    lieux = list(Lieu.objects.for_api().filter(pk__in=[place.pk, without_point.pk]).order_by("pk"))
    for params, context_at in (({}, monday_10), ({"format": "json"}, None)):
        context = {"request": Request(rf.get("/api/lieux/", params)), "at": context_at}
        fast = LieuSerializer(lieux, many=True, context=context).data
        generic = GenericLieuSerializer(lieux, many=True, context=context).data
        assert fast == generic
        assert list(fast[0]) == list(generic[0])  # same order of the keys
        if context_at:
            expected = generic[0]
    assert expected["latitude"] == pytest.approx(VILLEURBANNE[0])
    assert expected["longitude"] == pytest.approx(VILLEURBANNE[1])
    assert fast[1]["latitude"] is None and fast[1]["longitude"] is None
    assert fast[0]["url"].endswith(f"/api/lieux/{place.pk}/?format=json")
    results = search(client, lat=LYON[0], lon=LYON[1], ouvert_le=monday_10.isoformat()).json()
    distance = geodesic(LYON, VILLEURBANNE).km
    assert results["results"] == [expected | {"distance_km": pytest.approx(distance, abs=0.01)}]
