import datetime

import pytest

from resources.factories import ResourcePageFactory
from resources.models import ResourcePage
from tests.html import soup
from tests.pages import QUERY_BUDGET
from tests.resources.conftest import atom_entries, facet_counts, result_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(library):
    """Four resources that differ in every filter."""
    return {
        "A": ResourcePageFactory(
            parent=library, title="Alpha guide", resource_type="guide", capabilities=[1],
            countries=["FR"], languages=["fr"], publication_date=datetime.date(2024, 3, 1),
        ),
        "B": ResourcePageFactory(
            parent=library, title="Bravo guide", resource_type="guide", capabilities=[12],
            countries=["KE"], languages=["en"], publication_date=datetime.date(2023, 5, 1),
            access=ResourcePage.Access.MEMBERS,
        ),
        "C": ResourcePageFactory(
            parent=library, title="Charlie report", resource_type="report",
            capabilities=[12, 16], regions=["150"], languages=["en"],
            publication_date=datetime.date(2024, 7, 1),
        ),
        "D": ResourcePageFactory(
            parent=library, title="Delta toolkit", resource_type="toolkit", capabilities=[4],
            countries=["BR"], languages=["pt"], publication_date=datetime.date(2022, 1, 1),
        ),
    }  # fmt: skip


def test_listing_shows_every_resource_newest_first_with_badges(client, catalogue):
    response = client.get("/resources/")
    assert response.status_code == 200
    assert result_titles(response) == [
        "Charlie report",
        "Alpha guide",
        "Bravo guide",
        "Delta toolkit",
    ]
    cards = soup(response).select(".resource-card")
    badges = {
        card.find("h3").get_text(strip=True): [
            b.get_text(strip=True) for b in card.select(".badge")
        ]
        for card in cards
    }
    assert badges["Bravo guide"] == ["Guide", "Members only"]
    assert badges["Alpha guide"] == ["Guide"]
    assert facet_counts(response, "type") == {
        "guide": 2, "report": 1, "toolkit": 1, "case_study": 0, "legislation": 0,
        "policy": 0, "training": 0, "research": 0, "video": 0,
    }  # fmt: skip
    assert facet_counts(response, "access") == {"public": 3, "members": 1}
    assert facet_counts(response, "year") == {"2024": 2, "2023": 1, "2022": 1}
    assert facet_counts(response, "country") == {"BR": 1, "FR": 1, "KE": 1}
    assert facet_counts(response, "language") == {"en": 2, "fr": 1, "pt": 1}
    assert facet_counts(response, "region") == {
        "002": 1, "019": 1, "142": 0, "150": 2, "009": 0,
    }  # fmt: skip
    domains = facet_counts(response, "domain")
    assert domains == {"1": 1, "2": 1, "3": 0, "4": 2, "5": 1, "6": 0}
    capabilities = facet_counts(response, "capability")
    assert len(capabilities) == 21
    assert (capabilities["1"], capabilities["12"], capabilities["16"], capabilities["4"]) == (
        1, 2, 1, 1,
    )  # fmt: skip


def test_a_card_links_the_resource_and_shows_what_it_concerns(client, catalogue):
    charlie = catalogue["C"]
    ResourcePage.objects.filter(pk=charlie.pk).update(publisher_name="Safe Kids Online")
    card = next(
        card
        for card in soup(client.get("/resources/")).select(".resource-card")
        if card.find("h3").get_text(strip=True) == "Charlie report"
    )
    assert card.find("a")["href"] == charlie.url == "/resources/charlie-report/"
    assert card.select_one(".resource-card__summary").get_text(strip=True) == charlie.summary
    meta = {
        item.find("dt").get_text(strip=True): item.find("dd").get_text(strip=True)
        for item in card.select(".resource-meta > div")
    }
    assert meta == {
        "Published": "July 1, 2024",  # the language's DATE_FORMAT
        "Publisher": "Safe Kids Online",
        "MNR capabilities": "; ".join(str(c) for c in charlie.capabilities.order_by("number")),
        "Languages": "English",
    }
    assert card.find("time")["datetime"] == "2024-07-01"


def test_cards_and_filters_escape_what_editors_typed(client, library):
    from resources.models import Language

    Language.objects.create(code="xx", name='<i>Tongue</i> & "Co"')
    ResourcePageFactory(
        parent=library,
        title="<script>alert(1)</script> & more",
        summary='Say "hi" <b>loud</b>',
        publisher_name="A & B <Ltd>",
        languages=["xx"],
    )
    response = client.get("/resources/")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>loud</b>" not in html
    assert "<i>Tongue</i>" not in html
    card = soup(response).select_one(".resource-card")
    assert card.find("h3").get_text() == "<script>alert(1)</script> & more"
    assert card.select_one(".resource-card__summary").get_text() == 'Say "hi" <b>loud</b>'
    assert "A & B <Ltd>" in card.get_text() and '<i>Tongue</i> & "Co"' in card.get_text()
    label = soup(response).select_one('label[for="f-language-xx"]')
    assert label.get_text(" ", strip=True) == '<i>Tongue</i> & "Co" (1)'


def test_values_of_one_filter_are_ored_and_filters_anded_with_disjunctive_counts(client, catalogue):
    response = client.get("/resources/?type=guide&type=report")
    assert sorted(result_titles(response)) == ["Alpha guide", "Bravo guide", "Charlie report"]

    response = client.get("/resources/?type=guide&type=report&year=2024")
    assert result_titles(response) == ["Charlie report", "Alpha guide"]
    # Each filter's counts keep the other filters: types within 2024, years within the types.
    assert facet_counts(response, "type")["guide"] == 1
    assert facet_counts(response, "type")["report"] == 1
    assert facet_counts(response, "type")["toolkit"] == 0
    assert facet_counts(response, "year") == {"2024": 2, "2023": 1}
    html = soup(response)
    assert html.find("input", id="f-type-guide").has_attr("checked")
    assert not html.find("input", id="f-type-toolkit").has_attr("checked")
    assert html.select_one("#results-title").get_text(strip=True) == "2 resources"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=150", ["Charlie report", "Alpha guide"]),  # explicit region, or a country in it
        ("region=002", ["Bravo guide"]),
        ("domain=4", ["Charlie report", "Bravo guide"]),
        ("capability=12&access=members", ["Bravo guide"]),
        ("capability=12&capability=4", ["Charlie report", "Bravo guide", "Delta toolkit"]),
        ("country=ke", ["Bravo guide"]),
        ("language=pt", ["Delta toolkit"]),
        ("language=en&year=2023", ["Bravo guide"]),
        ("access=public&domain=1&domain=2", ["Alpha guide", "Delta toolkit"]),
        ("type=video", []),
    ],
)
def test_each_filter(client, catalogue, query, expected):
    response = client.get(f"/resources/?{query}")
    assert response.status_code == 200
    assert result_titles(response) == expected


def test_region_counts_count_a_resource_once(client, library):
    ResourcePageFactory(parent=library, countries=["FR", "DE"], regions=["150"])
    response = client.get("/resources/")
    assert facet_counts(response, "region")["150"] == 1


def test_active_filters_link_to_the_listing_without_them_and_state_is_in_the_url(client, catalogue):
    response = client.get("/resources/?type=guide&language=fr")
    html = soup(response)
    links = {a.get_text(" ", strip=True): a["href"] for a in html.select(".active-filters__list a")}
    assert links["Type: Guide (remove) ×"] == "?language=fr"
    assert links["Language: French (Français) (remove) ×"] == "?type=guide"
    feed = html.find("link", rel="alternate")
    assert feed["href"] == "/resources/feed/?type=guide&language=fr"
    # The filters form is a plain GET form: a shared address reproduces the view.
    form = html.select_one(".library__filters form")
    assert form["method"] == "get"
    # New keywords and another sort keep the filters (and a sort keeps the keywords).
    html = soup(client.get("/resources/?q=guide&type=guide&language=fr&language=en"))
    kept = [("type", "guide"), ("language", "fr"), ("language", "en")]
    hidden = [(i["name"], i["value"]) for i in html.select(".library-search input[type=hidden]")]
    assert hidden == kept
    hidden = [(i["name"], i["value"]) for i in html.select(".library-sort input[type=hidden]")]
    assert hidden == [("q", "guide"), *kept]


def test_bad_filter_values_are_ignored(client, catalogue):
    response = client.get(
        "/resources/?type=bogus&year=20x4&country=ZZ&capability=abc&region=999&page=zz"
    )
    assert response.status_code == 200
    assert len(result_titles(response)) == 4


def test_keyword_search_within_the_library_with_filters_and_sorts(client, library, search_index):
    ResourcePageFactory(
        parent=library,
        title="Hotline handbook",
        summary="Running a hotline: hotline staff.",
        publication_date=datetime.date(2020, 1, 1),
    )
    ResourcePageFactory(
        parent=library,
        title="Helpline report",
        resource_type="report",
        summary="Mentions a hotline once.",
        publication_date=datetime.date(2025, 1, 1),
    )
    ResourcePageFactory(parent=library, title="Unrelated law", summary="Criminal law.")
    search_index()
    response = client.get("/resources/?q=hotline")
    assert result_titles(response) == ["Hotline handbook", "Helpline report"]
    html = soup(response)
    assert [o["value"] for o in html.select("#library-sort option")] == ["newest", "relevance"]
    assert html.select_one("#library-sort option[selected]")["value"] == "relevance"
    assert html.find("input", id="library-q")["value"] == "hotline"

    response = client.get("/resources/?q=hotline&sort=newest")
    assert result_titles(response) == ["Helpline report", "Hotline handbook"]
    response = client.get("/resources/?q=hotline&type=report")
    assert result_titles(response) == ["Helpline report"]
    assert facet_counts(response, "type")["guide"] == 1
    # Without keywords there is nothing to rank by: the sort is by date.
    html = soup(client.get("/resources/?sort=relevance"))
    assert [o["value"] for o in html.select("#library-sort option")] == ["newest"]


def test_pagination_keeps_the_filters(client, library):
    for i in range(14):
        ResourcePageFactory(parent=library, title=f"Guide {i:02}", resource_type="guide")
    ResourcePageFactory(parent=library, title="A report", resource_type="report")
    response = client.get("/resources/?type=guide")
    assert len(result_titles(response)) == 12
    next_link = soup(response).find("a", rel="next")
    assert next_link["href"] == "?type=guide&page=2"
    response = client.get("/resources/" + next_link["href"])
    assert result_titles(response) == ["Guide 01", "Guide 00"]
    assert soup(response).find("span", attrs={"aria-current": "page"}).get_text() == "2"


def test_drafts_and_other_pages_are_not_listed(client, library):
    ResourcePageFactory(parent=library, title="Published")
    ResourcePageFactory(parent=library, title="Draft", live=False)
    assert result_titles(client.get("/resources/")) == ["Published"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
@pytest.mark.parametrize("count", [2, 20])
def test_listing_queries_do_not_grow_with_results(
    client, library, member, count, signed_in, django_assert_max_num_queries, search_index
):
    for i in range(count):
        ResourcePageFactory(
            parent=library, capabilities=[1 + i % 21, 2], countries=["FR", "KE"],
            regions=["150"], languages=["en", "fr"], resource_type="guide",
        )  # fmt: skip
    search_index()
    if signed_in:
        client.force_login(member)
    client.get("/resources/")  # warm Wagtail's per-process caches (site root paths)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get("/resources/?per=x")
    assert len(result_titles(response)) == min(count, 12)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get("/resources/?type=guide&language=fr")
    assert len(result_titles(response)) == min(count, 12)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get("/resources/?q=resource&type=guide&region=150&language=fr")
    assert len(result_titles(response)) == min(count, 12)


def test_the_listing_follows_publishing_and_unpublishing(
    client, library, django_capture_on_commit_callbacks
):
    """Each change moves the content version once it is committed (as a request's would)."""

    def committed(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    first = committed(lambda: ResourcePageFactory(parent=library, title="First", countries=["FR"]))
    assert result_titles(client.get("/resources/")) == ["First"]
    second = committed(
        lambda: ResourcePageFactory(parent=library, title="Second", countries=["KE"])
    )
    committed(lambda: second.save_revision().publish())
    response = client.get("/resources/")
    assert sorted(result_titles(response)) == ["First", "Second"]
    assert facet_counts(response, "country") == {"FR": 1, "KE": 1}
    committed(first.unpublish)
    response = client.get("/resources/")
    assert result_titles(response) == ["Second"]
    assert facet_counts(response, "country") == {"KE": 1}
    committed(second.delete)
    assert result_titles(client.get("/resources/")) == []


def test_atom_feed_of_new_resources_applies_the_filters(client, catalogue):
    response = client.get("/resources/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = atom_entries(response)
    assert {e["title"] for e in entries} == {
        "Alpha guide",
        "Bravo guide",
        "Charlie report",
        "Delta toolkit",
    }
    assert "http://localhost/resources/alpha-guide/" in {e["link"] for e in entries}
    bravo = next(e for e in entries if e["title"] == "Bravo guide")
    assert bravo["summary"] == catalogue["B"].summary
    assert bravo["categories"] == ["Guide", "Members only"]
    response = client.get("/resources/feed/?type=report")
    assert [e["title"] for e in atom_entries(response)] == ["Charlie report"]


def test_country_names_follow_the_active_language():
    from django.utils import translation

    from resources.filters import country_name

    with translation.override("en"):
        assert country_name("DE") == "Germany"
    with translation.override("fr"):
        assert country_name("DE") == "Allemagne"
    with translation.override("en"):
        assert country_name("DE") == "Germany"
