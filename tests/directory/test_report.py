"""/report/: a plain GET form, the hotline and helpline first, international alternatives when a
country has neither, tiny, no script, served from the page cache."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from directory.factories import DirectoryEntryFactory
from directory.views import accept_language_country

pytestmark = pytest.mark.django_db
REPORT_CSS = Path(__file__).resolve().parents[2] / "directory/static/directory/css/report.css"


@pytest.fixture
def france(site):
    DirectoryEntryFactory(
        country="FR", name="PHAROS", report_url="https://www.internet-signalement.gouv.fr"
    )
    DirectoryEntryFactory(country="FR", name="Allô 119", helpline=True, phone="119")
    DirectoryEntryFactory(international=True, name="INHOPE")
    DirectoryEntryFactory(international=True, helpline=True, name="Child Helpline International")


def test_the_hotline_and_helpline_come_first_and_large(client, france):
    response = client.get("/report/?country=FR")
    page = BeautifulSoup(response.content, "html.parser")
    headings = [h.get_text(strip=True) for h in page.select("main h2, main h3")]
    assert headings[:4] == [
        "Report child sexual abuse material",
        "PHAROS",
        "A child or young person who needs help",
        "Allô 119",
    ]
    assert page.select_one(".r-entry a.r-big")["href"] == "https://www.internet-signalement.gouv.fr"
    assert page.select_one('a[href="tel:119"]')
    assert "INHOPE" not in response.content.decode()  # the country has its own
    advice = page.find(id="advice-title").parent.get_text(" ", strip=True)
    assert "Do not download" in advice and "web address (URL)" in advice


def test_a_country_with_neither_gets_the_international_alternatives(client, france):
    page = BeautifulSoup(client.get("/report/?country=TV").content, "html.parser")
    text = page.get_text(" ", strip=True)
    assert "no reporting hotline in Tuvalu" in text and "no child helpline in Tuvalu" in text
    names = [h.get_text(strip=True) for h in page.select(".r-entry h3")]
    assert names == ["INHOPE", "Child Helpline International"]


def test_a_regional_entry_counts_for_its_countries(client, france):
    DirectoryEntryFactory(regional=True, region="061", name="Pacific portal")
    page = BeautifulSoup(client.get("/report/?country=TV").content, "html.parser")
    names = [h.get_text(strip=True) for h in page.select(".r-entry h3")]
    assert names[0] == "Pacific portal"


def test_the_page_is_tiny_and_needs_no_script(client, france):
    response = client.get("/report/?country=FR")
    page = BeautifulSoup(response.content, "html.parser")
    assert not page.find("script")
    stylesheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert stylesheets == ["/static/directory/css/report.css"]
    assert len(response.content) + REPORT_CSS.stat().st_size < 30 * 1024
    form = page.find("form")
    assert form["method"] == "get" and form["action"] == "/report/"


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.8", "CA"),
        ("en;q=0.9,pt-BR;q=1", "BR"),
        ("es-419,es;q=0.9", ""),  # a UN M49 area, not a country
        ("en", ""),
        ("", ""),
        ("de-DE-x-private;q=abc, ar-EG", "EG"),
    ],
)
def test_the_country_is_guessed_from_the_browsers_language(header, country):
    assert accept_language_country(header) == country


def test_the_guess_is_preselected_and_that_page_is_never_cached(client, france, page_cache_on):
    response = client.get("/report/", HTTP_ACCEPT_LANGUAGE="en-NZ,en;q=0.9")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("select option[selected]")["value"] == "NZ"
    assert "Accept-Language" in response["Vary"]
    again = client.get("/report/", HTTP_ACCEPT_LANGUAGE="en-NZ,en;q=0.9")
    assert response.get("X-Page-Cache") != "miss" and again.get("X-Page-Cache") != "hit"


def test_a_countrys_page_is_served_from_the_page_cache(client, france, page_cache_on):
    assert client.get("/report/?country=FR")["X-Page-Cache"] == "miss"
    assert client.get("/report/?country=FR")["X-Page-Cache"] == "hit"
    assert client.get("/report/?country=FR&x=1")["X-Page-Cache"] == "bypass"
    assert client.get("/directory/fr/")["X-Page-Cache"] == "miss"
    assert client.get("/directory/fr/")["X-Page-Cache"] == "hit"
