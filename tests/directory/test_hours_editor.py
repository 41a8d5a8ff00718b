"""directory.hours_editor: rows of the hours editor ↔ OSM opening_hours strings (pure)."""

import pytest

from directory.hours_editor import (
    FIELD_NAMES,
    field_name,
    osm_from_week,
    parse_time,
    read_rows,
    rows,
    same_week,
    values_from_week,
    week_from_osm,
)
from directory.standard.hours import is_valid

MO, TU, WE, TH, FR, SA, SU = range(7)


@pytest.mark.parametrize(
    ("osm", "week"),
    [
        ("", {}),
        ("Mo-Fr 09:00-12:00", {d: [("09:00", "12:00")] for d in range(5)}),
        (
            "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00",
            {
                **{d: [("09:00", "12:00"), ("14:00", "17:00")] for d in range(5)},
                SA: [("09:00", "12:00")],
            },
        ),
        ("Mo,We 10:00-18:30", {MO: [("10:00", "18:30")], WE: [("10:00", "18:30")]}),
        (
            "Mo-Fr 09:00-17:00; We off",
            {d: [("09:00", "17:00")] for d in (MO, TU, TH, FR)},
        ),
        (
            "Sa-Mo 10:00-12:00",
            {SA: [("10:00", "12:00")], SU: [("10:00", "12:00")], MO: [("10:00", "12:00")]},
        ),
        ("Tu 14:00-17:00,09:00-12:00", {TU: [("09:00", "12:00"), ("14:00", "17:00")]}),
    ],
)
def test_simple_strings_are_read_into_rows(osm, week):
    assert week_from_osm(osm) == week


@pytest.mark.parametrize(
    "osm",
    [
        "24/7",
        "Mo-Fr 09:00-12:00; PH off",
        "Mo-Fr 08:00-10:00,11:00-12:00,14:00-16:00",  # three ranges a day
        "Mo 22:00-02:00",  # past midnight
        'Mo-Fr 09:00-18:00 "sur rendez-vous"',
        "Jan-Jun Mo 09:00-12:00",
        "Mo[1] 09:00-12:00",
        "Mo 09:00-12:00,11:00-13:00",  # overlapping
        "Mo 09:00-24:00",  # a time input cannot say 24:00
        "Mo-Fr 09:00-12:00, Sa 10:00-12:00",
    ],
)
def test_strings_rows_cannot_say_are_left_to_the_advanced_field(osm):
    assert week_from_osm(osm) is None


def test_rows_write_a_valid_grouped_string():
    week = {d: [("09:00", "12:00"), ("14:00", "17:00")] for d in range(5)}
    week[SA] = [("10:00", "12:00")]
    osm = osm_from_week(week)
    assert osm == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00"
    assert is_valid(osm)
    assert week_from_osm(osm) == week


def test_values_round_trip_through_the_rows():
    week = {MO: [("09:00", "12:00"), ("13:30", "17:00")], SU: [("10:00", "12:00")]}
    values = values_from_week(week)
    assert values[field_name(MO, 2, False)] == "13:30"
    assert values[field_name(TU, 1, False)] == ""
    assert set(values) == set(FIELD_NAMES) and len(FIELD_NAMES) == 28
    read, errors = read_rows(values)
    assert errors == [] and read == week


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09:30", "09:30"),
        ("09:30:00", "09:30"),
        ("9h30", "09:30"),
        ("9h", "09:00"),
        ("14", "14:00"),
        ("8.15", "08:15"),
        ("25:00", None),
        ("midi", None),
        ("9h75", None),
    ],
)
def test_times_typed_without_a_time_picker(typed, expected):
    assert parse_time(typed) == expected


def test_row_errors_name_the_day_the_range_and_the_input():
    values = {
        field_name(MO, 1, False): "09:00",  # no closing time
        field_name(TU, 1, False): "14:00",
        field_name(TU, 1, True): "12:00",  # before the opening
        field_name(WE, 1, False): "09:00",
        field_name(WE, 1, True): "13:00",
        field_name(WE, 2, False): "12:00",  # overlaps the morning
        field_name(WE, 2, True): "17:00",
        field_name(TH, 1, False): "neuf heures",
        field_name(TH, 1, True): "12:00",
    }
    week, errors = read_rows(values)
    by_field = {error.field: error.message for error in errors}
    assert by_field == {
        field_name(MO, 1, True): "Lundi, 1re plage : indiquez l'heure de fermeture.",
        field_name(
            TU, 1, True
        ): "Mardi, 1re plage : l'heure de fermeture doit suivre celle d'ouverture.",
        field_name(WE, 2, False): "Mercredi : les deux plages se chevauchent.",
        field_name(
            TH, 1, False
        ): "Jeudi, 1re plage : « neuf heures » n'est pas une heure. Écrivez-la par exemple 09:30.",
    }
    assert week == {}


def test_an_afternoon_only_day_and_ranges_typed_in_reverse_order():
    values = {
        field_name(FR, 2, False): "14:00",
        field_name(FR, 2, True): "17:00",
        field_name(SA, 1, False): "14:00",
        field_name(SA, 1, True): "18:00",
        field_name(SA, 2, False): "9h",
        field_name(SA, 2, True): "12h",
    }
    week, errors = read_rows(values)
    assert errors == []
    assert week == {FR: [("14:00", "17:00")], SA: [("09:00", "12:00"), ("14:00", "18:00")]}
    assert osm_from_week(week) == "Fr 14:00-17:00; Sa 09:00-12:00,14:00-18:00"


def test_same_week_ignores_order_and_empty_days():
    assert same_week(
        {MO: [("14:00", "17:00"), ("09:00", "12:00")], TU: []},
        {MO: [("09:00", "12:00"), ("14:00", "17:00")]},
    )
    assert not same_week({MO: [("09:00", "12:00")]}, {TU: [("09:00", "12:00")]})
    assert not same_week(None, {})


def test_rows_keep_what_was_typed():
    shown = rows({field_name(MO, 1, False): "9h"})
    assert [row.label for row in shown][:2] == ["Lundi", "Mardi"]
    assert shown[0].slots[0].start.value == "9h"
    assert shown[0].slots[0].start.name == "horaires_mo_1_debut"
    assert shown[6].slots[1].end.name == "horaires_su_2_fin"
