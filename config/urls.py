from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("geodata.urls")),
    path("api/", include("directory.urls")),
    path("api/espace/", include("directory.workspace.api")),
    path("espace/", include("directory.workspace.urls")),
    path("", include("directory.page_urls")),
    path("diagnostic/", include("diagnostic.urls")),
    path("api/diagnostic/", include("diagnostic.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", views.ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
