from rest_framework import serializers

from .search import DEFAULT_LIMIT, MAX_LIMIT


class CommuneSearchParams(serializers.Serializer):
    q = serializers.CharField(
        help_text="Nom (accents, majuscules et tirets indifférents), code postal ou code INSEE.",
        allow_blank=True,
        trim_whitespace=True,
    )
    limit = serializers.IntegerField(
        default=DEFAULT_LIMIT,
        min_value=1,
        max_value=MAX_LIMIT,
        help_text="Nombre maximum de communes.",
    )


class CommuneSerializer(serializers.Serializer):
    code_insee = serializers.CharField()
    nom = serializers.CharField()
    codes_postaux = serializers.ListField(child=serializers.CharField())
    departement = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
