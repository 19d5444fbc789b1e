"""The page cache answers before the middleware stack: a hit runs no middleware and no view,
and replays the headers the whole stack produced when the page was stored."""

import pytest
from django.contrib import messages
from django.test import RequestFactory
from wagtail import hooks

from portal import content_version
from portal.pagecache import HEADER, Lookup, page_language
from tests.html import soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def headers_but_the_cache_status(response):
    return {name: value for name, value in response.items() if name != HEADER}


def test_a_hit_runs_no_middleware_and_no_view(client, site, about, django_assert_num_queries):
    served = []

    def count(page, request, serve_args, serve_kwargs):
        served.append(page.pk)

    with hooks.register_temporarily("before_serve_page", count):
        miss = client.get("/about/")
        with django_assert_num_queries(0):
            hit = client.get("/about/")

    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")
    assert served == [about.pk]  # the view ran for the miss only
    rendered, replayed = miss.wsgi_request, hit.wsgi_request
    # What the session, authentication, locale and CSP middleware put on a request.
    for attribute in ("session", "user", "LANGUAGE_CODE", "csp_nonce"):
        assert hasattr(rendered, attribute)
        assert not hasattr(replayed, attribute), attribute
    assert hit.content == miss.content


def test_a_hit_replays_the_stored_headers_with_every_security_header(client, site, about, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    miss = client.get("/about/", secure=True)
    hit = client.get("/about/", secure=True)

    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")
    assert headers_but_the_cache_status(hit) == headers_but_the_cache_status(miss)
    assert hit["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in hit["Vary"].split(",")}
    assert hit["Content-Language"] == "en"
    assert hit["Content-Length"] == str(len(hit.content))

    # The scheme is part of the key: plain HTTP never receives the HTTPS copy (nor its HSTS).
    plain = client.get("/about/")
    assert plain[HEADER] == "miss" and "Strict-Transport-Security" not in plain


def test_head_is_answered_from_the_cache_without_a_body(client, site, about):
    page = client.get("/about/")
    head = client.head("/about/")

    assert head.status_code == 200 and head[HEADER] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(page.content))
    assert headers_but_the_cache_status(head) == headers_but_the_cache_status(page)


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_session_or_messages_cookie_goes_through_the_stack(client, site, about, cookie):
    assert client.get("/about/")[HEADER] == "miss"
    client.cookies[cookie] = "anything"

    response = client.get("/about/")

    assert response[HEADER] == "bypass"
    assert hasattr(response.wsgi_request, "session")


def test_a_host_not_allowed_gets_its_400_never_a_cached_page(client, site, about):
    assert client.get("/about/")[HEADER] == "miss"
    assert client.get("/about/")[HEADER] == "hit"

    response = client.get("/about/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert HEADER not in response


def test_a_page_showing_a_message_is_never_stored(client, site, about):
    def welcome(page, request, serve_args, serve_kwargs):
        messages.info(request, "Welcome back")

    with hooks.register_temporarily("before_serve_page", welcome):
        responses = [client.get("/about/") for _ in range(2)]

    for response in responses:
        assert response[HEADER] == "bypass"
        assert "Welcome back" in soup(response).find(class_="messages").get_text()
        assert not response.cookies  # shown, so not kept: nothing but the page carries it
    assert client.get("/about/")[HEADER] == "miss"


def test_a_page_that_used_a_csp_nonce_is_never_stored(client, site, about):
    def use_nonce(page, request, serve_args, serve_kwargs):
        str(request.csp_nonce)

    with hooks.register_temporarily("before_serve_page", use_nonce):
        responses = [client.get("/about/") for _ in range(2)]

    assert [response[HEADER] for response in responses] == ["bypass", "bypass"]


def test_the_url_chooses_the_copy_whatever_the_language_cookie_says(client, site, about, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    first = client.get("/about/", HTTP_ACCEPT_LANGUAGE="fr")
    second = client.get("/about/", HTTP_ACCEPT_LANGUAGE="fr")

    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert soup(second).html["lang"] == "en"
    assert first.wsgi_request.LANGUAGE_CODE == "en"


def test_the_key_language_is_the_urls():
    factory = RequestFactory()
    assert page_language(factory.get("/ar/resources/", HTTP_ACCEPT_LANGUAGE="fr")) == "ar"
    assert page_language(factory.get("/resources/", HTTP_ACCEPT_LANGUAGE="es;q=0.9, fr")) == "en"


def test_static_and_media_files_are_never_looked_up(settings):
    factory = RequestFactory()
    assert Lookup.for_request(factory.get("/about/")) is not None
    assert Lookup.for_request(factory.get(settings.STATIC_URL + "css/portal.css")) is None
    assert Lookup.for_request(factory.get(settings.MEDIA_URL + "images/logo.png")) is None
    assert Lookup.for_request(factory.post("/about/")) is None


def test_a_hit_reads_the_version_and_the_page_in_one_round_trip(client, site, about, monkeypatch):
    client.get("/about/")
    cache = content_version.content_cache()
    calls = []  # the calls made to the cache (not those it makes to itself)

    def spy(name, method):
        def called(*args, **kwargs):
            calls.append(name)
            depth = len(calls)
            try:
                return method(*args, **kwargs)
            finally:
                del calls[depth:]

        return called

    for name in ("get", "get_many", "has_key", "add", "set", "incr"):
        monkeypatch.setattr(cache, name, spy(name, getattr(cache, name)))

    assert client.get("/about/")[HEADER] == "hit"
    assert calls == ["get_many"]


def test_a_version_move_that_missed_the_cache_is_made_before_a_page_is_served(client, site, about):
    client.get("/about/")
    assert client.get("/about/")[HEADER] == "hit"

    content_version.State.move_pending = True  # as after a move the cache did not answer
    try:
        response = client.get("/about/")
    finally:
        content_version.State.move_pending = False

    assert response[HEADER] == "miss"
    assert client.get("/about/")[HEADER] == "hit"
