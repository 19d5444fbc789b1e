"""The directory's section of an MNR capability page (``resources.mnr_sections``): the national
entries whose category evidences the capability (``CATEGORY_CAPABILITY``), by country, each
country linked to its directory page. One query; entries are public facts, and saving one moves
the content version, so the capability page's cached copy never shows a stale list."""

from collections import defaultdict

from django.urls import reverse
from django_countries import countries

from .models import CATEGORY_CAPABILITY, DirectoryEntry


def entries_for(capability, request):
    categories = [
        category for category, number in CATEGORY_CAPABILITY.items() if number == capability.number
    ]
    if not categories:
        return None
    entries = (
        DirectoryEntry.objects.filter(category__in=categories, scope=DirectoryEntry.Scope.NATIONAL)
        .only("name", "country", "website", "report_url")
        .order_by("country", "name")
    )
    by_country = defaultdict(list)
    for entry in entries:
        by_country[entry.country.code].append(
            {"title": entry.name, "url": entry.report_url or entry.website}
        )
    if not by_country:
        return None
    listed = [
        {
            "name": countries.name(code),
            "url": reverse("directory:country", kwargs={"code": code.lower()}),
            "entries": rows,
        }
        for code, rows in by_country.items()
    ]
    return {"countries": sorted(listed, key=lambda country: str(country["name"]))}
