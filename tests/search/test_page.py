"""/search/ and /search/suggest/: what a visitor and a member get, in a bounded number of
queries, and never a server error."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.html import soup

from .conftest import MEMBERS_ONLY_TEXT, RESTRICTED_TEXT, RESTRICTED_TITLE

pytestmark = pytest.mark.django_db

# The count, the page of hits, six facets, the site and its settings (3); whatever the number of
# documents. (The view restrictions and the capabilities' labels are kept in the content cache.)
QUERY_BUDGET = 11


@pytest.fixture
def indexed(site, corpus):
    return corpus


def result_titles(response):
    return [link.get_text(strip=True) for link in soup(response).select(".search-result__title a")]


def test_the_page_lists_results_with_marked_snippets(
    client, indexed, django_assert_max_num_queries
):
    client.get("/search/")  # the site's settings rows are created at the first request
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get("/search/?q=hotline")
    assert response.status_code == 200
    page = soup(response)
    titles = result_titles(response)
    assert "Hotline operations handbook" in titles
    assert page.select(".search-result__snippet mark")
    assert page.select_one("#results-title").get_text(strip=True).startswith(str(len(titles)))
    assert response["Cache-Control"].startswith("private")


def test_facets_are_checkboxes_with_counts_and_filter_the_results(client, indexed):
    page = soup(client.get("/search/?q=hotline"))
    kinds = {box["value"] for box in page.select("input[type=checkbox][name=kind]")}
    assert {"resource", "news", "capability"} <= kinds
    response = client.get("/search/?q=hotline&kind=news")
    assert result_titles(response) == ["Hotline network grows"]
    page = soup(response)
    assert page.select_one("input[type=checkbox][name=kind][value=news]").has_attr("checked")
    # The kind facet still offers the other kinds (disjunctive), with their counts.
    assert page.select_one("input[type=checkbox][name=kind][value=resource]") is not None


def test_a_typo_links_to_the_suggestion(client, indexed):
    page = soup(client.get("/search/?q=hotlnie"))
    link = page.select_one(".search-suggestion a")
    assert link.get_text(strip=True) == "hotline"
    assert link["href"] == "?q=hotline"


def test_pagination_keeps_the_query_and_filters(client, indexed, monkeypatch):
    from search import service

    monkeypatch.setattr(service, "PER_PAGE", 2)
    page = soup(client.get("/search/?q=hotline&kind=resource&kind=news"))
    nxt = page.select_one("a[rel=next]")
    assert nxt is not None and "q=hotline" in nxt["href"] and "kind=news" in nxt["href"]


def test_a_visitor_never_sees_members_only_text(client, indexed):
    for query in ("triage", "casework", "roundtable", "hotline", ""):
        html = client.get(f"/search/?q={query}").content.decode()
        assert "matrix for reviewers" not in html.lower()
        assert MEMBERS_ONLY_TEXT not in html
        assert RESTRICTED_TEXT not in html and RESTRICTED_TITLE not in html
    suggestions = client.get("/search/suggest/?q=Minis").json()["suggestions"]
    assert suggestions == []


def test_a_member_sees_members_only_text(client, indexed, member):
    client.force_login(member)
    response = client.get("/search/?q=triage")
    assert result_titles(response) == ["Assessment toolkit"]
    assert result_titles(client.get("/search/?q=casework")) == [RESTRICTED_TITLE]
    titles = [s["title"] for s in client.get("/search/suggest/?q=Minis").json()["suggestions"]]
    assert titles == [RESTRICTED_TITLE]


def test_suggestions_as_you_type(client, indexed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/search/suggest/?q=hotl")
    data = json.loads(response.content)
    assert {"title": "Hotline operations handbook", "url": indexed["title"].url} in data[
        "suggestions"
    ]
    assert client.get("/search/suggest/?q=h").json() == {"suggestions": []}


def test_the_header_has_a_search_box(client, indexed):
    page = soup(client.get("/"))
    form = page.select_one("header form[role=search]")
    assert form["action"] == "/search/" and form.select_one("input[name=q]")
    page = soup(client.get("/fr/"))
    assert page.select_one("header form[role=search]")["action"] == "/fr/search/"


def test_the_page_is_in_each_language(client, indexed):
    response = client.get("/fr/search/?q=hotline")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "fr"


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.one_of(
        st.sampled_from(['"', "'", "%", "-", "!", "(", "a | b", "x" * 10_000, "hot*", "&"]),
        st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=60),
    ),
    kind=st.sampled_from(["", "resource", "nothing", "<b>", "x" * 300]),
    page=st.sampled_from(["", "-1", "0", "2", "99999999999999999999", "abc"]),
)
def test_hostile_queries_never_fail(client, indexed, query, kind, page):
    response = client.get("/search/", {"q": query, "kind": kind, "page": page})
    assert response.status_code == 200
    assert client.get("/search/suggest/", {"q": query}).status_code == 200


def test_capability_names_are_kept_under_the_content_version_and_follow_a_rename(
    client, indexed, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resources.factories import ResourcePageFactory
    from resources.models import MNRCapability
    from search import indexing

    ResourcePageFactory(
        parent=indexed["title"].get_parent(), title="Hotline referral guide", capabilities=[12]
    )
    indexing.rebuild_database()

    def capability_labels():
        with CaptureQueriesContext(connection) as queried:
            page = soup(client.get("/search/?q=hotline"))
        read = [q for q in queried if 'FROM "resources_mnrcapability"' in q["sql"]]
        labels = [
            label.get_text(" ", strip=True) for label in page.select("label[for^=f-capability-]")
        ]
        return labels, len(read)

    first, _read = capability_labels()
    assert any(label.startswith("12. CSEA hotline") for label in first), first
    again, read = capability_labels()
    assert (again, read) == (first, 0)  # from the content cache: no query

    hotline = MNRCapability.objects.get(number=12, locale__language_code="en")
    hotline.name = "National CSEA reporting hotline"
    with django_capture_on_commit_callbacks(execute=True):
        hotline.save()

    renamed, read = capability_labels()
    assert any(label.startswith("12. National CSEA reporting hotline") for label in renamed)
    assert read == 1


def test_view_restrictions_are_kept_under_the_content_version_and_a_new_one_applies_at_once(
    client, indexed
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import PageViewRestriction

    assert "Hotline network grows" in result_titles(client.get("/search/?q=hotline"))
    with CaptureQueriesContext(connection) as queried:
        client.get("/search/?q=hotline")
    assert not [q for q in queried if 'FROM "wagtailcore_pageviewrestriction"' in q["sql"]]

    PageViewRestriction.objects.create(
        page=indexed["news"], restriction_type=PageViewRestriction.LOGIN
    )

    assert "Hotline network grows" not in result_titles(client.get("/search/?q=hotline"))


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_each_facet_has_a_legend_of_its_own_in_every_language(client, indexed, language):
    """Two fieldsets named alike ("Catégorie" for both kind and category) cannot be told apart
    by a screen reader or anyone else."""
    prefix = "" if language == "en" else f"/{language}"
    page = soup(client.get(f"{prefix}/search/?q=hotline"))
    legends = [legend.get_text(strip=True) for legend in page.select("fieldset.facet legend")]
    assert len(legends) >= 3
    assert len(set(legends)) == len(legends), legends
