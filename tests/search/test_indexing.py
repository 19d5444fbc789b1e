"""The index follows the content through tasks enqueued on commit: publish, unpublish, move,
delete, view restrictions, members leaving the public list; and ``search_index`` rebuilds and
reports."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from members.factories import MemberOrganisationFactory
from members.models import MemberOrganisation
from portal.roles import MEMBERS
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from search import service
from search.models import SearchDocument, SearchFacetValue

pytestmark = pytest.mark.django_db


def found(query, user=None):
    return [hit.title for hit in service.search(query, user=user).hits]


@pytest.fixture
def library(home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ResourceIndexPageFactory(parent=home_page)


def test_nothing_is_indexed_before_the_commit(library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ResourcePageFactory(parent=library, title="Grooming indicators")
    assert found("grooming") == []
    for callback in callbacks:
        callback()
    assert found("grooming") == ["Grooming indicators"]


def test_publish_unpublish_and_delete(library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = ResourcePageFactory(parent=library, title="Grooming indicators", countries=["FR"])
    document = SearchDocument.objects.get(source="resources.resourcepage", source_id=page.pk)
    values = SearchFacetValue.objects.filter(document=document).values_list("facet", "value")
    assert set(values) >= {
        ("kind", "resource"),
        ("country", "FR"),
        ("language", "en"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Grooming warning signs"
        page.save_revision().publish()
    assert found("grooming") == ["Grooming warning signs"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert found("grooming") == []
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert found("grooming") == ["Grooming warning signs"]
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert not SearchDocument.objects.filter(source_id=str(page.pk)).exists()


def test_a_draft_changes_nothing(library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = ResourcePageFactory(parent=library, title="Grooming indicators")
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Secret draft title"
        page.save_revision()
    assert found("secret draft") == []
    assert found("grooming") == ["Grooming indicators"]


def test_a_move_updates_the_address(library, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = ResourcePageFactory(parent=library, title="Grooming indicators", slug="grooming")
    with django_capture_on_commit_callbacks(execute=True):
        library.slug = "library"
        library.save_revision().publish()
    hit = service.search("grooming").hits[0]
    assert hit.url == "/library/grooming/"
    assert page.pk


def test_a_view_restriction_hides_the_page_at_once(
    library, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ResourcePageFactory(parent=library, title="Grooming indicators")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=library, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get(name=MEMBERS)])
    assert found("grooming") == []
    assert found("grooming", user=member) == ["Grooming indicators"]


def test_a_member_leaving_the_public_list_leaves_the_index(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member = MemberOrganisationFactory(name="Northwind Messaging", slug="northwind")
    assert found("northwind") == ["Northwind Messaging"]
    with django_capture_on_commit_callbacks(execute=True):
        member.status = MemberOrganisation.Status.SUSPENDED
        member.save()
    assert found("northwind") == []


def test_rebuild_and_status(library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ResourcePageFactory(parent=library, title="Grooming indicators")
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "differs" in out.getvalue()
    call_command("search_index", "rebuild", stdout=StringIO())
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "matches the database" in out.getvalue()
    assert "resources.resourcepage" in out.getvalue()
    assert found("grooming") == ["Grooming indicators"]


def test_directory_entries_and_events_are_found_and_the_online_link_never_is(
    home_page, django_capture_on_commit_callbacks
):
    from directory.factories import DirectoryEntryFactory
    from events.factories import EventIndexPageFactory, EventPageFactory

    with django_capture_on_commit_callbacks(execute=True):
        entry = DirectoryEntryFactory(name="Point de Contact", description="Signalement en ligne")
        index = EventIndexPageFactory(parent=home_page)
        EventPageFactory(
            parent=index,
            title="Hotline summit",
            strapline="Operators meet",
            online_link="https://meet.example.org/secret-room",
        )

    results = service.search("Point de Contact")
    assert [(hit.title, hit.url) for hit in results.hits] == [
        ("Point de Contact", entry.get_absolute_url())
    ]
    assert found("operators") == ["Hotline summit"]
    assert found("secret-room") == []
    assert not SearchDocument.objects.filter(public_text__icontains="meet.example.org").exists()
    kinds = SearchFacetValue.objects.filter(facet="kind").values_list("value", flat=True)
    assert {"directory", "event"} <= set(kinds)
    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()
    assert found("Point de Contact") == []
