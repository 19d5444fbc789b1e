"""A page per domain and per capability of the Model National Response, under /mnr/:
``/mnr/<domain>/<capability>/``.

The framework's facts (numbers, names, one-line descriptions) stay in the MNR snippets; these
pages hold what editors write about each capability, and name their snippet by a foreign key.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..page_views import page_views

GUIDANCE_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class MNRDomainPage(Page):
    """One of the six domains, listing its capabilities' pages."""

    domain = models.OneToOneField(
        "resources.MNRDomain",
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    introduction = RichTextField(_("introduction"), features=GUIDANCE_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("domain"), FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["resources.MNRPage"]
    subpage_types = ["resources.MNRCapabilityPage"]

    class Meta:
        verbose_name = _("MNR domain page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views.mnr_domain_context(self, request))
        return context


class MNRCapabilityPage(Page):
    """What a capability is, why it matters, what good practice looks like, where to read more,
    and who and what can help: the library's resources, the directory's entries, members."""

    capability = models.OneToOneField(
        "resources.MNRCapability",
        verbose_name=_("capability"),
        on_delete=models.PROTECT,
        related_name="page",
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views.mnr_capability_context(self, request))
        return context
