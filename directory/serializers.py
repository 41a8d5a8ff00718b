from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import Lieu
from .search import opening_of
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
        status = opening_of(lieu, self.context.get("at"))
        return {
            "etat": status.state,
            "prochain_changement": status.next_change.isoformat() if status.next_change else None,
        }


@extend_schema_field(OpenApiTypes.DOUBLE)
class DistanceField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, lieu):
        distance = getattr(lieu, "distance", None)
        return round(distance.km, 3) if distance is not None else None


class LieuSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="source_id", help_text="Identifiant du lieu dans sa source")
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
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
