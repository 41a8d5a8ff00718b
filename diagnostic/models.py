"""Anonymous measures of the tool, never of a person.

Only counters per ISO week, questionnaire version and mode: how many diagnostics were started
and completed, how long completing took (a sum, a count and a small histogram), and how often
each orientation profile was suggested. No answer, no identifier (no IP address, no user agent,
no session key), no time more precise than the week. Counters are only ever increased with
``F()`` expressions (see ``stats.py``), so simultaneous requests never lose a count.
"""

from django.db import models

from .questionnaire import Mode

MODE_CHOICES = [
    (Mode.SELF.value, "Pour soi"),
    (Mode.ASSISTED.value, "Avec une personne accompagnée"),
]


class WeeklyUsage(models.Model):
    """Diagnostics started and completed during one ISO week, for one questionnaire version and
    one mode, with the completion times."""

    week = models.DateField("semaine (lundi)")
    questionnaire_version = models.CharField("version du questionnaire", max_length=20)
    mode = models.CharField(max_length=20, choices=MODE_CHOICES)
    started = models.PositiveIntegerField("commencés", default=0)
    completed = models.PositiveIntegerField("terminés", default=0)
    # Completion times up to stats.MAX_TIMED_SECONDS (longer ones are breaks, not reading).
    duration_seconds_sum = models.PositiveBigIntegerField("durée totale (s)", default=0)
    duration_count = models.PositiveIntegerField("durées comptées", default=0)
    # Histogram of every completion time, in the buckets of stats.DURATION_BUCKETS.
    duration_under_2_min = models.PositiveIntegerField("moins de 2 min", default=0)
    duration_2_to_5_min = models.PositiveIntegerField("de 2 à 5 min", default=0)
    duration_5_to_10_min = models.PositiveIntegerField("de 5 à 10 min", default=0)
    duration_10_to_20_min = models.PositiveIntegerField("de 10 à 20 min", default=0)
    duration_over_20_min = models.PositiveIntegerField("plus de 20 min", default=0)

    class Meta:
        verbose_name = "usage de la semaine"
        verbose_name_plural = "usages par semaine"
        ordering = ["-week", "questionnaire_version", "mode"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "questionnaire_version", "mode"], name="weekly_usage_unique"
            )
        ]

    def __str__(self):
        return f"Semaine du {self.week:%d/%m/%Y}, version {self.questionnaire_version}, {self.mode}"


class WeeklyProfileCount(models.Model):
    """How many completed diagnostics suggested one orientation profile during one ISO week
    (one diagnostic suggests one or two profiles)."""

    week = models.DateField("semaine (lundi)")
    questionnaire_version = models.CharField("version du questionnaire", max_length=20)
    mode = models.CharField(max_length=20, choices=MODE_CHOICES)
    profile = models.CharField("proposition", max_length=40)
    count = models.PositiveIntegerField("nombre", default=0)

    class Meta:
        verbose_name = "proposition de la semaine"
        verbose_name_plural = "propositions par semaine"
        ordering = ["-week", "questionnaire_version", "mode", "profile"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "questionnaire_version", "mode", "profile"],
                name="weekly_profile_count_unique",
            )
        ]

    def __str__(self):
        return f"Semaine du {self.week:%d/%m/%Y}, {self.profile} : {self.count}"
