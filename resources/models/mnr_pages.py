"""A page per domain and per capability of the Model National Response, under /mnr/:
``/mnr/<domain>/<capability>/``.

The framework's facts (numbers, names, one-line descriptions) stay in the MNR snippets; these
pages hold what editors write about each capability, and name their snippet by a foreign key.

One page per snippet in each language: a translation of a page (wagtail-localize, or Wagtail's
copy for translation) names the snippet's translation. The key is a foreign key, not a
one-to-one field, because a translation starts as a copy that still names the source's snippet
(with a one-to-one field, wagtail-localize cannot translate the page at all: its copy breaks the
uniqueness, wagtail-localize issue 542); ``clean`` keeps one page per snippet in a language.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..page_views import page_views

GUIDANCE_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


def one_page_per_snippet(page, field, message):
    """Refuse a second page for the same domain or capability in the page's language."""
    snippet_id = getattr(page, f"{field}_id")
    if snippet_id is None or page.locale_id is None:
        return
    others = type(page).objects.filter(**{f"{field}_id": snippet_id, "locale_id": page.locale_id})
    if others.exclude(pk=page.pk).exists():
        raise ValidationError({field: message})


class MNRDomainPage(Page):
    """One of the six domains, listing its capabilities' pages."""

    domain = models.ForeignKey(
        "resources.MNRDomain",
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        related_name="pages",
    )
    introduction = RichTextField(_("introduction"), features=GUIDANCE_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("domain"), FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["resources.MNRPage"]
    subpage_types = ["resources.MNRCapabilityPage"]

    class Meta:
        verbose_name = _("MNR domain page")

    def clean(self):
        super().clean()
        one_page_per_snippet(self, "domain", _("This domain has a page in this language already."))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views.mnr_domain_context(self, request))
        return context


class MNRCapabilityPage(Page):
    """What a capability is, why it matters, what good practice looks like, where to read more,
    and who and what can help: the library's resources, the directory's entries, members."""

    capability = models.ForeignKey(
        "resources.MNRCapability",
        verbose_name=_("capability"),
        on_delete=models.PROTECT,
        related_name="pages",
    )
    definition = RichTextField(_("definition"), features=GUIDANCE_FEATURES)
    why_it_matters = RichTextField(_("why it matters"), features=GUIDANCE_FEATURES, blank=True)
    good_practice = RichTextField(_("good practice"), features=GUIDANCE_FEATURES, blank=True)
    further_guidance = RichTextField(_("further guidance"), features=GUIDANCE_FEATURES, blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The publication this text is written from."),
    )
    source_url = models.URLField(_("source address"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("capability"),
        FieldPanel("definition"),
        FieldPanel("why_it_matters"),
        FieldPanel("good_practice"),
        FieldPanel("further_guidance"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading=_("Source")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("definition"),
        index.SearchField("why_it_matters"),
        index.SearchField("good_practice"),
        index.SearchField("further_guidance"),
    ]
    parent_page_types = ["resources.MNRDomainPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("MNR capability page")

    def clean(self):
        super().clean()
        one_page_per_snippet(
            self, "capability", _("This capability has a page in this language already.")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views.mnr_capability_context(self, request))
        return context
