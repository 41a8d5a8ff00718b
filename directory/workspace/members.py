"""Workspace: members (to be written)."""

urlpatterns = []
