"""Workspace: tokens (to be written)."""

urlpatterns = []
