"""Opening hours in OpenStreetMap `opening_hours` syntax, the standard's format.

Validation and evaluation use opening-hours-py. Repairs are deliberately narrow: a string is
only rewritten when the result is unambiguous and valid (e.g. "9h-12h30" → "09:00-12:30");
otherwise the caller leaves the field empty and reports the raw value.
"""

import datetime
import json
import re
import unicodedata
from functools import lru_cache
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, validate

from .vocabulary import normalize_key

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
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

Range = tuple[str, str]  # ("09:00", "12:00")
Week = dict[int, list[Range]]  # day index (0 = Monday) → ranges


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
    text = str(value).strip()
    if not text:
        return "", False
    if is_valid(text):
        return text, text != str(value)
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
    # "09:00-12:30-13:30-17:00": two ranges written as one chain.
    repaired = re.sub(
        r"\b(\d{2}:\d{2})-(\d{2}:\d{2})-(\d{2}:\d{2})-(\d{2}:\d{2})\b", r"\1-\2,\3-\4", repaired
    )
    repaired = re.sub(r"\b(Lu|Ma|Me|Je|Ve|Di)\b", lambda m: FRENCH_OSM_DAYS[m[1]], repaired)
    repaired = re.sub(r"\b(mo|tu|we|th|fr|sa|su|ph)\b", lambda m: m[1].title(), repaired)
    repaired = repaired.replace("Ph ", "PH ")
    return repaired if repaired != text else None


# --- Per-day tables (France Services columns, JSON, French text) ---------------------------


def week_to_osm(week: Week) -> str:
    """Days with the same ranges grouped: "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"."""
    groups: dict[tuple[Range, ...], list[int]] = {}
    for day in range(7):
        ranges = tuple(sorted(set(week.get(day, []))))
        if ranges:
            groups.setdefault(ranges, []).append(day)
    rules = []
    for ranges, days in groups.items():
        times = ",".join(f"{start}-{end}" for start, end in ranges)
        rules.append(f"{_days_to_osm(days)} {times}")
    return "; ".join(rules)


def _days_to_osm(days: list[int]) -> str:
    """[0, 1, 2, 4] → "Mo-We,Fr"."""
    spans = []
    start = previous = days[0]
    for day in [*days[1:], None]:
        if day is not None and day == previous + 1:
            previous = day
            continue
        if previous - start >= 2:
            spans.append(f"{OSM_DAYS[start]}-{OSM_DAYS[previous]}")
        elif previous - start == 1:
            spans.append(f"{OSM_DAYS[start]},{OSM_DAYS[previous]}")
        else:
            spans.append(OSM_DAYS[start])
        start = previous = day
    return ",".join(spans)


TIME = r"(\d{1,2})\s*(?:[:hH.]\s*(\d{2}))?\s*[hH]?"
RANGE = re.compile(rf"^{TIME}\s*(?:-|à|a|–)\s*{TIME}$")


def parse_ranges(text: str) -> list[Range] | None:
    """Ranges of one day: "09:00 - 12:00 / 13:30 - 17:00" → [("09:00", "12:00"),
    ("13:30", "17:00")]; [] for a closed day ("", "-", "fermé"); None when unreadable."""
    text = " ".join(text.replace("\u00a0", " ").split()).strip()
    if normalize_key(text) in ("", "ferme", "closed", "off"):
        return []
    if re.fullmatch(r"[-–/ ]+", text):
        return []
    chained = re.fullmatch(rf"{TIME}-{TIME}-{TIME}-{TIME}", text.replace(" ", ""))
    if chained:  # "09:00-12:30-13:30-17:00"
        times = [_time(chained[i], chained[i + 1]) for i in range(1, 9, 2)]
        if None in times or times != sorted(times):
            return None
        return [(times[0], times[1]), (times[2], times[3])]
    ranges = []
    for part in re.split(r"\s*(?:/|,|;|\bet\b|\s(?=\d{1,2}\s*[:hH]\d{2}\s*-))\s*", text):
        if not part:
            continue
        match = RANGE.match(part)
        if not match:
            return None
        start, end = _time(match[1], match[2]), _time(match[3], match[4])
        if start is None or end is None or end <= start:  # "13:30 - 12:00" is a typo
            return None
        ranges.append((start, end))
    return ranges


def _time(hours: str, minutes: str | None) -> str | None:
    hour, minute = int(hours), int(minutes or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return f"{hour:02d}:{minute:02d}"


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
            week.setdefault(day, []).extend(r for ranges_ in parsed for r in ranges_)
    return week_to_osm(week) or None


def _first(entry: dict, *keys):
    return next((entry[key] for key in keys if entry.get(key) not in (None, "")), None)


def _day_index(name) -> int | None:
    if isinstance(name, int) and 0 <= name <= 6:
        return name
    key = normalize_key(str(name).rsplit("/", 1)[-1])  # "https://schema.org/Monday"
    return DAY_KEYS.get(key, DAY_KEYS.get(key.removesuffix("s")))


# --- Simple French text: "Du lundi au vendredi de 9h à 12h et de 14h à 17h" -----------------

FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRENCH_DAY_WORDS = {name: i for i, day in enumerate(FRENCH_DAYS) for name in (day, day + "s")}
FRENCH_PHRASES = {  # phrases naming several days, written out as days
    "tous les jours": FRENCH_DAYS,
    "7j/7": FRENCH_DAYS,
    "week-end": FRENCH_DAYS[5:],
    "week end": FRENCH_DAYS[5:],
    "en semaine": ("lundi", "au", "vendredi"),
}
FRENCH_TOKEN = re.compile(
    r"""
    (?P<time>\d{1,2}\s*(?:h|:|\.)\s*\d{2}\s*h?|\d{1,2}\s*h(?:eures?)?)
    |(?P<number>\d{1,2})(?!\d)
    |(?P<word>[a-z]+)
    |(?P<dash>[-–—])
    |(?P<sep>[/,;.:+|])
    """,
    re.VERBOSE,
)
FILLER_WORDS = {
    *("du", "de", "des", "le", "les", "l", "d"),
    *("ouvert", "ouverture", "horaires", "accueil", "permanence", "permanences"),
}


def from_french_text(text: str) -> str | None:
    """OSM string for simple French opening hours, None as soon as anything is not understood
    (exceptions, holidays and comments are not guessed)."""
    text = re.sub(r"<[^>]+>", " ; ", text)  # "Lundi 9h-12h<br />Mardi…"
    if re.fullmatch(r"\s*24\s*h\s*/\s*24\s*(?:,?\s*7\s*j\s*/\s*7)?\s*", text, re.I):
        return "24/7"
    lowered = unicodedata.normalize("NFKD", text.replace("\u00a0", " "))
    lowered = "".join(char for char in lowered if not unicodedata.combining(char)).lower()
    for phrase, words in FRENCH_PHRASES.items():
        lowered = lowered.replace(phrase, " " + " ".join(words) + " ")
    # Apostrophes, quotes and brackets become spaces; a bracketed remark then fails below.
    lowered = re.sub(r"[^a-z0-9/,;.:+|\-–— ]+", " ", lowered)
    tokens = _french_tokens(lowered)
    return None if tokens is None else _french_week(tokens)


def _french_tokens(text: str) -> list[tuple[str, str]] | None:
    tokens, position = [], 0
    for match in FRENCH_TOKEN.finditer(text):
        if text[position : match.start()].strip():
            return None
        position = match.end()
        kind = match.lastgroup
        value = match[kind]
        if kind != "word":
            tokens.append((kind, value))
        elif value in FRENCH_DAY_WORDS:
            tokens.append(("day", value))
        elif value in ("au", "a"):
            tokens.append(("to", value))
        elif value == "et":
            tokens.append(("and", value))
        elif value not in FILLER_WORDS:
            return None
    return None if text[position:].strip() else tokens


def _french_week(tokens: list[tuple[str, str]]) -> str | None:
    week: Week = {}
    days: list[int] = []
    pending_times: list[str] = []
    ranges: list[Range] = []
    expecting_day_range = False
    expecting_time_end = False

    def flush():
        for day in days:
            week.setdefault(day, []).extend(ranges)

    for kind, value in tokens:
        if kind == "day":
            day = FRENCH_DAY_WORDS[value]
            if ranges:  # a new group starts
                flush()
                days, ranges = [], []
            if expecting_day_range and days:
                start = days[-1]
                if day < start:
                    return None
                days.extend(range(start + 1, day + 1))
            else:
                days.append(day)
            expecting_day_range = False
        elif kind in ("to", "dash"):
            if pending_times:
                expecting_time_end = True
            elif days and not ranges:
                expecting_day_range = True
            elif kind == "dash":
                continue  # "9h-12h - 14h-17h": a dash between ranges
            else:
                return None
        elif kind in ("time", "number"):
            if not days:
                return None
            moment = _french_time(value)
            if moment is None:
                return None
            if expecting_time_end and pending_times:
                start = pending_times.pop()
                if moment <= start:  # "14h - 12h" is a typo, not a night opening
                    return None
                ranges.append((start, moment))
                expecting_time_end = False
            elif kind == "number":
                # A bare number is only an hour when it starts a range ("de 14 - 17h30").
                pending_times.append(moment)
            else:
                if pending_times:
                    return None
                pending_times.append(moment)
        else:  # "and", "sep"
            if pending_times or expecting_time_end:
                return None
            expecting_day_range = False
    if pending_times or expecting_time_end or expecting_day_range:
        return None
    flush()
    if not week or not any(week.values()):
        return None
    return week_to_osm(week)


def _french_time(text: str) -> str | None:
    match = re.fullmatch(r"(\d{1,2})\s*(?:(?:h|:|\.)\s*(\d{2}))?\s*h?(?:eures?)?", text.strip())
    return _time(match[1], match[2]) if match else None


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
