"""What other apps add to a capability page (``/mnr/<domain>/<capability>/``), so that the library
does not import them: the directory's entries that evidence the capability by country, the members
that report maturity in it and agreed to be contacted.

An app registers a section in its ``AppConfig.ready``::

    from resources import mnr_sections

    mnr_sections.register(
        "directory", "directory/includes/capability_entries.html", entries_for, order=10
    )

``provider(capability, request)`` returns the section's context (the template receives it as
``section``), or ``None`` to leave it out. Whatever a provider shows is seen by visitors through
the anonymous page cache: it must be public, and the models it reads must move the content version
(``portal.content_version``) when they change.

Registered: ``directory`` (the national entries evidencing the capability, by country,
``directory.capability_section``, with ``resources/includes/capability_directory.html``) and
``members`` (members mature in the capability, ``members.assessment_pages``).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    provider: Callable
    order: int


_sections: dict[str, Section] = {}


def register(name, template, provider, *, order=50):
    """Add (or replace, by name) a section of the capability pages."""
    _sections[name] = Section(name=name, template=template, provider=provider, order=order)


def unregister(name):
    _sections.pop(name, None)


def registered():
    return sorted(_sections)


def sections_for(capability, request):
    shown = []
    for section in sorted(_sections.values(), key=lambda section: (section.order, section.name)):
        context = section.provider(capability, request)
        if context is not None:
            shown.append({"name": section.name, "template": section.template, "context": context})
    return shown
