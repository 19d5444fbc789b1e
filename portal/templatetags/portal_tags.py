from django import template
from django.conf import settings
from django.core.cache import caches
from wagtail.models import Site

from portal import content_version
from portal.languages import in_active_language
from portal.models import NavigationSettings

register = template.Library()


def _links(stream):
    """The links of a navigation stream in the active language. Site settings are one row per
    site, which neither Wagtail nor wagtail-localize translates (wagtail/wagtail#11508), so the
    links follow the visitor's language here: a link to a page leads to its live translation in
    the active language where there is one (``Page.localized``), named by that translation's
    title (an editor's label is written in one language); a link to one of the portal's views
    keeps the language's prefix. ``language`` is the language of the link's text: the page's, or
    for a label the default language's, in which editors write the settings."""
    links = []
    for block in stream:
        value = block.value
        page = value.get("page")
        if page is not None:
            shown = page.localized
            url = shown.url
            translated = shown.pk != page.pk
            text = shown.title if translated else value.text()
            named_by_page = translated or not value.get("label")
            language = shown.locale.language_code if named_by_page else settings.LANGUAGE_CODE
        else:
            url = in_active_language(value.get("url") or "")
            text = value.text()
            language = settings.LANGUAGE_CODE
        if url:
            links.append({"text": text, "url": url, "language": language})
    return links


def navigation(request):
    """The site's main and footer links, from the content cache (``portal.content_version``):
    they change only when an editor saves the navigation or publishes, moves or deletes a page,
    each of which moves the content version. No links for a host that no site answers."""
    site = Site.find_for_request(request)
    if site is None:
        return {"main": [], "footer": [], "footer_text": ""}

    def resolve():
        nav = NavigationSettings.for_request(request)
        return {
            "main": _links(nav.main_navigation),
            "footer": _links(nav.footer_links),
            "footer_text": nav.footer_text,
        }

    return content_version.cached_per_site(request, "navigation", resolve)


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    links = []
    if request is not None:
        current = request.path
        for link in navigation(request)["main"]:
            url = link["url"]
            links.append(
                {
                    **link,
                    "current": url == current,
                    "in_section": url != "/" and url.startswith("/") and current.startswith(url),
                }
            )
    return {"links": links, "request": request, "user": context.get("user")}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    nav = navigation(request) if request is not None else {"footer": [], "footer_text": ""}
    return {
        "links": nav["footer"],
        "footer_text": nav["footer_text"],
        "settings": context.get("settings"),
        "request": request,
    }


@register.filter
def elided_pages(paginator, number):
    """The page numbers to link for page ``number``: the first and last, two either side of it,
    and ``paginator.ELLIPSIS`` between; a listing of 400 pages stays a dozen links."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def page_query(context, page_obj, number):
    """The request's query string with page ``number`` of ``page_obj``: in the parameter named
    by its ``query_parameter`` (where a page lists two paginated lists), else ``page``."""
    query = context["request"].GET.copy()
    query[getattr(page_obj, "query_parameter", "page")] = number
    return f"?{query.urlencode()}"


ADMIN_LINK_TIMEOUT = 300


def admin_link_key(user_pk):
    return f"portal:admin-link:{user_pk}"


@register.simple_tag(takes_context=True)
def shows_admin_link(context):
    """Whether the account links offer the admin, and the page Wagtail's user bar. Asking
    costs the two queries that load every permission of the user, on every page, so the answer
    is kept in the cache for five minutes (a change of groups forgets it at once, see
    ``portal.apps``). It decides only what shows: the admin checks the permission itself on
    every request."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    allowed = getattr(user, "_portal_admin_link", None)  # asked already in this request
    if allowed is None:
        cache = caches["default"]
        allowed = cache.get(admin_link_key(user.pk))
        if allowed is None:
            allowed = user.has_perm("wagtailadmin.access_admin")
            cache.set(admin_link_key(user.pk), allowed, ADMIN_LINK_TIMEOUT)
        user._portal_admin_link = allowed
    return allowed
