"""Is a place open at a given time? The status shown in search results and place sheets,
evaluated from the standard's OSM `opening_hours` string (directory.standard.hours)."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .standard.hours import is_open, next_change

OPEN, CLOSED, UNKNOWN = "ouvert", "ferme", "inconnu"


@dataclass(frozen=True)
class OpeningStatus:
    state: str  # OPEN, CLOSED or UNKNOWN (no hours given, or hours that cannot be read)
    next_change: datetime | None = None  # in the place's time zone
    closure_message: str = ""  # set when a temporary closure explains CLOSED
    closed_until: object = None  # last day of that closure (a date)

    @property
    def is_open(self):
        return self.state == OPEN


def opening_status(horaires, timezone, at):
    """Status of a place at `at` (an aware datetime, or None for now)."""
    at = at or datetime.now(UTC)
    # Hours have a one-minute resolution: the status is the same all minute long, and a page of
    # results shares a few hours strings, so each is evaluated once per minute.
    return _status_at_minute(horaires, timezone, at.replace(second=0, microsecond=0))


@lru_cache(maxsize=4096)
def _status_at_minute(horaires, timezone, minute):
    state = is_open(horaires, minute, timezone=timezone)
    if state is None:
        return OpeningStatus(UNKNOWN)
    return OpeningStatus(
        OPEN if state else CLOSED, next_change(horaires, minute, timezone=timezone)
    )


def closure_aware_status(horaires, timezone, at, *, closure, message=""):
    """Status at `at` of a place closed from closure[0] to closure[1] (whole days, both
    included, in its time zone): closed during it, reopening at the first opening after it."""
    first, last = closure
    zone = ZoneInfo(timezone)
    start = datetime.combine(first, time(0), tzinfo=zone)
    after = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)

    def reopening():
        then = opening_status(horaires, timezone, after)
        return after if then.is_open else then.next_change

    if start <= at < after:
        return OpeningStatus(CLOSED, reopening(), closure_message=message, closed_until=last)
    status = opening_status(horaires, timezone, at)
    change = status.next_change
    if at >= after or (change is not None and change < start):
        return status  # the closure is over, or comes after the next scheduled change
    if status.is_open:
        return OpeningStatus(OPEN, start)
    if status.state == CLOSED:
        return OpeningStatus(CLOSED, reopening())
    return status
