"""Test settings: the same as the app, plus fast hashing and plain static files."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests never reach the network: geocoding tests point the geocoder at a local stub server.
GEOCODER_DOMAIN = "127.0.0.1:9"
GEOCODER_SCHEME = "http"
GEOCODER_TIMEOUT = 1.0
# Tests serve static files from the finders; there is no collected STATIC_ROOT.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
