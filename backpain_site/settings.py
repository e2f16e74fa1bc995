"""
Settings for the back-pain care directory.

One file, configured by environment variables. The defaults give a working development site
on a fresh checkout (SQLite in the project folder, DEBUG on); production must set SECRET_KEY
and ALLOWED_HOSTS, and DEBUG off refuses to start without a SECRET_KEY.
"""

import datetime
import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from markets.market import read_market_file

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site refuses to start without one: "
            "set SECRET_KEY to a long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    # Development only: a fixed, obviously insecure key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

# The ports a Host header may name (with DEBUG off): the usual ones, and gunicorn's own for
# load balancers and health checks that reach it directly (backpain_site/middleware.py).
HOST_PORTS = env_list("HOST_PORTS", f"80,443,{env_str('PORT', '8000')}")

if not DEBUG:
    # Production refuses to start half-configured, naming what is missing.
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. With DEBUG off the site refuses to start without it: "
            "set it to the comma-separated host names the site answers to (www.example.org)."
        )
    if not env_str("DATABASE_URL"):
        raise ImproperlyConfigured(
            "DATABASE_URL is not set. With DEBUG off the site refuses to start without it: "
            "set it to the PostgreSQL database, postgres://user:password@host:5432/name."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    "simple_history",
    "axes",
    "huey.contrib.djhuey",
    "markets",
    "providers",
    "clinics",
    "enquiries",
    "corrections",
    "articles",
    "demo",
    # The open-data API (HSDS 3.0); `ninja` here makes its docs page use the Swagger UI files
    # it ships, served from this site, instead of a CDN's.
    "ninja",
    "api",
    "corsheaders",
]
if env_str("DATABASE_URL").startswith(("postgres", "postgis")):
    # Trigram and full-text lookups live here; the app works without them on SQLite.
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    # First, so that the logged duration covers everything below it.
    "backpain_site.middleware.RequestLogMiddleware",
    "backpain_site.middleware.HostPortMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "backpain_site.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The open-data API's cross-origin headers (CORS_URLS_REGEX), on its 429s and 304s too.
    "corsheaders.middleware.CorsMiddleware",
    # A first visit to / goes to the home page in the browser's language; before the page
    # cache, which would serve the English home page to everyone.
    "backpain_site.middleware.FirstVisitLanguageMiddleware",
    # Before sessions and authentication, which a page served from the cache does not need.
    "backpain_site.pagecache.PageCacheMiddleware",
    # Inside the page cache, which keeps pages compressed, one copy per encoding: Brotli, zstd
    # or gzip, as the client takes (static files come compressed already, from WhiteNoise).
    "compression_middleware.middleware.CompressionMiddleware",
    # The open-data API's keys, rate limits and conditional GET (api/middleware.py).
    "api.middleware.OpenDataMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (which redirects to the prefixed address).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# Innermost, so that it sees the views' exceptions: the 503 page while the database is down.
MIDDLEWARE.append("backpain_site.middleware.DatabaseUnavailableMiddleware")

# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "backpain_site.urls"

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
                "backpain_site.context_processors.site",
                "backpain_site.context_processors.languages",
            ],
        },
    },
    {
        # The directory's result cards and filter form (templates/**/*.jinja), included in
        # Django templates by providers/templatetags/directory.py.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "backpain_site.jinja.environment"},
    },
]

WSGI_APPLICATION = "backpain_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections in production; the health check before reuse means a
        # restarted database costs one failed request per worker at most, not a restart.
        conn_max_age=int(env_str("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
if env_str("DATABASE_REPLICA_URL"):
    # A read replica of the primary: ReplicaRouter sends reads there and writes to "default".
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    DATABASE_ROUTERS = ["backpain_site.routers.ReplicaRouter"]

for database in DATABASES.values():
    if database["ENGINE"].endswith("postgresql"):
        database.setdefault("OPTIONS", {})["options"] = " ".join(
            [
                # Typo-tolerant search accepts a word this close to a listed one (pg_trgm's
                # default, 0.6, misses "chiropactor" for "chiropractic").
                "-c pg_trgm.word_similarity_threshold=" + env_str("SEARCH_TYPO_THRESHOLD", "0.5"),
                # JIT compilation pays off on long analytical queries; on a page's queries,
                # which take milliseconds, compiling costs more than it saves (30 ms on a
                # count over 100,000 providers).
                "-c jit=off",
                # A capped count reads the table until it has found enough matches; started
                # wherever another scan happens to be (PostgreSQL's default for big tables) it
                # takes from 9 to 45 ms for the same search, started at the beginning 9 to 14.
                "-c synchronize_seqscans=off",
            ]
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The country the site covers: a file under markets/data/ (by name) or a path to one. It gives
# the currency, emergency number, phone numbers' shape, public holidays and regulators.
MARKET = env_str("MARKET", "singapore")

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
# The site's languages, each named in itself (the switcher shows them so). English is the
# default and unprefixed (/providers/); the others under their code (/zh-hans/providers/).
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ms", "Bahasa Melayu"),
    ("ta", "தமிழ்"),
]
# The site's own catalogues (make messages); Django ships its and the admin's.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", read_market_file(MARKET)["time_zone"])
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Django serves MEDIA_ROOT itself, as the proxy would, for bin/check-pages, which measures
# `make serve` with no proxy in front. Never in production.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# WhiteNoise serves hashed static files with a one-year Cache-Control (WHITENOISE_MAX_AGE for
# the rest). Uploads go to an S3-compatible bucket when one is named (django-storages; the
# credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); otherwise to MEDIA_ROOT,
# which the TLS proxy serves at MEDIA_URL (WhiteNoise never serves uploads).
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
MEDIA_ORIGIN = env_str("MEDIA_ORIGIN")  # where the browser fetches media from, for the CSP
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_LOCATION = env_str("AWS_LOCATION", "media")
    AWS_DEFAULT_ACL = None  # the bucket's policy decides who may read
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_S3_FILE_OVERWRITE = False
    if not MEDIA_ORIGIN:
        if AWS_S3_CUSTOM_DOMAIN:
            MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN}"
        elif AWS_S3_ENDPOINT_URL:
            MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(AWS_S3_ENDPOINT_URL))
        else:
            MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "manage:dashboard"

# Repeated failed logins lock that username, from that address, out for a while
# (django-axes). Counting per username and address means an attacker elsewhere cannot lock a
# clinic out of its own account by guessing at it.
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env_str("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# How many proxies (TLS terminator, load balancer) stand in front of the site and append to
# X-Forwarded-For: the lockout then counts the visitor's address instead of the nearest
# proxy's (backpain_site/clientip.py). 0: the connection's address.
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))
# The addresses those proxies connect from: X-Forwarded-For is read only on their connections,
# so a client reaching gunicorn directly cannot choose the address it is counted under.
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
AXES_CLIENT_IP_CALLABLE = "backpain_site.clientip.client_ip"

# What one visitor may send, as "count/period" (s, m, h, d), per address and per what it is sent
# to (an email address): past a limit the form answers 429 with what was typed kept
# (providers/limits.py). Logins are limited per address whatever the username, beside
# django-axes' lockout per username and address.
RATE_LIMITS = {
    "claim": {
        "address": env_str("RATE_LIMIT_FORMS", "5/h"),
        "target": env_str("RATE_LIMIT_FORMS_TARGET", "3/h"),
    },
    "password_reset": {
        "address": env_str("RATE_LIMIT_FORMS", "5/h"),
        "target": env_str("RATE_LIMIT_FORMS_TARGET", "3/h"),
    },
    "login": {"address": env_str("RATE_LIMIT_LOGINS", "30/h")},
    "enquiry": {
        # A patient may write to several clinics, and correct a form or two, in an hour.
        "address": env_str("RATE_LIMIT_ENQUIRIES", "10/h"),
        # Per listing: a flood aimed at one clinic, from however many addresses.
        "target": env_str("RATE_LIMIT_ENQUIRIES_LISTING", "30/h"),
    },
    # Reports of wrong information: anyone may report a few listings; a flood at one listing
    # is refused from however many addresses.
    "report": {
        "address": env_str("RATE_LIMIT_FORMS", "5/h"),
        "target": env_str("RATE_LIMIT_REPORTS_LISTING", "20/h"),
    },
    # Profile views counted for one listing from one address: enough for anyone reading.
    "profile_view": {"address": "60/h"},
    # The open-data API (/api/hsds/) without a key; keys have their own (api.models.ApiKey).
    "api": {"address": env_str("RATE_LIMIT_API", "60/m")},
}
RATELIMIT_IP_META_KEY = "backpain_site.clientip.client_ip"

# Any site may read the open data from a browser: GET only, only under /api/hsds/, and
# without cookies (a key is sent in a header). Scripts may read the caching and limit headers.
CORS_URLS_REGEX = r"^/api/hsds/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "x-api-key", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
# Without the cache the counters cannot be read: forms are let through, not refused to everyone.
RATELIMIT_FAIL_OPEN = True


def email_settings(url):
    """
    Django's email settings from one URL: smtp://user:password@host:587?tls=1 (STARTTLS),
    smtps://user:password@host:465 (TLS from the start), console:// or locmem://.
    """
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL has the scheme {parts.scheme!r}; use smtp://, smtps://, console:// "
            "or locmem://."
        )
    found = {"EMAIL_BACKEND": backends[parts.scheme]}
    if parts.scheme.startswith("smtp"):
        found.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if parts.scheme == "smtps" else 587),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_USE_TLS=parts.scheme == "smtp"
            and options.get("tls", "1").lower() in {"1", "true", "yes", "on"},
        )
    return found


# Email: printed to the console unless EMAIL_URL (or EMAIL_HOST and friends) says where.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if env_str("EMAIL_URL"):
    globals().update(email_settings(env_str("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Back Pain Care Directory <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where claim requests are announced; empty: moderators find them in the admin.
MODERATORS_EMAIL = env_list("MODERATORS_EMAIL")

# Where security researchers write (/.well-known/security.txt, RFC 9116): a mailto: or https:
# address.
SECURITY_CONTACT = env_str("SECURITY_CONTACT", "mailto:security@example.org")
# Where people ask what personal data the site holds about them (the /privacy/ page).
PRIVACY_CONTACT = env_str("PRIVACY_CONTACT", "mailto:privacy@example.org")

# Where the site is, for links in emails sent outside a request (the nightly reminders).
SITE_URL = env_str(
    "SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else "http://127.0.0.1:8000",
).rstrip("/")
# What the site is called and where it operates; nothing in the code assumes one country.
SITE_NAME = env_str("SITE_NAME", "Back Pain Care Directory")

DIRECTORY_PAGE_SIZE = 20

# Enquiries (enquiries/): how long a patient's enquiry is kept once closed (or left untouched),
# and spam once marked; the /privacy/ page says so.
ENQUIRY_RETENTION_DAYS = int(env_str("ENQUIRY_RETENTION_DAYS", "365"))
ENQUIRY_SPAM_RETENTION_DAYS = int(env_str("ENQUIRY_SPAM_RETENTION_DAYS", "30"))
# A form sent sooner than this after it was shown is a bot's (people take longer to type).
ENQUIRY_MIN_SECONDS = float(env_str("ENQUIRY_MIN_SECONDS", "3"))
# Clinic staff are told of new enquiries at most once in this many minutes: one email for all.
ENQUIRY_DIGEST_MINUTES = int(env_str("ENQUIRY_DIGEST_MINUTES", "10"))
# A branch's directions link: {destination} is its latitude,longitude, or its address.
DIRECTIONS_URL = env_str(
    "DIRECTIONS_URL", "https://www.google.com/maps/dir/?api=1&destination={destination}"
)

# Text search: PostgreSQL's text search configuration (language) for stemming and stop words.
SEARCH_CONFIG = env_str("SEARCH_CONFIG", "english")
# The map tiles' attribution, shown on every map (MAP_TILE_URL names the tile server).
MAP_ATTRIBUTION = env_str(
    "MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# Map tiles for the results map and profiles: any XYZ tile server.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")

# Security headers. Browsers only heed HSTS over HTTPS, so it is harmless in development.
SECURE_HSTS_SECONDS = 31536000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The switcher's choice, kept for a year (Django's default ends with the browser session).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: every form carries its token
# A load balancer polls the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Browser features: geolocation ("use my location") for this site only, nothing else.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
}


def origin_of(url):
    """https://{s}.tile.example.org/{z}/{x}/{y}.png -> https://*.tile.example.org"""
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}.", "*.")
    return f"{parts.scheme}://{host}"


# Content-Security-Policy (django-csp): scripts and styles from this site only, no inline
# script, no plugins, no <base>, never framed. JSON-LD blocks are data, not scripts. Images
# may also come from the map's tile server (MAP_TILE_URL) and the media bucket.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", origin_of(MAP_TILE_URL), *filter(None, [MEDIA_ORIGIN])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# The one cache (providers/changes.py): Redis when REDIS_URL is set, shared by every app server;
# otherwise files that every process on this machine shares (CACHE_DIR), so that a change saved
# through one gunicorn worker shows on the next page any worker serves.
REDIS_URL = env_str("REDIS_URL")
CACHE_DIR = env_str("CACHE_DIR")
if not CACHE_DIR:
    site = f"{BASE_DIR}|{DATABASES['default']['NAME']}"
    CACHE_DIR = str(
        Path(tempfile.gettempdir())
        / f"backpain-cache-{hashlib.sha256(site.encode()).hexdigest()[:16]}"
    )
if REDIS_URL:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    CACHES = {
        "default": {
            # django-redis, which can carry on without Redis: a cache that cannot be reached
            # answers "nothing cached" (pages are rendered afresh) instead of failing the request.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "backpain"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                # Not redis-py's retries with seconds of backoff: a page waits for no cache.
                "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 0)},
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            # Django's default (300) would cull a busy site's pages every few seconds.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Work done outside the request (emails, scheduled jobs: providers/tasks.py, clinics/tasks.py)
# goes through huey's queue: in Redis when REDIS_URL is set, else in a SQLite file on this
# machine (TASKS_FILE); `make worker` runs the consumer that does it. In development (DEBUG) the
# work is done at once, in the request, unless TASKS_IMMEDIATE=0.
TASKS_FILE = env_str("TASKS_FILE", str(BASE_DIR / "tasks.sqlite3"))
HUEY = {
    "name": env_str("TASKS_QUEUE", "backpain"),
    "immediate": env_bool("TASKS_IMMEDIATE", default=DEBUG),
    "results": False,
    "utc": True,
    "consumer": {"workers": int(env_str("TASK_WORKERS", "2")), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update(huey_class="huey.RedisHuey", connection={"url": REDIS_URL})
else:
    HUEY.update(huey_class="huey.SqliteHuey", filename=TASKS_FILE)

# Anonymous visitors' public pages are cached this many seconds (0: not at all); a change to a
# listing or an article makes them unreachable once it is committed (providers/changes.py). The
# limit bounds how long "open now" and scheduled articles may lag.
PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "60"))
# The views whose pages are cached, and the GET parameters each reads: the others are dropped
# before the view (and the cache key) sees them (backpain_site/pagecache.py), and these are put
# in this order, which must list a landing page's as its canonical address does (a service or a
# condition, the area, the page: providers/indexing.py).
DIRECTORY_PARAMETERS = (
    "q", "kind", "service", "condition", "near", "radius", "area", "language", "gender",
    "price_max", "home_visits", "accessible", "verified", "open_now", "open_on", "open_after",
    "open_before", "sort", "as_typed", "page",
)  # fmt: skip
PAGE_CACHE_VIEWS = {
    "providers:home": (),
    "providers:list": DIRECTORY_PARAMETERS,
    "providers:count": DIRECTORY_PARAMETERS,
    "providers:detail": (),
    "providers:service": ("page",),
    "providers:condition": ("page",),
    "providers:area": ("page",),
    "articles:list": ("category", "page"),
    "articles:detail": (),
    "sitemap": (),
    "django.contrib.sitemaps.views.sitemap": ("p",),
}

# The load test's baseline, a minimal view at /_bench/minimal; off unless asked for.
BENCHMARK_VIEW = env_bool("BENCHMARK_VIEW", default=False)

# Logs: one JSON object a line (LOG_FORMAT=json, the default with DEBUG off), including one line
# per request from RequestLogMiddleware; plain text in development.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "backpain_site.jsonlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "filters": {"as_warning": {"()": "backpain_site.middleware.AsWarning"}},
    "loggers": {
        # The request log replaces Django's own server log lines.
        "django.server": {"level": "WARNING"},
        # A request for a host the site does not serve is the client's mistake (or a scan),
        # not the site's error.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["as_warning"],
            "propagate": False,
        },
    },
}

# Errors (and, if asked, a sample of traces) to Sentry when SENTRY_DSN is set; nothing is sent
# anywhere otherwise.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
