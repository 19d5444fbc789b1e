"""Who may read members-only content: the rule, with no model of the library in it, so that any
part of the library (the pages' context, the listing, the document view) can ask it."""

from portal.roles import MEMBERS, MEMBERSHIP_REVIEWERS, SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS

# Members read members-only content; the secretariat's staff groups read it to do their work.
MEMBER_CONTENT_GROUPS = [MEMBERS, SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS, MEMBERSHIP_REVIEWERS]
# Where the answer for one user is kept for the rest of the request (on the user object).
ANSWER_ATTRIBUTE = "portal_member_content"


def can_view_members_content(user):
    """True for a signed-in member of the alliance, the secretariat's staff and superusers."""
    known = known_members_content_access(user)
    if known is None:
        known = remember_members_content_access(user, member_content_groups(user).exists())
    return known


def known_members_content_access(user):
    """``can_view_members_content(user)`` when it is known without a query, else ``None``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return getattr(user, ANSWER_ATTRIBUTE, None)


def member_content_groups(user):
    """The groups through which ``user`` reads members-only content, as a query not yet run (a
    page may fold it into a query of its own, and then remember the answer)."""
    return user.groups.filter(name__in=MEMBER_CONTENT_GROUPS)


def remember_members_content_access(user, allowed):
    """Keep the answer on the user object, for the rest of the request."""
    setattr(user, ANSWER_ATTRIBUTE, allowed)
    return allowed
