"""directory.freshness: à jour / à vérifier / ancienne, from date_maj (pure)."""

import datetime

import pytest

from directory.freshness import FRESH, OLD, TO_CHECK, bounds, freshness, label, months_before

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("date_maj", "expected"),
    [
        (TODAY, FRESH),
        (datetime.date(2026, 5, 23), FRESH),  # one day short of 6 months
        (datetime.date(2026, 5, 22), TO_CHECK),  # exactly 6 months
        (datetime.date(2025, 11, 23), TO_CHECK),
        (datetime.date(2025, 11, 22), OLD),  # exactly 12 months
        (datetime.date(2019, 1, 1), OLD),
        (None, OLD),
        (datetime.date(2027, 1, 1), FRESH),  # a future date (clock error) is not "old"
    ],
)
def test_freshness_by_age(date_maj, expected):
    assert freshness(date_maj, TODAY) == expected


def test_months_before_clamps_to_the_end_of_a_shorter_month():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2028, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert months_before(datetime.date(2026, 3, 15), 12) == datetime.date(2025, 3, 15)
    assert months_before(datetime.date(2026, 1, 10), 1) == datetime.date(2025, 12, 10)


def test_a_place_updated_on_31_may_is_to_check_from_1_december():
    assert freshness(datetime.date(2026, 5, 31), datetime.date(2026, 11, 30)) == FRESH
    assert freshness(datetime.date(2026, 5, 31), datetime.date(2026, 12, 1)) == TO_CHECK


def test_bounds_agree_with_freshness():
    limits = bounds(TODAY)
    assert freshness(limits.to_check_on_or_before, TODAY) == TO_CHECK
    assert freshness(limits.to_check_on_or_before + datetime.timedelta(days=1), TODAY) == FRESH
    assert freshness(limits.old_on_or_before, TODAY) == OLD
    assert freshness(limits.old_on_or_before + datetime.timedelta(days=1), TODAY) == TO_CHECK


def test_labels_are_words_not_codes():
    assert [label(state) for state in (FRESH, TO_CHECK, OLD)] == [
        "à jour",
        "à vérifier",
        "ancienne",
    ]
