"""Sign-up answers an existing address and a new one with the same work: one password hash
each, and the e-mail rendered and queued only once the response has been sent."""

import sys
from contextlib import contextmanager
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

PASSWORD = "a long and private passphrase"


class CountingHasher(MD5PasswordHasher):
    """The test suite's fast hasher, counting how many passwords it hashes."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@contextmanager
def database_kept_open():
    """A WSGI server closes stale connections around each request; the test's transaction must
    survive that, as Django's own test client arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def csrf_token(client):
    client.get("/accounts/signup/")
    return client.cookies["csrftoken"].value


def post_sign_up(token, email):
    """POST the sign-up form as a WSGI server would; returns the response before the server has
    closed it (that is, when the person has their answer)."""
    body = urlencode(
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/accounts/signup/",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": f"csrftoken={token}",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    return WSGIHandler()(environ, lambda status, headers: None)


@pytest.mark.parametrize(
    ("email", "category"),
    [
        ("new@example.org", "email_confirmation_signup"),
        ("taken@example.org", "account_already_exists"),
    ],
)
def test_both_paths_hash_once_and_send_after_the_response(
    client, site, settings, django_capture_on_commit_callbacks, email, category
):
    from portal.factories import UserFactory

    UserFactory(email="taken@example.org")
    settings.PASSWORD_HASHERS = ["tests.portal.test_signup_timing.CountingHasher"]
    token = csrf_token(client)  # before: the test client reconnects close_old_connections
    CountingHasher.hashed = 0
    with database_kept_open(), django_capture_on_commit_callbacks(execute=True):
        response = post_sign_up(token, email)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/confirm-email/"
        # The answer is ready: one hash done, no e-mail rendered or stored yet.
        assert CountingHasher.hashed == 1
        assert not OutgoingEmail.objects.exists()
        response.close()  # the server has sent the response
    [record] = OutgoingEmail.objects.all()
    assert record.category == category
    assert record.status == OutgoingEmail.Status.SENT
    assert [message.to for message in mail.outbox] == [[email]]
    assert get_user_model().objects.filter(email=email).count() == 1
