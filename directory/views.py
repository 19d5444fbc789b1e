"""The directory's public pages: /directory/, a page per country, the suggestion form, and
/report/. Every page but the form is the same for every visitor, and served from the page cache
(``portal.pagecache.cacheable_view``)."""

from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_countries import countries

from members import ratelimit
from members import services as member_services
from portal.pagecache import cacheable_view
from portal.regions import AREA_NAMES

from . import map as world_map
from . import services
from .forms import DirectoryFilterForm, ReportCountryForm, SuggestionForm
from .models import Category, DirectoryEntry

# Entries on each page of a country's list of one category.
CATEGORY_PAGE_SIZE = 25


def country_or_404(code):
    code = code.upper()
    if len(code) != 2 or code not in countries:
        raise Http404("No such country")
    return code, countries.name(code)


@require_GET
@cacheable_view("region", "category", "membership")
def index(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    rows = services.country_rows()
    shown = services.filter_rows(rows, **filters)
    groups, unplaced = services.grouped_by_region(shown)
    return render(
        request,
        "directory/index.html",
        {
            "form": form,
            "filtered": bool(filters),
            "rows": shown,
            "groups": groups,
            "unplaced": unplaced,
            "total": len(rows),
            "with_hotline": sum(row.has_hotline for row in shown),
            "with_helpline": sum(row.has_helpline for row in shown),
            "map": world_map.layout(rows, {row.code for row in shown}),
            "categories": Category.choices,
        },
    )


@require_GET
@cacheable_view("category", "page")
def country(request, code):
    if code != code.lower():  # /directory/FR/ → /directory/fr/
        country_or_404(code)
        return redirect("directory:country", code=code.lower(), permanent=True)
    code, name = country_or_404(code)
    category = request.GET.get("category", "")
    if category:
        return category_list(request, code, name, category, services.category_counts(code))
    return render(
        request,
        "directory/country.html",
        {
            "code": code,
            "lower_code": code.lower(),
            "name": name,
            "country": CountryContent(code),
            "area_names": AREA_NAMES,
        },
    )


class CountryContent:
    """What a country page shows below its heading, read by the template inside its fragment
    cached under the content version (``{% contentcache %}``): on a hit of that cache none of
    it is read. It is the same for everyone: public entries, the member, its published
    self-assessment, public resources."""

    def __init__(self, code):
        self.code = code

    @cached_property
    def counts(self):
        return services.category_counts(self.code)

    @cached_property
    def groups(self):
        return services.country_groups(self.code, self.counts)

    @cached_property
    def capabilities(self):
        return services.capabilities(self.counts)

    @cached_property
    def member(self):
        return services.country_member(self.code)

    @cached_property
    def assessment_summary(self):
        """The member's MNR self-assessment, where it chose to publish one (levels, or levels
        and evidence); an unpublished one is never read here."""
        return member_services.published_summary(self.member) if self.member else None

    @cached_property
    def resources(self):
        return services.country_resources(self.code)


class FirstResort:
    """/report/'s entries for a country, read by the template inside its fragment cached under
    the content version: on a hit of that cache, not read at all."""

    def __init__(self, code):
        self.code = code

    @cached_property
    def entries(self):
        return services.first_resort(self.code)

    @property
    def hotlines(self):
        return self.entries[0]

    @property
    def helplines(self):
        return self.entries[1]

    @property
    def international_hotlines(self):
        return [e for e in self.entries[2] if e.category == Category.HOTLINE]

    @property
    def international_helplines(self):
        return [e for e in self.entries[2] if e.category == Category.HELPLINE]


def category_list(request, code, name, category, counts):
    """Every entry of one category for a country (``?category=``), paginated: where the country
    page shows the first few."""
    if category not in Category.values:
        raise Http404("No such category")
    paginator = Paginator(services.category_entries(code, category), CATEGORY_PAGE_SIZE)
    entries = paginator.get_page(request.GET.get("page"))
    if str(entries.number) != request.GET.get("page", "1"):
        # /?page=x or a page past the end: its canonical address (the page cache never stores
        # a copy per made-up number).
        query = {"category": category}
        if entries.number > 1:
            query["page"] = entries.number
        return redirect(f"{request.path}?{urlencode(query)}")
    return render(
        request,
        "directory/country_category.html",
        {
            "code": code,
            "lower_code": code.lower(),
            "name": name,
            "category": category,
            "label": Category(category).label,
            "count": counts.get(category, 0),
            "entries": entries,
            "area_names": AREA_NAMES,
        },
    )


@require_http_methods(["GET", "POST"])
def suggest(request, code):
    code, name = country_or_404(code)
    if request.method == "POST" and not ratelimit.allow(request, "directory-suggest"):
        return ratelimit.too_many(request)
    form = SuggestionForm(
        request.POST if request.method == "POST" else None,
        country=code,
        entries=DirectoryEntry.objects.for_country(code).order_by("category", "name"),
        initial={"entry": request.GET.get("entry") or None},
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "homepage"}
        services.submit_suggestion(country=code, **fields)
        messages.success(
            request,
            _("Thank you: an editor will check your suggestion before anything is published."),
        )
        return redirect("directory:country", code=code.lower())
    return render(
        request,
        "directory/suggest.html",
        {"form": form, "code": code, "lower_code": code.lower(), "name": name},
    )


def accept_language_country(header):
    """The country of the first language tag in ``Accept-Language`` that names a region
    (``fr-CA,fr;q=0.9`` → ``"CA"``), by the tags' weights; ``""`` when none does."""
    tags = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        tags.append((-weight, position, tag.strip()))
    for _weight, _position, tag in sorted(tags):
        for subtag in tag.replace("_", "-").split("-")[1:]:
            if len(subtag) == 2 and subtag.isalpha() and subtag.upper() in countries:
                return subtag.upper()
    return ""


@require_GET
@cacheable_view("country")
def report(request):
    chosen = request.GET.get("country", "").upper()
    if chosen not in countries:
        chosen = ""
    context = {"country": chosen, "selected": chosen}
    if chosen:
        context.update(
            name=countries.name(chosen),
            first_resort=FirstResort(chosen),
            form=ReportCountryForm(initial={"country": chosen}),
        )
    else:
        # Pre-selected from the browser's language: the page then depends on a header, and is
        # not stored (a page for a chosen country is).
        request.page_cache_view = False
        guess = accept_language_country(request.headers.get("Accept-Language", ""))
        context.update(selected=guess, form=ReportCountryForm(initial={"country": guess}))
    response = render(request, "directory/report.html", context)
    if not chosen:
        patch_vary_headers(response, ["Accept-Language"])
    return response
