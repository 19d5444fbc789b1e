"""The secretariat's announcements at /news/, with an Atom feed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import BodyBlock

from ..page_views import page_views

NEWS_PER_PAGE = 10


class NewsIndexPage(RoutablePageMixin, Page):
    introduction = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["resources.NewsPage"]
    max_count = 1
    # What the listing reads: the page cache stores only query strings made of these.
    cached_query_parameters = ("tag", "page")

    class Meta:
        verbose_name = _("news index page")

    @path("")
    def listing(self, request):
        return page_views.news_listing(self, request)

    @path("feed/")
    def feed(self, request):
        return page_views.news_feed(self, request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    events = ParentalManyToManyField(
        "events.EventPage", blank=True, related_name="news", verbose_name=_("events")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("events"),
        InlinePanel("related_resources", label=_("Related resources")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["resources.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
        verbose_name_plural = _("news pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views.news_context(self, request))  # tags, related resources
        return context


class NewsRelatedResource(Orderable):
    page = ParentalKey(NewsPage, related_name="related_resources", on_delete=models.CASCADE)
    resource = models.ForeignKey(
        "resources.ResourcePage",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("resource", "resources.ResourcePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related resource")
        verbose_name_plural = _("related resources")
