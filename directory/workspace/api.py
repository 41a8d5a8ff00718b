"""Workspace API: writes to the hub's places (session or hub API key), to be written."""

urlpatterns = []
