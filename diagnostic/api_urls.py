"""API of the diagnostic."""

from django.urls import path

from . import api

urlpatterns = [
    path("questionnaire/", api.QuestionnaireView.as_view(), name="api-diagnostic-questionnaire"),
    path("evaluation/", api.EvaluationView.as_view(), name="api-diagnostic-evaluation"),
]
