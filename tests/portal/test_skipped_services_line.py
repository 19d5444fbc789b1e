"""``make test`` ends with one plain line naming the services that were missing, the tests
skipped because of them, and the command that runs them (issue 12)."""

import pytest
from _pytest.reports import TestReport

from tests.services import missing_reason, skipped_for_services


def skipped(name, *markers):
    keywords = {name: 1, **dict.fromkeys(markers, 1)}
    return TestReport(
        f"tests/x.py::{name}", ("tests/x.py", 1, name), keywords, "skipped", None, "setup"
    )


@pytest.fixture
def no_redis(settings):
    settings.CELERY_BROKER_URL = ""
    missing_reason.cache_clear()
    yield
    missing_reason.cache_clear()


def test_the_line_names_the_services_the_tests_and_the_command(no_redis):
    reports = [
        skipped("test_worker", "integration"),
        skipped("test_journey", "browser"),
        skipped("test_other_journey", "browser"),
        skipped("test_plain_skip"),  # skipped for another reason: not counted
    ]
    line = skipped_for_services(reports)
    assert line.startswith("3 tests skipped (1 integration, 2 browser) because ")
    assert "Redis is missing (CELERY_BROKER_URL does not point at Redis)" in line
    command = line.split("Run them with: ", 1)[1]
    assert command.endswith(" make test")
    assert "CELERY_BROKER_URL=redis://127.0.0.1:6379/0" in command
    required = next(part for part in command.split() if part.startswith("REQUIRE_SERVICES="))
    assert "redis" in required.split("=", 1)[1].split(",")


def test_no_line_when_nothing_skipped_for_a_service(no_redis):
    assert skipped_for_services([skipped("test_plain_skip")]) is None
    assert skipped_for_services([]) is None
