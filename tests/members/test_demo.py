import pytest
from django.core.management import call_command
from wagtail.models import Site

from members.models import Application, MemberContact, MemberOrganisation
from portal.models import NavigationSettings, OutgoingEmail
from tests.html import soup

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_members_of_each_kind_and_applications_in_several_statuses(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = (MemberOrganisation.objects.count(), Application.objects.count())
    call_command("seed_demo")
    assert (MemberOrganisation.objects.count(), Application.objects.count()) == first
    settings.DEBUG = False

    counts = MemberOrganisation.objects.counts_by_kind()
    assert all(n >= 3 for n in counts.values()), counts
    assert all(m.name.endswith("(demo)") for m in MemberOrganisation.objects.all())
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "under_review", "information_requested", "declined"} <= statuses
    assert not OutgoingEmail.objects.exists()  # seeding sends nothing

    contact = MemberContact.objects.get(user__email="member@demo.example.org")
    assert contact.is_primary and contact.organisation.is_active
    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    assert "Members" in [block.value.text() for block in nav.main_navigation]

    page = soup(client.get("/members/"))
    assert len(page.select(".cards .card")) == sum(counts.values())
    assert client.login(email="member@demo.example.org", password="demo-member-pass-2026")
    page = soup(client.get("/dashboard/"))
    assert [a.get_text() for a in page.select("#organisations-title ~ .cards a")] == [
        contact.organisation.name
    ]
