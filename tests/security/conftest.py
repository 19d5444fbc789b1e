import pytest

from portal.roles import (
    MEMBERS,
    MEMBERSHIP_REVIEWERS,
    SECRETARIAT_EDITORS,
    SECRETARIAT_MODERATORS,
)
from tests.security.accounts import make_user


@pytest.fixture
def staff_editor(db):
    return make_user("editor@example.org", [SECRETARIAT_EDITORS], mfa=True)


@pytest.fixture
def staff_moderator(db):
    return make_user(
        "moderator@example.org", [SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS], mfa=True
    )


@pytest.fixture
def staff_reviewer(db):
    return make_user("reviewer@example.org", [MEMBERSHIP_REVIEWERS], mfa=True)


@pytest.fixture
def member_contact(db):
    return make_user("member@example.org", [MEMBERS])
