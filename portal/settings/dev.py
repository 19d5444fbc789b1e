"""Development settings: the embedded defaults, for `make run`."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, SITE_URL

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
# ``make run`` sets SITE_URL from HOST and PORT: its host is allowed too.
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", urlsplit(SITE_URL).hostname]
INTERNAL_IPS = ["127.0.0.1"]

# WebAuthn on http://127.0.0.1 (production always runs on HTTPS).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
