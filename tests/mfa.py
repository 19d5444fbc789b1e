"""Second factors for staff test users: a real authenticator app, through allauth's own API.

Everyone who can enter the Wagtail admin must have one (``portal.mfa``); the fixtures that create
staff give them ``STAFF_TOTP_SECRET`` and the tests that sign in type ``totp_code(...)``.
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

# A fixed base32 secret, as an authenticator app would hold it (test data only).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=STAFF_TOTP_SECRET, at=None):
    """The code an authenticator app shows for ``secret`` now (or at the Unix time ``at``)."""
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
