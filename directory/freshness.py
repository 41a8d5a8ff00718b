"""How fresh a place's information is, from its `date_maj` (pure, no database).

A place is "à jour" when it was updated or confirmed less than 6 months ago, "à vérifier" after
6 months without any update, and "ancienne" after 12 months. Months are calendar months: a
place updated on 22 May is "à vérifier" from 22 November; one updated on 31 May from 1 December
(no 31 November)."""

import calendar
import datetime
from dataclasses import dataclass

FRESH = "a_jour"
TO_CHECK = "a_verifier"
OLD = "ancienne"

TO_CHECK_AFTER_MONTHS = 6
OLD_AFTER_MONTHS = 12

LABELS = {FRESH: "à jour", TO_CHECK: "à vérifier", OLD: "ancienne"}
EXPLANATIONS = {
    FRESH: "mise à jour il y a moins de 6 mois",
    TO_CHECK: "pas mise à jour depuis 6 mois ou plus",
    OLD: "pas mise à jour depuis 12 mois ou plus",
}
ORDER = (FRESH, TO_CHECK, OLD)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter):
    months_before(2026-08-31, 6) → 2026-02-28."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class Bounds:
    """Dates splitting the three states: date_maj <= to_check_on_or_before → at least "à
    vérifier"; date_maj <= old_on_or_before → "ancienne". Usable in queries."""

    to_check_on_or_before: datetime.date
    old_on_or_before: datetime.date


def bounds(today: datetime.date) -> Bounds:
    return Bounds(
        to_check_on_or_before=months_before(today, TO_CHECK_AFTER_MONTHS),
        old_on_or_before=months_before(today, OLD_AFTER_MONTHS),
    )


def freshness(date_maj: datetime.date | None, today: datetime.date) -> str:
    """FRESH, TO_CHECK or OLD. A place without a date is OLD (nobody knows when it was checked);
    a date in the future (a clock or import error) counts as FRESH."""
    if date_maj is None:
        return OLD
    limits = bounds(today)
    if date_maj <= limits.old_on_or_before:
        return OLD
    if date_maj <= limits.to_check_on_or_before:
        return TO_CHECK
    return FRESH


def label(state: str) -> str:
    return LABELS[state]
