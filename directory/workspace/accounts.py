"""Workspace: accounts (to be written)."""

urlpatterns = []
