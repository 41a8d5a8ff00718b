"""Settings, read from environment variables with safe local defaults.

Without DATABASE_URL, the private PostGIS cluster that `make run` / `make test` start under var/
is used through its Unix socket, so `.venv/bin/python manage.py …` works with nothing to set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# "production" turns on what only makes sense behind HTTPS (secure cookies, HSTS, redirect).
PRODUCTION = os.environ.get("AIGUILLAGE_ENV", "local") == "production"
# The local default key is only acceptable on a developer's machine: refuse it in production.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set in production.")
    SECRET_KEY = "local-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",  # only for Leaflet's JS and CSS as static files (no CDN)
    "axes",
    "geodata",
    "directory",
    "diagnostic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

PRIVATE_DB_SOCKET_DIR = BASE_DIR / "var" / "run"
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.contrib.gis.db.backends.postgis",
            "NAME": "aiguillage",
            "USER": "aiguillage",
            "HOST": str(PRIVATE_DB_SOCKET_DIR),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
# Whatever the URL scheme (postgis://, postgres://), use the PostGIS backend.
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
# Searches are short queries whose nearest-first plans PostgreSQL costs high: JIT compilation
# would add ~20 ms to each of them for nothing.
# Parallel workers, too, cost more than they bring to such short queries (measured: p95 of the
# search 50 → 33 ms on 2 cores, ADR 0009).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c jit=off -c max_parallel_workers_per_gather=0"
)
# Parameters sent apart from the query, as psycopg does by default, rather than quoted into it
# by Python: the search's lists of open hours cost ~0.4 ms to quote (ADR 0009).
DATABASES["default"]["OPTIONS"]["server_side_binding"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["config.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Aiguillage",
    "DESCRIPTION": "Communes, lieux de médiation numérique et diagnostic.",
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Geocoding: the national address API (BAN), reached only through geodata/geocoding.py.
GEOCODER_DOMAIN = os.environ.get("GEOCODER_DOMAIN", "data.geopf.fr/geocodage")
GEOCODER_SCHEME = os.environ.get("GEOCODER_SCHEME", "https")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "3"))
GEOCODER_MIN_SCORE = float(os.environ.get("GEOCODER_MIN_SCORE", "0.5"))
# Set GEOCODER_ENABLED=false on a machine without network: addresses then fall back on communes.
GEOCODER_ENABLED = env_bool("GEOCODER_ENABLED", True)

# Map background: a tile server URL template; empty (the default) draws commune outlines from
# the database instead, which also works offline.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")

# E-mail: invitations, password resets, and error reports (to the place's hub admins, or to
# ADMINS, "Nom <adresse>, …", for places without a hub).
ADMINS = [
    (address.split("<")[0].strip() or address, address.split("<")[-1].rstrip(">").strip())
    for address in env_list("ADMINS")
]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "aiguillage@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Accounts (hub members): they log in with their e-mail address; no public sign-up.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out attempts
    "directory.auth.EmailBackend",
]
LOGIN_URL = "espace-connexion"
LOGIN_REDIRECT_URL = "espace"
LOGOUT_REDIRECT_URL = "espace-connexion"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day
INVITATION_MAX_AGE = timedelta(days=int(os.environ.get("INVITATION_MAX_AGE_DAYS", "7")))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by every worker, for e-mail rate limits: a table of the database, made by
    # `manage.py createcachetable` (`make run` runs it; so does the test database's creation).
    "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "aiguillage_limits",
    },
}

# Brute force: 5 failed logins for one e-mail or from one address lock them for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "directory/espace/verrouille.html"
AXES_VERBOSE = False
# Behind a reverse proxy, the number of proxies in front (to read the client address).
AXES_IPWARE_PROXY_COUNT = int(os.environ["PROXY_COUNT"]) if os.environ.get("PROXY_COUNT") else None

# Security headers and cookies. HTTPS-only settings apply in production (AIGUILLAGE_ENV).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
# Preload only says the domain consents to the browsers' HTTPS-only list (submission is manual).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every script and style sheet is a static file. Map tiles
# (when a tile server is set) are the only outside resource.
_TILE_ORIGIN = (
    "/".join(MAP_TILE_URL.replace("{s}", "*").split("/")[:3])
    if MAP_TILE_URL.startswith("http")
    else ""
)
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: {_TILE_ORIGIN}".strip(),
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Debian 12 ships GDAL 3.6; the app never lets users supply spatial reference definitions,
# which is what that check protects against.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
