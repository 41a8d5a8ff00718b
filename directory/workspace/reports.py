"""Workspace: reports (to be written)."""

urlpatterns = []
