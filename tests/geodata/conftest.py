import pytest

from tests.ban_stub import BanStub


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
