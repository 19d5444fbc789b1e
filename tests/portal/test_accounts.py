"""The whole allauth cycle against the real app, with its e-mail going through the Celery task."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail

from portal.models import OutgoingEmail
from tests.html import soup
from tests.mfa import totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "a long and private passphrase"
NEW_PASSWORD = "another long passphrase, changed"


def link_in(message):
    # At the site's address (the ``site`` fixture's localhost), whatever the request's host.
    match = re.search(r"https?://localhost(/accounts/[^\s\"'<>]+)", message.body)
    assert match, message.body
    return match.group(1)


def sign_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_sign_up_verify_sign_in_totp_and_reset(client, site, django_capture_on_commit_callbacks):
    User = get_user_model()

    # Sign up: an account without a username, and a verification e-mail through the task.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"email": "Ana@Example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email__iexact="ana@example.org")
    assert user.check_password(PASSWORD)
    [message] = mail.outbox
    assert [address.lower() for address in message.to] == ["ana@example.org"]
    record = OutgoingEmail.objects.get()
    assert record.status == OutgoingEmail.Status.SENT
    assert record.category == "email_confirmation_signup"

    # Unverified: signing in is refused until the address is verified.
    client.logout()
    response = sign_in(client, "ana@example.org", PASSWORD)
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session

    # Verify by following the link in the e-mail (GET shows a form, POST confirms).
    confirm_url = link_in(message)
    assert client.get(confirm_url).status_code == 200
    assert client.post(confirm_url).status_code == 302
    assert user.emailaddress_set.get().verified

    # Sign in.
    response = sign_in(client, "ana@example.org", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk

    # Enable TOTP with a code from the secret shown on the page (after confirming the password).
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()

    # Sign out; signing in again now needs the second factor.
    client.post("/accounts/logout/")
    response = sign_in(client, "ana@example.org", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk

    # Reset the password through the e-mailed link.
    client.post("/accounts/logout/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    [reset] = mail.outbox
    reset_url = link_in(reset)
    response = client.get(reset_url)
    assert response.status_code == 302  # allauth moves the key into the session
    form_url = response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    sent = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT)
    assert sorted(sent.values_list("category", flat=True)) == [
        "email_confirmation_signup",
        "password_reset",
        "password_reset_key",
        "totp_activated",
    ]


def test_sign_up_form_keeps_what_was_typed_and_says_what_is_wrong(client, site):
    response = client.post(
        "/accounts/signup/",
        {"email": "keep@example.org", "password1": PASSWORD, "password2": "different"},
    )
    assert response.status_code == 200
    html = soup(response)
    assert html.find("input", attrs={"name": "email"})["value"] == "keep@example.org"
    assert "You must type the same password each time." in html.get_text()
    assert not get_user_model().objects.filter(email="keep@example.org").exists()


def login_code_in(message):
    """The one-time code in a sign-in code e-mail: the line that is only the code."""
    match = re.search(r"^\s*([A-Z0-9-]{6,12})\s*$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def test_wrong_passwords_slow_the_account_down_but_the_owner_gets_in_by_code(
    client, site, user, django_capture_on_commit_callbacks
):
    for _ in range(5):
        response = sign_in(client, user.email, "wrong password")
        assert response.status_code == 200
    # The limit holds: even the right password is refused, with the way out named.
    response = sign_in(client, user.email, "correct horse battery staple")
    assert "_auth_user_id" not in client.session
    text = soup(response).get_text()
    assert "Too many failed sign-in attempts" in text
    assert "one-time code sent to your e-mail address" in text
    link = soup(response).find("a", href=re.compile(r"^/accounts/login/code/"))
    assert link is not None

    # The owner asks for a code by e-mail and signs in with it.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link["href"], {"email": user.email})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [user.email]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"], {"code": login_code_in(message)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_sign_in_code_is_refused(client, site, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": user.email})
    confirm_url = response["Location"]
    page = client.get(confirm_url)
    html = soup(page)
    assert html.find("label", attrs={"for": "id_code"}) is not None
    response = client.post(confirm_url, {"code": "WRONG1"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wagtail_admin_sign_in_goes_through_allauth_and_the_second_factor(
    client, site, editor, member
):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/login/")

    # The editor has an authenticator app (tests/mfa.py): the password is not enough.
    response = sign_in(client, editor.email, "correct horse battery staple")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post("/accounts/logout/")
    sign_in(client, member.email, "correct horse battery staple")
    response = client.get("/admin/")
    assert response.status_code == 403  # a member has no admin access, and is told so
