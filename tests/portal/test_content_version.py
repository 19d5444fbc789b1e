"""One content version: what each app registers moves it, and every cache keyed on it follows
(the anonymous page cache, the library's facet table, what each process keeps)."""

import pytest

from members.factories import ApplicationFactory, CommitmentStatementFactory
from members.models import Application, MemberOrganisation
from members.services import approve_application
from portal import content_version
from portal.pagecache import HEADER
from resources.factories import MNRPageFactory, ResourceIndexPageFactory, ResourcePageFactory
from resources.filters import facet_table
from resources.models import MNRCapability
from tests.html import soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def member_counts(response):
    html = soup(response)
    return [li.get_text(" ", strip=True) for li in html.select(".members-counts li")]


def test_renaming_an_mnr_capability_purges_the_anonymous_mnr_page(
    client, home_page, django_capture_on_commit_callbacks
):
    MNRPageFactory(parent=home_page)
    assert client.get("/mnr/")[HEADER] == "miss"
    assert client.get("/mnr/")[HEADER] == "hit"

    hotline = MNRCapability.objects.get(number=12)
    hotline.name = "Reporting hotline"
    with django_capture_on_commit_callbacks(execute=True):
        hotline.save()

    response = client.get("/mnr/")
    assert response[HEADER] == "miss"
    heading = soup(response).find(id="capability-12").find("h3")
    assert heading.get_text(strip=True) == "12. Reporting hotline"


def test_approving_a_member_purges_the_home_pages_member_counts(
    client, home_page, reviewer, django_capture_on_commit_callbacks
):
    CommitmentStatementFactory()
    application = ApplicationFactory(
        status=Application.Status.UNDER_REVIEW, kind=Application.Kind.COMPANY
    )
    before = client.get("/")
    assert before[HEADER] == "miss" and "0 companies" in member_counts(before)
    assert client.get("/")[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        approve_application(application, actor=reviewer)

    after = client.get("/")
    assert after[HEADER] == "miss" and "1 company" in member_counts(after)


def test_a_member_organisations_status_change_purges_the_home_pages_member_counts(
    client, home_page, django_capture_on_commit_callbacks
):
    from members.factories import MemberOrganisationFactory

    member = MemberOrganisationFactory(kind=MemberOrganisation.Kind.COUNTRY)
    assert "1 country" in member_counts(client.get("/"))
    assert client.get("/")[HEADER] == "hit"

    member.status = MemberOrganisation.Status.SUSPENDED
    with django_capture_on_commit_callbacks(execute=True):
        member.save()

    after = client.get("/")
    assert after[HEADER] == "miss" and "0 countries" in member_counts(after)


def test_a_draft_save_keeps_the_version_and_publishing_moves_it_once_committed(
    home_page, django_capture_on_commit_callbacks
):
    library = ResourceIndexPageFactory(parent=home_page)
    with django_capture_on_commit_callbacks(execute=True):
        resource = ResourcePageFactory(parent=library, title="Guide")
    version = content_version.current()
    table = facet_table()

    resource.title = "Guide, revised draft"
    with django_capture_on_commit_callbacks(execute=True):
        resource.save_revision()
    assert content_version.current() == version
    assert facet_table() is table  # not rebuilt for a draft

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resource.get_latest_revision().publish()
        assert content_version.current() == version  # not before the commit
    assert callbacks and content_version.current() != version
    assert facet_table() is not table


def test_the_version_is_read_once_per_request(rf, settings):
    request = rf.get("/")
    first = content_version.for_request(request)
    content_version.move()
    assert content_version.for_request(request) == first
    assert content_version.for_request(rf.get("/")) != first


def test_each_app_registers_what_moves_the_version():
    labels = set(content_version.REGISTERED)
    assert {
        "wagtailcore.Page",
        "wagtailcore.PageViewRestriction",
        "wagtailcore.Site",
        "portal.AllianceSettings",
        "portal.NavigationSettings",
        "resources.MNRDomain",
        "resources.MNRCapability",
        "members.MemberOrganisation",
    } <= labels


def test_a_new_facet_table_is_built_once_while_other_processes_wait_for_it(
    home_page, django_assert_num_queries
):
    import threading

    from resources.filters import BUILDING_KEY, TABLE_KEY, build_facet_table

    content_version.move()
    version = content_version.current()
    built_elsewhere = build_facet_table()
    cache = content_version.content_cache()
    assert cache.add(BUILDING_KEY.format(version), True, 30)  # another process is building
    finish = threading.Timer(0.3, cache.set, (TABLE_KEY.format(version), built_elsewhere))
    finish.start()
    try:
        with django_assert_num_queries(0):  # waited for it, built nothing
            table = facet_table()
    finally:
        finish.join()
    assert table == built_elsewhere


def test_a_deployment_forgets_what_the_code_before_it_cached():
    """Every deployment migrates: the version moves, so no fragment or list kept by the
    previous code (its templates, the shape of its values) is served by the new one."""
    from django.core.management import call_command

    before = content_version.current()
    call_command("migrate", verbosity=0)
    assert content_version.current() not in (before, None)
