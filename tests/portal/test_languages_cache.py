"""The page cache keeps one copy per language, the URL's, and never answers a request that the
first visit's redirect would send elsewhere (portal/pagecache.py, portal/languages.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client, RequestFactory
from wagtail.models import Locale

from portal.languages import first_visit_redirect
from portal.pagecache import HEADER, Lookup
from resources.models import ResourcePage
from tests.html import soup
from tests.pages import MEMBER_EMAIL, build_content

from .test_languages import LANGUAGES, MEMBERS_ONLY, prefixed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches[settings.CONTENT_CACHE_ALIAS].clear()
    yield
    caches[settings.CONTENT_CACHE_ALIAS].clear()


@pytest.fixture
def content(home_page):
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    return build_content(home_page)


def language(response):
    return soup(response).html["lang"]


@pytest.mark.parametrize("first", LANGUAGES)
def test_each_language_has_its_own_copy_and_never_answers_another(client, content, first):
    library = content["library"]
    others = [code for code in LANGUAGES if code != first]
    assert client.get(prefixed(first, library))[HEADER] == "miss"

    for code in others:
        response = client.get(prefixed(code, library))
        assert (response[HEADER], language(response)) == ("miss", code)
    for code in LANGUAGES:
        response = client.get(prefixed(code, library))
        assert (response[HEADER], language(response)) == ("hit", code)
        assert response["Content-Language"] == code


def test_a_request_to_be_redirected_is_never_answered_from_the_cache(client, content):
    assert client.get("/")[HEADER] == "miss"
    assert client.get("/")[HEADER] == "hit"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert HEADER not in response
    # Once English is chosen, the English copy answers that browser too.
    client.cookies["django_language"] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert (response.status_code, response[HEADER], language(response)) == (200, "hit", "en")


def test_the_lookup_and_the_redirect_are_one_decision(content):
    factory = RequestFactory()
    cases = [
        factory.get("/about/", HTTP_ACCEPT_LANGUAGE="fr"),
        factory.get("/about/", HTTP_ACCEPT_LANGUAGE="en"),
        factory.get("/fr/about/", HTTP_ACCEPT_LANGUAGE="es"),
        factory.get("/about/", HTTP_ACCEPT_LANGUAGE="fr", HTTP_REFERER="http://testserver/fr/"),
    ]
    for request in cases:
        assert (Lookup.for_request(request) is None) is (first_visit_redirect(request) is not None)


def test_a_visitors_copy_of_a_members_only_page_never_shows_its_body(client, content):
    resource = ResourcePage.objects.get(access=ResourcePage.Access.MEMBERS)
    resource.body = [("paragraph", f"<p>{MEMBERS_ONLY}.</p>")]
    resource.save_revision().publish()
    member = Client()
    member.force_login(get_user_model().objects.get(email=MEMBER_EMAIL))
    for code in LANGUAGES:
        url = prefixed(code, content["members_resource"])
        assert MEMBERS_ONLY in member.get(url).content.decode()
        for _ in range(2):
            response = client.get(url)
            assert MEMBERS_ONLY not in response.content.decode()
        assert response[HEADER] == "hit"
