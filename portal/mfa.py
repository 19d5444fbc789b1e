"""Two-factor authentication: required for everyone who can enter the Wagtail admin.

People who can enter the admin (``wagtailadmin.access_admin``, superusers included) and have no
authenticator app or security key are sent to set one up before any admin page
(``portal.admin_access``). Everyone else is offered it under Account → Two-factor
authentication. Signing in with a second factor is allauth's own flow.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.utils.translation import gettext_lazy

# Recovery codes alone are no second factor: they only stand in for a lost app or key.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def can_enter_admin(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def has_second_factor(user):
    return is_mfa_enabled(user, types=SECOND_FACTORS)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": gettext_lazy(
            "Your account can enter the administration, so it must keep a second factor: add a "
            "security key before you turn off the authenticator app."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        """Someone who can enter the admin keeps at least one second factor."""
        user = authenticator.user
        if not can_enter_admin(user):
            return True
        others = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exclude(
            pk=authenticator.pk
        )
        return others.exists()
