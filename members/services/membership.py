"""Member organisations: how many there are, their status (the secretariat suspends, ends and
reinstates; member access follows at once) and the yearly renewal of their commitment.

Membership decisions outside applications go to Wagtail's audit log (Reports → Site history),
on the member organisation; the actions are registered in ``members.wagtail_hooks``. Log data
names people by account id only: the report looks their name up, so deleting an account leaves
no copy of it in the log.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from ..models import (
    CommitmentStatement,
    MemberOrganisation,
)
from .contacts import contact_of, sync_member_access
from .errors import MembershipError, NotAllowed
from .reviewers import is_reviewer

LOG_SUSPEND, LOG_END, LOG_REINSTATE = "members.suspend", "members.end", "members.reinstate"

MemberStatus = MemberOrganisation.Status
# An ended membership stays ended: the country, company or organisation applies again.
MEMBERSHIP_TRANSITIONS = {
    MemberStatus.ACTIVE: {MemberStatus.SUSPENDED, MemberStatus.ENDED},
    MemberStatus.SUSPENDED: {MemberStatus.ACTIVE, MemberStatus.ENDED},
}
MEMBERSHIP_LOG_ACTIONS = {
    MemberStatus.SUSPENDED: LOG_SUSPEND,
    MemberStatus.ENDED: LOG_END,
    MemberStatus.ACTIVE: LOG_REINSTATE,
}


def member_counts():
    """``[{"kind": "country", "count": 70, "noun": "countries"}, …]`` in one query."""
    counts = MemberOrganisation.objects.counts_by_kind()
    nouns = {
        MemberOrganisation.Kind.COUNTRY: lambda n: ngettext("country", "countries", n),
        MemberOrganisation.Kind.COMPANY: lambda n: ngettext("company", "companies", n),
        MemberOrganisation.Kind.ORGANISATION: lambda n: ngettext(
            "organisation", "organisations", n
        ),
    }
    return [
        {"kind": kind, "label": label, "count": counts[kind], "noun": nouns[kind](counts[kind])}
        for kind, label in MemberOrganisation.Kind.choices
    ]


def set_membership_status(member, status, *, actor):
    """Suspend, end or reinstate a membership; member access follows at once."""
    if not is_reviewer(actor):
        raise NotAllowed(_("Only a membership reviewer can do this."))
    allowed = MEMBERSHIP_TRANSITIONS
    with transaction.atomic():
        locked = MemberOrganisation.objects.select_for_update().get(pk=member.pk)
        if status not in allowed.get(locked.status, set()):
            raise MembershipError(
                _("A membership that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": MemberOrganisation.Status(locked.status).label,
                    "to": MemberOrganisation.Status(status).label,
                }
            )
        from_status = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        users = [c.user for c in locked.contacts.select_related("user")]
        sync_member_access(users)
        log(
            instance=locked,
            action=MEMBERSHIP_LOG_ACTIONS[status],
            user=actor,
            data={"from": from_status, "to": status, "contacts": len(users)},
        )
    member.refresh_from_db()
    return member


def suspend_membership(member, *, actor):
    return set_membership_status(member, MemberOrganisation.Status.SUSPENDED, actor=actor)


def end_membership(member, *, actor):
    return set_membership_status(member, MemberOrganisation.Status.ENDED, actor=actor)


def reinstate_membership(member, *, actor):
    return set_membership_status(member, MemberOrganisation.Status.ACTIVE, actor=actor)


def renew_commitment(member, *, actor):
    """A contact endorses the current statement of commitments again, for another year."""
    contact_of(member, actor)
    statement = CommitmentStatement.objects.current()
    if statement is None:
        raise MembershipError(_("There is no statement of commitments to endorse yet."))
    member.commitment = statement
    member.commitment_endorsed_on = timezone.localdate()
    member.commitment_lapsed_on = None
    member.save(
        update_fields=["commitment", "commitment_endorsed_on", "commitment_lapsed_on", "updated_at"]
    )
    return member
