"""Workspace: places (to be written)."""

urlpatterns = []
