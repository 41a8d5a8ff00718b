"""The search's two readers, the QuerySet (pages, diagnostic, exports, GeoJSON) and the API's
plain SQL page reader, run the same SQL: same places, same order, same distances."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from directory.search import LieuCriteria, SearchResults, search_lieux
from geodata.geo import point_from_lat_lon

from .factories import LieuFactory

PARIS = ZoneInfo("Europe/Paris")
LYON = point_from_lat_lon(45.7676, 4.8357)
ADMIN = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
FIELDS = ("nom", "horaires", "services")


@pytest.fixture
def places():
    def at(lat, lon, **kwargs):
        return LieuFactory(point=point_from_lat_lon(lat, lon), **kwargs)

    return [
        at(45.7719, 4.8902, nom="Médiathèque Villeurbanne", services=[ADMIN]),
        at(45.7600, 4.8500, nom="Espace numérique Part-Dieu", services=[OUTILS]),
        at(45.7500, 4.8200, nom="Mediatheque du Vieux Lyon", services=[ADMIN, OUTILS]),
        at(45.5255, 4.8745, nom="Médiathèque de Vienne", horaires="Sa 09:00-12:00"),
        at(
            45.7650,
            4.8300,
            nom="Centre social fermé",
            fermeture_debut=date(2026, 11, 20),
            fermeture_fin=date(2026, 11, 30),
        ),
        at(45.7700, 4.8400, nom="Lieu archivé", archive_le=MONDAY_10),
        at(43.2965, 5.3698, nom="Médiathèque de Marseille", services=[ADMIN]),
        LieuFactory(nom="Médiathèque sans point", point=None, point_source=""),
    ]


CRITERIA = {
    "nothing": LieuCriteria(),
    "around Lyon": LieuCriteria(point=LYON, radius_km=30),
    "around Lyon, 5 km": LieuCriteria(point=LYON, radius_km=5),
    "a service": LieuCriteria(any_of={"services": [ADMIN]}),
    "no value for a field": LieuCriteria(any_of={"services": [], "frais_a_charge": []}),
    "two services, near": LieuCriteria(point=LYON, any_of={"services": [ADMIN, OUTILS]}),
    "a name": LieuCriteria(q="mediatheque"),
    "a name, best match first": LieuCriteria(q="Médiathèque Vienne"),
    "a name, near": LieuCriteria(point=LYON, radius_km=100, q="Médiathèque"),
    "open on Monday at 10": LieuCriteria(point=LYON, open_at=MONDAY_10),
    "open on Saturday at 10": LieuCriteria(open_at=datetime(2026, 11, 28, 10, tzinfo=PARIS)),
}


@pytest.mark.parametrize("name", CRITERIA)
def test_the_page_reader_finds_what_the_queryset_finds(places, name):
    criteria = CRITERIA[name]
    expected = list(search_lieux(criteria))
    results = SearchResults(criteria, FIELDS)
    rows = results.rows(0, 100)
    assert [row.pk for row in rows] == [lieu.pk for lieu in expected]
    assert [row.nom for row in rows] == [lieu.nom for lieu in expected]
    for row, lieu in zip(rows, expected, strict=True):
        if criteria.point is None:
            assert row.distance is None
        else:
            assert row.distance.m == pytest.approx(lieu.distance.m)
        if lieu.point is not None:
            assert (row.point_lon, row.point_lat) == pytest.approx(lieu.point.coords)
    assert results.count_up_to(100) == len(expected)
    assert results.count_up_to(1) == min(2, len(expected))
    assert [row.pk for row in results.rows(1, 2)] == [lieu.pk for lieu in expected[1:3]]


def test_what_the_criteria_keep(places):
    """A few expectations, so that both readers cannot be wrong together."""

    def names(criteria):
        return [row.nom for row in SearchResults(criteria, FIELDS).rows(0, 100)]

    assert names(CRITERIA["around Lyon, 5 km"]) == [
        "Centre social fermé",
        "Espace numérique Part-Dieu",
        "Mediatheque du Vieux Lyon",
        "Médiathèque Villeurbanne",
    ]
    assert "Lieu archivé" not in names(CRITERIA["nothing"])
    assert names(CRITERIA["no value for a field"]) == names(CRITERIA["nothing"])
    assert names(CRITERIA["open on Saturday at 10"]) == ["Médiathèque de Vienne"]
    monday = names(CRITERIA["open on Monday at 10"])
    assert "Centre social fermé" not in monday and "Médiathèque de Vienne" not in monday
    assert names(CRITERIA["a name, best match first"])[:2] == [
        "Médiathèque de Vienne",
        "Médiathèque Villeurbanne",
    ]
    assert set(names(CRITERIA["a name"])) == {
        "Médiathèque Villeurbanne",
        "Mediatheque du Vieux Lyon",
        "Médiathèque de Vienne",
        "Médiathèque de Marseille",
        "Médiathèque sans point",
    }
