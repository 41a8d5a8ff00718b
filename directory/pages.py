"""What the directory pages show, computed in plain Python: the week of opening hours, opening
status sentences, distances and ages in plain French, and the "open on that day" filter."""

import datetime
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State

from . import search_sql
from .opening import CLOSED, OPEN, OpeningStatus
from .querysets import condition
from .standard.hours import TIMEZONES_WITHOUT_FR_HOLIDAYS

DASH = " – "  # between the two ends of a range
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@lru_cache(maxsize=4096)
def _hours(horaires, timezone):
    try:
        return OpeningHours(
            horaires,
            timezone=ZoneInfo(timezone),
            country=None if timezone in TIMEZONES_WITHOUT_FR_HOLIDAYS else "FR",
            auto_country=False,
            auto_timezone=False,
            max_interval_days=366,
        )
    except (ParserError, ValueError):
        return None


# --- Words -------------------------------------------------------------------------------


def time_text(moment):
    """9 h, 12 h 30: how times are written in plain French."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def date_text(day):
    """lundi 24 novembre"""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def long_date_text(day):
    """24 novembre 2026"""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def distance_text(distance):
    """A Distance measure as people say it: 350 m, 1,2 km, 14 km."""
    if distance is None:
        return ""
    km = distance.km
    if km < 1:
        return f"{max(round(km * 1000, -1), 10):.0f} m"
    if km < 10:
        return f"{km:.1f} km".replace(".", ",")
    return f"{km:.0f} km"


def age_text(day, today):
    """'il y a 8 mois' for a date in the past."""
    days = (today - day).days
    if days < 0:
        return "à une date à venir"
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "hier"
    if days < 31:
        return f"il y a {days} jours"
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if months < 12:
        return f"il y a {max(months, 1)} mois"
    years = months // 12
    return "il y a 1 an" if years == 1 else f"il y a {years} ans"


def when_text(moment, now):
    """'aujourd'hui à 14 h', 'demain à 9 h', 'jeudi à 9 h', 'le 3 mars à 9 h'."""
    days = (moment.date() - now.date()).days
    if days == 0:
        day = "aujourd'hui"
    elif days == 1:
        day = "demain"
    elif 1 < days < 7:
        day = DAY_NAMES[moment.weekday()]
    else:
        day = f"le {moment.day} {MONTH_NAMES[moment.month - 1]}"
    return f"{day} à {time_text(moment)}"


@dataclass(frozen=True)
class StatusText:
    state: str  # ouvert, ferme, inconnu: used as a CSS class
    text: str


def status_text(status: OpeningStatus, at, *, now=True):
    """One sentence for an opening status: 'Ouvert maintenant, jusqu'à 12 h'."""
    local_at = at.astimezone(status.next_change.tzinfo) if status.next_change else at
    change = status.next_change
    if status.state == OPEN:
        head = "Ouvert maintenant" if now else "Ouvert à ce moment-là"
        if change is None:
            return StatusText(OPEN, head)
        if change.date() == local_at.date():
            return StatusText(OPEN, f"{head}, jusqu'à {time_text(change)}")
        return StatusText(OPEN, f"{head}, jusqu'à {when_text(change, local_at)}")
    if status.state == CLOSED and status.closed_until:
        head = "Fermé temporairement"
        if change is None:
            return StatusText(CLOSED, f"{head} jusqu'au {long_date_text(status.closed_until)}")
        return StatusText(CLOSED, f"{head}, rouvre {when_text(change, local_at)}")
    if status.state == CLOSED:
        head = "Fermé maintenant" if now else "Fermé à ce moment-là"
        if change is None:
            return StatusText(CLOSED, head)
        return StatusText(CLOSED, f"{head}, ouvre {when_text(change, local_at)}")
    return StatusText("inconnu", "Horaires non renseignés")


# --- The week of opening hours -----------------------------------------------------------


@dataclass(frozen=True)
class DayHours:
    day: datetime.date
    label: str  # "lundi 24 novembre"
    ranges: tuple  # ("9 h – 12 h", …)
    comments: tuple
    is_today: bool
    unknown: bool = False
    closed: bool = False  # a temporary closure covers the day

    @property
    def text(self):
        if self.closed:
            return "fermeture temporaire"
        if self.unknown:
            return "horaires non précisés"
        return ", ".join(self.ranges) if self.ranges else "fermé"


def week_hours(horaires, timezone, now, closed_on=lambda day: False):
    """The coming seven days, from today, with their opening ranges (none on the days that
    `closed_on` says are closed); None when the hours are missing or cannot be read."""
    hours = _hours(horaires, timezone) if horaires else None
    if hours is None:
        return None
    today = now.astimezone(ZoneInfo(timezone)).date()
    week = []
    for offset in range(7):
        day = today + datetime.timedelta(days=offset)
        ranges, comments, unknown = [], [], False
        if closed_on(day):
            week.append(DayHours(day, date_text(day), (), (), offset == 0, closed=True))
            continue
        for begin, finish, state, comment in _day_intervals(hours, timezone, day):
            if state == State.OPEN:
                whole_day = begin.hour == begin.minute == 0 and finish == "24 h"
                ranges.append(
                    "toute la journée" if whole_day else f"{time_text(begin)}{DASH}{finish}"
                )
            elif state == State.UNKNOWN:
                unknown = True
            if comment and comment not in comments:
                comments.append(comment)
        week.append(
            DayHours(
                day=day,
                label=date_text(day),
                ranges=tuple(ranges),
                comments=tuple(comments),
                is_today=offset == 0,
                unknown=unknown and not ranges,
            )
        )
    return week


def _day_intervals(hours, timezone, day):
    """(start, end as text, state, comment) of the intervals within one local day."""
    zone = ZoneInfo(timezone)
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    for begin, finish, state, comment in hours.intervals(start, end):
        finish = end if finish is None or finish >= end else finish
        yield begin, "24 h" if finish == end else time_text(finish), state, comment


def open_during(horaires, timezone, day):
    """True when the place opens at some point of `day` (a date, local to the place)."""
    hours = _hours(horaires, timezone) if horaires else None
    if hours is None:
        return False
    return any(state == State.OPEN for _, _, state, _ in _day_intervals(hours, timezone, day))


def day_ranges_text(horaires, timezone, day):
    """'10 h – 12 h, 14 h – 17 h' on that day, or ''."""
    hours = _hours(horaires, timezone) if horaires else None
    if hours is None:
        return ""
    return ", ".join(
        f"{time_text(begin)}{DASH}{finish}"
        for begin, finish, state, _ in _day_intervals(hours, timezone, day)
        if state == State.OPEN
    )


def filter_open_on_day(lieux, day):
    """Keep the places that open at some point of `day` and are not closed for works that day.
    As in the search: each distinct (hours, time zone) pair among the candidates is evaluated
    once, then filtered in SQL."""
    pairs = (
        lieux.exclude(horaires="").order_by().values_list("horaires", "fuseau_horaire").distinct()
    )
    open_pairs = {}
    for horaires, zone in pairs:
        if open_during(horaires, zone, day):
            open_pairs.setdefault(zone, []).append(horaires)
    return lieux.filter(condition(search_sql.open_among(open_pairs, day)))
