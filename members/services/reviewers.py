"""Who reviews membership applications and decides on memberships: the "Membership reviewers"
group and superusers."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from portal.roles import MEMBERSHIP_REVIEWERS


def is_reviewer(user):
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=MEMBERSHIP_REVIEWERS).exists()


def reviewers():
    User = get_user_model()
    return User.objects.filter(
        Q(groups__name=MEMBERSHIP_REVIEWERS) | Q(is_superuser=True), is_active=True
    ).distinct()
