import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from portal.models import HomePage, NavigationSettings, StandardPage

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_alliance_and_is_idempotent(client, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = {
        "pages": Page.objects.count(),
        "users": get_user_model().objects.count(),
        "homes": HomePage.objects.count(),
    }
    call_command("seed_demo")
    assert Page.objects.count() == first["pages"]
    # The four portal accounts, plus any an app's demo adds (members: a reviewer, an applicant).
    assert get_user_model().objects.count() == first["users"] >= 4
    assert HomePage.objects.count() == 1

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert StandardPage.objects.live().count() == 4
    nav = NavigationSettings.for_site(site)
    texts = [block.value.text() for block in nav.main_navigation]
    # The portal's own pages, with the apps' links (Members, …) between the first and the rest.
    assert [
        t
        for t in texts
        if t in {"About the alliance", "Statement of commitments", "The secretariat"}
    ] == [
        "About the alliance",
        "Statement of commitments",
        "The secretariat",
    ]
    assert texts[0] == "About the alliance" and "Members" in texts
    output = capsys.readouterr().out
    assert "editor@demo.example.org" in output and "demo-editor-pass-2026" in output
    assert "member@demo.example.org" in output
    assert "asked to set up two-factor authentication" in output

    settings.DEBUG = False
    html = BeautifulSoup(client.get("/").content, "html.parser")
    assert (
        html.find("h1").get_text() == "Together against online child sexual exploitation and abuse"
    )
    assert client.login(email="editor@demo.example.org", password="demo-editor-pass-2026")
    # Staff set up their second factor at their first admin visit.
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
    client.logout()
    assert client.login(email="member@demo.example.org", password="demo-member-pass-2026")
    assert client.get("/admin/").status_code == 302


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("seed_demo")
