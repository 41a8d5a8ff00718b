from functools import cache
from operator import attrgetter

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import Lieu
from .search import OPENING_FIELDS, opening_of
from .standard.record import FIELDS

STANDARD_FIELDS = [name for name in FIELDS if name not in ("id", "latitude", "longitude")]


class OpeningSchema(serializers.Serializer):
    """Only documents the shape of OpeningField in the OpenAPI schema."""

    etat = serializers.ChoiceField(choices=["ouvert", "ferme", "inconnu"])
    prochain_changement = serializers.DateTimeField(allow_null=True)


@extend_schema_field(OpeningSchema)
class OpeningField(serializers.Field):
    """Whether the place is open at the searched time (or now), and when that changes."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, lieu):
        return opening_json(lieu, self.context.get("at"))


def opening_json(lieu, at):
    status = opening_of(lieu, at)
    return {
        "etat": status.state,
        "prochain_changement": status.next_change.isoformat() if status.next_change else None,
    }


@extend_schema_field(OpenApiTypes.DOUBLE)
class DistanceField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, lieu):
        return distance_json(lieu)


def distance_json(lieu):
    distance = getattr(lieu, "distance", None)
    return round(distance.km, 3) if distance is not None else None


# Kinds of fields that LieuSerializer writes without DRF's generic field machinery.
TEXT, TEXTS, DATE, FLOAT, URL, DISTANCE, OPENING = range(7)
# A pk no place has, replaced in the one URL reversed per page.
URL_PK = 987654321987


class LieuSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="source_id", help_text="Identifiant du lieu dans sa source")
    latitude = serializers.FloatField(source="point_lat", read_only=True, allow_null=True)
    longitude = serializers.FloatField(source="point_lon", read_only=True, allow_null=True)
    distance_km = DistanceField()
    ouvert = OpeningField()
    url = serializers.HyperlinkedIdentityField(view_name="api-lieu-detail", read_only=True)

    class Meta:
        model = Lieu
        fields = [
            "url",
            "id",
            *STANDARD_FIELDS,
            "latitude",
            "longitude",
            "distance_km",
            "ouvert",
            "import_source",
            "point_source",
            "geocodage_precision",
        ]

    def to_representation(self, lieu):
        """What the declared fields give (a test compares them), without DRF's generic path:
        building the fields and calling each of them cost more than the search itself (about
        5 ms per page of 20 places). Read-only: the API never writes places. The places are
        rows of search.SearchResults or come from `Lieu.objects.for_api()` (coordinates as
        numbers, unread columns left out)."""
        at = self.context.get("at")
        if at is None:  # one "now" for the whole page when no time was searched
            if not hasattr(self, "_now"):
                self._now = timezone.now()
            at = self._now
        names, read, dates, computed = _compiled_plan(type(self))
        # Texts, lists of texts and numbers are given as read (DRF would give the same).
        data = dict(zip(names, read(lieu), strict=True))
        for name in dates:
            value = data[name]
            if value is not None and type(value) is not str:
                data[name] = value.isoformat()
        for name, kind in computed:
            if kind == URL:
                data[name] = self._url(lieu.pk)
            elif kind == DISTANCE:
                data[name] = distance_json(lieu)
            else:
                data[name] = opening_json(lieu, at)
        return data

    def _url(self, pk):
        if not hasattr(self, "_url_parts"):
            url = reverse(
                "api-lieu-detail",
                kwargs={"pk": URL_PK},
                request=self.context["request"],
                format=self.context.get("format"),
            )
            self._url_parts = url.split(str(URL_PK), 1)
        before, after = self._url_parts
        return f"{before}{pk}{after}"


@cache
def row_fields(serializer_class):
    """Fields of a place that the serializer reads: what search.SearchResults selects."""
    model_fields = {field.name for field in Lieu._meta.concrete_fields}
    read = [source for _, source, _ in _plan(serializer_class) if source in model_fields]
    return tuple(dict.fromkeys([*read, *OPENING_FIELDS]))


@cache
def _compiled_plan(serializer_class):
    """Field names in order, a getter of their values (one C call per place; computed fields
    read `pk` there, then are replaced), the dates, and the computed fields with their kind."""
    plan = _plan(serializer_class)
    computed = tuple((name, kind) for name, _, kind in plan if kind in (URL, DISTANCE, OPENING))
    sources = ["pk" if (name, kind) in computed else source for name, source, kind in plan]
    dates = tuple(name for name, _, kind in plan if kind == DATE)
    return tuple(name for name, _, _ in plan), attrgetter(*sources), dates, computed


@cache
def _plan(serializer_class):
    """(name, source attribute, kind) of each field, in order, read once per class."""
    plan = []
    for name, field in serializer_class().fields.items():
        if isinstance(field, serializers.HyperlinkedIdentityField):
            kind = URL
        elif isinstance(field, DistanceField):
            kind = DISTANCE
        elif isinstance(field, OpeningField):
            kind = OPENING
        elif type(field) is serializers.ListField and type(field.child) is serializers.CharField:
            kind = TEXTS
        elif type(field) in (serializers.CharField, serializers.ChoiceField):
            kind = TEXT  # the choices of the model are strings: DRF gives them as they are
        elif type(field) is serializers.DateField and _date_format(field).lower() == ISO_8601:
            kind = DATE
        elif type(field) is serializers.FloatField:
            kind = FLOAT
        else:
            raise TypeError(f"{serializer_class.__name__}.{name} : champ non prévu ({field!r})")
        plan.append((name, field.source, kind))
    return tuple(plan)


def _date_format(field):
    return str(getattr(field, "format", api_settings.DATE_FORMAT))


class LieuGeoSerializer(GeoFeatureModelSerializer):
    id = serializers.CharField(source="source_id")
    distance_km = DistanceField()
    ouvert = OpeningField()

    class Meta:
        model = Lieu
        geo_field = "point"
        id_field = False
        fields = [
            "id",
            "nom",
            "adresse",
            "code_postal",
            "commune",
            "services",
            "distance_km",
            "ouvert",
        ]
