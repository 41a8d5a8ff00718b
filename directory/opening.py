"""Is a place open at a given time? The status shown in search results and place sheets,
evaluated from the standard's OSM `opening_hours` string (directory.standard.hours)."""

from dataclasses import dataclass
from datetime import datetime

from .standard.hours import is_open, next_change

OPEN, CLOSED, UNKNOWN = "ouvert", "ferme", "inconnu"


@dataclass(frozen=True)
class OpeningStatus:
    state: str  # OPEN, CLOSED or UNKNOWN (no hours given, or hours that cannot be read)
    next_change: datetime | None = None  # in the place's time zone

    @property
    def is_open(self):
        return self.state == OPEN


def opening_status(horaires, timezone, at):
    """Status of a place at `at` (an aware datetime, or None for now)."""
    state = is_open(horaires, at, timezone=timezone)
    if state is None:
        return OpeningStatus(UNKNOWN)
    return OpeningStatus(OPEN if state else CLOSED, next_change(horaires, at, timezone=timezone))
