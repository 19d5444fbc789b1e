"""The library listing's filters, rendered in Python.

A listing shows a hundred or more filter values (every type, capability, domain, region,
country, language and year, each with its count); through the template language each costs
a dozen variable lookups, which made this block most of the listing's rendering time. The markup
is the same as a template would give.
"""

from django import template
from django.utils.html import format_html_join

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
