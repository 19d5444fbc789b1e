"""Sign-in limits count by client and by account, with the client address taken from the
configured trusted proxies only."""

import pytest
from django.test import Client, RequestFactory

from portal.accounts import client_ip
from tests.html import soup

LOAD_BALANCER = "10.0.0.5"
PASSWORD = "correct horse battery staple"


def request_from(remote_addr, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_a_trusted_proxy_names_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from(LOAD_BALANCER, "203.0.113.9")) == "203.0.113.9"
    # Two trusted hops (say a CDN-internal proxy and the balancer) are walked back.
    assert client_ip(request_from(LOAD_BALANCER, "203.0.113.9, 10.1.2.3")) == "203.0.113.9"
    # What the client wrote itself, left of what the balancer appended, is not believed.
    assert client_ip(request_from(LOAD_BALANCER, "192.0.2.1, 203.0.113.9")) == "203.0.113.9"
    # IPv6 clients.
    assert client_ip(request_from(LOAD_BALANCER, "2001:db8::1")) == "2001:db8::1"
    # No header: the proxy itself.
    assert client_ip(request_from(LOAD_BALANCER)) == LOAD_BALANCER


def test_a_request_from_elsewhere_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("198.51.100.7", "10.0.0.9, 203.0.113.9")) == "198.51.100.7"


def test_garbage_from_a_trusted_proxy_counts_against_that_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from(LOAD_BALANCER, "not-an-address")) == LOAD_BALANCER


def sign_in(client, email, password, forwarded_for):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=LOAD_BALANCER,
        headers={"X-Forwarded-For": forwarded_for},
    )


def refused_for_too_many(response):
    if response.status_code == 429:
        return True
    return "Too many failed sign-in attempts" in soup(response).get_text()


@pytest.mark.django_db
def test_one_client_guessing_behind_the_load_balancer_does_not_lock_out_the_others(
    settings, site, user
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    guesser, colleague = Client(), Client()
    # Password spraying: one wrong guess each at many accounts, from one client.
    for number in range(30):
        response = sign_in(guesser, f"someone{number}@example.org", "guess", "203.0.113.66")
        assert not refused_for_too_many(response), number
    response = sign_in(guesser, "someone-else@example.org", "guess", "203.0.113.66")
    assert refused_for_too_many(response)
    # Another person behind the same balancer signs in as usual.
    response = sign_in(colleague, user.email, PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert int(colleague.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_guesses_at_one_account_from_many_clients_are_still_slowed(settings, site, user):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for number in range(5):
        response = sign_in(Client(), user.email, "guess", f"203.0.113.{number + 1}")
        assert not refused_for_too_many(response)
    owner = Client()
    response = sign_in(owner, user.email, PASSWORD, "198.51.100.20")
    assert refused_for_too_many(response)
    assert "_auth_user_id" not in owner.session
