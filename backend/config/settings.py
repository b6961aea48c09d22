"""Settings for the Music-AI-Generator API server, read from the environment with safe defaults."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from config.env import env_bool, env_choice, env_int, env_rate, env_str

KEY_REQUIRED_WITH_HTTPS = (
    "SECRET_KEY must be set when HTTPS is on: sessions, CSRF tokens and signed URLs depend on it. "
    "Set it to a long random string (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
)

REPO_DIR = Path(__file__).resolve().parent.parent.parent
BACKEND_DIR = REPO_DIR / "backend"
VAR_DIR = Path(env_str("VAR_DIR", str(REPO_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in env_str("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000").split(",")
    if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "accounts",  # before allauth: its mail templates name the site
    "allauth",
    "allauth.account",
    "allauth.headless",
    "core",
    "jobs",
    "songs",
    "uploads",
    "sharing",
]

MIDDLEWARE = [
    "core.log_context.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

_default_db = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent job threads and requests must never see "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not an in-memory database, so job threads in tests share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FRONTEND_DIST = REPO_DIR / "frontend" / "dist"
# The built SPA's files (index.html, assets/) are served at the site root.
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
WHITENOISE_MAX_AGE = 3600

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media on S3-compatible object storage (django-storages) instead of MEDIA_ROOT: STORAGE_BACKEND=s3.
# Names are content hashes, so overwriting is harmless; URLs, when asked for, are signed and short-lived.
STORAGE_BACKEND = env_choice("STORAGE_BACKEND", "local", ("local", "s3"))
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", "music-ai-media"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "addressing_style": env_choice("S3_ADDRESSING_STYLE", "path", ("path", "virtual", "auto")),
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env_int("S3_URL_EXPIRE_SECONDS", 300, minimum=1),
            "file_overwrite": True,
            "signature_version": "s3v4",
        },
    }

# HTTPS everywhere except the embedded local default (only loopback hosts), unless HTTPS says otherwise.
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
HTTPS = env_bool("HTTPS", not DEBUG and not set(ALLOWED_HOSTS) <= _LOOPBACK_HOSTS)
# Without HTTPS (the embedded local default) a missing SECRET_KEY gets a per-process random one: sessions
# simply reset on restart. A site served over HTTPS is a real deployment: it must set its own.
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if HTTPS:
        raise ImproperlyConfigured(KEY_REQUIRED_WITH_HTTPS)
    SECRET_KEY = get_random_secret_key()
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("TRUST_X_FORWARDED_PROTO", False):  # behind a TLS-terminating proxy that sets it
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.DepthLimitedJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["core.authentication.CsrfSessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "core.schema.ApiSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["core.throttles.IpWorkThrottle", "core.throttles.RequesterWorkThrottle"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # "?format=mp3" names a download format here, not a DRF renderer.
    "URL_FORMAT_OVERRIDE": None,
    # Proxies in front of the app that append to X-Forwarded-For (0: use the connection's address).
    "NUM_PROXIES": env_int("NUM_PROXIES", 0, minimum=0),
}

# The cache holds throttle and log-in rate counters. In-process by default (`make run` is one process);
# with several web processes or hosts, point CACHE_URL at Redis so they count together.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")

# Fair use: how often one requester (a user, else an anonymous session) and one IP address may start each
# kind of work; more answers 429 with Retry-After. THROTTLE_<KIND> and THROTTLE_<KIND>_PER_IP override.
_WORK_RATES = {
    "generate": ("10/min", "20/min"),  # new songs: from a spec or a prompt's spec, from a melody
    "prompt": ("30/min", "120/min"),  # reading a sentence into a spec
    "edit": ("120/min", "600/min"),  # edits, undo, redo, restoring a version (each may queue a render)
    "export": ("30/min", "120/min"),  # exports and downloads made on request
    "upload": ("10/min", "60/min"),
    "copy": ("10/min", "60/min"),  # duplicating a song, remixing a shared one
}
WORK_THROTTLE_RATES = {
    kind: {
        "requester": env_rate(f"THROTTLE_{kind.upper()}", requester),
        "ip": env_rate(f"THROTTLE_{kind.upper()}_PER_IP", ip),
    }
    for kind, (requester, ip) in _WORK_RATES.items()
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Music-AI-Generator API",
    "DESCRIPTION": "Compose songs as one track per instrument, then play, mix and download them.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1: JSON Schema 2020-12, what pydantic generates for the engine's models (edit ops, effects, spec).
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.links_hook",
        "core.schema.discriminators_hook",
    ],
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "jobs.models.Job.Status",
        "SongStatusEnum": "songs.models.Song.Status",
        "TonicEnum": "engine.theory.TONICS",
        "KeySpellingEnum": "engine.theory.TONIC_SPELLINGS",
        "ExportFormatEnum": "songs.rendering.exports.EXPORT_FORMATS",
    },
}

# Accounts (django-allauth, headless: the SPA talks to its JSON API under /api/auth/).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
# Sign-up, log-in and password reset never tell whether an address has an account: signing up with a
# taken address answers like a new one and mails the owner instead. allauth can do that without making a
# second account for the address only when verification is mandatory, so every account proves its
# address once, by a code mailed to it and typed in the same tab (the tab keeps the visitor's songs).
# Public share links need a verified address (sharing/services.py).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Music AI Generator] "
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Log-in throttling: allauth's rate limits (per IP and per account, on the default cache).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
HEADLESS_ONLY = True
HEADLESS_CLIENTS = ("browser",)
HEADLESS_FRONTEND_URLS = {
    "account_reset_password_from_key": "/account/reset/{key}",
    "account_reset_password": "/account/reset",
    "account_signup": "/account/signup",
}
# Mail: printed to the console by default; SMTP (or a file folder) by setting EMAIL_BACKEND and friends.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Music AI Generator <noreply@localhost>")

# Storage per account and per anonymous session (songs' stems and exports, uploads): new work or files
# beyond it are refused with 413 before anything is written.
STORAGE_QUOTA_MB = env_int("STORAGE_QUOTA_MB", 10000, minimum=1)
STORAGE_QUOTA_ANONYMOUS_MB = env_int("STORAGE_QUOTA_ANONYMOUS_MB", 1000, minimum=1)

# The most edits one song's log keeps; an edit past it is refused (409) until one is undone.
EDIT_LOG_MAX = env_int("EDIT_LOG_MAX", 500, minimum=1)

# What anonymous visitors made is removed by `manage.py purge` once their session is gone and nothing of
# theirs changed for this many days.
ANONYMOUS_RETENTION_DAYS = env_int("ANONYMOUS_RETENTION_DAYS", 30, minimum=0)

# Deleted songs stay restorable this long before `manage.py purge` removes them.
SONG_UNDO_DELETE_DAYS = env_int("SONG_UNDO_DELETE_DAYS", 30, minimum=0)

# Jobs: "thread" runs them in this process (the embedded default); "celery" sends them to Celery workers
# through a Redis broker (docs/deploy.md). Job state lives in the database either way.
JOBS_BACKEND = env_choice("JOBS_BACKEND", "thread", ("thread", "celery"))
JOBS_THREADS = env_int("JOBS_THREADS", 2, minimum=1)
# Queued and running jobs one requester may have at once; more answers 429. Jobs start fairly: a job
# waits behind fewer of its owner's (and its IP address's) earlier pending jobs than anyone else's.
JOBS_MAX_PENDING_PER_REQUESTER = env_int("JOBS_MAX_PENDING_PER_REQUESTER", 6, minimum=1)
# The same from one IP address, whichever sessions its requests come with.
JOBS_MAX_PENDING_PER_CLIENT = env_int("JOBS_MAX_PENDING_PER_CLIENT", 20, minimum=1)
# Celery: transient failures (database, storage or network briefly away) are retried with exponential
# backoff this many times; then the job is marked failed. A job longer than the time limit is killed.
JOBS_MAX_RETRIES = env_int("JOBS_MAX_RETRIES", 4, minimum=0)
JOBS_RETRY_BACKOFF_SECONDS = env_int("JOBS_RETRY_BACKOFF_SECONDS", 2, minimum=0)
JOBS_TIME_LIMIT_SECONDS = env_int("JOBS_TIME_LIMIT_SECONDS", 1800, minimum=1)
# Limits of one job's process (the thread executor runs each job in a child process; Celery's pool
# processes get the memory limit): its address space (RLIMIT_AS, which counts reserved memory too) and its
# processor time (RLIMIT_CPU). A job over either fails with a message that says which. The largest song
# the spec allows (12 parts, 10 minutes) peaks at about 4.8 GB of address space (4.1 GB resident).
JOBS_MEMORY_LIMIT_MB = env_int("JOBS_MEMORY_LIMIT_MB", 6144, minimum=1024)
JOBS_CPU_LIMIT_SECONDS = env_int("JOBS_CPU_LIMIT_SECONDS", JOBS_TIME_LIMIT_SECONDS, minimum=1)
# "idle": Celery's pool processes (and the ffmpeg/FluidSynth they start) run under Linux's SCHED_IDLE
# policy, so on a host that also runs web processes, renders only get CPU time the web side leaves.
JOBS_WORKER_CPU_PRIORITY = env_choice("JOBS_WORKER_CPU_PRIORITY", "normal", ("normal", "idle"))
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ACKS_LATE = True  # a message is acknowledged when its job is done, not when it is received
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a worker killed mid-job puts the job back on the queue
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a busy worker holds no second job that an idle one could run
CELERY_TASK_IGNORE_RESULT = True  # results live on the Job row
CELERY_TASK_DEFAULT_QUEUE = "jobs"
# The soft limit raises in the task, which fails the job with the time message and cleans up; the hard
# limit, a little later, kills a pool process stuck where the soft one cannot reach (inside C code).
CELERY_TASK_SOFT_TIME_LIMIT = JOBS_TIME_LIMIT_SECONDS
CELERY_TASK_TIME_LIMIT = JOBS_TIME_LIMIT_SECONDS + 30
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged message (its worker vanished whole) is redelivered after this; it must outlast any job.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", JOBS_TIME_LIMIT_SECONDS + 600, minimum=1),
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
    # Fair queueing: a job is sent with its rank as priority (0 first), so another requester's first job
    # starts before the rest of one requester's burst.
    "priority_steps": list(range(10)),
    "sep": ":",
}

SOUNDFONT = env_str("SOUNDFONT", "")

# Uploaded recordings: the largest file accepted and the longest decoded audio (checked while decoding).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 100 * 1000 * 1000, minimum=1)
UPLOAD_MAX_SECONDS = env_int("UPLOAD_MAX_SECONDS", 15 * 60, minimum=1)

# Logs: plain text by default; LOG_FORMAT=json writes one JSON object a line with request and job ids.
LOG_FORMAT = env_choice("LOG_FORMAT", "plain", ("plain", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.log_context.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.log_context.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
