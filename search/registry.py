"""What the portal's search finds: each app declares its searchable types here, in its
``AppConfig.ready``, and the index (``search.indexing``) builds one ``SearchDocument`` per object.

A type says, for its model:
- ``queryset()``: everything of it that exists and may be found by someone (live pages, active
  members); objects outside it are taken out of the index;
- ``document(obj)``: a ``Entry`` with the title, the text everyone may read (``public_text``),
  the text only readers of members-only content may read (``members_text``), the address, the
  language and the facet values (category, country, region, capability);
- whether it is a Wagtail page (``pages=True``): then Wagtail's view restrictions decide who sees
  it, at query time, through Wagtail's own check (``search.visibility``).

Registering another app (events, directory) is a few lines in its ``AppConfig.ready``::

    from search import registry

    registry.register(
        "event",                     # the kind, a facet value (add its label to KIND_LABELS)
        EventPage,
        queryset=lambda: EventPage.objects.live().specific(),
        document=lambda page: registry.Entry(
            title=page.title, public_text=page.summary, url=page.url,
            language=registry.page_language(page), countries=[page.country.code],
        ),
        pages=True,
    )

Saving, publishing, unpublishing, moving or deleting an object of a registered model then
updates the index through a task enqueued on commit (``search.signals``), and
``python manage.py search_index rebuild`` includes it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Each kind's label, shown in the kind facet. Kinds registered without a label show their key.
KIND_LABELS = {
    "resource": _("Resource"),
    "news": _("News"),
    "page": _("Page"),
    "capability": _("MNR capability"),
    "member": _("Member"),
    "directory": _("Directory entry"),
    "event": _("Event"),
}


@dataclass
class Entry:
    title: str
    url: str
    language: str = "en"
    public_text: str = ""
    members_text: str = ""
    categories: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    capabilities: list = field(default_factory=list)
    date: object = None


@dataclass
class SearchableType:
    kind: str
    model: type
    queryset: object
    document: object
    pages: bool = False

    @property
    def label(self):
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"


_types = {}


def register(kind, model, *, queryset, document, pages=False):
    """Declare ``model`` searchable as ``kind`` (see the module's docstring)."""
    searchable = SearchableType(kind, model, queryset, document, pages)
    _types[searchable.label] = searchable
    return searchable


def types():
    return list(_types.values())


def for_model(model):
    """The searchable type of ``model`` (or of a parent model), or ``None``."""
    meta = model._meta
    found = _types.get(f"{meta.app_label}.{meta.model_name}")
    if found is None and meta.proxy_for_model is not None:
        return for_model(meta.proxy_for_model)
    # Migrations' historical models share the label, not the class: they are not indexed.
    if found is not None and not issubclass(model, found.model):
        return None
    return found


def for_label(label):
    return _types.get(label)


def page_language(page):
    """The language of a page's content: its Wagtail locale (wagtail-localize's translations
    each have their own)."""
    try:
        return page.locale.language_code.split("-")[0]
    except Exception:  # noqa: BLE001 - a page without a locale row reads as the default language
        return "en"
