"""Second factors for staff test users: a real authenticator app, through allauth's own API.

Everyone who can enter the Wagtail admin must have one (``portal.mfa``); the fixtures that create
staff give them ``STAFF_TOTP_SECRET`` and the tests that sign in type ``totp_code(...)``.
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

# A fixed base32 secret, as an authenticator app would hold it (test data only).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=STAFF_TOTP_SECRET, at=None, valid_for=1):
    """The code an authenticator app shows for ``secret`` at the Unix time ``at``; without ``at``,
    a code that stays current for at least ``valid_for`` seconds: the one shown now, or, if it is
    about to change, the next one, once it shows (as a person seeing a code about to expire waits
    for the next). The portal accepts only the current period's code (allauth's
    MFA_TOTP_TOLERANCE is 0), so a browser, slower from reading to the server's check than the
    test client, asks for more seconds."""
    if at is None:
        left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
        if left < valid_for:
            time.sleep(left + 0.05)
        at = time.time()
    counter = int(at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
