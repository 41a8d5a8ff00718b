"""Simple French opening hours ("Du lundi au vendredi de 9h à 12h et de 14h à 17h") in OSM
syntax. Conservative: anything not understood (exceptions, holidays, remarks) gives None."""

import re
import unicodedata

from .week import Range, Week, clock_time, week_to_osm

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
    return clock_time(match[1], match[2]) if match else None
