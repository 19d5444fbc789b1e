import pytest

from members.factories import CommitmentStatementFactory
from portal.factories import UserFactory


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """Letters of endorsement go to a throwaway private folder, outside MEDIA_ROOT."""
    settings.MEMBERS_PRIVATE_ROOT = str(tmp_path / "private")


@pytest.fixture
def statement(db):
    return CommitmentStatementFactory()


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org")
