"""Two-factor authentication is required for everyone who can enter the Wagtail admin."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from portal.factories import UserFactory
from portal.roles import MEMBERSHIP_REVIEWERS, SECRETARIAT_EDITORS
from tests.html import soup
from tests.mfa import STAFF_TOTP_SECRET, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def messages_on(response):
    return [item.get_text(" ", strip=True) for item in soup(response).select(".messages li")]


@pytest.fixture
def editor_without_mfa(db):
    return UserFactory(
        email="new-editor@example.org", groups=[Group.objects.get(name=SECRETARIAT_EDITORS)]
    )


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/documents/"])
def test_staff_without_mfa_are_sent_to_set_it_up_before_any_admin_page(
    client, site, editor_without_mfa, path
):
    client.force_login(editor_without_mfa)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    [message] = messages_on(page)
    assert "must be protected by two-factor authentication" in message
    # Both ways to set it up are offered.
    links = {a["href"] for a in soup(page).select("a[href]")}
    assert "/accounts/2fa/totp/activate/" in links
    assert "/accounts/2fa/webauthn/add/" in links


def test_superusers_and_reviewers_need_it_too(client, site, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    reviewer = UserFactory(
        email="reviewer@example.org", groups=[Group.objects.get(name=MEMBERSHIP_REVIEWERS)]
    )
    for person in (admin, reviewer):
        client.force_login(person)
        assert client.get("/admin/")["Location"] == "/accounts/2fa/"


def test_people_without_admin_access_are_offered_mfa_but_not_pushed(client, site, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 403  # told they have no access (portal.admin_access)
    page = client.get("/accounts/2fa/")
    assert page.status_code == 200
    assert not [text for text in messages_on(page) if "two-factor" in text]
    assert soup(page).find("a", href="/accounts/2fa/totp/activate/") is not None


def test_setting_up_totp_opens_the_admin(client, site, editor_without_mfa):
    client.force_login(editor_without_mfa)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    html = soup(page)
    # The QR code and the secret as text.
    assert html.select_one("img[src^='data:image/svg+xml']")["alt"]
    secret = html.find(id="authenticator_secret").get_text(strip=True)
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=editor_without_mfa, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get("/admin/").status_code == 200
    # The settings page now leads on to the admin.
    page = client.get("/accounts/2fa/")
    assert soup(page).find("a", href="/admin/") is not None


def test_staff_cannot_turn_off_their_only_second_factor(client, site, editor, member):
    client.force_login(editor)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert "can enter the administration" in soup(response).get_text()
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()

    # Anyone else may.
    UserFactory(email=member.email, totp_secret=STAFF_TOTP_SECRET)
    client.force_login(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()


def test_security_key_pages_use_the_portal_layout(client, site, editor):
    client.force_login(editor)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for path in ("/accounts/2fa/webauthn/", "/accounts/2fa/webauthn/add/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = soup(response)
        assert html.find("main") is not None
        assert html.find("h1") is not None
        # No inline script may run under the Content-Security-Policy: data blocks only.
        for script in html.find_all("script"):
            assert script.get("src") or script.get("type") == "application/json", script
    add = soup(client.get("/accounts/2fa/webauthn/add/"))
    name = add.find("input", attrs={"name": "name"})
    assert add.find("label", attrs={"for": name["id"]}) is not None
