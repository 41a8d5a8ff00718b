"""Anonymous measures of the tool: counters per week, durations, profiles, the public page."""

import datetime

from django.test import Client
from django.utils import timezone

from diagnostic import stats, views
from diagnostic.models import WeeklyProfileCount, WeeklyUsage
from diagnostic.questionnaire import VERSION
from tests.diagnostic.helpers import answer_all, complete, start
from tests.diagnostic.personas import COMMON, NO_DEVICE

MONDAY = datetime.date(2026, 11, 16)


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_week_is_the_monday_of_the_iso_week():
    assert stats.week_of(at(MONDAY)) == MONDAY
    assert stats.week_of(at(MONDAY + datetime.timedelta(days=6), hour=23)) == MONDAY
    assert stats.week_of(at(MONDAY + datetime.timedelta(days=7), hour=0)) == MONDAY + (
        datetime.timedelta(days=7)
    )


def test_starts_are_counted_per_week_version_and_mode():
    stats.usage_record_start(mode="moi", at=at(MONDAY))
    stats.usage_record_start(mode="moi", at=at(MONDAY))
    stats.usage_record_start(mode="accompagne", at=at(MONDAY))
    stats.usage_record_start(mode="moi", at=at(MONDAY + datetime.timedelta(days=7)))

    rows = WeeklyUsage.objects.order_by("week", "mode").values_list(
        "week", "questionnaire_version", "mode", "started", "completed"
    )
    assert list(rows) == [
        (MONDAY, VERSION, "accompagne", 1, 0),
        (MONDAY, VERSION, "moi", 2, 0),
        (MONDAY + datetime.timedelta(days=7), VERSION, "moi", 1, 0),
    ]


def test_completions_count_durations_and_profiles():
    stats.usage_record_completion(
        mode="moi", profiles=["accompagner", "apprendre"], duration_seconds=150, at=at(MONDAY)
    )
    stats.usage_record_completion(
        mode="moi", profiles=["apprendre"], duration_seconds=400, at=at(MONDAY)
    )
    stats.usage_record_completion(
        mode="moi", profiles=["autonome"], duration_seconds=5 * 3600, at=at(MONDAY)
    )

    usage = WeeklyUsage.objects.get()
    assert usage.completed == 3
    # The five-hour "completion" is a break: in the histogram, not in the mean.
    assert (usage.duration_seconds_sum, usage.duration_count) == (550, 2)
    histogram = (
        usage.duration_under_2_min,
        usage.duration_2_to_5_min,
        usage.duration_5_to_10_min,
        usage.duration_10_to_20_min,
        usage.duration_over_20_min,
    )
    assert histogram == (0, 1, 1, 0, 1)
    counts = dict(WeeklyProfileCount.objects.values_list("profile", "count"))
    assert counts == {"accompagner": 1, "apprendre": 2, "autonome": 1}


def test_weekly_report_adds_modes_up_and_finds_the_median_bucket():
    week = stats.week_of()
    for mode in ("moi", "accompagne"):
        stats.usage_record_start(mode=mode)
        stats.usage_record_start(mode=mode)
    for seconds in (100, 200, 250):
        stats.usage_record_completion(mode="moi", profiles=["equiper"], duration_seconds=seconds)
    stats.usage_record_start(mode="moi", at=timezone.now() - datetime.timedelta(weeks=30))

    weeks, total = stats.weekly_report()

    assert [w.week for w in weeks] == [week]  # 30 weeks ago is out of the report
    report = weeks[0]
    assert (report.started, report.completed, report.completion_rate) == (4, 3, 75)
    assert report.mean_minutes == round(550 / 3 / 60, 1)
    assert report.median_bucket == "de 2 à 5 min"
    assert dict(report.profile_counts())["S'équiper et se connecter"] == 3
    assert (total.started, total.completed) == (4, 3)


def test_a_completed_diagnostic_is_counted_once_through_the_web_flow(client):
    complete(client, COMMON)
    client.get("/diagnostic/resultat/")
    client.get("/diagnostic/resultat/")
    client.get("/diagnostic/fiche/")
    client.post("/diagnostic/commune/", {"commune": "93200"})  # a new commune: not a new one

    usage = WeeklyUsage.objects.get()
    assert (usage.mode, usage.started, usage.completed, usage.duration_count) == ("moi", 1, 1, 1)
    assert usage.duration_seconds_sum < 60
    counts = dict(WeeklyProfileCount.objects.values_list("profile", "count"))
    assert counts == {"accompagner": 1, "apprendre": 1}

    # Starting again after a result is a new diagnostic.
    complete(client, NO_DEVICE, mode="moi")
    usage.refresh_from_db()
    assert (usage.started, usage.completed) == (2, 2)


def test_abandoned_diagnostics_are_started_not_completed(client):
    answer_all(client, COMMON, mode="accompagne")
    Client().post("/diagnostic/commencer/", {"mode": "accompagne"})

    usage = WeeklyUsage.objects.get()
    assert (usage.started, usage.completed) == (2, 0)
    assert not WeeklyProfileCount.objects.exists()


def test_i_would_rather_not_say_still_completes(client):
    answer_all(client, COMMON)
    client.post("/diagnostic/commune/", {"sans_commune": "1"})

    assert WeeklyUsage.objects.get().completed == 1


def test_a_shared_link_counts_nothing(client):
    client.get("/diagnostic/resultat/?" + views.share_query("moi", COMMON, "42218"))

    assert not WeeklyUsage.objects.exists()


def test_statistics_page_shows_rates_times_and_profiles(client):
    start(client)
    start(Client())
    complete(Client(), COMMON)

    response = client.get("/diagnostic/statistiques/")

    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ").replace("&nbsp;", " ")
    assert "Questionnaires par semaine" in page
    assert "<strong>3</strong> commencés, <strong>1</strong> terminé (33 %)" in page
    assert '<th scope="row">Moins de 2 min</th><td>1</td>' in page
    assert "Apprendre à mon rythme" in page
    assert "ni adresse IP" in page


def test_statistics_page_without_data(client):
    page = client.get("/diagnostic/statistiques/").content.decode()

    assert "Aucun questionnaire sur cette période." in page
