"""One definition of the search page's filters: which facets, their labels and their values'
labels, read from the query string. It drives the HTML page (``search.views``) and the JSON
suggestions; the backends count and filter (``search.backends``)."""

from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal import content_version
from portal.regions import REGION_NAMES

from . import registry
from .backends.base import FACETS

FACET_LABELS = {
    "kind": _("Kind"),
    "category": _("Category"),
    "country": _("Country"),
    "region": _("Region"),
    "capability": _("MNR capability"),
    "language": _("Language"),
}
# Options shown per facet (the most frequent first); chosen values are always shown.
MAX_OPTIONS = 12


def category_labels():
    from directory.models import Category
    from events.models import EventPage
    from members.models import MemberOrganisation
    from resources.models import ResourcePage

    return {
        **dict(ResourcePage.Type.choices),
        **dict(MemberOrganisation.Kind.choices),
        **dict(Category.choices),
        **dict(EventPage.Kind.choices),
    }


def capability_labels(request=None):
    """Each capability's name in the reader's language (the source's where not translated),
    kept under the content version (which an MNR capability's change moves)."""
    from resources.i18n import capabilities_in

    language = get_language()

    def compute():
        return {
            str(capability.number): f"{capability.number}. {capability.name}"
            for capability in capabilities_in(language)
        }

    return content_version.cached(request, f"search-capability-labels:{language}", compute)


def language_label(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def value_labels(facet, request=None):
    if facet == "kind":
        return dict(registry.KIND_LABELS)
    if facet == "category":
        return category_labels()
    if facet == "region":
        return dict(REGION_NAMES)
    if facet == "capability":
        return capability_labels(request)
    return {}


def label_of(facet, value, labels):
    if facet == "country":
        return countries.name(value) or value
    if facet == "language":
        return language_label(value)
    return labels.get(value, value)


def from_query(querydict):
    """{facet: [values]} chosen in the query string (unknown facets are ignored)."""
    return {facet: querydict.getlist(facet) for facet in FACETS if querydict.getlist(facet)}


def options(counts, chosen, request=None):
    """The facets as the template shows them: name, label, and options (value, label, count,
    selected), chosen values first kept even when their count is zero. (``request``: the one
    whose content version the labels kept in the cache are read under.)"""
    facets = []
    for facet in FACETS:
        rows = counts.get(facet, [])
        selected = set(chosen.get(facet, []))
        labels = value_labels(facet, request) if rows or selected else {}
        count_of = dict(rows)
        shown = [value for value, _count in rows[:MAX_OPTIONS]]
        shown += [value for value in sorted(selected) if value not in shown and value in labels]
        facets.append(
            {
                "name": facet,
                "label": FACET_LABELS[facet],
                "options": [
                    {
                        "value": value,
                        "label": label_of(facet, value, labels),
                        "count": count_of.get(value, 0),
                        "selected": value in selected,
                    }
                    for value in shown
                ],
            }
        )
    return facets
