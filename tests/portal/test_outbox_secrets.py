"""The outbox never hands a secret to staff: the account takeover found by the security review.

An editor asked for a password reset of the superuser's address and read the reset link in the
outbox's inspect view. Messages that carry a secret are never shown, their body is cleared once
sent, and only superusers and the Outbox operators role can open the outbox at all.
"""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core import mail

from members.factories import MemberOrganisationFactory
from members.services import invite_contact
from portal import mail as outbox
from portal.factories import UserFactory
from portal.models import OutgoingEmail
from portal.roles import (
    MEMBERSHIP_REVIEWERS,
    OUTBOX_OPERATORS,
    SECRETARIAT_EDITORS,
    SECRETARIAT_MODERATORS,
)
from tests.html import soup
from tests.mfa import STAFF_TOTP_SECRET

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s\"<]+)")


def staff(email, *roles):
    """A staff member as they really are: with the second factor the admin requires."""
    return UserFactory(
        email=email,
        groups=[Group.objects.get(name=role) for role in roles],
        totp_secret=STAFF_TOTP_SECRET,
    )


def every_outbox_page(client, email):
    """Each admin page through which the outbox could show a message, followed to its end."""
    urls = [
        "/admin/",
        "/admin/outgoing_email/",
        f"/admin/outgoing_email/?q={email.to[0]}",
        "/admin/outgoing_email/?export=csv",
        f"/admin/outgoing_email/inspect/{email.pk}/",
    ]
    return {url: client.get(url, follow=True) for url in urls}


@pytest.mark.parametrize(
    "role", [SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS, MEMBERSHIP_REVIEWERS]
)
def test_staff_cannot_take_over_the_superuser_through_a_reset_link_in_the_outbox(
    client, site, role, django_capture_on_commit_callbacks
):
    admin = UserFactory(email="admin@demo.example.org", is_superuser=True)
    attacker = staff("attacker@example.org", role)

    # Anyone may ask for a reset of any address: the link goes to its owner's mailbox only.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": admin.email})
    assert response.status_code == 302
    [sent] = mail.outbox
    path = RESET_LINK.search(sent.body).group(1)
    secret = path.rstrip("/").rsplit("/", 1)[-1]

    email = OutgoingEmail.objects.get(to=[admin.email])
    assert email.status == OutgoingEmail.Status.SENT and email.carries_secret
    # Cleared once sent; what the secretariat needs to follow delivery stays.
    assert (email.body_text, email.body_html) == ("", "")
    assert email.subject and email.category == "password_reset_key" and email.sent_at

    client.force_login(attacker)
    for url, page in every_outbox_page(client, email).items():
        assert secret not in page.content.decode(), url
        assert path not in page.content.decode(), url
        if url != "/admin/":
            # Refused: Wagtail sends the person back to the dashboard with a message.
            assert page.redirect_chain, url
            assert page.request["PATH_INFO"] != url.split("?")[0], url
    dashboard = soup(client.get("/admin/"))
    assert not dashboard.select('a[href^="/admin/outgoing_email/"]')

    # The link still works for its owner: the outbox took nothing from the recipient.
    client.logout()
    assert client.get(path, follow=True).status_code == 200


def test_a_secret_waiting_to_be_sent_is_not_shown_even_to_the_outbox_role(
    client, site, django_capture_on_commit_callbacks
):
    operator = staff("outbox@example.org", OUTBOX_OPERATORS)
    # The broker is away: the message stays queued with its body, waiting for a worker.
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/accounts/password/reset/", {"email": operator.email})
    email = OutgoingEmail.objects.get(to=[operator.email])
    assert email.status == OutgoingEmail.Status.QUEUED and "/reset/key/" in email.body_text
    secret_path = RESET_LINK.search(email.body_text).group(1)

    client.force_login(operator)
    page = client.get(f"/admin/outgoing_email/inspect/{email.pk}/")
    assert page.status_code == 200
    text = soup(page).get_text(" ")
    assert secret_path not in page.content.decode()
    assert "Not shown: this message carries a secret" in text
    assert email.subject in text  # what was sent to whom stays visible


@pytest.mark.parametrize("superuser", [False, True])
def test_the_outbox_role_and_superusers_read_ordinary_messages(
    client, site, superuser, django_capture_on_commit_callbacks
):
    reader = (
        UserFactory(email="root@example.org", is_superuser=True, totp_secret=STAFF_TOTP_SECRET)
        if superuser
        else staff("outbox@example.org", OUTBOX_OPERATORS)
    )
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email(
            to="someone@example.org",
            subject="Your application was received",
            body_text="We will review it within two weeks.",
            category="members.application_submitted",
        )
    client.force_login(reader)
    listing = client.get("/admin/outgoing_email/")
    assert listing.status_code == 200
    assert "Your application was received" in listing.content.decode()
    page = client.get(f"/admin/outgoing_email/inspect/{email.pk}/")
    assert "We will review it within two weeks." in page.content.decode()


def test_sign_up_confirmation_key_is_secret_and_cleared_once_sent(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "new@example.org",
                "password1": "correct horse battery staple",
                "password2": "correct horse battery staple",
            },
        )
    [sent] = mail.outbox
    assert "/accounts/confirm-email/" in sent.body
    email = OutgoingEmail.objects.get(to=["new@example.org"])
    assert email.carries_secret and email.status == OutgoingEmail.Status.SENT
    assert (email.body_text, email.body_html) == ("", "")


def test_member_invitation_link_is_secret_and_cleared_once_sent(
    site, django_capture_on_commit_callbacks
):
    member = MemberOrganisationFactory()
    inviter = UserFactory(email="primary@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invite_contact(member, email="colleague@example.org", invited_by=inviter, check=False)
    [sent] = mail.outbox
    assert "/dashboard/invitations/" in sent.body
    email = OutgoingEmail.objects.get(to=["colleague@example.org"])
    assert email.category == "members.invitation" and email.carries_secret
    assert (email.body_text, email.body_html) == ("", "")


def test_an_ordinary_message_keeps_its_body_after_sending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email(to="a@example.org", subject="News", body_text="Hello")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.body_text == "Hello"


def test_ensure_roles_takes_the_outbox_back_from_every_other_role(db):
    from django.contrib.auth.models import Permission

    from portal.roles import ROLES, ensure_roles

    view = Permission.objects.get(codename="view_outgoingemail")
    for name in ROLES:  # as an older version left them
        Group.objects.get(name=name).permissions.add(view)
    ensure_roles()
    holders = set(Group.objects.filter(permissions=view).values_list("name", flat=True))
    assert holders == {OUTBOX_OPERATORS}


def test_migration_marks_and_clears_secrets_stored_before_the_flag(db):
    def stored(category, status):
        return OutgoingEmail.objects.create(
            to=["x@example.org"], subject=category, body_text="key", category=category,
            status=status,
        )  # fmt: skip

    reset = stored("password_reset_key", OutgoingEmail.Status.SENT)
    invitation = stored("members.invitation", OutgoingEmail.Status.QUEUED)
    welcome = stored("members.approved", OutgoingEmail.Status.SENT)

    migration = importlib.import_module("portal.migrations.0004_mark_and_clear_stored_secrets")
    migration.mark_and_clear(django_apps, None)

    for email in (reset, invitation, welcome):
        email.refresh_from_db()
    assert reset.carries_secret and reset.body_text == ""
    assert invitation.carries_secret and invitation.body_text == "key"  # still to be sent
    assert not welcome.carries_secret and welcome.body_text == "key"
