"""The directory's section of an MNR capability page (``resources.mnr_sections``): the countries
with national entries whose category evidences the capability (``CATEGORY_CAPABILITY``), each
linked to those entries on its directory page, with how many it has. Names only: the entries
themselves are on the country pages (listing each, 3 a country at 50,000 entries, made a page of
115 KB). One query; entries are public facts, and saving one moves the content version, so the
capability page's cached copy never shows a stale list."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django_countries import countries

from .models import CATEGORY_CAPABILITY, DirectoryEntry


def entries_for(capability, request):
    categories = [
        category for category, number in CATEGORY_CAPABILITY.items() if number == capability.number
    ]
    if not categories:
        return None
    counts = (
        DirectoryEntry.objects.filter(category__in=categories, scope=DirectoryEntry.Scope.NATIONAL)
        .order_by()
        .values_list("country")
        .annotate(count=Count("pk"))
    )
    # One category: the country's list of it; several: the country's page.
    query = f"?{urlencode({'category': categories[0]})}" if len(categories) == 1 else ""
    listed = [
        {
            "name": countries.name(code),
            "url": reverse("directory:country", kwargs={"code": code.lower()}) + query,
            "count": count,
        }
        for code, count in counts
        if code
    ]
    if not listed:
        return None
    return {"countries": sorted(listed, key=lambda country: str(country["name"]))}
