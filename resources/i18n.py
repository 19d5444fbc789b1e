"""Content in the reader's language: which content language a request reads, and the MNR
framework's rows in it.

A page or snippet exists in one locale per translation. The reader's language is the content
language of the active interface language (``WAGTAIL_CONTENT_LANGUAGES``); where a row has no
translation in it, the default language's row stands in (the source), so that nothing is left
out of a list for want of a translation.
"""

from django.conf import settings
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import translation
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant

from .models import MNRCapability, MNRDomain


def default_language():
    """The default locale's language code (``LANGUAGE_CODE``'s content language)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def source_capabilities():
    """The capabilities in the source language: one row per capability, the rows that resources,
    capability pages and self-assessments refer to (their translations stand beside them)."""
    return MNRCapability.objects.filter(locale__language_code=default_language())


def source_domains():
    """The domains in the source language, one row per domain."""
    return MNRDomain.objects.filter(locale__language_code=default_language())


def reader_language():
    """The content language of the active language, or the default one."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return default_language()


def content_language_codes():
    """Every content language's code, the default first."""
    default = default_language()
    return [default, *(code for code in get_content_languages() if code != default)]


def best_by_number(rows, language):
    """``{number: row}`` of rows annotated with ``language_code``: the row in ``language`` where
    there is one, else the default language's."""
    chosen = {}
    for row in rows:
        current = chosen.get(row.number)
        if current is None or row.language_code == language:
            chosen[row.number] = row
    return chosen


def in_languages(queryset, language):
    """``queryset`` restricted to ``language`` and the default language, each row annotated
    with its ``language_code``."""
    return queryset.filter(locale__language_code__in={language, default_language()}).annotate(
        language_code=F("locale__language_code")
    )


def capabilities_in(language, numbers=None):
    """The capabilities (those numbered ``numbers``, or all) in ``language``, by number order,
    each with its ``domain_number``, with one query."""
    rows = in_languages(MNRCapability.objects.all(), language).annotate(
        domain_number=F("domain__number")
    )
    if numbers is not None:
        rows = rows.filter(number__in=numbers)
    return sorted(best_by_number(rows, language).values(), key=lambda row: row.number)


def domains_in(language):
    """The domains in ``language``, by number order, with one query."""
    rows = in_languages(MNRDomain.objects.all(), language)
    return sorted(best_by_number(rows, language).values(), key=lambda row: row.number)


def in_locale_first(pages, page):
    """The first of ``pages`` (by tree order) in ``page``'s locale, else in another, with one
    query: the library a page of one locale links to."""
    same = Case(When(locale_id=page.locale_id, then=Value(0)), default=Value(1))
    return pages.order_by(same, "path").first()


def one_translation_each(pages, language):
    """``pages`` with one translation of each page (the pages sharing a ``translation_key``):
    the one in ``language``, else the one in the default language, else the oldest of those in
    ``pages``; a filter in the same SQL query. Each page is annotated with its
    ``language_code``."""
    default = default_language()
    pages = pages.order_by()
    same = pages.filter(translation_key=OuterRef("translation_key"))
    return pages.annotate(language_code=F("locale__language_code")).filter(
        Q(locale__language_code=language)
        | Q(locale__language_code=default) & ~Exists(same.filter(locale__language_code=language))
        | ~Exists(same.filter(locale__language_code__in={language, default}))
        & ~Exists(same.filter(pk__lt=OuterRef("pk")))
    )
