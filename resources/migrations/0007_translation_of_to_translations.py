"""The library's ``translation_of`` links become Wagtail translations, keeping every link.

Each resource that is ``translation_of`` an original joins the original's translations: it takes
the original's ``translation_key`` and the locale of its content language, and moves under the
library of that locale (Wagtail keeps each locale's pages in that locale's tree). Its content
language is the first of its ``languages``, in the order of ``WAGTAIL_CONTENT_LANGUAGES``, whose
locale the group does not hold yet (the original holds its own). Where the locale's home page or
library is missing, it is made as an alias of the original's (a translation that shows the
source's content until an editor translates it). The old address of a moved resource redirects
to it (a permanent redirect, Wagtail's redirects app).

A link that cannot become a translation (no content language among the resource's languages,
or every one of them already held in the group: an English version of an English original) is
kept as a related resource, both ways, and reported on the console.

Backwards, every resource outside the default locale that has a translation in it becomes
``translation_of`` that page again and moves back under its parent; the aliases and the related
resources made forwards stay.
"""

import uuid

from django.conf import settings
from django.db import migrations
from django.db.models import F

# Wagtail's page tree: treebeard's materialised path, steps of 4 characters in base 36.
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    return parent.path + _step(number)


def _free_slug(Page, parent, slug, language_code):
    siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    candidate, number = slug, 1
    if siblings.filter(slug=candidate).exists():
        candidate = f"{slug}-{language_code}"
    while siblings.filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug}-{language_code}-{number}"
    return candidate


def _parent(Page, page):
    return Page.objects.get(path=page.path[:-STEPLEN])


def _move(Page, page, new_parent, *, locale=None):
    """Move ``page`` (and what is under it) to the end of ``new_parent``'s children."""
    old_parent = _parent(Page, page)
    old_path, old_url_path = page.path, page.url_path
    new_path = _next_child_path(Page, new_parent)
    new_url_path = new_parent.url_path + page.slug + "/"
    shift = new_parent.depth + 1 - page.depth
    for node in Page.objects.filter(path__startswith=old_path).order_by("path"):
        node.path = new_path + node.path[len(old_path) :]
        node.depth += shift
        node.url_path = new_url_path + node.url_path[len(old_url_path) :]
        if locale is not None:
            node.locale_id = locale.pk
        node.save(update_fields=["path", "depth", "url_path", "locale"])
    Page.objects.filter(pk=old_parent.pk).update(numchild=F("numchild") - 1)
    Page.objects.filter(pk=new_parent.pk).update(numchild=F("numchild") + 1)


def _alias(apps, source, parent, locale):
    """An alias of ``source`` in ``locale``, as the last child of ``parent``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    content_type = ContentType.objects.get(pk=source.content_type_id)
    model = apps.get_model(content_type.app_label, content_type.model)
    specific = model.objects.get(pk=source.pk)
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or (field.one_to_one and field.remote_field.parent_link):
            continue
        values[field.attname] = getattr(specific, field.attname)
    slug = _free_slug(Page, parent, source.slug, locale.language_code)
    values.update(
        path=_next_child_path(Page, parent),
        depth=parent.depth + 1,
        numchild=0,
        slug=slug,
        url_path=parent.url_path + slug + "/",
        locale_id=locale.pk,
        translation_key=source.translation_key,
        alias_of_id=source.pk,
        latest_revision_id=None,
        live_revision_id=None,
        has_unpublished_changes=False,
        locked=False,
        locked_at=None,
        locked_by_id=None,
    )
    alias = model.objects.create(**values)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    return Page.objects.get(pk=alias.pk)


def _in_locale(apps, page, locale):
    """``page``'s translation in ``locale``, made (with its missing ancestors) as an alias
    when there is none. The tree's root is every locale's."""
    Page = apps.get_model("wagtailcore", "Page")
    if page.depth == 1:
        return page
    found = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    if found is not None:
        return found
    parent = _in_locale(apps, _parent(Page, page), locale)
    return _alias(apps, page, Page.objects.get(pk=parent.pk), locale)


def _site_relative_path(Site, page):
    """``page``'s address relative to the root of the default site, or ``None``."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or not page.url_path.startswith(site.root_page.url_path):
        return None
    return "/" + page.url_path[len(site.root_page.url_path) :].rstrip("/")


def _original_of(ResourcePage, page):
    seen = {page.pk}
    while page.translation_of_id and page.translation_of_id not in seen:
        seen.add(page.translation_of_id)
        page = ResourcePage.objects.get(pk=page.translation_of_id)
    return page


def link_translations(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    ResourcePage = apps.get_model("resources", "ResourcePage")
    RelatedResource = apps.get_model("resources", "RelatedResource")
    content_languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]

    versions = ResourcePage.objects.filter(translation_of__isnull=False).order_by("pk")
    for version in versions:
        original = _original_of(ResourcePage, version)
        if original.pk == version.pk:
            continue
        held = set(
            Page.objects.filter(translation_key=original.translation_key).values_list(
                "locale__language_code", flat=True
            )
        )
        codes = set(version.languages.values_list("code", flat=True))
        language = next(
            (code for code in content_languages if code in codes and code not in held), None
        )
        if language is None:
            for page, other in ((version, original), (original, version)):
                if not RelatedResource.objects.filter(page=page, resource=other).exists():
                    order = RelatedResource.objects.filter(page=page).count()
                    RelatedResource.objects.create(page=page, resource=other, sort_order=order)
            print(
                f"\n  Resource {version.pk} ({version.url_path}) is a language version of "
                f"{original.pk} ({original.url_path}), but none of its languages is a content "
                "language the group lacks: kept as a related resource, both ways."
            )
            continue
        locale, _created = Locale.objects.get_or_create(language_code=language)
        old_path = _site_relative_path(Site, version)
        page = Page.objects.get(pk=version.pk)
        parent = _in_locale(apps, _parent(Page, page), locale)
        _move(Page, page, Page.objects.get(pk=parent.pk), locale=locale)
        Page.objects.filter(pk=version.pk).update(translation_key=original.translation_key)
        ResourcePage.objects.filter(pk=version.pk).update(translation_of=None)
        moved = Page.objects.get(pk=version.pk)
        if old_path and old_path != _site_relative_path(Site, moved):
            if not Redirect.objects.filter(old_path=old_path, site=None).exists():
                Redirect.objects.create(
                    old_path=old_path, site=None, is_permanent=True, redirect_page_id=version.pk
                )


def unlink_translations(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    ResourcePage = apps.get_model("resources", "ResourcePage")
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None:
        return
    for version in ResourcePage.objects.exclude(locale=default).order_by("pk"):
        original = ResourcePage.objects.filter(
            translation_key=version.translation_key, locale=default
        ).first()
        if original is None:
            continue
        page = Page.objects.get(pk=version.pk)
        original_page = Page.objects.get(pk=original.pk)
        slug = _free_slug(Page, _parent(Page, original_page), page.slug, version.locale.language_code)
        if slug != page.slug:
            Page.objects.filter(pk=page.pk).update(slug=slug)
            page = Page.objects.get(pk=page.pk)
        # A key of its own first: (translation_key, locale) is unique.
        Page.objects.filter(pk=version.pk).update(translation_key=uuid.uuid4())
        page = Page.objects.get(pk=version.pk)
        _move(Page, page, _parent(Page, original_page), locale=default)
        ResourcePage.objects.filter(pk=version.pk).update(translation_of=original.pk)
        moved = Page.objects.get(pk=version.pk)
        Redirect.objects.filter(
            redirect_page_id=version.pk, old_path=_site_relative_path(Site, moved)
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0006_mnr_snippets_translatable"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(link_translations, unlink_translations)]
