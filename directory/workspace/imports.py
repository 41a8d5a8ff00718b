"""Workspace: imports (to be written)."""

urlpatterns = []
