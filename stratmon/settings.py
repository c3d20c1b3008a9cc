"""Django settings, read from environment variables only, with safe development defaults."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("STRATMON_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    return int(text) if text.isdigit() else default


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", "False")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "stratmon.plans",
    "stratmon.accounts",
    "stratmon.facts",
    "stratmon.history",
    "stratmon.kpis",
    "stratmon.submissions",
    "stratmon.evidence",
    "stratmon.reports",
    "stratmon.surveys",
    "stratmon.desk",
    "stratmon.web",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "stratmon.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "stratmon.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user; the sign-in and password-set pages say otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "stratmon.web.middleware.BusyDatabaseMiddleware",
    # A page reads the data version (stratmon.kpis.dataversion) once, however many results.
    "stratmon.kpis.middleware.DataVersionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a locked-out sign-in into StratMon's sign-in page with a 429 (last, as axes asks).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stratmon.urls"
WSGI_APPLICATION = "stratmon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stratmon.web.context.navigation",
            ],
        },
    },
]

SQLITE_PATH = VAR_DIR / "stratmon.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
# A bad DATABASE_URL must not crash the import of settings: the system check
# stratmon.E001 reports it instead, so every command fails with a clear message.
DATABASE_URL_ERROR = ""
_sqlite_options = {
    # WAL lets the web app read while an import writes; IMMEDIATE avoids
    # "database is locked" upgrades in the middle of a transaction.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    # Seconds a writer waits for another's transaction (Django's default, 5, made a sign-in
    # during a large import fail); the web server's request timeout is longer.
    "timeout": envint("SQLITE_BUSY_TIMEOUT", 60),
}
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=60)
        if _db.get("ENGINE") not in (
            "django.db.backends.postgresql",
            "django.db.backends.sqlite3",
        ):
            raise ValueError(f"unsupported database engine {_db.get('ENGINE')!r}")
    except Exception as exc:
        DATABASE_URL_ERROR = str(exc) or exc.__class__.__name__
        _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    if _db["ENGINE"] == "django.db.backends.sqlite3" and _db.get("NAME") != ":memory:":
        _db["OPTIONS"] = dict(_sqlite_options)
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": SQLITE_PATH,
        "OPTIONS": dict(_sqlite_options),
        # Kept open between requests, as PostgreSQL's (dj_database_url above): opening the
        # file and reading its schema again cost about 2 ms of every page.
        "CONN_MAX_AGE": envint("SQLITE_CONN_MAX_AGE", 60),
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The backup's format: Django's JSON with times kept to the microsecond.
SERIALIZATION_MODULES = {"stratmon-json": "stratmon.backup_format"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Serve straight from the apps' static folders, so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "/sign-in/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/sign-in/"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out user name and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "stratmon.accounts.backends.RoleBackend",
]
# Failed sign-ins (web and admin) are counted by django-axes in the database, so across every
# server process: after SIGN_IN_ATTEMPTS for one user name from one address, that pair is
# refused for SIGN_IN_PAUSE_SECONDS (counted from the last attempt). A success clears it.
SIGN_IN_ATTEMPTS = envint("SIGN_IN_ATTEMPTS", 5)
SIGN_IN_PAUSE_SECONDS = envint("SIGN_IN_PAUSE_SECONDS", 900)
AXES_FAILURE_LIMIT = SIGN_IN_ATTEMPTS
AXES_COOLOFF_TIME = datetime.timedelta(seconds=SIGN_IN_PAUSE_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "stratmon.web.signin.locked_out"
# The address is the connection's (REMOTE_ADDR), never a header a client can set: behind a
# reverse proxy that is the proxy's, so there the count is in effect per user name.
AXES_VERBOSE = envbool("AXES_VERBOSE", "False")
# The public survey response page (stratmon.surveys.throttle, docs/surveys.md): requests a
# minute per client address and per link. The address is REMOTE_ADDR; X-Forwarded-For is
# believed only from the reverse proxies listed in STRATMON_TRUSTED_PROXIES (their addresses).
SURVEY_POSTS_PER_ADDRESS = envint("SURVEY_POSTS_PER_ADDRESS", 120)
SURVEY_POSTS_PER_LINK = envint("SURVEY_POSTS_PER_LINK", 300)
SURVEY_VIEWS_PER_ADDRESS = envint("SURVEY_VIEWS_PER_ADDRESS", 600)
# The expert's profile link page (/x/<token>/, docs/desk.md), counted the same way: one expert
# sends a few updates, with a CV file each, so its limits are lower.
EXPERT_LINK_POSTS_PER_ADDRESS = envint("EXPERT_LINK_POSTS_PER_ADDRESS", 20)
EXPERT_LINK_POSTS_PER_LINK = envint("EXPERT_LINK_POSTS_PER_LINK", 10)
EXPERT_LINK_VIEWS_PER_ADDRESS = envint("EXPERT_LINK_VIEWS_PER_ADDRESS", 120)
SURVEY_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("STRATMON_TRUSTED_PROXIES", "").split(",") if a.strip()
]
# Evidence files (stratmon.evidence) are kept here, outside the database; back it up with it.
EVIDENCE_DIR = Path(os.environ.get("STRATMON_EVIDENCE_DIR", VAR_DIR / "evidence"))
EVIDENCE_MAX_BYTES = envint("STRATMON_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# A set-password link from an invitation works once, for this long.
PASSWORD_RESET_TIMEOUT = envint("INVITATION_SECONDS", 3 * 24 * 3600)

# Invitations go through Django's e-mail backend: printed on the console unless EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "StratMon <stratmon@localhost>")

SESSION_COOKIE_HTTPONLY = True
# A session ends this many seconds after sign-in (default 8 hours: a working day), and when
# the browser closes: shared office computers are common. (Not renewed on every request:
# that would make every page a database write.)
SESSION_COOKIE_AGE = envint("SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", "True")
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Deployments behind TLS (see docs/deployment.md): HTTPS only, HSTS, Secure cookies.
HTTPS = envbool("STRATMON_HTTPS", "False")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS or envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "True")
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "True")
if envbool("BEHIND_TLS_PROXY", "False"):
    # The proxy terminates TLS and says so in this header; only trust it behind a proxy.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Everything is served from here: no CDN, no inline script or style (stratmon.web.middleware).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# The REST API (stratmon.api, docs/api.md): personal tokens or the page's session, the access
# module's rules, pages of 50, errors as problem details, a request rate per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "stratmon.api.auth.TokenAuthentication",
        "stratmon.api.auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "stratmon.api.auth.FollowsRoles",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "stratmon.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["stratmon.api.auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_RATE", "600/min")},
    "DEFAULT_SCHEMA_CLASS": "stratmon.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "stratmon.api.problems.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # One representation per address: no `?format=` switching renderers.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "StratMon API",
    "DESCRIPTION": "Plans, KPIs as of any date, recorded facts and submissions (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Swagger UI's files are served by StratMon itself: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets that share a field name ("kind", "status") are named here once, so the
    # schema's enums keep stable names whatever other endpoints add.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "stratmon.plans.models.Plan.Status",
        "KpiStatusEnum": "stratmon.api.kpi_schema.STATUSES",
        "ActivityKindEnum": "stratmon.facts.models.Activity.Kind",
        "ActivityStatusEnum": "stratmon.facts.models.Activity.Status",
        "MemberStatusEnum": "stratmon.facts.models.MemberStatus.Status",
        "RequestKindEnum": "stratmon.facts.models.Request.Kind",
        "AgreementKindEnum": "stratmon.facts.models.Agreement.Kind",
        "OutputKindEnum": "stratmon.facts.models.Output.Kind",
        "SubmissionKindEnum": "stratmon.submissions.models.Submission.Kind",
        "SubmissionStateEnum": "stratmon.submissions.models.Submission.State",
        "AssistanceKindEnum": "stratmon.desk.models.Kind",
        "AssistanceStateEnum": "stratmon.desk.models.State",
        "AssistanceUrgencyEnum": "stratmon.desk.models.Urgency",
        "AssistanceChannelEnum": "stratmon.desk.models.Channel",
    },
}
