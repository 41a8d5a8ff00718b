from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
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


COUNT_CAP = 100


class PageFirstPaginator(Paginator):
    """Reads the page before counting. A page that is not full ends the results: its count is
    exact and free. After a full page, the count is a COUNT over a LIMIT that stops after
    COUNT_CAP + 1 matches (or one past the end of the page, for pages further than that):
    counting every place around a big city costs more than finding the nearest ones, and the
    next page stays reachable."""

    @cached_property
    def count(self):
        """Only read before the page for `page=last`; page() sets it otherwise."""
        return self._capped_count(COUNT_CAP)

    def _capped_count(self, cap):
        lieux = self.object_list
        # Nearest first (search_lieux annotates `distance` then), PostgreSQL can walk the
        # spatial index and stop after cap + 1 matches; any other order would sort every match.
        if "distance" not in lieux.query.annotations:
            lieux = lieux.order_by()
        return lieux[: cap + 1].count()

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        if len(rows) < self.per_page:
            self.count = bottom + len(rows)
        else:
            self.count = self._capped_count(max(COUNT_CAP, bottom + self.per_page))
        return self._get_page(rows, number, self)


class StrictPageNumbers:
    """A bad page or page_size is a 400 naming the parameter, not a 404 or a silent cap.
    `count` is exact up to COUNT_CAP (or up to the end of the page, for pages further than
    that), and one more beyond (read: more than that)."""

    django_paginator_class = PageFirstPaginator
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

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        count = schema["properties"]["count"]
        count["description"] = COUNT_DESCRIPTION.format(cap=COUNT_CAP)
        return schema


COUNT_DESCRIPTION = (
    "Nombre de lieux trouvés, exact jusqu'à {cap} (ou jusqu'à la fin de la page demandée si "
    "elle va plus loin). Au-delà, il vaut ce plafond + 1 : lire « plus de {cap} ». Le lien "
    "`next` mène toujours à la page suivante quand elle existe."
)


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
