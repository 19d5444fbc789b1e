"""The library's views: its listing and feed, the news listing and feed (the page models' routes
hand these their page, ``resources.page_views``), and documents served through Django by
Wagtail's own view (which checks collection privacy)."""

from functools import partial

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from wagtail.documents import get_document_model
from wagtail.documents.views import serve

from .feeds import NewsFeed, ResourceFeed
from .filters import ResourceFilter
from .models.news import NEWS_PER_PAGE
from .page_context import news_visibility, published_news


def library_listing(page, request):
    """The library (a ``ResourceIndexPage``) at its address: its resources, filtered."""
    resource_filter = ResourceFilter(request.GET, index_page=page, request=request)
    context = page.get_context(request)
    context.update(resource_filter.listing_context())
    return TemplateResponse(request, page.get_template(request), context)


def library_feed(page, request):
    return ResourceFeed(page)(request)


def news_listing(page, request):
    """The news index (a ``NewsIndexPage``) at its address: its news, ``?tag=`` for one tag.
    The list is a fragment under the content version (``{% contentcache %}``) for each tag,
    page and set of view restrictions the reader does not pass: readers who may see the same
    news share it, and it is computed only when not kept."""
    tag = request.GET.get("tag", "").strip()
    visibility = news_visibility(page, request)
    refused = ",".join(str(restriction.pk) for restriction in visibility[1])
    context = page.get_context(request)
    context.update(
        {
            "tag": tag,
            "listing": partial(news_page, page, request, tag, visibility),
            "listing_key": f"{request.GET.get('page', '')[:8]}|{refused}|{tag}",
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def news_page(page, request, tag, visibility):
    news = published_news(page, request, visibility)
    if tag:
        news = news.filter(tags__name__iexact=tag)
    paginator = Paginator(news.prefetch_related("tags"), NEWS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return {"page_obj": page_obj, "news": page_obj.object_list}


def news_feed(page, request):
    return NewsFeed(page)(request)


def serve_document(request, document_id, document_filename):
    """Wagtail's document view; a document in a restricted collection is marked private and
    not to be stored, so no shared cache (a proxy, a CDN) keeps a members' file for others."""
    response = serve.serve(request, document_id, document_filename)
    document = get_object_or_404(get_document_model().objects.only("collection"), pk=document_id)
    if document.collection.get_view_restrictions().exists():
        patch_cache_control(response, private=True, no_store=True)
    return response
