from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import models

from geodata.text import normalize_name

# Multi-valued fields of the standard that the search can filter on (any of the given values).
FILTERABLE_FIELDS = (
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "modalites_accompagnement",
    "modalites_acces",
    "itinerance",
)


class LieuQuerySet(models.QuerySet):
    def near(self, point, radius_km):
        """Places within radius_km of point, nearest first (KNN on the GiST index),
        each annotated with `distance` (a Distance measure)."""
        return (
            self.filter(point__dwithin=(point, D(km=radius_km)))
            .annotate(distance=Distance("point", point))
            .order_by(GeometryDistance("point", point), "pk")
        )

    def with_any(self, field, values):
        """Places whose multi-valued `field` holds at least one of `values` (GIN index)."""
        if field not in FILTERABLE_FIELDS:
            raise ValueError(f"champ non filtrable : {field}")
        if not values:
            return self
        return self.filter(**{f"{field}__overlap": list(values)})

    def offering(self, *services):
        return self.with_any("services", services)

    def named(self, text):
        """Name search, insensitive to case, accents and punctuation."""
        words = normalize_name(text)
        if not words:
            return self
        return self.filter(
            models.Q(nom_recherche__contains=words)
            | models.Q(nom_recherche__trigram_word_similar=words)
        ).annotate(name_similarity=TrigramWordSimilarity(words, "nom_recherche"))
