from django.contrib.gis.db.models.sql.conversion import DistanceField
from django.db import models
from django.db.models.expressions import RawSQL

from geodata.text import normalize_name

from . import search_sql

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


def condition(sql_and_params):
    """A WHERE fragment of search_sql as an ORM expression."""
    sql, params = sql_and_params
    return RawSQL(sql, params, output_field=models.BooleanField())


def distance_to(point, model):
    sql, params = search_sql.distance(point)
    return RawSQL(sql, params, output_field=DistanceField(model._meta.get_field("point")))


class LieuQuerySet(models.QuerySet):
    def near(self, point, radius_km):
        """Places within radius_km of point, nearest first (KNN on the GiST index),
        each annotated with `distance` (a Distance measure)."""
        # search_sql rather than GeoDjango's functions: the same SQL, but compiling those
        # functions cost about 1 ms per query, as much as the search itself.
        return (
            self.filter(condition(search_sql.within(point, radius_km)))
            .annotate(distance=distance_to(point, self.model))
            .order_by(RawSQL(*search_sql.nearest_first(point)))
        )

    def with_any(self, field, values):
        """Places whose multi-valued `field` holds at least one of `values` (GIN index)."""
        fragment = search_sql.any_of(field, values)  # checks the field
        return self.filter(condition(fragment)) if values else self

    def offering(self, *services):
        return self.with_any("services", services)

    def named(self, text):
        """Name search, insensitive to case, accents and punctuation, best match first."""
        words = normalize_name(text)
        if not words:
            return self
        similarity = RawSQL(*search_sql.name_similarity(words), output_field=models.FloatField())
        return self.filter(condition(search_sql.named(words))).order_by(
            similarity.desc(), "nom", "pk"
        )

    def for_api(self):
        """Places as the API's JSON reads them: without the columns it never shows, and with the
        point as two numbers (`point_lon`, `point_lat`): building a GEOS geometry for each place
        cost more than the rest of its row."""
        lon, lat = search_sql.point_lon_lat()
        return self.defer(*API_UNREAD_FIELDS).annotate(
            point_lon=RawSQL(lon, (), output_field=models.FloatField()),
            point_lat=RawSQL(lat, (), output_field=models.FloatField()),
        )

    def public(self):
        """Places shown to the public: archived places are kept, but hidden everywhere."""
        return self.filter(archive_le__isnull=True)  # search_sql.PUBLIC

    def unattached_in(self, hub):
        """Public places that no hub keeps, in the hub's territory (all of them without one)."""
        lieux = self.public().filter(hub__isnull=True)
        if not hub.departements and not hub.communes:
            return lieux
        return lieux.filter(
            models.Q(commune_ref__departement__in=hub.departements)
            | models.Q(commune_ref_id__in=hub.communes)
        )
