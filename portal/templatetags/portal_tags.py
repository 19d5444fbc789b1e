from django import template

from portal.models import NavigationSettings

register = template.Library()


def _links(stream):
    links = []
    for block in stream:
        value = block.value
        url = value.href()
        if url:
            links.append({"text": value.text(), "url": url})
    return links


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    links = []
    if request is not None:
        nav = NavigationSettings.for_request(request)
        current = request.path
        for link in _links(nav.main_navigation):
            url = link["url"]
            link["current"] = url == current
            link["in_section"] = url != "/" and url.startswith("/") and current.startswith(url)
            links.append(link)
    return {"links": links, "request": request, "user": context.get("user")}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    nav = NavigationSettings.for_request(request) if request is not None else None
    return {
        "links": _links(nav.footer_links) if nav else [],
        "footer_text": nav.footer_text if nav else "",
        "settings": context.get("settings"),
        "request": request,
    }
