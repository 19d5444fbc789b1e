"""The library listing's filters and cards, rendered in Python.

A listing shows a hundred or more filter values (every type, capability, domain, region,
country, language and year, each with its count) and a dozen cards; through the template
language each value costs a dozen variable lookups and each card two dozen nodes and five
translations, which made these two blocks most of the listing's rendering time. The markup is
the same as a template would give.
"""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def facet_fieldsets(facets):
    """One ``<fieldset>`` of checkboxes per filter that has values."""
    return format_html_join(
        "\n",
        '<fieldset class="facet"><legend>{}</legend><ul class="facet__list">{}</ul></fieldset>',
        ((facet["label"], _options(facet)) for facet in facets if facet["options"]),
    )


def _options(facet):
    name = facet["name"]
    return format_html_join(
        "",
        '<li><input type="checkbox" id="f-{0}-{1}" name="{0}" value="{1}"{2}>'
        '<label for="f-{0}-{1}">{3} <span class="facet__count">({4})</span></label></li>',
        (
            (
                name,
                option["value"],
                " checked" if option["selected"] else "",  # nothing in it to escape
                option["label"],
                option["count"],
            )
            for option in facet["options"]
        ),
    )


@register.simple_tag
def resource_cards(cards):
    """The listing's ``<li>`` cards (``resources.filters.ResourceCard``)."""
    labels = {
        "members": gettext("Members only"),
        "published": gettext("Published"),
        "publisher": gettext("Publisher"),
        "capabilities": gettext("MNR capabilities"),
        "countries": gettext("Countries"),
        "languages": gettext("Languages"),
    }
    return format_html_join("\n", "{}", ((_card(card, labels),) for card in cards))


def _card(card, labels):
    members = '<span class="badge badge--warning badge--members">{}</span>'
    badge = format_html(members, labels["members"]) if card.members_only else ""
    meta = [
        format_html(
            '<div><dt>{}</dt><dd><time datetime="{}">{}</time></dd></div>',
            labels["published"],
            card.publication_date.isoformat(),
            format_date(card.publication_date, "j F Y"),
        )
    ]
    for name, value in (
        ("publisher", card.publisher),
        ("capabilities", "; ".join(card.capabilities)),
        ("countries", ", ".join(card.countries)),
        ("languages", ", ".join(card.languages)),
    ):
        if value:
            meta.append(format_html("<div><dt>{}</dt><dd>{}</dd></div>", labels[name], value))
    return format_html(
        '<li class="resource-card">'
        '<h3 class="resource-card__title"><a href="{}">{}</a></h3>'
        '<p class="resource-card__badges"><span class="badge">{}</span>{}</p>'
        '<p class="resource-card__summary">{}</p>'
        '<dl class="resource-meta">{}</dl>'
        "</li>",
        card.url,
        card.title,
        card.type_label,
        badge,
        Truncator(card.summary).words(60),
        format_html_join("", "{}", ((item,) for item in meta)),
    )
