"""Pages of the directory: the search, its map outlines, a place's sheet and error reports."""

from django.urls import path

from . import views

urlpatterns = [
    path("annuaire/", views.annuaire, name="annuaire"),
    path("annuaire/contours.geojson", views.communes_contours, name="annuaire-contours"),
    path("lieux/<int:pk>/", views.lieu_detail, name="lieu-detail"),
    path("lieux/<int:pk>/signaler/", views.lieu_signaler, name="lieu-signaler"),
    path("lieux/<int:pk>/signaler/merci/", views.lieu_signaler_merci, name="lieu-signaler-merci"),
]
