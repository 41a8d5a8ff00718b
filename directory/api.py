from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.pagination import GeoJsonPagination

from .exporting import EXPORT_FORMATS, export_lieux
from .filters import LieuFilter
from .models import Lieu
from .serializers import LieuGeoSerializer, LieuSerializer

MAX_PAGE_SIZE = 100


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


COUNT_CAP = 1000


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 matches (a COUNT over a LIMIT): counting the tens of
    thousands of places around a big city costs more than finding the nearest ones."""

    @cached_property
    def count(self):
        # Without the nearest-first ordering, the count stops after COUNT_CAP + 1 matches.
        return self.object_list.order_by()[: COUNT_CAP + 1].count()


class StrictPageNumbers:
    """A bad page or page_size is a 400 naming the parameter, not a 404 or a silent cap.
    `count` stops at COUNT_CAP + 1 (read: more than COUNT_CAP)."""

    django_paginator_class = CappedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get("page_size")
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise serializers.ValidationError(
                {"page_size": [f"Un entier entre 1 et {MAX_PAGE_SIZE} est attendu."]}
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            raise serializers.ValidationError({"page": [str(error.detail)]}) from error


class LieuPagination(StrictPageNumbers, PageNumberPagination):
    pass


class LieuGeoPagination(StrictPageNumbers, GeoJsonPagination):
    pass


class SearchMixin:
    queryset = Lieu.objects.public()
    filter_backends = [DjangoFilterBackend]
    filterset_class = LieuFilter

    def get_serializer_context(self):
        context = super().get_serializer_context()
        filterset = getattr(self, "_filterset", None)
        context["at"] = filterset.at if filterset else None
        return context

    def filter_queryset(self, queryset):
        backend = DjangoFilterBackend()
        filterset = backend.get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        self._filterset = filterset
        return filterset.qs


class LieuListView(SearchMixin, generics.ListAPIView):
    """Places by location, services, publics, cost, programmes, modalities and opening hours,
    nearest first. `?format=geojson` for maps."""

    renderer_classes = [JSONRenderer, GeoJSONRenderer]
    pagination_class = LieuPagination  # for the schema; the paginator property picks per format

    def get_serializer_class(self):
        if (
            getattr(self.request, "accepted_renderer", None)
            and self.request.accepted_renderer.format == "geojson"
        ):
            return LieuGeoSerializer
        return LieuSerializer

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            geo = self.request.accepted_renderer.format == "geojson"
            self._paginator = LieuGeoPagination() if geo else LieuPagination()
        return self._paginator


class LieuDetailView(generics.RetrieveAPIView):
    queryset = Lieu.objects.public()
    serializer_class = LieuSerializer


class LieuExportView(SearchMixin, generics.GenericAPIView):
    """All matching places in the standard (CSV or JSON, v1.0.2) or as GeoJSON."""

    @extend_schema(responses={200: bytes})
    def get(self, request, export_format):
        if export_format not in EXPORT_FORMATS:
            raise NotFound(f"Format inconnu : {export_format}")
        lieux = self.filter_queryset(self.get_queryset())
        content_type, body = export_lieux(lieux, export_format)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="lieux.{export_format}"'
        return response
