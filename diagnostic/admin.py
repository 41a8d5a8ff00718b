"""The anonymous counters, read-only: they are only written by the diagnostic (stats.py)."""

from django.contrib import admin

from .models import WeeklyProfileCount, WeeklyUsage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WeeklyUsage)
class WeeklyUsageAdmin(ReadOnlyAdmin):
    list_display = (
        "week",
        "questionnaire_version",
        "mode",
        "started",
        "completed",
        "duration_count",
        "duration_seconds_sum",
    )
    list_filter = ("questionnaire_version", "mode")
    date_hierarchy = "week"


@admin.register(WeeklyProfileCount)
class WeeklyProfileCountAdmin(ReadOnlyAdmin):
    list_display = ("week", "questionnaire_version", "mode", "profile", "count")
    list_filter = ("questionnaire_version", "mode", "profile")
    date_hierarchy = "week"
