"""/search/: the site-wide search page, and /search/suggest/ (JSON) for suggestions as one
types. Both go through ``search.service``; neither knows which backend answers."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from . import filters, registry, service

SUGGESTIONS = 8


@require_GET
def search_page(request):
    query = request.GET.get("q", "")
    chosen = filters.from_query(request.GET)
    results = service.search(
        query,
        chosen,
        user=request.user,
        request=request,
        language=get_language(),
        page=request.GET.get("page", 1),
        per_page=service.PER_PAGE,
    )
    chosen = service.clean_filters(chosen)
    paginator = Paginator(range(results.total), results.per_page)
    hidden = [(name, value) for name, values in chosen.items() for value in values]
    suggestion_url = ""
    if results.suggestion:
        suggestion_url = "?" + urlencode([("q", results.suggestion), *hidden])
    context = {
        "query": results.query,
        "results": results,
        "hits": [
            {"hit": hit, "kind_label": registry.KIND_LABELS.get(hit.kind, hit.kind)}
            for hit in results.hits
        ],
        "facets": filters.options(results.facets, chosen, request),
        "chosen": hidden,
        "page_obj": paginator.get_page(results.number),
        "suggestion_url": suggestion_url,
        "searched": bool(results.query or chosen),
    }
    response = render(request, "search/search.html", context)
    # Results depend on who asks: never kept by a shared cache.
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def suggest(request):
    """Titles of what this person may see, matching what they are typing."""
    titles = service.complete(request.GET.get("q", ""), request=request, limit=SUGGESTIONS)
    response = JsonResponse(
        {"suggestions": [{"title": title, "url": url} for title, url in titles]}
    )
    response["Cache-Control"] = "private, no-cache"
    return response
