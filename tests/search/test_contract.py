"""The search contract (``search.service.search``), the same for every available backend: the
database backend always (PostgreSQL or SQLite, as DATABASE_URL says), Elasticsearch when
ELASTICSEARCH_URL is set."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import service

from .conftest import RESTRICTED_TEXT, RESTRICTED_TITLE, is_postgres

pytestmark = pytest.mark.django_db


def titles(page):
    return [hit.title for hit in page.hits]


def run(query, backend, user=None, **kwargs):
    return service.search(query, user=user or AnonymousUser(), backend=backend, **kwargs)


def test_a_title_match_ranks_above_a_text_match(corpus, backend):
    found = titles(run("hotline", backend, filters={"kind": ["resource"]}))
    body_match = found.index("Helpline quality standards")
    assert found.index("Hotline operations handbook") < body_match
    assert found.index("Networks of hotlines") < body_match


def test_singular_and_plural_find_the_same_documents(corpus, backend):
    if backend == "database" and not is_postgres():
        pytest.skip("SQLite matches words as typed: stemming is PostgreSQL's and Elasticsearch's")
    singular = set(titles(run("hotline", backend)))
    plural = set(titles(run("hotlines", backend)))
    assert singular == plural
    assert {"Hotline operations handbook", "Networks of hotlines"} <= singular


def test_a_typo_gets_a_suggestion_that_finds_results(corpus, backend):
    page = run("hotlnie", backend)
    assert page.total == 0
    assert page.suggestion == "hotline"
    assert run(page.suggestion, backend).total > 0


def test_a_query_that_finds_enough_gets_no_suggestion(corpus, backend):
    assert run("hotline", backend).suggestion == ""


def test_each_facet_count_is_the_number_of_results_its_value_gives(corpus, backend):
    page = run("hotline", backend)
    assert page.facets["kind"]
    for facet, rows in page.facets.items():
        for value, count in rows:
            assert run("hotline", backend, filters={facet: [value]}).total == count, (facet, value)


def test_facet_counts_are_disjunctive(corpus, backend):
    page = run("", backend, filters={"kind": ["resource"], "country": ["FR"]})
    kinds = dict(page.facets["kind"])
    # The kind facet keeps the country filter, not its own: news and members in France count.
    assert kinds["resource"] == page.total == 2
    countries = dict(page.facets["country"])
    assert countries["FR"] == 2 and countries["BR"] == 2 and countries["KE"] == 1


def test_multi_select_within_a_facet_is_or(corpus, backend):
    fr = run("", backend, filters={"country": ["FR"]}).total
    ke = run("", backend, filters={"country": ["KE"]}).total
    both = run("", backend, filters={"country": ["FR", "KE"]}).total
    assert both == fr + ke - 0  # no document in both


def test_a_visitor_never_meets_members_only_text(corpus, backend):
    for query in ("triage", "confidential triage matrix", "casework", "ministerial", "roundtable"):
        page = run(query, backend)
        assert page.total == 0, query
        assert all(not rows or sum(n for _, n in rows) == 0 for rows in page.facets.values())
        assert not {"triage", "matrix", "casework", "ministerial"} & set(page.suggestion.split())
    page = run("toolkit", backend)
    assert titles(page) == ["Assessment toolkit"]  # the title and summary are public
    html = " ".join(str(hit.snippet) for hit in run("", backend, per_page=50).hits)
    assert "triage" not in html.lower() and RESTRICTED_TEXT.lower() not in html.lower()
    assert RESTRICTED_TITLE not in titles(run("hotline", backend))


def test_a_member_finds_members_only_text(corpus, backend, member):
    page = run("triage", backend, user=member)
    assert titles(page) == ["Assessment toolkit"]
    assert "<mark>" in str(page.hits[0].snippet)
    assert titles(run("casework", backend, user=member)) == [RESTRICTED_TITLE]


def test_staff_outside_the_restrictions_group_do_not_find_the_restricted_page(
    corpus, backend, editor
):
    # Wagtail's own check: the page is restricted to the Members group.
    assert run("casework", backend, user=editor).total == 0
    assert titles(run("triage", backend, user=editor)) == ["Assessment toolkit"]


def test_snippets_mark_the_words_and_escape_the_text(corpus, backend):
    hit = next(hit for hit in run("annex", backend).hits)
    assert "<mark>annex</mark>" in str(hit.snippet)


def test_pages_and_odd_input(corpus, backend):
    page = run("hotline", backend, per_page=1, page=2)
    assert page.number == 2 and len(page.hits) == 1
    assert run("hotline", backend, per_page=1, page=-4).number == 1
    last = run("hotline", backend, per_page=1, page=99)
    assert last.number == last.num_pages and last.hits
    for odd in ('"', "'", "-", "(", "a & b | !c", "x" * 10_000, "\x00hotline", "or", "the"):
        run(odd, backend)
    assert run("hotline", backend, filters={"kind": ["nothing"], "colour": ["red"]}).total == 0


def test_ranked_ids_are_the_keys_of_one_kind_best_first(corpus, backend, member):
    """What the library's keyword box asks (``search.service.ranked_ids``): the ids of one kind,
    ranked as ``search`` ranks them, with the same visibility."""

    def ids(query, user=None):
        return service.ranked_ids("resource", query, user=user, backend=backend)

    key = {name: str(page.pk) for name, page in corpus.items() if hasattr(page, "pk")}
    ranked = ids("hotline")
    # The two title matches, then the text match; no news item (another kind).
    assert len(ranked) == 3
    assert set(ranked[:2]) == {key["title"], key["plural"]} and ranked[2] == key["body"]
    assert ids("triage") == []
    assert ids("triage", user=member) == [key["members_only"]]
    assert service.ranked_ids("resource", "hotline", backend=backend, limit=1) == ranked[:1]
    assert ids("") == [] and ids("\x00  ") == []


def test_a_listing_without_keywords_is_what_the_person_may_see_newest_first(
    corpus, backend, member
):
    everything = run("", backend, per_page=50)
    assert RESTRICTED_TITLE not in titles(everything)
    assert RESTRICTED_TITLE in titles(run("", backend, user=member, per_page=50))
    assert everything.total == len(everything.hits)
    dated = [hit.date for hit in everything.hits if hit.date]
    assert dated == sorted(dated, reverse=True)
    resources = run("", backend, filters={"kind": ["resource"]}, per_page=50)
    assert resources.total == 5 and {hit.kind for hit in resources.hits} == {"resource"}
    first, second = (
        run("", backend, filters={"kind": ["resource"]}, per_page=2, page=n) for n in (1, 2)
    )
    assert titles(first) + titles(second) == titles(resources)[:4]
