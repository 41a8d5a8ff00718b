"""Pages of the diagnostic."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.start, name="diagnostic"),
    path("commencer/", views.begin, name="diagnostic-commencer"),
    path("question/<slug:question_id>/", views.question, name="diagnostic-question"),
    path("commune/", views.place, name="diagnostic-commune"),
    path("resultat/", views.result, name="diagnostic-resultat"),
    path("fiche/", views.sheet, name="diagnostic-fiche"),
    path("effacer/", views.erase, name="diagnostic-effacer"),
    path("regles/", views.rules, name="diagnostic-regles"),
    path("statistiques/", views.statistics, name="diagnostic-statistiques"),
]
