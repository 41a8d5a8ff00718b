"""Opening hours: OSM syntax validated with opening-hours-py, narrow repairs, evaluation."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from directory.standard.hours import from_day_columns, is_open, is_valid, next_change, normalize

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    "osm",
    [
        "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
        "week 1-53/2 Tu 09:00-12:30,13:30-15:30; PH off",
        "24/7",
        'Mo-Fr 08:30-12:00; We 14:00-17:00 "sur rendez-vous"',
    ],
)
def test_valid_osm_strings_are_kept_as_they_are(osm):
    assert normalize(osm) == (osm, False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mo-Fr 9h-12h30,13h30-17h", "Mo-Fr 09:00-12:30,13:30-17:00"),
        (
            "Mo-Th 10h00-12h30,13h30-17h00; Fr 09h30-12h30; We off",
            "Mo-Th 10:00-12:30,13:30-17:00; Fr 09:30-12:30; We off",
        ),
        ("Mo-Fr 09:00-12:30-13:30-17:00", "Mo-Fr 09:00-12:30,13:30-17:00"),
        ("mo-fr 09:00-12:00;", "Mo-Fr 09:00-12:00"),
        ("Lu-Ve 09:00-12:00; Sa 10:00-12:00", "Mo-Fr 09:00-12:00; Sa 10:00-12:00"),
        ("Mo 08 :30-12:00", "Mo 08:30-12:00"),
        ("  Mo-Fr 09:00-12:00 ", "Mo-Fr 09:00-12:00"),
    ],
)
def test_near_osm_strings_are_repaired(raw, expected):
    assert normalize(raw) == (expected, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Du lundi au vendredi de 9h - 12h et de 14h - 17h", "Mo-Fr 09:00-12:00,14:00-17:00"),
        (
            "Lundi : 8h30-12h ; Mardi à Vendredi : 8h30-12h/14h-17h ; Samedi : 9h-11h",
            "Mo 08:30-12:00; Tu-Fr 08:30-12:00,14:00-17:00; Sa 09:00-11:00",
        ),
        (
            "Lundi, Samedi : 9h-12h ; Mardi, Jeudi, Vendredi :13h30-17h",
            "Mo,Sa 09:00-12:00; Tu,Th,Fr 13:30-17:00",
        ),
        ("Lundi au Vendredi de 8h30 à 12h30 et de 13h30 à 17h30.", "Mo-Fr 08:30-12:30,13:30-17:30"),
        (
            "lundi au vendredi 8h15-19h30 et week-end 9h-19h30",
            "Mo-Fr 08:15-19:30; Sa,Su 09:00-19:30",
        ),
        # Additive, as the French means: Monday morning and afternoon.
        (
            "Lundi au vendredi 8h-12h, lundi : 13h30-17h",
            "Mo 08:00-12:00,13:30-17:00; Tu-Fr 08:00-12:00",
        ),
        ("Mardi 9 h - 12 h 30<br />Jeudi 14h-17h", "Tu 09:00-12:30; Th 14:00-17:00"),
        ("24h/24", "24/7"),
    ],
)
def test_simple_french_text_is_converted(text, expected):
    assert normalize(text) == (expected, True)


@pytest.mark.parametrize(
    "text",
    [
        "Mo 08:22",
        "Mo-Fr 08:00-12:00,13:45-16:30; Tu 08:00-13:45-16:30",  # which range was meant?
        "Très variables",
        "9h-12h30 / 13h30-17h30",  # no days
        "lundi au vendredi 9h30-12h et 14h-17h15 (vendredi 17h)",
        "Du lundi au vendredi de 9h00 - 12h30 et le mardi après-midi de 14h00 - 17h00.",
        "Lundi 14h - 12h",
    ],
)
def test_ambiguous_or_unreadable_hours_are_not_guessed(text):
    assert normalize(text) == ("", False)


def test_json_hours():
    assert normalize({"lundi": "09:00-12:00", "mardi": ["09:00-12:00", "14:00-17:00"]}) == (
        "Mo 09:00-12:00; Tu 09:00-12:00,14:00-17:00",
        True,
    )
    schema_org = [
        {"dayOfWeek": "https://schema.org/Monday", "opens": "09:00", "closes": "12:00"},
        {"dayOfWeek": "Tuesday", "opens": "09:00", "closes": "12:00"},
    ]
    assert normalize(schema_org) == ("Mo,Tu 09:00-12:00", True)
    assert normalize('{"Mo": "09:00 - 12:00"}') == ("Mo 09:00-12:00", True)


def test_france_services_day_columns():
    columns = {
        "lundi": "09:00 - 12:00 / 13:30 - 17:00",
        "mardi": "09:00 - 12:00 / 13:30 - 17:00",
        "mercredi": "09:00 - 12:00 / 13:30 - 17:00",
        "jeudi": "09:00-12:00/13:30-17:00",
        "vendredi": "09:00 - 12:00 / 09:00 - 12:00 / 13:30 - 17:00",  # repeated range
        "samedi": "-",
    }
    assert from_day_columns(columns) == "Mo-Fr 09:00-12:00,13:30-17:00"
    assert from_day_columns({"lundi": "09:00-12:30-13:30-17:00"}) == "Mo 09:00-12:30,13:30-17:00"
    assert from_day_columns({"lundi": "09:00-12:00 14:00-16:30"}) == "Mo 09:00-12:00,14:00-16:30"
    assert from_day_columns({"lundi": "00:00 - 00:00 / 09:00 - 12:00"}) == "Mo 09:00-12:00"
    assert from_day_columns({"lundi": "09:00 - 12:00", "mardi": "09:00-13:00-/3:00"}) is None
    assert from_day_columns({"lundi": "09:00 - 12:00", "mardi": "13:30 - 12:00"}) is None


def test_is_valid():
    assert is_valid("Mo-Fr 09:00-12:00")
    assert not is_valid("Mo-Fr 9h-12h")
    assert not is_valid("")


MONDAY_10H = datetime.datetime(2024, 7, 15, 10, 0)  # a Monday, not a public holiday


def test_is_open_in_paris_time():
    hours = "Mo-Fr 09:00-12:00; PH off"
    assert is_open(hours, MONDAY_10H) is True  # naive: the place's local time
    assert is_open(hours, MONDAY_10H.replace(tzinfo=PARIS)) is True
    utc_10h = MONDAY_10H.replace(tzinfo=datetime.UTC)  # 12:00 in Paris in summer
    assert is_open(hours, utc_10h) is False
    assert is_open(hours, datetime.datetime(2024, 7, 14, 10, 0)) is False  # Sunday, 14 July


def test_is_open_on_a_public_holiday():
    assert is_open("Mo-Fr 09:00-12:00; PH off", datetime.datetime(2024, 12, 25, 10, 0)) is False


def test_is_open_in_the_place_time_zone():
    assert is_open("Mo-Fr 09:00-12:00", MONDAY_10H, timezone="Pacific/Noumea") is True
    paris_10h = MONDAY_10H.replace(tzinfo=PARIS)  # 18:00 in Nouméa
    assert is_open("Mo-Fr 09:00-12:00", paris_10h, timezone="Pacific/Noumea") is False


@pytest.mark.parametrize("hours", ["", "Mo 08:22", "Mo-Fr 09:00-12:00 unknown"])
def test_unknown_state(hours):
    assert is_open(hours, MONDAY_10H) is None


def test_next_change():
    change = next_change("Mo-Fr 09:00-12:00", MONDAY_10H)
    assert change == datetime.datetime(2024, 7, 15, 12, 0, tzinfo=PARIS)
    assert next_change("24/7", MONDAY_10H) is None
    assert next_change("not hours", MONDAY_10H) is None
