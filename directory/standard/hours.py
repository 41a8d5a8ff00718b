"""Opening hours in OpenStreetMap `opening_hours` syntax, the standard's format.

Validation and evaluation use opening-hours-py. Repairs are deliberately narrow: a string is
only rewritten when the result is unambiguous and valid (e.g. "9h-12h30" → "09:00-12:30");
otherwise the caller leaves the field empty and reports the raw value.
"""

import datetime
import json
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, validate

from .french_hours import from_french_text
from .vocabulary import normalize_key
from .week import OSM_DAYS, Range, Week, clock_time, week_to_osm

DEFAULT_TIMEZONE = "Europe/Paris"
# Places whose public holidays are not metropolitan France's (collectivités d'outre-mer).
TIMEZONES_WITHOUT_FR_HOLIDAYS = {"Pacific/Noumea", "Pacific/Tahiti", "Pacific/Wallis"}

DAY_NAMES = {
    **{name: index for index, name in enumerate(OSM_DAYS)},
    **{
        name: index
        for index, names in enumerate(
            (
                ("lundi", "lun", "lu", "monday", "mon"),
                ("mardi", "mar", "ma", "tuesday", "tue"),
                ("mercredi", "mer", "me", "wednesday", "wed"),
                ("jeudi", "jeu", "je", "thursday", "thu"),
                ("vendredi", "ven", "ve", "friday", "fri"),
                ("samedi", "sam", "sa", "saturday", "sat"),
                ("dimanche", "dim", "di", "sunday", "sun"),
            )
        )
        for name in names
    },
}
DAY_KEYS = {normalize_key(name): index for name, index in DAY_NAMES.items()}


@lru_cache(maxsize=16384)  # many places share the same hours
def is_valid(horaires: str) -> bool:
    try:
        return bool(horaires) and validate(horaires)
    except (ParserError, ValueError):
        return False


def normalize(value) -> tuple[str, bool]:
    """(OSM string, changed) for a value of the horaires field, or ("", False) when it cannot
    be read. Accepts an OSM string, a near-OSM string ("Mo-Fr 9h-12h"), simple French text
    ("Du lundi au vendredi de 9h à 12h") or JSON hours (per-day object or list)."""
    if value is None or value == "":
        return "", False
    if isinstance(value, dict | list):
        osm = from_json(value)
        return (osm, True) if osm and is_valid(osm) else ("", False)
    return _normalize_text(str(value))


@lru_cache(maxsize=16384)  # many places share the same hours
def _normalize_text(value: str) -> tuple[str, bool]:
    text = value.strip()
    if not text:
        return "", False
    if is_valid(text):
        return text, text != value
    if text[:1] in "[{":
        try:
            return normalize(json.loads(text))
        except ValueError:
            pass
    for repair in (repair_osm, from_french_text):
        osm = repair(text)
        if osm and is_valid(osm):
            return osm, True
    return "", False


# --- Near-OSM strings --------------------------------------------------------------------

FRENCH_OSM_DAYS = {"Lu": "Mo", "Ma": "Tu", "Me": "We", "Je": "Th", "Ve": "Fr", "Di": "Su"}


def repair_osm(text: str) -> str | None:
    """Fix the usual slips in an OSM string; None when nothing applies."""
    repaired = " ".join(text.replace("\u00a0", " ").split()).rstrip(";, ")
    repaired = re.sub(r"(\d)\s+:\s*(\d)", r"\1:\2", repaired)  # "08 :30"
    # "9h30", "10h00", "9h" → "09:30", "10:00", "09:00"
    repaired = re.sub(
        r"\b(\d{1,2})\s*[hH]\s*(\d{2})?\b",
        lambda m: f"{int(m[1]):02d}:{m[2] or '00'}",
        repaired,
    )
    repaired = re.sub(r"\b(\d):(\d{2})\b", r"0\1:\2", repaired)
    repaired = CHAIN.sub(_split_chain, repaired)
    repaired = re.sub(r"\b(Lu|Ma|Me|Je|Ve|Di)\b", lambda m: FRENCH_OSM_DAYS[m[1]], repaired)
    repaired = re.sub(r"\b(mo|tu|we|th|fr|sa|su)\b", lambda m: m[1].title(), repaired)
    repaired = re.sub(r"\bph\b", "PH", repaired)
    return repaired if repaired != text else None


CHAIN = re.compile(r"\b(\d{2}:\d{2})-(\d{2}:\d{2})-(\d{2}:\d{2})-(\d{2}:\d{2})\b")


def _split_chain(match: re.Match) -> str:
    """ "09:00-12:30-13:30-17:00" is two ranges written as one chain (when in order)."""
    times = match.groups()
    if list(times) != sorted(times):
        return match[0]
    return f"{times[0]}-{times[1]},{times[2]}-{times[3]}"


# --- Per-day tables (France Services columns, JSON) ----------------------------------------


TIME = r"(\d{1,2})\s*(?:[:hH.]\s*(\d{2}))?\s*[hH]?"
RANGE = re.compile(rf"^{TIME}\s*(?:-|à|a|–)\s*{TIME}$")
CLOSED_DAY = re.compile(r"[-–/ ]+")
CHAINED_RANGES = re.compile(rf"{TIME}-{TIME}-{TIME}-{TIME}")
RANGE_SEPARATOR = re.compile(r"\s*(?:/|,|;|\bet\b|\s(?=\d{1,2}\s*[:hH]\d{2}\s*-))\s*")


@lru_cache(maxsize=4096)  # the same few day texts repeat on every row
def parse_ranges(text: str) -> tuple[Range, ...] | None:
    """Ranges of one day: "09:00 - 12:00 / 13:30 - 17:00" → (("09:00", "12:00"),
    ("13:30", "17:00")); () for a closed day ("", "-", "fermé"); None when unreadable."""
    text = " ".join(text.replace("\u00a0", " ").split()).strip()
    if normalize_key(text) in ("", "ferme", "closed", "off"):
        return ()
    if CLOSED_DAY.fullmatch(text):
        return ()
    chained = CHAINED_RANGES.fullmatch(text.replace(" ", ""))
    if chained:  # "09:00-12:30-13:30-17:00"
        times = [clock_time(chained[i], chained[i + 1]) for i in range(1, 9, 2)]
        if None in times or times != sorted(times):
            return None
        return ((times[0], times[1]), (times[2], times[3]))
    ranges = []
    for part in RANGE_SEPARATOR.split(text):
        if not part:
            continue
        match = RANGE.match(part)
        if not match:
            return None
        start, end = clock_time(match[1], match[2]), clock_time(match[3], match[4])
        if (start, end) == ("00:00", "00:00"):
            continue  # an empty slot of a form, not an opening
        if start is None or end is None or end <= start:  # "13:30 - 12:00" is a typo
            return None
        ranges.append((start, end))
    return tuple(ranges)


def from_day_columns(columns: dict) -> str | None:
    """Per-day columns such as France Services' {"lundi": "09:00 - 12:00 / 13:30 - 17:00",
    "samedi": "-", …} → "Mo-Fr 09:00-12:00,13:30-17:00"; None when a day is unreadable (a
    partial week would wrongly say the place is closed that day)."""
    return from_json(dict(columns))


def from_json(value) -> str | None:
    """JSON hours: {"lundi": "09:00-12:00", ...}, {"Mo": ["09:00-12:00"]} or a list of
    {"jour"/"day"/"dayOfWeek": …, "ouverture"/"opens": …, "fermeture"/"closes": …}."""
    week: Week = {}
    if isinstance(value, dict):
        items = [(day, ranges) for day, ranges in value.items()]
    elif isinstance(value, list):
        items = []
        for entry in value:
            if not isinstance(entry, dict):
                return None
            day = _first(entry, "jour", "day", "dayOfWeek", "day_of_week", "weekday")
            start = _first(entry, "ouverture", "opens", "open", "debut", "start", "from")
            end = _first(entry, "fermeture", "closes", "close", "fin", "end", "to")
            if day is None or start is None or end is None:
                return None
            items.append((day, f"{start}-{end}"))
    else:
        return None
    for day_name, ranges in items:
        names = day_name if isinstance(day_name, list) else [day_name]
        days = [_day_index(name) for name in names]
        texts = ranges if isinstance(ranges, list) else [ranges]
        parsed = [parse_ranges(str(text)) for text in texts if text is not None]
        if None in days or None in parsed:
            return None
        for day in days:
            day_ranges = week.setdefault(day, [])
            for ranges_ in parsed:
                day_ranges.extend(ranges_)
    return week_to_osm(week) or None


def _first(entry: dict, *keys):
    return next((entry[key] for key in keys if entry.get(key) not in (None, "")), None)


def _day_index(name) -> int | None:
    if isinstance(name, int) and 0 <= name <= 6:
        return name
    return _day_of(str(name))


@lru_cache(maxsize=256)  # a few day names, on every row
def _day_of(name: str) -> int | None:
    key = normalize_key(name.rsplit("/", 1)[-1])  # "https://schema.org/Monday"
    return DAY_KEYS.get(key, DAY_KEYS.get(key.removesuffix("s")))


# --- Evaluation -------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _parsed(horaires: str, timezone: str) -> OpeningHours | None:
    """Parsed hours, cached: many places share the same few strings."""
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


def _local(at: datetime.datetime | None, timezone: str) -> datetime.datetime:
    """`at` in the place's time zone; a naive `at` is read as the place's local time."""
    zone = ZoneInfo(timezone)
    if at is None:
        return datetime.datetime.now(zone)
    if at.tzinfo is None:
        return at.replace(tzinfo=zone)
    return at.astimezone(zone)


def is_open(
    horaires: str, at: datetime.datetime | None = None, *, timezone: str = DEFAULT_TIMEZONE
) -> bool | None:
    """True/False at `at` (now by default), None when the hours are missing, invalid or say
    "unknown" for that moment."""
    hours = _parsed(horaires, timezone) if horaires else None
    if hours is None:
        return None
    local = _local(at, timezone)
    if hours.is_unknown(local):
        return None
    return hours.is_open(local)


def next_change(
    horaires: str, at: datetime.datetime | None = None, *, timezone: str = DEFAULT_TIMEZONE
) -> datetime.datetime | None:
    """When the place next opens or closes (aware, in its time zone); None when unknown,
    invalid or not within a year (e.g. "24/7")."""
    hours = _parsed(horaires, timezone) if horaires else None
    if hours is None:
        return None
    return hours.next_change(_local(at, timezone))
