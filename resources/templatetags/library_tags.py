"""The library listing's filters and cards, rendered in Python.

A listing shows a hundred or more filter values (every type, capability, domain, region,
country, language and year, each with its count) and a dozen cards; through the template
language each value costs a dozen variable lookups and each card two dozen nodes and five
translations, which made these two blocks most of the listing's rendering time. The markup is
the same as a template would give.
"""

from html import escape

from django import template
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

register = template.Library()


def _e(value):
    """``value`` escaped for HTML text and attributes. The standard library's ``escape``, as
    Django's is, without the check for lazy strings that made it most of the time here."""
    return escape(str(value))


@register.simple_tag
def facet_fieldsets(facets):
    """One ``<fieldset>`` of checkboxes per filter that has values."""
    return mark_safe(  # noqa: S308 (every value is escaped by _e)
        "\n".join(
            f'<fieldset class="facet"><legend>{_e(facet["label"])}</legend>'
            f'<ul class="facet__list">{_options(facet)}</ul></fieldset>'
            for facet in facets
            if facet["options"]
        )
    )


def _options(facet):
    name = _e(facet["name"])
    items = []
    for option in facet["options"]:
        value = _e(option["value"])
        checked = " checked" if option["selected"] else ""
        items.append(
            f'<li><input type="checkbox" id="f-{name}-{value}" name="{name}" value="{value}"'
            f'{checked}><label for="f-{name}-{value}">{_e(option["label"])} '
            f'<span class="facet__count">({option["count"]:d})</span></label></li>'
        )
    return "".join(items)


@register.simple_tag
def resource_cards(cards):
    """The listing's ``<li>`` cards (``resources.filters.ResourceCard``)."""
    labels = {
        "members": _e(gettext("Members only")),
        "published": _e(gettext("Published")),
        "publisher": _e(gettext("Publisher")),
        "capabilities": _e(gettext("MNR capabilities")),
        "countries": _e(gettext("Countries")),
        "languages": _e(gettext("Languages")),
    }
    return mark_safe("\n".join(_card(card, labels) for card in cards))  # noqa: S308 (escaped)


def _card(card, labels):
    badge = (
        f'<span class="badge badge--warning badge--members">{labels["members"]}</span>'
        if card.members_only
        else ""
    )
    date = card.publication_date
    meta = [
        f'<div><dt>{labels["published"]}</dt><dd><time datetime="{date.isoformat()}">'
        f"{_e(format_date(date, 'j F Y'))}</time></dd></div>"
    ]
    for name, value in (
        ("publisher", card.publisher),
        ("capabilities", "; ".join(card.capabilities)),
        ("countries", ", ".join(card.countries)),
        ("languages", ", ".join(card.languages)),
    ):
        if value:
            meta.append(f"<div><dt>{labels[name]}</dt><dd>{_e(value)}</dd></div>")
    return (
        '<li class="resource-card">'
        f'<h3 class="resource-card__title"><a href="{_e(card.url)}">{_e(card.title)}</a></h3>'
        f'<p class="resource-card__badges"><span class="badge">{_e(card.type_label)}</span>'
        f"{badge}</p>"
        f'<p class="resource-card__summary">{_e(Truncator(card.summary).words(60))}</p>'
        f'<dl class="resource-meta">{"".join(meta)}</dl>'
        "</li>"
    )
