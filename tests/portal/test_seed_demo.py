import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from portal.identity import absolute_url, alliance_name
from portal.models import AllianceSettings, HomePage, NavigationSettings, StandardPage
from tests.html import soup

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
    # The home page in English and its French, Spanish and Arabic translations.
    homes = HomePage.objects.all()
    assert sorted(homes.values_list("locale__language_code", flat=True)) == ["ar", "en", "es", "fr"]
    assert len({home.translation_key for home in homes}) == 1

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert site.root_page.locale.language_code == "en"
    english = StandardPage.objects.live().filter(locale__language_code="en")
    assert english.count() == 4
    about = english.get(slug="about")
    assert {page.locale.language_code: page.title for page in about.get_translations()} == {
        "fr": "À propos de l'alliance",
        "es": "Acerca de la alianza",
        "ar": "عن التحالف",
    }
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
    html = soup(client.get("/"))
    assert (
        html.find("h1").get_text() == "Together against online child sexual exploitation and abuse"
    )
    assert client.login(email="editor@demo.example.org", password="demo-editor-pass-2026")
    # Staff set up their second factor at their first admin visit.
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
    client.logout()
    assert client.login(email="member@demo.example.org", password="demo-member-pass-2026")
    assert client.get("/admin/").status_code == 403


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("seed_demo")


def test_a_second_run_changes_nothing_an_editor_touched(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    about.title = "About us, as the secretariat wrote it"
    about.save_revision().publish()
    alliance = AllianceSettings.for_site(Site.objects.get(is_default_site=True))
    alliance.tagline = "Our own tagline"
    alliance.save()
    editor = get_user_model().objects.get(email="editor@demo.example.org")
    editor.set_password("a-password-of-her-own")
    editor.save()
    get_user_model().objects.filter(email="member@demo.example.org").delete()
    revisions = Revision.objects.count()
    capsys.readouterr()

    call_command("seed_demo")

    assert Revision.objects.count() == revisions  # nothing re-published
    assert (
        StandardPage.objects.get(slug="about", locale__language_code="en").title
        == "About us, as the secretariat wrote it"
    )
    alliance = AllianceSettings.for_site(Site.objects.get(is_default_site=True))
    assert alliance.tagline == "Our own tagline"
    editor.refresh_from_db()
    assert editor.check_password("a-password-of-her-own")
    # A demo account that is missing comes back.
    assert get_user_model().objects.filter(email="member@demo.example.org").exists()
    assert "already in the database" in capsys.readouterr().out


def test_the_banner_gives_the_address_set_by_make_run_every_role_and_where_mail_goes(
    settings, capsys
):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8101"
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # make run's
    call_command("seed_demo")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8101)
    assert absolute_url("/news/") == "http://127.0.0.1:8101/news/"
    output = capsys.readouterr().out
    banner = output[output.index("=" * 72) :]
    assert "is at http://127.0.0.1:8101/" in banner
    assert "http://127.0.0.1:8101/admin/" in banner
    for email in ("admin@", "editor@", "moderator@", "member@", "reviewer@", "applicant@"):
        assert f"{email}demo.example.org" in banner
    assert "E-mails: printed in the terminal" in banner
    # One name: the site's, the admin's and the e-mails'.
    assert alliance_name() == settings.WAGTAIL_SITE_NAME == site.site_name

    # Another port on the next run: the address follows, and nothing else changes.
    settings.SITE_URL = "http://localhost:8102"
    revisions = Revision.objects.count()
    call_command("seed_demo")
    assert absolute_url("/") == "http://localhost:8102/"
    assert Revision.objects.count() == revisions
    assert "is at http://localhost:8102/" in capsys.readouterr().out
