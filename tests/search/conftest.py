"""The search suite's content: a small library, news, a standard page, a members-only resource
and a page under a view restriction for the Members group, indexed by the same code that runs
on commit (``search.indexing``); and the backends the contract runs against."""

import os
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import PageViewRestriction

from members.factories import MemberOrganisationFactory
from portal.factories import paragraph
from portal.roles import MEMBERS
from resources.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)
from resources.models import ResourcePage
from search import indexing

MEMBERS_ONLY_TEXT = "Confidential triage matrix for reviewers"
RESTRICTED_TITLE = "Ministerial roundtable debrief"
RESTRICTED_TEXT = "Unpublished casework figures"


def backends():
    """The database backend always; Elasticsearch when ELASTICSEARCH_URL is set (and then
    marked, so that a server that does not answer skips, or fails under REQUIRE_SERVICES)."""
    available = [pytest.param("database", id="database")]
    if os.environ.get("ELASTICSEARCH_URL"):
        available.append(
            pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch)
        )
    return available


@pytest.fixture(params=backends())
def backend(request, settings):
    name = request.param
    if name == "elasticsearch":
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.SEARCH_INDEX_PREFIX = f"portal-test-{os.getpid()}-{int(time.time())}"
    yield name
    if name == "elasticsearch":
        from search.backends.elasticsearch import drop_indexes

        drop_indexes()


@pytest.fixture
def corpus(home_page, backend):
    library = ResourceIndexPageFactory(parent=home_page)
    made = {
        "title": ResourcePageFactory(
            parent=library,
            title="Hotline operations handbook",
            summary="Staffing a national reporting service.",
            resource_type=ResourcePage.Type.GUIDE,
            countries=["FR"],
        ),
        "body": ResourcePageFactory(
            parent=library,
            title="Helpline quality standards",
            summary="How a helpline answers; each national hotline is listed in an annex.",
            resource_type=ResourcePage.Type.REPORT,
            countries=["KE"],
        ),
        "plural": ResourcePageFactory(
            parent=library,
            title="Networks of hotlines",
            summary="Cooperation between countries.",
            resource_type=ResourcePage.Type.REPORT,
            countries=["FR", "BR"],
        ),
        "other": ResourcePageFactory(
            parent=library,
            title="Model legislation",
            summary="Definitions and offences for a national law.",
            resource_type=ResourcePage.Type.LEGISLATION,
            countries=["BR"],
        ),
        "members_only": ResourcePageFactory(
            parent=library,
            title="Assessment toolkit",
            summary="A toolkit for national assessments.",
            access=ResourcePage.Access.MEMBERS,
            body=[paragraph(f"<p>{MEMBERS_ONLY_TEXT}.</p>")],
            resource_type=ResourcePage.Type.TOOLKIT,
        ),
    }
    news = NewsIndexPageFactory(parent=home_page)
    made["news"] = NewsPageFactory(
        parent=news, title="Hotline network grows", summary="Three new hotlines joined."
    )
    made["restricted"] = NewsPageFactory(
        parent=news, title=RESTRICTED_TITLE, summary=f"{RESTRICTED_TEXT} from the hotline."
    )
    restriction = PageViewRestriction.objects.create(
        page=made["restricted"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=MEMBERS)])
    made["member"] = MemberOrganisationFactory(
        name="Helpline Federation", description="A federation of child helplines.", country="KE"
    )
    indexing.rebuild_database()
    if backend == "elasticsearch":
        from search.backends import get_backend

        get_backend("elasticsearch").rebuild()
    return made


def is_postgres():
    return connection.vendor == "postgresql"
