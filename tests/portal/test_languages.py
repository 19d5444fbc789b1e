"""Languages in the URL (portal/languages.py): English at the root, /fr/, /es/ and /ar/ for the
others; the switcher, hreflang, the first visit's redirect, and members-only content under every
prefix."""

import datetime
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from resources.factories import NewsPageFactory
from resources.models import NewsIndexPage, ResourcePage
from tests.html import soup
from tests.pages import MEMBER_EMAIL, MEMBER_PASSWORD, build_content

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "ar"]
PAGES = {
    "home": "/",
    "library": "{library}",
    "resource": "{resource}",
    "MNR": "{mnr}",
    "join": "/join/",
}
MEMBERS_ONLY = "Members benchmarking findings"


def prefixed(code, url):
    return url if code == settings.LANGUAGE_CODE else f"/{code}{url}"


@pytest.fixture
def content(home_page):
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    return build_content(home_page)


def translate(page, code, **fields):
    """A published translation of ``page`` in ``code`` (its parents translated first)."""
    locale = Locale.objects.get(language_code=code)
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        if ancestor.get_translation_or_none(locale) is None:
            translate(ancestor.specific, code)
    copy = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def switcher(response):
    nav = soup(response).find("nav", class_="language-nav")
    return {link["hreflang"]: link for link in nav.find_all("a")}


def alternates(response):
    return {
        link["hreflang"]: link["href"]
        for link in soup(response).find("head").find_all("link", rel="alternate")
    }


def english_destination(link):
    """Where the switcher's link to English leads (it goes by ``choose_language``)."""
    url = urlsplit(link["href"])
    assert url.path == "/language/en/"
    return parse_qs(url.query)["next"][0]


# --- Each language's pages ---------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_in_the_language_of_its_url(client, content, name, code):
    response = client.get(prefixed(code, PAGES[name].format(**content)))

    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == code
    assert html.html["dir"] == ("rtl" if code == "ar" else "ltr")
    assert response["Content-Language"] == code
    with translation.override(code):
        skip, join = gettext("Skip to main content"), gettext("Join the alliance")
    assert (skip == "Skip to main content") is (code == "en")  # the catalogue is complete
    assert html.find("a", class_="skip-link").get_text(strip=True) == skip
    assert html.find("a", class_="site-header__join").get_text(strip=True) == join
    # Links to the portal's own views stay in the language.
    assert html.find("a", class_="site-header__join")["href"] == prefixed(code, "/join/")
    assert html.find("a", class_="brand")["href"] == prefixed(code, "/")


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("en", "Jan. 15, 2024"),
        ("fr", "15 janvier 2024"),
        ("es", "15 de enero de 2024"),
        ("ar", "15 يناير، 2024"),
    ],
)
def test_dates_take_the_format_of_the_language(client, content, code, shown):
    news = NewsPageFactory(parent=NewsIndexPage.objects.get(), date=datetime.date(2024, 1, 15))
    time = soup(client.get(prefixed(code, news.url))).find("time")
    assert time["datetime"] == "2024-01-15"
    assert time.get_text(strip=True) == shown


# --- The switcher and hreflang -----------------------------------------------------------------


def test_the_switcher_names_each_language_in_its_own_and_marks_the_current_one(client, content):
    links = switcher(client.get("/ar/join/"))

    assert list(links) == LANGUAGES
    assert {code: link.get_text(strip=True) for code, link in links.items()} == {
        "en": "English",
        "fr": "Français",
        "es": "Español",
        "ar": "العربيّة",
    }
    for code, link in links.items():
        assert link["lang"] == code
        assert link.get("aria-current") == ("true" if code == "ar" else None)
    assert links["ar"]["dir"] == "rtl" and links["fr"]["dir"] == "ltr"


def test_the_switcher_keeps_a_pages_address_and_query(client, content):
    library = content["library"]
    links = switcher(client.get(f"/fr{library}?type=guide&utm_source=newsletter"))

    # Tracking parameters go: the page may be stored in the cache for every visitor.
    assert english_destination(links["en"]) == f"{library}?type=guide"
    assert links["fr"]["href"] == f"/fr{library}?type=guide"
    assert links["es"]["href"] == f"/es{library}?type=guide"
    assert links["ar"]["href"] == f"/ar{library}?type=guide"
    for code in LANGUAGES[1:]:
        response = client.get(links[code]["href"])
        assert response.status_code == 200
        assert soup(response).html["lang"] == code


def test_the_switcher_keeps_a_django_views_address_and_query(client, content):
    links = switcher(client.get("/es/members/?kind=company"))

    assert english_destination(links["en"]) == "/members/?kind=company"
    assert links["fr"]["href"] == "/fr/members/?kind=company"
    assert links["ar"]["href"] == "/ar/members/?kind=company"
    assert links["es"]["href"] == "/es/members/?kind=company"


def test_the_switcher_leads_to_a_translation_where_there_is_one(client, content):
    resource = ResourcePage.objects.get(url_path__endswith="/hotline-guide-1/")
    french = translate(resource, "fr", title="Guide des lignes d'écoute", slug="guide-lignes")
    assert french.url == "/fr/resources/guide-lignes/"

    links = switcher(client.get(resource.url))
    assert links["fr"]["href"] == "/fr/resources/guide-lignes/"
    # No home page in Spanish: Wagtail serves the English page under /es/.
    assert links["es"]["href"] == f"/es{resource.url}"

    french_page = client.get("/fr/resources/guide-lignes/")
    assert soup(french_page).find("h1").get_text(strip=True) == "Guide des lignes d'écoute"
    assert english_destination(switcher(french_page)["en"]) == resource.url
    assert alternates(french_page) == {
        "en": f"http://localhost{resource.url}",
        "x-default": f"http://localhost{resource.url}",
        "fr": "http://localhost/fr/resources/guide-lignes/",
        "es": f"http://localhost/es{resource.url}",
        "ar": f"http://localhost/ar{resource.url}",
    }


def test_a_page_not_translated_where_the_site_is_leads_to_the_closest_page_that_is(client, content):
    resource = ResourcePage.objects.get(url_path__endswith="/hotline-guide-1/")
    translate(resource, "fr", slug="guide-lignes")  # the French home and library come with it
    other = ResourcePage.objects.get(url_path__endswith="/hotline-guide-3/")

    response = client.get(other.url)
    links = switcher(response)

    assert links["fr"]["href"] == "/fr/resources/"
    assert "fr" not in alternates(response)  # not the same page
    assert links["es"]["href"] == f"/es{other.url}"


def test_hreflang_alternates_name_every_language_and_the_default(client, content):
    response = client.get(f"/ar{content['about']}")

    assert alternates(response) == {
        "en": f"http://localhost{content['about']}",
        "x-default": f"http://localhost{content['about']}",
        "fr": f"http://localhost/fr{content['about']}",
        "es": f"http://localhost/es{content['about']}",
        "ar": f"http://localhost/ar{content['about']}",
    }


def test_a_missing_page_has_no_alternates(client, content):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    assert alternates(response) == {}
    assert soup(response).html["lang"] == "fr"
    assert switcher(response)["es"]["href"] == "/es/no-such-page/"


# --- The first visit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "url", "destination"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.5", "/", "/fr/"),
        ("ar-EG,ar;q=0.9", "/join/", "/ar/join/"),
        ("es-419,es;q=0.9", "/members/?kind=company", "/es/members/?kind=company"),
        ("de-DE, fr;q=0.8", "/accounts/login/?next=/join/", "/fr/accounts/login/?next=/join/"),
        ("fr", "{library}?type=guide", "/fr{library}?type=guide"),
    ],
)
def test_a_first_visit_is_sent_once_to_the_browsers_language(
    client, content, accept, url, destination
):
    url, destination = url.format(**content), destination.format(**content)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 302
    assert response["Location"] == destination
    vary = {value.strip() for value in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie", "Referer"} <= vary
    assert client.get(destination, HTTP_ACCEPT_LANGUAGE=accept).status_code == 200
    assert client.head(url, HTTP_ACCEPT_LANGUAGE=accept)["Location"] == destination


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9,fr;q=0.8"},
        {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"},  # not offered: the default
        {},
        # Arriving from one of the portal's own pages: the switcher's English link, say.
        {"HTTP_ACCEPT_LANGUAGE": "fr", "HTTP_REFERER": "http://testserver/fr/join/"},
    ],
    ids=["English", "not offered", "no Accept-Language", "from the portal"],
)
def test_an_unprefixed_url_is_english_without_a_redirect(client, content, headers):
    response = client.get("/", **headers)
    assert response.status_code == 200
    assert soup(response).html["lang"] == "en"


def test_a_visit_from_another_site_is_redirected(client, content):
    response = client.get(
        "/", HTTP_ACCEPT_LANGUAGE="ar", HTTP_REFERER="https://search.example/?q=alliance"
    )
    assert response["Location"] == "/ar/"


@pytest.mark.parametrize("cookie", ["en", "fr"])
def test_with_a_language_cookie_the_url_alone_decides(client, content, cookie):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get("/join/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "en"


def test_a_prefixed_url_is_never_redirected(client, content):
    response = client.get("/es/join/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "es"


def test_a_post_is_never_redirected(client, content):
    response = client.post(
        "/accounts/login/", {"login": MEMBER_EMAIL, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200  # the form again, with its error
    assert soup(response).html["lang"] == "en"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/healthz",
        "/sitemap.xml",
        "/sitemap-en.xml",
        "/robots.txt",
        "/language/en/",
        "/documents/1/leaflet.pdf",
        "/media/images/none.png",
        "/no-slash-then-not-found",
    ],
)
def test_urls_outside_the_prefixes_are_never_redirected_to_one(client, content, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert not response.get("Location", "").startswith("/fr/")


def test_choosing_english_is_remembered_and_undoes_no_later_visit(client, content):
    links = switcher(client.get("/fr/join/"))
    response = client.get(links["en"]["href"])

    assert response.status_code == 302
    assert response["Location"] == "/join/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
    # Days later, from a bookmark, with a browser still preferring French.
    later = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert later.status_code == 200
    assert soup(later).html["lang"] == "en"


@pytest.mark.parametrize("code", LANGUAGES)
def test_signing_in_and_out_without_a_destination_stays_in_the_language(client, content, code):
    signed_in = client.post(
        prefixed(code, "/accounts/login/"), {"login": MEMBER_EMAIL, "password": MEMBER_PASSWORD}
    )
    assert signed_in["Location"] == prefixed(code, "/")
    signed_out = client.post(prefixed(code, "/accounts/logout/"))
    assert signed_out["Location"] == prefixed(code, "/")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_choosing_a_language_never_leads_off_the_site(client, content, next_url):
    response = client.get("/language/fr/", {"next": next_url})
    assert response["Location"] == "/fr/"


def test_choosing_a_language_the_portal_does_not_offer_is_not_found(client, content):
    assert client.get("/language/de/?next=/").status_code == 404
    assert client.post("/language/en/?next=/").status_code == 405


# --- Members-only content under every prefix --------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_members_only_content_stays_members_only_in_every_language(client, content, code):
    resource = ResourcePage.objects.get(access=ResourcePage.Access.MEMBERS)
    resource.body = [("paragraph", f"<p>{MEMBERS_ONLY}.</p>")]
    resource.save_revision().publish()
    document = resource.documents.first().document
    url = prefixed(code, content["members_resource"])

    visitor = client.get(url)
    assert visitor.status_code == 200
    assert MEMBERS_ONLY not in visitor.content.decode()
    assert document.url not in visitor.content.decode()
    assert client.get(document.url).status_code == 302  # to sign in

    client.force_login(_member())
    member = client.get(url)
    assert MEMBERS_ONLY in member.content.decode()
    assert soup(member).html["lang"] == code


def _member():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=MEMBER_EMAIL)


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_restricted_page_sends_visitors_to_sign_in_in_their_language(client, content, code):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from portal.factories import StandardPageFactory
    from portal.roles import MEMBERS

    board = StandardPageFactory(parent=content_home(), slug="board", title="Board papers")
    restriction = PageViewRestriction.objects.create(
        page=board, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=MEMBERS)])

    response = client.get(prefixed(code, "/board/"))
    assert response.status_code == 302
    login = prefixed(code, "/accounts/login/")
    assert response["Location"] == f"{login}?next={prefixed(code, '/board/')}"


def content_home():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page


# --- Right to left -----------------------------------------------------------------------------

STYLESHEET = Path(settings.BASE_DIR) / "portal" / "static" / "portal" / "css" / "portal.css"
PHYSICAL = re.compile(
    r"(?:^|[\s;{])(?:(?:margin|padding|border)-(?:left|right)|left|right|float\s*:\s*(?:left|right)"
    r"|text-align\s*:\s*(?:left|right))(?=[\s:-])"
)


def test_styles_are_written_with_logical_properties():
    """So that Arabic's right to left needs no stylesheet of its own."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    found = [line.strip() for line in css.splitlines() if PHYSICAL.search(line)]
    assert found == []
