"""Requests refused before the portal reads them: bodies over MAX_REQUEST_BYTES, control
characters in the address."""

import pytest

from tests.html import soup

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A ``wsgi.input`` that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def text(response):
    return " ".join(soup(response).get_text().split())


@pytest.mark.parametrize("path", ["/join/", "/accounts/login/", "/admin/images/multiple/add/"])
def test_a_body_over_the_limit_is_refused_without_being_read(client, site, settings, path):
    settings.MAX_REQUEST_BYTES = 12 * 1024 * 1024
    response = client.generic(
        "POST",
        path,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    page = text(response)
    assert "What you sent is too large" in page
    assert "100.0 MB" in page and "at most 12 MB" in page


def test_a_body_within_the_limit_reaches_the_view(client, site, settings):
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 200  # the form, with its error: the view read the body


def test_the_limit_is_the_setting(client, site, settings):
    settings.MAX_REQUEST_BYTES = 100
    response = client.post("/accounts/login/", {"login": "a" * 200 + "@example.org"})
    assert response.status_code == 413


def test_default_limits_fit_the_largest_upload(settings):
    assert settings.MAX_REQUEST_BYTES > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert settings.MAX_REQUEST_BYTES > settings.MEMBERS_ENDORSEMENT_MAX_BYTES
    assert settings.MAX_REQUEST_BYTES < 2 * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert settings.MIDDLEWARE.index("portal.request_limits.RequestLimitsMiddleware") < min(
        settings.MIDDLEWARE.index(name)
        for name in (
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        )
    )


@pytest.mark.parametrize(
    "url",
    [
        "/resources/?q=%00",
        "/resources/?q=a%00b&type=guide",
        "/resources/feed/?q=%00",
        "/news/?tag=a%00b",
        "/news/feed/?tag=%00",
        "/members/?kind=%00",
        "/members/?region=%01",
        "/accounts/login/?next=%00",
        "/about%00/",
        "/?%00=1",
    ],
)
def test_control_characters_in_the_address_get_a_clear_page(client, site, url):
    response = client.get(url)
    assert response.status_code == 400
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == "This address cannot be read"
    assert "NUL byte" in text(response)
    link = page.select_one("main a.button")["href"]
    assert "\x00" not in link and "%00" not in link


def test_tabs_and_new_lines_in_a_search_are_not_refused(client, site):
    assert client.get("/?q=two%09words%0Aand%0Dmore").status_code == 200
