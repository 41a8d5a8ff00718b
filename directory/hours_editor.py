"""The opening-hours editor of the workspace, in pure Python: a week of rows (each day, up to
two time ranges: morning and afternoon) ↔ an OSM `opening_hours` string.

`week_from_osm` reads a string back into rows only when it is simple enough (days with at most
two ranges, no holidays, no months, no comments); otherwise the page shows the string in an
"advanced" text field. `read_rows` reads what was typed in the rows (as the form posts it:
field name → text) into a week, with messages in plain French for what cannot be used."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .standard.week import OSM_DAYS, Range, Week, week_to_osm

SLOTS = (1, 2)  # morning (or the whole day), afternoon
SLOT_LABELS = {1: "matin ou journée continue", 2: "après-midi"}
SLOT_ORDINALS = {1: "1re plage", 2: "2e plage"}
DAY_LABELS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")
TIME_TEXT = re.compile(r"^(\d{1,2})(?:\s*[:hH.]\s*(\d{2})?)?(?::\d{2})?$")
OSM_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d"
OSM_RANGE = re.compile(rf"^({OSM_TIME})-({OSM_TIME})$")
OSM_DAY_SPAN = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")
OSM_RULE = re.compile(r"^(?P<days>[A-Za-z,\-]+)\s+(?P<times>[\d:,\-]+|off|closed)$")


def field_name(day: int, slot: int, end: bool) -> str:
    """Name (and, with "id_", the id) of one time input: horaires_mo_1_debut."""
    return f"horaires_{OSM_DAYS[day].lower()}_{slot}_{'fin' if end else 'debut'}"


FIELD_NAMES = tuple(
    field_name(day, slot, end) for day in range(7) for slot in SLOTS for end in (False, True)
)


# --- String → rows ---------------------------------------------------------------------------


def week_from_osm(osm: str) -> Week | None:
    """{day: [ranges]} for a simple string ("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"),
    {} for an empty one, None when it says more than rows can (holidays, months, weeks,
    comments, ranges past midnight, three ranges a day…). Later rules replace earlier ones for
    their days, as in OSM ("Mo-Fr 09:00-17:00; We off")."""
    text = " ".join(osm.split())
    if not text:
        return {}
    week: Week = {}
    for rule in text.split(";"):
        match = OSM_RULE.match(rule.strip())
        if not match:
            return None
        days = _days(match["days"])
        ranges = _ranges(match["times"])
        if days is None or ranges is None:
            return None
        for day in days:
            week[day] = list(ranges)
    return {day: ranges for day, ranges in sorted(week.items()) if ranges}


def _days(text: str) -> list[int] | None:
    days = []
    for part in text.split(","):
        match = OSM_DAY_SPAN.match(part)
        if not match:
            return None
        first = OSM_DAYS.index(match[1])
        last = OSM_DAYS.index(match[2]) if match[2] else first
        span = range(first, last + 1) if last >= first else [*range(first, 7), *range(last + 1)]
        days.extend(span)
    return days


def _ranges(text: str) -> list[Range] | None:
    if text in ("off", "closed"):
        return []
    ranges = []
    for part in text.split(","):
        match = OSM_RANGE.match(part)
        if not match or match[2] <= match[1]:  # past midnight, or empty
            return None
        ranges.append((match[1], match[2]))
    ranges.sort()
    if len(ranges) > len(SLOTS) or any(
        b[0] < a[1] for a, b in zip(ranges, ranges[1:], strict=False)
    ):
        return None
    return ranges


def values_from_week(week: Week) -> dict[str, str]:
    """The rows' field values for a week (what the form shows at first)."""
    values = dict.fromkeys(FIELD_NAMES, "")
    for day, ranges in week.items():
        for slot, (start, end) in zip(SLOTS, ranges, strict=False):
            values[field_name(day, slot, False)] = start
            values[field_name(day, slot, True)] = end
    return values


# --- Rows → string ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    field: str  # name of the input the message is about
    message: str


def parse_time(text: str) -> str | None:
    """What a time input sends ("09:30", "09:30:00") or what people type where the browser has
    no time picker ("9h30", "9h", "9:30", "9") → "09:30"; None when it is not a time."""
    match = TIME_TEXT.match(text.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def read_rows(values: Mapping[str, str]) -> tuple[Week, list[RowError]]:
    """The week typed in the rows, and what is wrong with them (the week is only usable when
    there is no error)."""
    week: Week = {}
    errors: list[RowError] = []
    for day in range(7):
        ranges: list[tuple[int, Range]] = []
        for slot in SLOTS:
            where = f"{DAY_LABELS[day]}, {SLOT_ORDINALS[slot]}"
            names = field_name(day, slot, False), field_name(day, slot, True)
            texts = [(values.get(name) or "").strip() for name in names]
            if not any(texts):
                continue
            times = []
            for name, text, what in zip(names, texts, ("d'ouverture", "de fermeture"), strict=True):
                if not text:
                    errors.append(RowError(name, f"{where} : indiquez l'heure {what}."))
                    times.append(None)
                    continue
                time = parse_time(text)
                if time is None:
                    errors.append(
                        RowError(
                            name,
                            f"{where} : « {text} » n'est pas une heure. "
                            "Écrivez-la par exemple 09:30.",
                        )
                    )
                times.append(time)
            if None in times:
                continue
            start, end = times
            if end <= start:
                errors.append(
                    RowError(
                        names[1], f"{where} : l'heure de fermeture doit suivre celle d'ouverture."
                    )
                )
                continue
            ranges.append((slot, (start, end)))
        if len(ranges) == 2:
            (_, first), (slot, second) = sorted(ranges, key=lambda item: item[1])
            if second[0] < first[1]:
                errors.append(
                    RowError(
                        field_name(day, 2, False),
                        f"{DAY_LABELS[day]} : les deux plages se chevauchent.",
                    )
                )
                continue
        if ranges:
            week[day] = sorted(r for _, r in ranges)
    return week, errors


def osm_from_week(week: Week) -> str:
    return week_to_osm(week)


def same_week(first: Week | None, second: Week | None) -> bool:
    """Whether two weeks open at the same times (empty days ignored)."""
    if first is None or second is None:
        return False

    def normal(week):
        return {day: sorted(ranges) for day, ranges in week.items() if ranges}

    return normal(first) == normal(second)


# --- For the template ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    name: str  # field name; the input's id is "id_" + name
    value: str


@dataclass(frozen=True)
class SlotRow:
    slot: int
    label: str  # "matin ou journée continue"
    start: Cell
    end: Cell


@dataclass(frozen=True)
class DayRow:
    day: int
    label: str  # "Lundi"
    slots: tuple[SlotRow, ...]


def rows(values: Mapping[str, str]) -> list[DayRow]:
    """The seven rows to show, with the values as typed (kept after an error or a preview)."""
    return [
        DayRow(
            day=day,
            label=DAY_LABELS[day],
            slots=tuple(
                SlotRow(
                    slot=slot,
                    label=SLOT_LABELS[slot],
                    start=Cell(
                        field_name(day, slot, False),
                        values.get(field_name(day, slot, False)) or "",
                    ),
                    end=Cell(
                        field_name(day, slot, True), values.get(field_name(day, slot, True)) or ""
                    ),
                )
                for slot in SLOTS
            ),
        )
        for day in range(7)
    ]
