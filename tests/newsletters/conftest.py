import pytest

from newsletters.factories import default_topics


@pytest.fixture
def topics(db):
    return default_topics()


@pytest.fixture
def run_on_commit_at_once(monkeypatch):
    """What waits for the commit (queued e-mails, sending tasks) runs at once: each test runs
    in a transaction that is never committed."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
