"""/espace/: each workspace module declares its own URL patterns."""

from . import accounts, attach, home, imports, members, places, reports, tokens

urlpatterns = (
    home.urlpatterns
    + accounts.urlpatterns
    + places.urlpatterns
    + attach.urlpatterns
    + members.urlpatterns
    + imports.urlpatterns
    + reports.urlpatterns
    + tokens.urlpatterns
)
