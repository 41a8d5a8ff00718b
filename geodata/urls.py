from django.urls import path

from . import api

urlpatterns = [
    path("communes/", api.CommuneSearchView.as_view(), name="api-communes"),
]
