from urllib.parse import urlencode

from django import template
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
