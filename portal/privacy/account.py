"""The portal's own part of a person's data: the account, its e-mail addresses and second
factors, the e-mails sent to it and the admin's log entries about it."""

import logging
import operator
from functools import reduce

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from portal.models import OutgoingEmail

from . import addresses_of, deletion_check, eraser, exporter
from .services import LOG_DELETE_ACCOUNT

logger = logging.getLogger(__name__)


@exporter("account", order=0)
def export_account(user):
    profile = UserProfile.objects.filter(user=user).first()
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "admin_preferences": {
            "preferred_language": profile.preferred_language,
            "time_zone": profile.current_time_zone,
            "has_avatar": bool(profile.avatar),
        }
        if profile
        else None,
    }


@exporter("email_addresses", order=1)
def export_email_addresses(user):
    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


@exporter("second_factors", order=2)
def export_second_factors(user):
    """Which second factors are set up and when they were used; never their secrets."""
    return [
        {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
        for a in Authenticator.objects.filter(user=user).order_by("created_at")
    ]


@deletion_check
def superusers_hand_over_first(user):
    if user.is_superuser:
        return [
            _(
                "Your account administers the whole site (superuser): ask another administrator "
                "to remove that status before you delete it."
            )
        ]
    return []


@eraser(order=90)
def erase_account_traces(user):
    """E-mails to the person's addresses, the admin's log entries that name the account, and
    the admin avatar. Runs last, after the other apps' erasers may have queued e-mail."""
    addresses = addresses_of(user)
    erase_outgoing_email(addresses)
    user_type = ContentType.objects.get_for_model(get_user_model())
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        label=_("Deleted account"), data={}
    )
    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None and profile.avatar:
        storage, name = profile.avatar.storage, profile.avatar.name
        transaction.on_commit(lambda: delete_file(storage, name))


def erase_outgoing_email(addresses):
    """Messages sent only to ``addresses`` are deleted; from any other, the addresses go."""
    if not addresses:
        return
    recipients = Cast("to", TextField())
    candidates = OutgoingEmail.objects.annotate(recipients=recipients).filter(
        reduce(operator.or_, (Q(recipients__icontains=a) for a in addresses))
    )
    remove = []
    for email in candidates.only("pk", "to"):
        others = [to for to in email.to if to.casefold() not in addresses]
        if len(others) == len(email.to):
            continue  # the address was part of a longer one
        if others:
            OutgoingEmail.objects.filter(pk=email.pk).update(to=others)
        else:
            remove.append(email.pk)
    OutgoingEmail.objects.filter(pk__in=remove).delete()


def delete_file(storage, name):
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete %s; remove it by hand.", name)


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action(
        LOG_DELETE_ACCOUNT, gettext_lazy("Delete account"), gettext_lazy("Account deleted")
    )
