"""The directory's section of an MNR capability page (``resources.mnr_sections``): the national
entries whose category evidences the capability (``CATEGORY_CAPABILITY``), by country, each
country linked to its directory page: the first ``ENTRIES_PER_COUNTRY`` of each and a link to
all of them (50,000 entries made a page of 400 KB). One query; entries are public facts, and
saving one moves the content version, so the capability page's cached copy never shows a stale
list."""

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django_countries import countries

from .models import CATEGORY_CAPABILITY, DirectoryEntry

# The entries shown for each country; its directory page has them all.
ENTRIES_PER_COUNTRY = 3


def entries_for(capability, request):
    categories = [
        category for category, number in CATEGORY_CAPABILITY.items() if number == capability.number
    ]
    if not categories:
        return None
    national = DirectoryEntry.objects.filter(
        category__in=categories, scope=DirectoryEntry.Scope.NATIONAL
    )
    first = (
        national.annotate(
            position=Window(RowNumber(), partition_by=[F("country")], order_by=[F("name")]),
            country_count=Window(Count("pk"), partition_by=[F("country")]),
        )
        .filter(position__lte=ENTRIES_PER_COUNTRY)
        .only("name", "country", "website", "report_url")
        .order_by("country", "name")
    )
    counts = {}
    by_country = defaultdict(list)
    for entry in first:
        counts[entry.country.code] = entry.country_count
        by_country[entry.country.code].append(
            {"title": entry.name, "url": entry.report_url or entry.website}
        )
    if not by_country:
        return None
    # One category: the country's list of it; several: the country's page.
    query = f"?{urlencode({'category': categories[0]})}" if len(categories) == 1 else ""
    listed = [
        {
            "name": countries.name(code),
            "url": reverse("directory:country", kwargs={"code": code.lower()}),
            "all_url": reverse("directory:country", kwargs={"code": code.lower()}) + query,
            "entries": rows,
            "count": counts[code],
            "more": counts[code] > len(rows),
        }
        for code, rows in by_country.items()
    ]
    return {"countries": sorted(listed, key=lambda country: str(country["name"]))}
