"""The data migration that turned the library's ``translation_of`` links into Wagtail
translations (resources 0007), run on real rows: migrated back to before it, the links are made
(seed_demo's translations become links again, plus links built here), then migrated forward."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from resources.models import Language, RelatedResource, ResourcePage

BEFORE = ("resources", "0006_mnr_snippets_translatable")

pytestmark = pytest.mark.django_db(transaction=True)


def migrate_back():
    """The database as it was before the conversion; the historical ``ResourcePage``."""
    call_command("migrate", *BEFORE, verbosity=0)
    state = MigrationExecutor(connection).loader.project_state(BEFORE)
    return state.apps.get_model("resources", "ResourcePage")


def migrate_forward():
    call_command("migrate", "resources", verbosity=0)


def assert_translation(version_pk, original_pk):
    version, original = Page.objects.get(pk=version_pk), Page.objects.get(pk=original_pk)
    assert version.translation_key == original.translation_key
    assert version.locale_id != original.locale_id
    parent, source_parent = version.get_parent(), original.get_parent()
    # In the library of its own locale: a translation of the original's library.
    assert parent.locale_id == version.locale_id
    assert parent.translation_key == source_parent.translation_key


def restore_migrated_rows():
    """What migrations wrote and an earlier transactional test's flush removed: the page tree's
    root, the default locale, the MNR framework and the document languages."""
    from importlib import import_module

    from django.apps import apps

    from tests.conftest import _wagtail_tree

    _wagtail_tree()
    import_module("resources.migrations.0003_seed_languages").seed(apps, None)


def test_every_link_of_the_demo_becomes_a_translation(settings):
    restore_migrated_rows()
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False
    Historical = migrate_back()
    links = set(
        Historical.objects.filter(translation_of__isnull=False).values_list(
            "pk", "translation_of_id"
        )
    )
    assert len(links) >= 6  # the demo's translated resources, links again
    assert not Historical.objects.exclude(locale__language_code="en").exists()
    # An English version of an English original cannot be a translation: kept as related.
    english = Historical.objects.get(slug="helpline-chat-video")
    original = Historical.objects.get(slug="national-governance-guide")
    Historical.objects.filter(pk=english.pk).update(translation_of=original.pk)

    migrate_forward()

    for version, source in links:
        assert_translation(version, source)
    assert Page.objects.get(pk=english.pk).translation_key != original.translation_key
    assert RelatedResource.objects.filter(page_id=english.pk, resource_id=original.pk).exists()
    assert RelatedResource.objects.filter(page_id=original.pk, resource_id=english.pk).exists()
    assert all(not problems for problems in Page.find_problems())


def test_a_link_into_a_locale_without_a_library_makes_it(home_page):
    # A transactional test's flush removes the rows data migrations made.
    for code in ("en", "fr", "es"):
        Language.objects.get_or_create(code=code, defaults={"name": code})
    library = ResourceIndexPageFactory(parent=home_page)
    guide = ResourcePageFactory(parent=library, slug="guide", languages=["en"])
    french = ResourcePageFactory(parent=library, slug="guide-fr", languages=["fr", "en"])
    spanish = ResourcePageFactory(parent=library, slug="guia", languages=["es"])
    Historical = migrate_back()
    Historical.objects.filter(pk__in=[french.pk, spanish.pk]).update(translation_of=guide.pk)

    migrate_forward()

    for version in (french, spanish):
        assert_translation(version.pk, guide.pk)
    moved = ResourcePage.objects.get(pk=french.pk)
    assert moved.locale.language_code == "fr"
    home_fr = moved.get_parent().get_parent()
    # The locale's home and library are aliases of the English ones (Wagtail's own kind of
    # translation that shows the source until translated).
    assert moved.get_parent().alias_of_id == library.pk
    assert home_fr.alias_of_id == home_page.pk
    assert home_fr.translation_key == home_page.translation_key
    assert {page.locale.language_code for page in guide.get_translations()} == {"fr", "es"}
    # The old address leads to the moved page.
    from wagtail.contrib.redirects.models import Redirect

    assert Redirect.objects.get(old_path="/resources/guide-fr").redirect_page_id == french.pk
    assert all(not problems for problems in Page.find_problems())
