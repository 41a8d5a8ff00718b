"""A week of opening ranges, day by day, written in OSM `opening_hours` syntax."""

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")

Range = tuple[str, str]  # ("09:00", "12:00")
Week = dict[int, list[Range]]  # day index (0 = Monday) → ranges


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


def clock_time(hours: str, minutes: str | None) -> str | None:
    """Hours and minutes as "HH:MM" ("9", "30" → "09:30"); None for an impossible time."""
    hour, minute = int(hours), int(minutes or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return f"{hour:02d}:{minute:02d}"
