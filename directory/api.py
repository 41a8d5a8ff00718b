from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework_gis.pagination import GeoJsonPagination

from config.renderers import JSONRenderer

from .exporting import EXPORT_FORMATS, export_lieux
from .filters import LieuFilter
from .models import Lieu
from .search import SearchResults
from .serializers import LieuGeoSerializer, LieuSerializer, row_fields

MAX_PAGE_SIZE = 100


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


COUNT_CAP = 100
COUNT_PARAM = "compter"


class LookAheadPage(Page):
    """A page read with one row more than it shows: that row says whether a next page exists,
    without counting the results."""

    def __init__(self, rows, number, paginator, *, more):
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


class QuerySetResults:
    """Search results as a QuerySet, read like search.SearchResults (the GeoJSON list, whose
    serializer needs model instances with their point)."""

    def __init__(self, lieux):
        self.lieux = lieux

    def rows(self, offset, limit):
        return list(self.lieux[offset : offset + limit])

    def count_up_to(self, cap):
        lieux = self.lieux
        # Nearest first (search_lieux annotates `distance` then), PostgreSQL can walk the
        # spatial index and stop after cap + 1 matches; any other order would sort every match.
        if "distance" not in lieux.query.annotations:
            lieux = lieux.order_by()
        return lieux[: cap + 1].count()


class PageFirstPaginator(Paginator):
    """Reads the page (from search.SearchResults or QuerySetResults), and one row more, before
    counting anything. A page that has no row after it ends the results: the count is exact
    and free. Otherwise the count is unknown (None), unless `counting`: then it is a COUNT over
    a LIMIT that stops after COUNT_CAP + 1 matches (or one past the end of the page, for pages
    further than that). Counting every place around a big city costs more than finding the
    nearest ones, and most searches only need the nearest (ADR 9)."""

    def __init__(self, object_list, per_page, *, counting=False):
        super().__init__(object_list, per_page)
        self.counting = counting

    @cached_property
    def count(self):
        """Only read before the page for `page=last`; page() sets it otherwise."""
        return self.object_list.count_up_to(COUNT_CAP)

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = self.object_list.rows(bottom, self.per_page + 1)
        more = len(rows) > self.per_page
        del rows[self.per_page :]
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        if not more:
            self.count = bottom + len(rows)
        elif self.counting:
            self.count = self.object_list.count_up_to(max(COUNT_CAP, bottom + self.per_page))
        else:
            self.count = None
        return LookAheadPage(rows, number, self, more=more)


class StrictPageNumbers:
    """A bad page or page_size is a 400 naming the parameter, not a 404 or a silent cap."""

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

    def get_paginator(self, queryset, request):
        return self.django_paginator_class(queryset, self.get_page_size(request))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.get_paginator(queryset, request)
        number = request.query_params.get(self.page_query_param) or 1
        if number in self.last_page_strings:
            number = paginator.num_pages
        try:
            self.page = paginator.page(number)
        except InvalidPage as error:
            message = self.invalid_page_message.format(page_number=number, message=str(error))
            raise serializers.ValidationError({"page": [message]}) from error
        return list(self.page)


class SearchPageNumbers(StrictPageNumbers):
    """Pages of search results (PageFirstPaginator). `count` is exact when the results end on
    the page; otherwise null, or with `compter=true` exact up to COUNT_CAP (or up to the end of
    the page, for pages further than that) and one more beyond (read: more than that)."""

    def get_paginator(self, queryset, request):
        counting = _counting(request.query_params.get(COUNT_PARAM))
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            counting = True  # the last page as far as the count goes
        return PageFirstPaginator(queryset, self.get_page_size(request), counting=counting)

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        count = schema["properties"]["count"]
        count["nullable"] = True
        count["description"] = COUNT_DESCRIPTION.format(cap=COUNT_CAP)
        return schema

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": COUNT_PARAM,
                "required": False,
                "in": "query",
                "description": f"Compter les lieux trouvés (jusqu'à {COUNT_CAP}) même quand "
                "ils ne tiennent pas sur la page : plus lent autour des grandes villes.",
                "schema": {"type": "boolean", "default": False},
            },
        ]


def _counting(raw):
    if raw is None or raw in ("false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise serializers.ValidationError({COUNT_PARAM: ["true ou false est attendu."]})


COUNT_DESCRIPTION = (
    "Nombre de lieux trouvés quand les résultats finissent sur cette page ; sinon null (suivre "
    "le lien `next`). Avec `compter=true`, il est donné aussi dans ce cas : exact jusqu'à "
    "{cap} (ou jusqu'à la fin de la page demandée si elle va plus loin), au-delà il vaut ce "
    "plafond + 1 : lire « plus de {cap} »."
)


class LieuPagination(SearchPageNumbers, PageNumberPagination):
    pass


class LieuGeoPagination(SearchPageNumbers, GeoJsonPagination):
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

    def valid_filterset(self, queryset):
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        self._filterset = filterset
        return filterset

    def filter_queryset(self, queryset):
        return self.valid_filterset(queryset).qs


class LieuListView(SearchMixin, generics.ListAPIView):
    """Places by location, services, publics, cost, programmes, modalities and opening hours,
    nearest first. `?format=geojson` for maps."""

    renderer_classes = [JSONRenderer, GeoJSONRenderer]
    pagination_class = LieuPagination  # for the schema; the paginator property picks per format

    def get_serializer_class(self):
        return LieuGeoSerializer if self._geojson() else LieuSerializer

    def filter_queryset(self, queryset):
        """The results as the paginator reads them: for JSON, light rows read in plain SQL."""
        if self._geojson():
            return QuerySetResults(super().filter_queryset(queryset))
        criteria = self.valid_filterset(queryset).criteria()
        return SearchResults(criteria, row_fields(LieuSerializer))

    def _geojson(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "geojson"

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = LieuGeoPagination() if self._geojson() else LieuPagination()
        return self._paginator


class LieuDetailView(generics.RetrieveAPIView):
    queryset = Lieu.objects.public().for_api()
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
