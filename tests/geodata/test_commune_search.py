import pytest

from geodata.geo import point_from_lat_lon
from geodata.models import Commune
from geodata.search import InvalidQuery, parse_query, search_communes
from geodata.text import normalize_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("st etienne", "saint etienne"),
        ("SAINT   ETIENNE", "saint etienne"),
        ("Villeneuve-d'Ascq", "villeneuve d ascq"),
        ("Sainte-Marie-aux-Mines", "sainte marie aux mines"),
        ("Cœuvres-et-Valsery", "coeuvres et valsery"),
        ("ste foy", "sainte foy"),
    ],
)
def test_normalize_name(text, expected):
    assert normalize_name(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("42000", "42000", None),
        (" 2a004 ", "2A004", None),
        ("Lyon", None, "lyon"),
    ],
)
def test_parse_query_tells_codes_from_names(text, code, name):
    query = parse_query(text)
    assert (query.code, query.name) == (code, name)


@pytest.mark.parametrize("text", ["", "   ", "4200", "123456", "-", "x" * 101, "é"])
def test_parse_query_rejects_unusable_text(text):
    with pytest.raises(InvalidQuery):
        parse_query(text)


def test_every_current_commune_is_loaded_with_a_centre():
    assert Commune.objects.count() == 34_875
    assert not Commune.objects.filter(centre__isnull=True).exists()
    # Centres taken inside the contour lie in their own commune.
    lyon = Commune.objects.get(code_insee="69123")
    assert lyon.contour.contains(lyon.centre)


@pytest.mark.parametrize("text", ["saint etienne", "Saint-Étienne", "st etienne", "SAINT ETIENNE"])
def test_saint_etienne_comes_first_whatever_the_spelling(text):
    assert search_communes(text)[0].code_insee == "42218"


def test_postal_code_finds_its_commune():
    assert [c.code_insee for c in search_communes("42000")] == ["42218"]


def test_insee_code_finds_its_commune_first():
    assert search_communes("69123")[0].nom == "Lyon"


def test_arrondissement_postal_code_finds_the_city():
    assert search_communes("75011")[0].code_insee == "75056"


def test_code_that_is_both_an_insee_code_and_a_postal_code_lists_the_insee_match_first():
    # 13001 is Aix-en-Provence's INSEE code and Marseille 1er's postal code.
    assert [c.code_insee for c in search_communes("13001")] == ["13001", "13055"]


def test_exact_name_before_prefix_and_prefix_ordered_by_population():
    results = search_communes("lyon", limit=10)
    assert results[0].code_insee == "69123"
    saint_etienne = search_communes("saint etienne", limit=10)
    prefixed = [c for c in saint_etienne[1:] if c.nom_recherche.startswith("saint etienne")]
    populations = [c.population or 0 for c in prefixed]
    assert populations == sorted(populations, reverse=True)


def test_misspelled_name_is_found_by_similarity():
    assert search_communes("marseile")[0].code_insee == "13055"


def test_word_from_the_middle_of_a_name():
    assert search_communes("havre")[0].code_insee == "76351"


def test_limit_is_respected():
    assert len(search_communes("saint", limit=3)) == 3


def test_commune_containing_a_point():
    # Place Bellecour, Lyon.
    point = point_from_lat_lon(45.7578, 4.8320)
    assert [c.code_insee for c in Commune.objects.containing(point)] == ["69123"]


def test_commune_without_contour_gets_a_centre_from_its_postal_code_neighbours():
    celles = Commune.objects.get(code_insee="15031")
    assert celles.centre_source == "code_postal"
    neighbours = Commune.objects.filter(codes_postaux__overlap=celles.codes_postaux).exclude(
        code_insee="15031"
    )
    assert min(n.centre.distance(celles.centre) for n in neighbours) < 0.5  # degrees


def test_old_codes_lead_to_the_current_commune():
    # 49040 Bouzillé is now part of Orée d'Anjou (49126).
    assert Commune.objects.with_code("49040").get().code_insee == "49126"
    assert Commune.objects.with_code("75111").get().code_insee == "75056"
