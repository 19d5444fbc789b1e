"""Wagtail's shared-password privacy is off: passwords could be guessed without limit."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Collection, PageViewRestriction

from portal.factories import StandardPageFactory
from tests.html import soup

pytestmark = pytest.mark.django_db


def restriction_choices(response):
    html = soup(response.json()["html"])
    return {radio["value"] for radio in html.select("input[name='restriction_type']")}


@pytest.fixture
def admin_client(client, django_user_model):
    from portal.factories import UserFactory
    from tests.mfa import STAFF_TOTP_SECRET

    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    UserFactory(email=admin.email, totp_secret=STAFF_TOTP_SECRET)
    client.force_login(admin)
    return client


def test_the_page_privacy_form_offers_no_password(admin_client, home_page):
    page = StandardPageFactory(parent=home_page)
    response = admin_client.get(f"/admin/pages/{page.pk}/privacy/")
    assert response.status_code == 200
    assert restriction_choices(response) == {"none", "login", "groups"}


def test_the_collection_privacy_form_offers_no_password(admin_client, home_page):
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Reports")
    response = admin_client.get(f"/admin/collections/{collection.pk}/privacy/")
    assert response.status_code == 200
    assert restriction_choices(response) == {"none", "login", "groups"}


def test_existing_password_restrictions_become_sign_in_restrictions(home_page):
    page = StandardPageFactory(parent=home_page)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="guessable"
    )
    migration = importlib.import_module("portal.migrations.0008_password_privacy_to_login")
    migration.passwords_to_login(apps, None)
    restriction.refresh_from_db()
    assert restriction.restriction_type == PageViewRestriction.LOGIN
    migration.login_back_to_passwords(apps, None)
    restriction.refresh_from_db()
    assert restriction.restriction_type == PageViewRestriction.PASSWORD
