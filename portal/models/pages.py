import time
from functools import partial

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BodyBlock, LinkBlock


class SectionLinkBlock(blocks.StructBlock):
    link = LinkBlock(label=_("Link"))
    description = blocks.TextBlock(required=False, max_length=300, label=_("Description"))

    class Meta:
        icon = "link"
        label = _("Section")


class HomePage(Page):
    """The root of the alliance's site: what it is, why it exists, and the way into each section."""

    hero_title = models.CharField(_("headline"), max_length=160)
    hero_text = models.TextField(_("introduction"), max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("headline image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sections = StreamField(
        [("section", SectionLinkBlock())],
        blank=True,
        verbose_name=_("sections"),
        help_text=_("The sections of the portal the home page leads into."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Headline"),
        ),
        FieldPanel("sections"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The panels are one fragment under the content version (``{% contentcache %}``), the
        # same for every reader: computed only when the fragment is not kept. What a panel shows
        # that moves with time alone (the next event, once one ends) is kept no longer than a
        # cached anonymous page: the fragment also varies with the page cache's period.
        context["home_panels"] = partial(home_panels, request, self)
        context["home_panels_period"] = int(time.time() // settings.PAGE_CACHE_TIMEOUT)
        return context


def home_panels(request, page):
    """What each part of the portal shows on the home page (member counts, latest resources…).

    An app adds a panel with ``@hooks.register("home_page_panels")`` on a function that takes
    ``(request, page)`` and returns ``None`` or a dict with ``template``, an ``order`` number and
    whatever the template needs. Panels must keep their queries few and fixed, and show public
    content only, from models that move the content version (``portal.content_version``): the
    home page keeps them as one fragment for every reader, members and visitors alike.
    """
    panels = [panel for fn in hooks.get_hooks("home_page_panels") if (panel := fn(request, page))]
    return sorted(panels, key=lambda panel: panel.get("order", 100))


class StandardPage(Page):
    """A page of prose: about the alliance, its statement of commitments, its secretariat."""

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
