"""Export and delete a person's data, and remove accounts that were never verified.

Views, tasks and commands call these; the sections each app contributes are registered in its
``privacy.py`` (see ``portal.privacy``).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import registry

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "alliance-portal-personal-data"
EXPORT_VERSION = 1

# Audit log (Reports → Site history), registered in ``portal.privacy.account``.
LOG_DELETE_ACCOUNT = "portal.delete_account"
BY_OWNER, UNVERIFIED = "owner", "unverified"


class AccountDeletionBlocked(Exception):
    """Something must happen before this account can be deleted; ``messages`` say what."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__(" ".join(str(m) for m in self.messages))


def discover():
    """Import every app's ``privacy`` module (done once at start-up by ``PortalConfig``)."""
    autodiscover_modules("privacy")


def export_data(user):
    """Everything the portal keeps about ``user``, as JSON-able sections."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "sections": {section: fn(user) for section, fn in registry.sorted_exporters()},
    }


def deletion_blockers(user):
    """Messages for people: what must happen before ``user``'s account can be deleted."""
    return [message for check in registry.checks for message in check(user)]


def delete_account(user, *, reason=BY_OWNER):
    """Delete ``user``'s account: every app removes what it keeps about the person or, where
    history must stay (applications, past memberships), anonymises it; then the ``User`` row
    goes. Raises ``AccountDeletionBlocked`` (and changes nothing) when a check says so.
    """
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        blockers = deletion_blockers(user)
        if blockers:
            raise AccountDeletionBlocked(blockers)
        for erase in registry.sorted_erasers():
            erase(user)
        # The secretariat sees that an account went, never whose: the label names nobody.
        log(
            instance=user,
            action=LOG_DELETE_ACCOUNT,
            user=user if reason == BY_OWNER else None,
            title=_("Deleted account"),
            data={"reason": reason},
        )
        user.delete()


def unverified_accounts(now=None):
    """Accounts older than ``PRIVACY_UNVERIFIED_ACCOUNT_DAYS`` whose addresses were never
    verified and that never signed in. Staff and superusers (made by ``createsuperuser``, often
    with no allauth address at all) are never counted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PRIVACY_UNVERIFIED_ACCOUNT_DAYS)
    return (
        get_user_model()
        .objects.filter(
            date_joined__lt=cutoff,
            last_login__isnull=True,
            is_staff=False,
            is_superuser=False,
            emailaddress__isnull=False,
        )
        .exclude(emailaddress__verified=True)
        .distinct()
    )


def purge_unverified_accounts(now=None):
    """Periodic: delete the accounts ``unverified_accounts`` finds. Returns how many went."""
    deleted = 0
    for user in unverified_accounts(now):
        try:
            delete_account(user, reason=UNVERIFIED)
        except AccountDeletionBlocked as exc:
            logger.info("Unverified account %s kept: %s", user.pk, exc)
        else:
            deleted += 1
    return deleted
