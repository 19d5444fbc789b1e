"""Atom feeds of new resources and of news.

A feed entry carries a resource's title, summary and address only, never its body: the summary
is public for members-only resources too, so a feed reader never sees members' content.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal.identity import absolute_url

from .filters import ResourceFilter
from .page_context import published_news


class _PageFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def link(self, obj):
        return obj.get_full_url(self.request)

    def feed_url(self, obj):
        """The feed's own address, on the portal's address as every other link."""
        return absolute_url(self.request.get_full_path())

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_title(self, item):
        return item.title

    def item_updateddate(self, item):
        return item.last_published_at


class ResourceFeed(_PageFeed):
    """New resources, newest first, with the listing's filters (``/resources/feed/?type=guide``)."""

    def title(self, obj):
        return _("%(title)s: new resources") % {"title": obj.title}

    def subtitle(self, obj):
        return obj.introduction

    def items(self, obj):
        return ResourceFilter(self.request.GET, index_page=obj, request=self.request).feed_items()

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        categories = [item.get_resource_type_display()]
        if item.members_only:
            categories.append(_("Members only"))
        return categories


class NewsFeed(_PageFeed):
    def title(self, obj):
        return obj.title

    def subtitle(self, obj):
        return obj.introduction

    def items(self, obj):
        return published_news(obj)[:20]

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9)))
