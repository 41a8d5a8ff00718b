from django.contrib.gis.db import models
from django.contrib.gis.measure import D
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass

from .enums import CentreSource, Precision


class CommuneQuerySet(models.QuerySet):
    def containing(self, point):
        """Communes whose contour contains the point (usually one)."""
        return self.filter(contour__intersects=point)

    def nearest(self, point, max_km=10):
        """Communes by distance of their centre, nearest first, within max_km."""
        from django.contrib.gis.db.models.functions import Distance

        return (
            self.filter(centre__dwithin=(point, D(km=max_km)))
            .annotate(distance=Distance("centre", point))
            .order_by("distance")
        )

    def with_code(self, code):
        """The commune for a current INSEE code, or the one that absorbed an older or
        arrondissement code (Paris 75101 → 75056)."""
        return self.filter(models.Q(code_insee=code) | models.Q(codes_rattaches__contains=[code]))


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField(max_length=100)
    # Lowercase, unaccented, punctuation as spaces, "st" as "saint": what the search compares.
    nom_recherche = models.CharField(max_length=100, editable=False)
    codes_postaux = ArrayField(models.CharField(max_length=5), default=list, blank=True)
    # Codes of arrondissements and delegated or associated communes that now belong to this one.
    codes_rattaches = ArrayField(models.CharField(max_length=5), default=list, blank=True)
    departement = models.CharField("département", max_length=3)
    region = models.CharField("région", max_length=2)
    population = models.PositiveIntegerField(null=True, blank=True)
    centre = models.PointField(geography=True, srid=4326)
    centre_source = models.CharField(max_length=20, choices=CentreSource.choices)
    # Plain geometry (not geography) so that point-in-polygon uses the GiST index.
    contour = models.MultiPolygonField(srid=4326, null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        indexes = [
            # Exact and prefix matches (LIKE 'x%') whatever the database collation.
            models.Index(
                fields=["nom_recherche"],
                name="commune_nom_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            GinIndex(OpClass("nom_recherche", name="gin_trgm_ops"), name="commune_nom_trgm"),
            GinIndex(fields=["codes_postaux"], name="commune_codes_postaux_gin"),
            GinIndex(fields=["codes_rattaches"], name="commune_codes_rattaches_gin"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.code_insee})"

    @property
    def latitude(self):
        return self.centre.y

    @property
    def longitude(self):
        return self.centre.x


class GeocodeCache(models.Model):
    """Answers of the national address API, so that one address is asked only once.

    The key is the normalised query plus the filters sent with it (INSEE code, postal code):
    the same words filtered on another commune are another question.
    """

    query = models.CharField(max_length=300)
    citycode = models.CharField(max_length=5, blank=True)
    postcode = models.CharField(max_length=5, blank=True, default="")
    found = models.BooleanField()
    point = models.PointField(geography=True, srid=4326, null=True)
    label = models.CharField(max_length=300, blank=True)
    score = models.FloatField(null=True)
    code_insee = models.CharField(max_length=5, blank=True)
    precision = models.CharField(max_length=20, choices=Precision.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["query", "citycode", "postcode"], name="geocode_cache_unique_query"
            )
        ]

    def __str__(self):
        return self.query
