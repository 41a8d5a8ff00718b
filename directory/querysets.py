from django.contrib.gis.db.models.sql.conversion import DistanceField
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import models
from django.db.models.expressions import RawSQL

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

# Fields of a place that the API's JSON never reads (for_api).
API_UNREAD_FIELDS = (
    "point",
    "nom_recherche",
    "empreinte",
    "geocodage_erreur",
    "commune_ref",
    "hub",
    "archive_le",
    "created_at",
    "updated_at",
)


class LieuQuerySet(models.QuerySet):
    def near(self, point, radius_km):
        """Places within radius_km of point, nearest first (KNN on the GiST index),
        each annotated with `distance` (a Distance measure)."""
        # Written as SQL rather than with GeoDjango's functions: the same SQL, but compiling
        # those functions cost about 1 ms per query, as much as the search itself.
        # The bounding box is the only index condition and `<->` the only sort key: PostgreSQL
        # then walks the GiST index nearest first and stops after LIMIT rows. (ST_DWithin in the
        # WHERE clause makes it misestimate the rows and sort every place within the radius.)
        # The exact radius is written "or outside the box": the same places (the box is
        # required), but PostgreSQL no longer reads it as keeping a third of them on top of the
        # box, an underestimate that made it sort every candidate instead of walking the index
        # (ADR 9). Ties in distance (places at the same point) have no guaranteed order.
        column = f"{self.model._meta.db_table}.point"
        here, meters = point.ewkt, radius_km * 1000
        box = f"{column} && _ST_Expand(%s::geography, %s)"
        within = RawSQL(
            f"{box} AND (ST_Distance({column}, %s::geography) <= %s OR NOT ({box}))",
            (here, meters, here, meters, here, meters),
            output_field=models.BooleanField(),
        )
        distance = RawSQL(
            f"ST_Distance({column}, %s::geography)",
            (here,),
            output_field=DistanceField(self.model._meta.get_field("point")),
        )
        nearest_first = RawSQL(f"{column} <-> %s::geography", (here,))
        return self.filter(within).annotate(distance=distance).order_by(nearest_first)

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

    def for_api(self):
        """Places as the API's JSON reads them: without the columns it never shows, and with the
        point as two numbers (`point_lon`, `point_lat`): building a GEOS geometry for each place
        cost more than the rest of its row."""
        column = f"{self.model._meta.db_table}.point"
        return self.defer(*API_UNREAD_FIELDS).annotate(
            point_lon=RawSQL(f"ST_X({column}::geometry)", (), output_field=models.FloatField()),
            point_lat=RawSQL(f"ST_Y({column}::geometry)", (), output_field=models.FloatField()),
        )

    def public(self):
        """Places shown to the public: archived places are kept, but hidden everywhere."""
        return self.filter(archive_le__isnull=True)

    def unattached_in(self, hub):
        """Public places that no hub keeps, in the hub's territory (all of them without one)."""
        lieux = self.public().filter(hub__isnull=True)
        if not hub.departements and not hub.communes:
            return lieux
        return lieux.filter(
            models.Q(commune_ref__departement__in=hub.departements)
            | models.Q(commune_ref_id__in=hub.communes)
        )
