"""A resource page's lists come from the ORM: Django's own field conversion (dates are dates,
numbers numbers, choices their stored values), and the lists cost eight queries at most (that
no field the template reads costs a query per item: tests/resources/test_page_queries.py)."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from resources.models import ResourcePage
from resources.page_views import page_views
from resources.services import restricted_paths
from tests.resources.test_page_queries import resource_with

pytestmark = pytest.mark.django_db

OWN_LISTS_BUDGET = 8


def request_of(user, page):
    """A request for ``page`` by ``user``, its site found as when Wagtail serves a page."""
    request = RequestFactory().get(page.url)
    request.user = user
    Site.find_for_request(request)
    return request


def listed_objects(context):
    """Every model instance the context lists, with the instances they hold."""
    found = [context["library"]]
    for name in ("languages", "capabilities", "documents", "links", "language_versions"):
        found += context[name]
    found += [item.document for item in context["documents"]]
    return found


def assert_as_the_orm_gives(instance):
    """Each loaded field of ``instance`` has the value and the type a plain ``get`` gives."""
    fresh = type(instance)._base_manager.get(pk=instance.pk)
    deferred = instance.get_deferred_fields()
    for field in instance._meta.concrete_fields:
        if field.attname in deferred:
            continue
        mine, plain = getattr(instance, field.attname), getattr(fresh, field.attname)
        assert (mine, type(mine)) == (plain, type(plain)), f"{instance!r}.{field.attname}"


def test_the_lists_hold_python_values_as_the_orm_gives_them(library, member):
    page = ResourcePage.objects.get(pk=resource_with(library, 3, "members").pk)
    context = page_views.resource_context(page, request_of(member, page))

    assert context["can_view_full"] is True
    listed = listed_objects(context)
    assert len(listed) == 1 + 3 * 5 + 3  # library, five lists, documents
    for instance in [*listed, page.cover_image]:
        assert_as_the_orm_gives(instance)
    assert isinstance(page.cover_image.created_at, datetime.datetime)
    assert isinstance(page.cover_image.width, int)
    assert {version.access for version in context["language_versions"]} == {"public"}
    assert context["publisher"] == "Publisher 3"
    assert context["countries"] == ["France", "Kenya", "Uganda"]
    assert context["regions"] == ["Africa", "Americas", "Asia"]
    assert [card.title for card in context["related"]] == [
        f"with-3-members related {i}" for i in range(3)
    ]


@pytest.mark.parametrize("access", ["public", "members"])
def test_a_resources_own_lists_take_eight_queries_at_most(library, member, access):
    page = ResourcePage.objects.get(pk=resource_with(library, 6, access).pk)
    request = request_of(member, page)
    restricted_paths()  # read once per content version, from the cache afterwards
    with CaptureQueriesContext(connection) as queries:
        context = page_views.resource_context(page, request)
    assert len(queries) <= OWN_LISTS_BUDGET
    assert context["can_view_full"] is True
    assert len(context["documents"]) == len(context["links"]) == 6
