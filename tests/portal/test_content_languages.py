"""Content in the reader's language (issue 13, content): the navigation leads to each page's
translation in the visitor's language and names it by its title; content shown in its source's
language inside a page in another (English in an Arabic page, where no translation exists)
carries its own ``lang`` and ``dir``."""

import pytest
from wagtail.models import Locale, Page

from resources.factories import ResourcePageFactory
from resources.models import ResourceIndexPage
from tests.html import soup
from tests.pages import build_content
from tests.resources.conftest import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(home_page):
    for code in ("en", "fr", "es", "ar"):
        Locale.objects.get_or_create(language_code=code)
    return build_content(home_page)


def main_links(response):
    nav = soup(response).find("nav", class_="main-nav")
    return [(a["href"], a.get_text(strip=True), a.get("lang"), a.get("dir")) for a in nav("a")]


def test_the_navigation_leads_to_the_page_in_the_visitors_language(client, content):
    about = Page.objects.get(url_path__endswith="/about/", locale__language_code="en").specific
    translate(about, "fr", title="À propos de l'alliance", slug="a-propos")

    assert main_links(client.get("/about/")) == [("/about/", "About the alliance", None, None)]
    assert main_links(client.get("/fr/a-propos/")) == [
        ("/fr/a-propos/", "À propos de l'alliance", None, None)
    ]
    # No Arabic translation: the English page, marked up as English text in an Arabic page.
    assert main_links(client.get("/ar/")) == [("/about/", "About the alliance", "en", "ltr")]


def test_a_resource_without_a_translation_is_english_inside_the_arabic_library(
    client, content, search_index
):
    library = ResourceIndexPage.objects.get(locale__language_code="en")
    translate(library, "ar", title="المكتبة")
    ResourcePageFactory(parent=library, title="Untranslated guide", summary="Only in English.")
    translated = ResourcePageFactory(parent=library, title="Zebra crossings handbook")
    translate(translated, "ar", title="دليل")
    search_index()

    html = soup(client.get("/ar" + library.url, {"q": "Untranslated"}))

    assert html.html["lang"] == "ar" and html.html["dir"] == "rtl"
    card = next(c for c in html.select(".resource-card") if "Untranslated guide" in c.get_text())
    title = card.select_one(".resource-card__title")
    assert (title["lang"], title["dir"]) == ("en", "ltr")
    assert title.a["hreflang"] == "en"
    summary = card.select_one(".resource-card__summary")
    assert (summary["lang"], summary["dir"]) == ("en", "ltr")
    # A resource in the reader's language carries no attribute of its own.
    html = soup(client.get("/ar" + library.url, {"q": "Zebra"}))
    titles = {h.get_text(strip=True): h for h in html.select(".resource-card__title")}
    assert "دليل" in titles, list(titles)
    assert titles["دليل"].get("lang") is None


def test_the_mnr_in_arabic_marks_untranslated_capabilities_as_english(client, content):
    from resources.models import MNRCapability, MNRPage

    mnr = MNRPage.objects.get(locale__language_code="en")
    translate(mnr, "ar", title="الاستجابة الوطنية النموذجية")
    english = MNRCapability.objects.get(number=1, locale=Locale.get_default())
    arabic = english.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.name = "القيادة"
    arabic.domain = english.domain.copy_for_translation(arabic.locale)
    arabic.domain.save()
    arabic.save()

    html = soup(client.get("/ar" + mnr.url))

    headings = {h.get_text(strip=True): h for h in html.select(".mnr-capability h3")}
    assert headings["1. القيادة"].get("lang") is None
    second = [h for text, h in headings.items() if text.startswith("2. ")]
    assert [(h["lang"], h["dir"]) for h in second] == [("en", "ltr")]


def test_a_link_to_one_of_the_portals_views_keeps_the_visitors_language(client, content, site):
    from portal.models import NavigationSettings

    nav = NavigationSettings.for_site(site)
    nav.main_navigation = [("link", {"page": None, "url": "/members/", "label": "Members"})]
    nav.save()

    assert main_links(client.get("/members/")) == [("/members/", "Members", None, None)]
    # The editor's label is in the default language, and says so.
    assert main_links(client.get("/ar/members/")) == [("/ar/members/", "Members", "en", "ltr")]
