"""The secretariat's announcements at /news/, with an Atom feed."""

from django.core.paginator import Paginator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from portal.blocks import BodyBlock

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

    def news(self, request=None):
        """The live news, newest first, without those under a view restriction that
        ``request`` does not pass (Wagtail's own test); without a request, without any
        restricted one (feeds are read by anyone)."""
        news = NewsPage.objects.live().child_of(self)
        restrictions = PageViewRestriction.objects.filter(
            page__path__startswith=self.path, page__depth__gt=self.depth
        ).select_related("page")
        for restriction in restrictions:
            if request is None or not restriction.accept_request(request):
                news = news.not_descendant_of(restriction.page, inclusive=True)
        return news.order_by("-date", "-pk")

    @path("")
    def listing(self, request):
        news = self.news(request)
        tag = request.GET.get("tag", "").strip()
        if tag:
            news = news.filter(tags__name__iexact=tag)
        paginator = Paginator(news.prefetch_related("tags"), NEWS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context = self.get_context(request)
        context.update({"page_obj": page_obj, "news": page_obj.object_list, "tag": tag})
        return TemplateResponse(request, self.get_template(request), context)

    @path("feed/")
    def feed(self, request):
        from resources.feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
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
        if getattr(request, "is_preview", False):
            context.update(self._lists_of_the_draft())
        else:
            context.update(self._lists())
        return context

    def _lists(self):
        """The tags and the live related resources (by title), with one query."""
        from portal.queries import fetch_lists
        from resources.services import public

        from .pages import ResourcePage

        related = NewsRelatedResource.objects.filter(page_id=self.pk).values("resource_id")
        found = fetch_lists(
            tags=(NewsPageTag.objects.filter(content_object_id=self.pk), ["tag__name"]),
            related=(  # not those under a view restriction, as on a resource's page
                public(ResourcePage.objects.live()).filter(pk__in=related).order_by("title"),
                ["title", "url_path", "access"],
            ),
        )
        return {"tags": [item.tag for item in found["tags"]], "related": found["related"]}

    def _lists_of_the_draft(self):
        """The same for a preview, from the draft's tags and related resources in memory."""
        from resources.services import public

        from .pages import ResourcePage

        ids = [link.resource_id for link in self.related_resources.all()]
        return {
            "tags": list(self.tags.all()),
            "related": list(
                public(ResourcePage.objects.live()).filter(pk__in=ids).order_by("title")
            ),
        }


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
