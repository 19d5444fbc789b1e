"""Settings shared by every environment.

Environment variables are read here and in ``production.py`` only; each one is documented in
``.env.example`` and in the README's configuration table.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from portal.cache import LOGGER_NAME as CACHE_LOGGER_NAME
from portal.cache import redis_cache

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal",
    "members",
    "resources",
    "directory",
    "events",
    "search",
    "newsletters",
    # Translation of pages and snippets in the admin (sync, PO files); its locales app replaces
    # wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    # E-mail providers' bounce and complaint webhooks (newsletters).
    "anymail",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Country names in every language: its catalogues load only for an installed app.
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]


def middleware(*, serve_static_files=False):
    """The one list of middleware, in order. ``serve_static_files`` puts WhiteNoise right after
    the security middleware: production and the browser tests serve static files from the
    application server itself (compressed and cache-busted); development leaves them to
    ``runserver``."""
    return [
        # First: an anonymous view of a Wagtail page that is in the page cache is answered
        # before any other middleware runs, with the headers the whole stack gave it when it
        # was stored (portal/pagecache.py, see "Page cache" below).
        "portal.pagecache.PageCacheMiddleware",
        "django.middleware.security.SecurityMiddleware",
        *(["whitenoise.middleware.WhiteNoiseMiddleware"] if serve_static_files else []),
        # Before anything reads the body, and anything but the page cache's lookup (which only
        # normalises and hashes it) reads the query: see portal/request_limits.py.
        "portal.request_limits.RequestLimitsMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        # The language is the URL's (/fr/..., English unprefixed): a first visit to an
        # unprefixed URL from a browser preferring another language is redirected once to that
        # language's prefix (portal/languages.py); LocaleMiddleware then activates the
        # URL's language.
        "portal.languages.FirstVisitRedirectMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "csp.middleware.CSPMiddleware",
        "allauth.account.middleware.AccountMiddleware",
        # Before the admin: a signed-in person without access is told so (no redirect loop), and
        # one with access but no second factor is sent to set it up.
        "portal.admin_access.AdminAccessMiddleware",
        "portal.admin_access.PageChooserAccessMiddleware",
        "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    ]


MIDDLEWARE = middleware()

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if "DATABASE_URL" not in env.ENVIRON:
    VAR_DIR.mkdir(exist_ok=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# SQLite (development): readers never wait for the writer (WAL), a write waits up to 20 s for
# another instead of failing with "database is locked" (Wagtail's autosave overlapping a Submit),
# and a transaction takes the write lock when it starts, so it never fails half-way.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
# django-environ reads ``?key_prefix=`` from the URL under a lowercase key that Django ignores:
# without the KEY_PREFIX, two portals sharing one Redis database would read each other's pages.
# A Redis cache fails soft (portal/cache.py): a cache that does not answer costs a request
# little and fails nothing; pages then render from the database.
# (django-environ names django-redis's backend for a redis:// URL when it is installed, Django's
# own otherwise.)
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    CACHES["default"] = redis_cache(
        CACHES["default"]["LOCATION"],
        timeout=env.float("CACHE_TIMEOUT", default=0.5),
        key_prefix=CACHES["default"].get("KEY_PREFIX") or CACHES["default"].get("key_prefix", ""),
    )
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = CACHE_LOGGER_NAME
# The cache holding the content version ("published content changed") and what is keyed on it:
# the page cache, the library's facet table.
CONTENT_CACHE_ALIAS = "default"

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# Tell people by e-mail when their password, addresses or second factors change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_FORMS = {"signup": "portal.accounts.SignupForm"}
# The way back in when password sign-in is slowed down (see "login_failed" below): a one-time
# code sent to the account's address. Staff with MFA still give their second factor after it.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so that operators see what is enforced.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    # Failed password (and second-factor) attempts, per client (its address as the trusted
    # proxies tell it, see TRUSTED_PROXIES) and per account: 5 in 5 minutes and 20 an hour per
    # account at most. While a limit holds every password is refused, the right one too (so the
    # limit tells a guesser nothing); the owner signs in with an e-mailed code meanwhile, or
    # waits.
    "login_failed": "30/5m/ip,5/5m/key,20/h/key",
    "confirm_email": "1/3m/key",
}
# Addresses or networks (comma-separated) of the proxies in front of the portal, such as the
# load balancer. A request from one of them is attributed to the address it names in
# X-Forwarded-For (walking back through trusted hops); any other request to its REMOTE_ADDR.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

MFA_ADAPTER = "portal.mfa.MFAAdapter"
# WebAuthn (security keys and passkeys, through fido2) as a second factor after the password;
# passkey sign-in without a password is off, so every sign-in meets the same rate limits.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = env("ALLIANCE_NAME", default="Alliance Portal")

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The interface languages, each with a complete catalogue in locale/ (tests/portal/
# test_catalogues.py fails on a missing or incomplete one), so that no page mixes languages.
# They are also the choices of a person's language preference (``portal.User.language``), in
# which every e-mail to them is written (``portal.mail.language_of``).
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Set only by the language switcher's link to English (``portal.languages.choose_language``):
# with it, an unprefixed URL is never redirected to the browser's language.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SITE_URL.startswith("https")
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail -----------------------------------------------------------------------------------
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Alliance Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# Without a broker, tasks run eagerly in-process so that `make run` needs nothing else.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# The one queue every task is sent to, the beat's and those a task sends itself (a newsletter
# issue enqueues its next batches); a worker started without --queues consumes it. Workers and
# the processes that enqueue must agree on it.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With acks_late, Redis hands a killed worker's task to another worker only after this long; it
# must outlast the longest retry countdown (send_email's backoff). E-mail does not wait for it:
# the dispatcher below sends a dead worker's message again once EMAIL_CLAIM_TIMEOUT has passed.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# A request must not hang when the broker is away: the row stays queued and beat picks it up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "dispatch-queued-emails": {
        "task": "portal.tasks.dispatch_queued_emails",
        "schedule": crontab(minute="*"),
    },
    "clear-sent-email-bodies": {
        "task": "portal.tasks.clear_sent_email_bodies",
        "schedule": crontab(hour=3, minute=40),
    },
}
# An e-mail left queued this long (its task was lost, or the broker was down) is enqueued again.
EMAIL_REQUEUE_AFTER_MINUTES = 10
# Seconds after its claim when a message still "sending" is taken to belong to a worker that died
# (the hard time limit kills any worker that takes longer) and is sent again, with the same
# Message-ID. Must stay above CELERY_TASK_TIME_LIMIT.
EMAIL_CLAIM_TIMEOUT = CELERY_TASK_TIME_LIMIT + 30
# Attempts (claims) before a message is failed for good; an attempt cut short by a dead worker
# counts.
EMAIL_MAX_ATTEMPTS = 6
# The text and HTML of sent messages are deleted this many days after sending; subject,
# recipient, category, status and times stay.
EMAIL_BODY_RETENTION_DAYS = env.int("EMAIL_BODY_RETENTION_DAYS", default=30)

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("ALLIANCE_NAME", default="Alliance Portal")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Content in every interface language: a locale per language (created after every ``migrate``,
# portal.locales), pages and snippets translated with wagtail-localize.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# Which search backend answers queries (search.backends): Elasticsearch when its URL is set.
SEARCH_BACKEND = "elasticsearch" if ELASTICSEARCH_URL else "database"
# Elasticsearch index names carry the environment (search.documents), behind an alias.
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="portal")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Editors cannot move a document out of a restricted collection (resources/forms.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.forms.DocumentForm"
# No shared-password privacy: a page password can be guessed without limit. Private pages and
# collections are for signed-in people or groups.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
TAGGIT_CASE_INSENSITIVE = True

# --- Security ---------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# The public site runs no inline script or style; the Wagtail admin is left to its own policy.
CONTENT_SECURITY_POLICY = {
    # The API's documentation page runs Swagger UI from its CDN (django-ninja's default).
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Health and tests -------------------------------------------------------------------------
HEALTHCHECK_TIMEOUT = 2.0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"one_per_interval": {"()": "portal.cache.OneLinePerInterval"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        # An unreachable cache fails every call: one line per interval says so.
        CACHE_LOGGER_NAME: {"filters": ["one_per_interval"]},
    },
}

# --- resources (the library) ------------------------------------------------------------------
# Members-only documents (a restricted collection) and restricted pages send people to allauth's
# sign-in, with its MFA and rate limits, never to Wagtail's own front-end login form.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
CELERY_BEAT_SCHEDULE["publish-scheduled-pages"] = {
    "task": "resources.tasks.publish_scheduled_pages",
    "schedule": crontab(minute="*"),
}

# --- Members (membership applications, member organisations) ---------------------------------
# Letters of endorsement live outside MEDIA_ROOT and are served only to reviewers through a view;
# empty means a sibling folder of MEDIA_ROOT named "<MEDIA_ROOT>-private".
MEMBERS_PRIVATE_ROOT = env("PRIVATE_MEDIA_ROOT", default="")
MEMBERS_ENDORSEMENT_MAX_BYTES = 10 * 1024 * 1024
# Reviewers are reminded daily of applications waiting longer than this many days.
MEMBERS_REVIEW_REMINDER_DAYS = env.int("MEMBERS_REVIEW_REMINDER_DAYS", default=14)
# Applicants are reminded once of an information request left unanswered this long.
MEMBERS_INFORMATION_REMINDER_DAYS = 7
# Contacts are reminded this many days before the yearly renewal of the commitment.
MEMBERS_RENEWAL_REMINDER_DAYS = 30
MEMBERS_INVITATION_MAX_AGE_DAYS = 14
# Public membership forms: at most this many submissions per person (or address) per hour.
MEMBERS_FORM_RATE_LIMIT = 60
CELERY_BEAT_SCHEDULE |= {
    "members-remind-reviewers": {
        "task": "members.tasks.remind_reviewers_of_waiting_applications",
        "schedule": crontab(hour=7, minute=0),
    },
    "members-remind-applicants": {
        "task": "members.tasks.remind_applicants_of_information_requests",
        "schedule": crontab(hour=7, minute=15),
    },
    "members-commitment-renewals": {
        "task": "members.tasks.check_commitment_renewals",
        "schedule": crontab(hour=7, minute=30),
    },
}

# --- Events (issue 15) ----------------------------------------------------------------------------
# Reminders go out ``reminder_days`` before each event (set per event); follow-ups after it.
CELERY_BEAT_SCHEDULE |= {
    "events-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "events-follow-ups": {
        "task": "events.tasks.send_event_follow_ups",
        "schedule": crontab(hour=8, minute=30),
    },
}

# --- Privacy and retention (portal/privacy/, members/privacy.py) -------------------------------
# Accounts whose addresses were never verified and that never signed in are deleted after this
# many days; declined and withdrawn applications (with their letters) after this many days from
# the decision; invitations never accepted this many days after their link expired.
PRIVACY_UNVERIFIED_ACCOUNT_DAYS = env.int("PRIVACY_UNVERIFIED_ACCOUNT_DAYS", default=30)
PRIVACY_CLOSED_APPLICATION_DAYS = env.int("PRIVACY_CLOSED_APPLICATION_DAYS", default=730)
PRIVACY_EXPIRED_INVITATION_DAYS = env.int("PRIVACY_EXPIRED_INVITATION_DAYS", default=30)
CELERY_BEAT_SCHEDULE |= {
    "privacy-purge-unverified-accounts": {
        "task": "portal.tasks.purge_unverified_accounts",
        "schedule": crontab(hour=3, minute=0),
    },
    "privacy-purge-closed-applications": {
        "task": "members.tasks.purge_closed_applications",
        "schedule": crontab(hour=3, minute=15),
    },
    "privacy-purge-expired-invitations": {
        "task": "members.tasks.purge_expired_invitations",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Page cache (issue 5) -----------------------------------------------------------------------
# Anonymous views of Wagtail pages are served from the cache (portal/pagecache.py); publishing
# moves the content version. Its middleware is the first of ``middleware()`` above: a cached
# page is answered before the others run, with the headers they gave it when it was stored.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# Bounds on what the page cache stores (issue 10): query strings stored per path and version,
# the longest normalised query string stored, and the largest page stored.
PAGE_CACHE_MAX_VARIANTS = env.int("PAGE_CACHE_MAX_VARIANTS", default=500)
PAGE_CACHE_MAX_QUERY_LENGTH = 300
PAGE_CACHE_MAX_BYTES = 256 * 1024

# --- Bad input and resources (issue 10) ---------------------------------------------------------
# A request announcing a larger body is refused (413) before it is read (portal/request_limits.py):
# a little above the largest upload (documents, 10 MB) and its form. Set the proxy's limit
# (nginx ``client_max_body_size``) to the same value.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=12 * 1024 * 1024)
# Form fields other than files (Django's default, written out), and uploads kept in memory up to
# this size before they are streamed to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Every image upload (the admin's, members' logos) is refused above this many pixels, read from
# the file's header, and stored re-encoded without metadata (portal/images.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("IMAGES_MAX_PIXELS", default=40_000_000)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.images.ImageForm"
# Longest side of an image as stored: originals from the admin, and members' logos.
IMAGES_MAX_SIDE = 4000
MEMBERS_LOGO_MAX_SIDE = 800

# The directory: editors are told monthly of entries not verified for over a year.
CELERY_BEAT_SCHEDULE["directory-stale-entries-digest"] = {
    "task": "directory.tasks.send_stale_entries_digest",
    "schedule": crontab(day_of_month=1, hour=6, minute=0),
}
# The public API (portal/api.py): requests per client address (ninja's throttling syntax).
API_RATE_LIMIT = env("API_RATE_LIMIT", default="300/m")
# --- Newsletters (issue 17, newsletters/services.py) ----------------------------------------------
# Hours a subscription's confirmation link stays valid.
NEWSLETTER_CONFIRMATION_HOURS = env.int("NEWSLETTER_CONFIRMATION_HOURS", default=72)
# Copies claimed and sent per batch, and the most sent per second by one worker (0: no limit; set
# it to what the mail provider allows).
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
NEWSLETTER_RATE_PER_SECOND = env.float("NEWSLETTER_RATE_PER_SECOND", default=0)
# The sender's checkpoint, every this many copies: it records the copies sent since the last one
# (one UPDATE) and reads pause and cancel. A worker killed between checkpoints sends the copies it
# had not recorded again, with the same Message-ID.
NEWSLETTER_STATUS_CHECK = 50
# A transient failure is retried after this many seconds, doubled on each further attempt.
NEWSLETTER_RETRY_BACKOFF = env.int("NEWSLETTER_RETRY_BACKOFF", default=60)
NEWSLETTER_MAX_ATTEMPTS = 5
# Seconds one task sends before enqueueing itself again (below CELERY_TASK_SOFT_TIME_LIMIT), and
# after which a claim is taken as a dead worker's (above CELERY_TASK_TIME_LIMIT).
NEWSLETTER_TASK_BUDGET = 40
NEWSLETTER_CLAIM_TIMEOUT = env.int("NEWSLETTER_CLAIM_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 30)
# Subscriptions asked for per hour from one address (the public form).
NEWSLETTER_SUBSCRIBE_RATE_LIMIT = 10
CELERY_BEAT_SCHEDULE |= {
    "newsletters-dispatch": {
        "task": "newsletters.tasks.dispatch_newsletters",
        "schedule": 60.0,
    },
}
# The mail provider's bounce and complaint webhooks (django-anymail, /anymail/<esp>/tracking/):
# anymail requires HTTP basic authentication with this "user:password" secret; set the same in
# the provider's webhook URL. Mailgun's events are also signed with its webhook signing key.
ANYMAIL = {
    "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default=""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env("MAILGUN_WEBHOOK_SIGNING_KEY", default=""),
}
