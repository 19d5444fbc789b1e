"""Sections other apps add to ``/dashboard/`` (registrations, newsletter subscription,
self-assessments), so the dashboard does not import every app and each app keeps its own
queries and template.

An app registers a section in its ``AppConfig.ready``::

    dashboard.register("events/includes/dashboard_registrations.html", registrations, order=20)

``context(request)`` returns the section's context, or ``None`` to leave the section out; the
template receives it as ``section``. Sections render in ``order``, after the person's
organisations and applications and before their language and data.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable
    order: int


_sections: dict[str, Section] = {}


def register(template, context, *, order=50):
    """Add (or replace, keyed by template) a dashboard section."""
    _sections[template] = Section(template=template, context=context, order=order)


def sections_for(request):
    """The registered sections with something to show this person, as (template, context)."""
    shown = []
    for section in sorted(
        _sections.values(), key=lambda section: (section.order, section.template)
    ):
        context = section.context(request)
        if context is not None:
            shown.append({"template": section.template, "context": context})
    return shown
