"""/dashboard/privacy/: the data download and account deletion, both behind allauth's
reauthentication; the periodic removal of accounts never verified."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members.factories import MemberContactFactory, MemberOrganisationFactory
from members.models import MemberContact
from portal import tasks
from portal.factories import UserFactory
from tests.html import soup

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
REAUTH = "/accounts/reauthenticate/"


@pytest.fixture
def signed_in(client, user, site):
    client.force_login(user)  # no recent authentication on record: allauth asks again
    return client


def reauthenticate(client, next_url):
    return client.post(REAUTH, {"password": PASSWORD, "next": next_url})


def test_the_dashboard_links_to_the_privacy_page(signed_in):
    page = soup(signed_in.get("/dashboard/"))
    assert page.select_one("#your-data-title ~ p a")["href"] == "/dashboard/privacy/"
    overview = soup(signed_in.get("/dashboard/privacy/"))
    assert overview.select_one("#export-link")["href"] == "/dashboard/privacy/export/"


def test_download_asks_for_the_password_then_sends_a_json_attachment(signed_in, user):
    response = signed_in.get("/dashboard/privacy/export/")
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTH)

    response = reauthenticate(signed_in, "/dashboard/privacy/export/")
    assert response.status_code == 302
    response = signed_in.get(response["Location"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    data = json.loads(response.content)
    assert data["sections"]["account"]["email"] == user.email
    assert data["sections"]["account"]["language"] == "en"
    assert set(data["sections"]) >= {
        "account", "email_addresses", "second_factors", "applications", "memberships",
        "invitations",
    }  # fmt: skip
    assert user.password not in response.content.decode()


def test_deletion_needs_the_typed_address_and_the_password(signed_in, user):
    page = soup(signed_in.get("/dashboard/privacy/delete/"))
    assert page.select_one("form input[name=email]") is not None

    response = signed_in.post("/dashboard/privacy/delete/", {"email": "wrong@example.org"})
    assert response.status_code == 302 and response["Location"].startswith(REAUTH)
    response = reauthenticate(signed_in, "/dashboard/privacy/delete/")
    # allauth replays the suspended request once the password is confirmed.
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("input[name=email]")["value"] == "wrong@example.org"
    assert "type person@example.org exactly" in page.select_one(".field__errors").get_text()
    assert get_user_model().objects.filter(pk=user.pk).exists()

    response = signed_in.post("/dashboard/privacy/delete/", {"email": "PERSON@example.org"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" not in signed_in.session
    entry = ModelLogEntry.objects.get(action="portal.delete_account")
    assert (entry.label, entry.data) == ("Deleted account", {"reason": "owner"})


def test_a_primary_contact_is_told_to_hand_over_before_deleting(signed_in, user):
    member = MemberOrganisationFactory(name="Held Member")
    MemberContactFactory(organisation=member, user=user, role=MemberContact.Role.PRIMARY)
    page = soup(signed_in.get("/dashboard/privacy/delete/"))
    assert "primary contact of Held Member" in page.select_one("#deletion-blockers").get_text()
    assert page.select_one("form input[name=email]") is None

    reauthenticate(signed_in, "/dashboard/privacy/")
    response = signed_in.post("/dashboard/privacy/delete/", {"email": user.email})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_superusers_cannot_delete_their_own_account(client, site):
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = soup(client.get("/dashboard/privacy/"))
    assert "superuser" in page.select_one("#deletion-blockers").get_text()


def test_accounts_never_verified_nor_used_are_removed_after_the_period(settings):
    settings.PRIVACY_UNVERIFIED_ACCOUNT_DAYS = 30
    old = timezone.now() - timedelta(days=31)

    def account(email, *, verified, joined=old, last_login=None, **extra):
        user = UserFactory(email=email, verified=False, **extra)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        get_user_model().objects.filter(pk=user.pk).update(
            date_joined=joined, last_login=last_login
        )
        return user

    stale = account("stale@example.org", verified=False)
    kept = [
        account("recent@example.org", verified=False, joined=timezone.now()),
        account("verified@example.org", verified=True),
        account("signed-in@example.org", verified=False, last_login=old),
        account("staff@example.org", verified=False, is_staff=True),
    ]
    no_address = UserFactory(email="createsuperuser@example.org", verified=False)
    get_user_model().objects.filter(pk=no_address.pk).update(date_joined=old)

    assert tasks.purge_unverified_accounts.apply().result == 1
    remaining = set(get_user_model().objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert {u.pk for u in kept} | {no_address.pk} <= remaining
    entry = ModelLogEntry.objects.get(action="portal.delete_account")
    assert (entry.user_id, entry.data) == (None, {"reason": "unverified"})
