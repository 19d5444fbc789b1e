from urllib.parse import urlencode

from django import template
from django.utils import translation
from wagtail.models import Page

from portal import languages
from portal.pagecache import normalised_query

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in_languages(context):
    """The page being answered in each language (``portal.languages.versions``): the Wagtail
    page in the context, else the request's view. The links keep the query string as the page
    cache normalises it (tracking parameters dropped), so that a page stored in the cache
    carries no visitor's own parameters."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    query = urlencode(normalised_query(request.META.get("QUERY_STRING", "")))
    return languages.versions(request, page, query)


@register.filter
def language_in_sentence(code):
    """A language's name as it reads inside a sentence (``portal.languages.name_in_sentence``)."""
    return languages.name_in_sentence(code)


@register.inclusion_tag("components/content_language.html")
def content_language(code):
    """``lang`` and ``dir`` for an element holding content in ``code`` (a language code), where
    it differs from the active language: English shown in an Arabic page where no translation
    exists reads left to right, and a screen reader speaks it in English."""
    active = translation.get_language() or ""
    differs = bool(code) and code.lower() != active.lower()
    direction = "ltr"
    if differs:
        try:
            direction = "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
        except KeyError:
            direction = "auto"  # a language Django does not know: let the browser judge
    return {"differs": differs, "code": code, "direction": direction}
