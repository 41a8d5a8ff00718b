from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .search import InvalidQuery, search_communes
from .serializers import CommuneSearchParams, CommuneSerializer


class CommuneSearchView(APIView):
    """Communes by name, postal code or INSEE code, best match first."""

    @extend_schema(
        parameters=[CommuneSearchParams],
        responses=inline_serializer("CommuneResults", {"results": CommuneSerializer(many=True)}),
    )
    def get(self, request):
        params = CommuneSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            communes = search_communes(params.validated_data["q"], params.validated_data["limit"])
        except InvalidQuery as error:
            raise serializers.ValidationError({"q": [str(error)]}) from error
        response = Response({"results": CommuneSerializer(communes, many=True).data})
        response["Cache-Control"] = "public, max-age=3600"
        return response
