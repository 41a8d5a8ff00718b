"""Anonymous measures of the tool: writes (``usage_record_*``) and the public report.

What is counted, per ISO week, questionnaire version and mode: diagnostics started (a mode was
chosen), diagnostics completed (the result was reached for the first time in that session),
completion times and the profiles suggested. Nothing about the person is kept: the callers pass
a mode, a duration and profile codes, nothing else. Every write is an ``UPDATE … SET n = n + 1``
(``F()``), so simultaneous requests never lose a count.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import WeeklyProfileCount, WeeklyUsage
from .questionnaire import VERSION
from .rules import PROFILES

# Completion-time histogram: (upper bound in seconds or None, model field, label).
DURATION_BUCKETS = (
    (120, "duration_under_2_min", "moins de 2 min"),
    (300, "duration_2_to_5_min", "de 2 à 5 min"),
    (600, "duration_5_to_10_min", "de 5 à 10 min"),
    (1200, "duration_10_to_20_min", "de 10 à 20 min"),
    (None, "duration_over_20_min", "plus de 20 min"),
)
# A longer completion time means a break (the page left open), not reading: it goes into the
# histogram's last bucket but not into the mean.
MAX_TIMED_SECONDS = 3600
REPORT_WEEKS = 12


def week_of(moment=None):
    """The Monday (a date, local time) of the ISO week of `moment` (default: now)."""
    day = timezone.localdate(moment) if moment is not None else timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def _bucket(duration_seconds):
    for upper, field_name, _ in DURATION_BUCKETS:
        if upper is None or duration_seconds < upper:
            return field_name
    raise AssertionError("the last bucket has no upper bound")


def _increment(model, keys, **increments):
    """UPDATE model SET field = field + n WHERE keys; the row is created first if needed (the
    unique constraint makes a simultaneous creation fall back on the existing row)."""
    row, _ = model.objects.get_or_create(**keys)
    model.objects.filter(pk=row.pk).update(
        **{name: F(name) + amount for name, amount in increments.items()}
    )


def usage_record_start(*, mode, version=VERSION, at=None):
    _increment(
        WeeklyUsage,
        {"week": week_of(at), "questionnaire_version": version, "mode": str(mode)},
        started=1,
    )


def usage_record_completion(*, mode, profiles, duration_seconds, version=VERSION, at=None):
    """One completed diagnostic: its duration (seconds, None when unknown) and the codes of
    the profiles it suggested."""
    keys = {"week": week_of(at), "questionnaire_version": version, "mode": str(mode)}
    increments = {"completed": 1}
    if duration_seconds is not None and duration_seconds >= 0:
        increments[_bucket(duration_seconds)] = 1
        if duration_seconds <= MAX_TIMED_SECONDS:
            increments["duration_seconds_sum"] = round(duration_seconds)
            increments["duration_count"] = 1
    with transaction.atomic():
        _increment(WeeklyUsage, keys, **increments)
        for code in dict.fromkeys(profiles):
            _increment(WeeklyProfileCount, {**keys, "profile": code}, count=1)


# --- The public report ---------------------------------------------------------------------


@dataclass
class WeekReport:
    week: datetime.date
    started: int = 0
    completed: int = 0
    duration_sum: int = 0
    duration_count: int = 0
    histogram: dict = field(default_factory=dict)  # bucket field → count
    profiles: dict = field(default_factory=dict)  # profile code → count

    @property
    def iso_week(self):
        return self.week.isocalendar().week

    @property
    def completion_rate(self):
        """Completed over started, in percent (None without a start)."""
        return round(100 * self.completed / self.started) if self.started else None

    @property
    def mean_minutes(self):
        if not self.duration_count:
            return None
        return round(self.duration_sum / self.duration_count / 60, 1)

    @property
    def median_bucket(self):
        """Label of the histogram bucket holding the median completion time, or ""."""
        total = sum(self.histogram.values())
        if not total:
            return ""
        seen = 0
        for _, field_name, label in DURATION_BUCKETS:
            seen += self.histogram.get(field_name, 0)
            if seen * 2 >= total:
                return label
        return ""

    def profile_counts(self):
        """[(title, count)] in the order of the profiles, every profile listed."""
        return [(p.title, self.profiles.get(code, 0)) for code, p in PROFILES.items()]


def weekly_report(weeks=REPORT_WEEKS, today=None):
    """The last `weeks` weeks with any activity, newest first, plus the total of those weeks
    (all versions and modes added up): (list of WeekReport, WeekReport of the total)."""
    since = week_of(today) - datetime.timedelta(weeks=weeks - 1)
    bucket_fields = [field_name for _, field_name, _ in DURATION_BUCKETS]
    sums = ("started", "completed", "duration_seconds_sum", "duration_count", *bucket_fields)
    rows = (
        WeeklyUsage.objects.filter(week__gte=since)
        .values("week")
        .annotate(**{f"total_{name}": Sum(name) for name in sums})
        .order_by("-week")
    )
    reports = {}
    for row in rows:
        reports[row["week"]] = WeekReport(
            week=row["week"],
            started=row["total_started"],
            completed=row["total_completed"],
            duration_sum=row["total_duration_seconds_sum"],
            duration_count=row["total_duration_count"],
            histogram={name: row[f"total_{name}"] for name in bucket_fields},
        )
    profile_rows = (
        WeeklyProfileCount.objects.filter(week__gte=since)
        .values("week", "profile")
        .annotate(total=Sum("count"))
    )
    for row in profile_rows:
        report = reports.setdefault(row["week"], WeekReport(week=row["week"]))
        report.profiles[row["profile"]] = row["total"]
    ordered = sorted(reports.values(), key=lambda r: r.week, reverse=True)
    total = WeekReport(week=since)
    for report in ordered:
        total.started += report.started
        total.completed += report.completed
        total.duration_sum += report.duration_sum
        total.duration_count += report.duration_count
        for name, count in report.histogram.items():
            total.histogram[name] = total.histogram.get(name, 0) + count
        for code, count in report.profiles.items():
            total.profiles[code] = total.profiles.get(code, 0) + count
    return ordered, total
