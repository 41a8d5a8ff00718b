"""/espace/: each workspace module declares its own URL patterns."""

from . import accounts, home, imports, members, places, reports, tokens

urlpatterns = (
    home.urlpatterns
    + accounts.urlpatterns
    + places.urlpatterns
    + members.urlpatterns
    + imports.urlpatterns
    + reports.urlpatterns
    + tokens.urlpatterns
)
