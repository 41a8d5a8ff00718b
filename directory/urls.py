from django.urls import path

from . import api

urlpatterns = [
    path("lieux/", api.LieuListView.as_view(), name="api-lieux"),
    path("lieux/export.<str:export_format>", api.LieuExportView.as_view(), name="api-lieux-export"),
    path("lieux/<int:pk>/", api.LieuDetailView.as_view(), name="api-lieu-detail"),
]
