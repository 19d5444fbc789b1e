"""Development settings: the embedded defaults, for `make run`."""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]

# WebAuthn on http://127.0.0.1 (production always runs on HTTPS).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
