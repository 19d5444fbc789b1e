"""One definition of the library's filters. It drives the HTML listing and the Atom feed.

Values of one filter are combined with OR, filters with each other with AND. The count shown
for each value is the number of resources that value would give with the other filters kept
(disjunctive facets), computed with one aggregate query per filter: the number of queries never
depends on how many resources there are or how many are shown.
"""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.regions import REGION_NAMES

from .models import (
    Language,
    MNRCapability,
    MNRDomain,
    ResourceCountry,
    ResourcePage,
    ResourceRegion,
)

PER_PAGE = 12
FEED_ITEMS = 20
MAX_QUERY_LENGTH = 200
CapabilityLink = ResourcePage.capabilities.through
LanguageLink = ResourcePage.languages.through

NUMBER = re.compile(r"^\d{1,3}$")
YEAR = re.compile(r"^\d{4}$")
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class ResourceFilter:
    FACETS = [
        ("type", _("Type")),
        ("capability", _("MNR capability")),
        ("domain", _("MNR domain")),
        ("region", _("Region")),
        ("country", _("Country")),
        ("language", _("Language")),
        ("year", _("Year")),
        ("access", _("Access")),
    ]
    SORTS = [("newest", _("Newest")), ("relevance", _("Relevance"))]

    def __init__(self, data, index_page=None):
        self.index_page = index_page
        self.q = " ".join(data.get("q", "").split())[:MAX_QUERY_LENGTH]
        self.selected = {name: self._clean(name, data.getlist(name)) for name, _ in self.FACETS}
        sort = data.get("sort", "")
        if sort not in dict(self.SORTS) or (sort == "relevance" and not self.q):
            sort = "relevance" if self.q else "newest"
        self.sort = sort
        self.page_number = data.get("page", "1")
        self._ranked = None

    # --- Input --------------------------------------------------------------------------------
    @staticmethod
    def _clean(name, values):
        """Keep the well-formed values of a filter, in order, without repeats."""
        valid = {
            "type": lambda v: v in ResourcePage.Type.values,
            "access": lambda v: v in ResourcePage.Access.values,
            "capability": NUMBER.match,
            "domain": NUMBER.match,
            "region": lambda v: v in REGION_NAMES,
            "country": lambda v: v.upper() in dict(countries),
            "language": LANGUAGE_CODE.match,
            "year": YEAR.match,
        }[name]
        cleaned = []
        for value in values:
            value = value.strip()
            if name == "country":
                value = value.upper()
            if value and valid(value) and value not in cleaned:
                cleaned.append(value)
        return cleaned[:50]

    @property
    def is_filtered(self):
        return bool(self.q) or any(self.selected.values())

    # --- Querysets ----------------------------------------------------------------------------
    def base(self):
        if not hasattr(self, "_base"):
            self._base = ResourcePage.objects.live().public()
        return self._base

    def ranked_ids(self):
        """Primary keys of the resources matching the keywords, best first."""
        if self._ranked is None:
            self._ranked = [page.pk for page in ResourcePage.objects.live().search(self.q)]
        return self._ranked

    def apply(self, queryset, exclude=None):
        s = {name: [] if name == exclude else values for name, values in self.selected.items()}
        if self.q:
            queryset = queryset.filter(pk__in=self.ranked_ids())
        if s["type"]:
            queryset = queryset.filter(resource_type__in=s["type"])
        if s["access"]:
            queryset = queryset.filter(access__in=s["access"])
        if s["year"]:
            queryset = queryset.filter(publication_date__year__in=[int(y) for y in s["year"]])
        if s["capability"]:
            links = CapabilityLink.objects.filter(mnrcapability__number__in=s["capability"])
            queryset = queryset.filter(pk__in=links.values("resourcepage_id"))
        if s["domain"]:
            links = CapabilityLink.objects.filter(mnrcapability__domain__number__in=s["domain"])
            queryset = queryset.filter(pk__in=links.values("resourcepage_id"))
        if s["region"]:
            by_country = ResourceCountry.objects.filter(region__in=s["region"])
            by_region = ResourceRegion.objects.filter(region__in=s["region"])
            queryset = queryset.filter(
                Q(pk__in=by_country.values("page_id")) | Q(pk__in=by_region.values("page_id"))
            )
        if s["country"]:
            rows = ResourceCountry.objects.filter(country__in=s["country"])
            queryset = queryset.filter(pk__in=rows.values("page_id"))
        if s["language"]:
            links = LanguageLink.objects.filter(language__code__in=s["language"])
            queryset = queryset.filter(pk__in=links.values("resourcepage_id"))
        return queryset

    def results(self):
        return self.apply(self.base())

    def prefetched(self, queryset):
        return queryset.select_related("publisher").prefetch_related(
            "capabilities", "countries", "languages"
        )

    # --- Facets -------------------------------------------------------------------------------
    def _ids(self, name):
        return self.apply(self.base(), exclude=name).values("pk")

    def counts(self):
        """``{facet: {value: count}}`` with one aggregate query per facet."""
        grouped = {
            "type": self.apply(self.base(), exclude="type").values_list("resource_type"),
            "access": self.apply(self.base(), exclude="access").values_list("access"),
            "year": self.apply(self.base(), exclude="year")
            .annotate(year=ExtractYear("publication_date"))
            .values_list("year"),
        }
        counts = {
            name: {str(value): n for value, n in rows.annotate(n=Count("pk")).order_by()}
            for name, rows in grouped.items()
        }
        links = {
            "capability": CapabilityLink.objects.filter(resourcepage_id__in=self._ids("capability"))
            .values_list("mnrcapability__number")
            .annotate(n=Count("resourcepage_id", distinct=True)),
            "domain": CapabilityLink.objects.filter(resourcepage_id__in=self._ids("domain"))
            .values_list("mnrcapability__domain__number")
            .annotate(n=Count("resourcepage_id", distinct=True)),
            "language": LanguageLink.objects.filter(resourcepage_id__in=self._ids("language"))
            .values_list("language__code")
            .annotate(n=Count("resourcepage_id", distinct=True)),
            "country": ResourceCountry.objects.filter(page_id__in=self._ids("country"))
            .values_list("country")
            .annotate(n=Count("page_id", distinct=True)),
        }
        for name, rows in links.items():
            counts[name] = {str(value): n for value, n in rows.order_by()}
        regions = self.apply(self.base(), exclude="region").aggregate(
            **{
                f"r{code}": Count(
                    "pk", distinct=True, filter=Q(countries__region=code) | Q(regions__region=code)
                )
                for code in REGION_NAMES
            }
        )
        counts["region"] = {code: regions[f"r{code}"] for code in REGION_NAMES}
        return counts

    def facets(self):
        counts = self.counts()
        options = {
            "type": list(ResourcePage.Type.choices),
            "access": list(ResourcePage.Access.choices),
            "capability": [(str(c.number), str(c)) for c in MNRCapability.objects.all()],
            "domain": [(str(d.number), str(d)) for d in MNRDomain.objects.all()],
            "region": list(REGION_NAMES.items()),
            "language": [
                (lang.code, lang.name)
                for lang in Language.objects.all()
                if lang.code in counts["language"] or lang.code in self.selected["language"]
            ],
            "country": sorted(
                (
                    (code, countries.name(code))
                    for code in {*counts["country"], *self.selected["country"]}
                ),
                key=lambda item: str(item[1]),
            ),
            "year": [
                (year, year)
                for year in sorted({*counts["year"], *self.selected["year"]}, reverse=True)
            ],
        }
        facets = []
        for name, label in self.FACETS:
            values = [
                {
                    "value": value,
                    "label": text,
                    "count": counts[name].get(value, 0),
                    "selected": value in self.selected[name],
                }
                for value, text in options[name]
            ]
            facets.append({"name": name, "label": label, "options": values})
        return facets

    def active_filters(self, facets):
        """What is applied, each with the address of the listing without it."""
        active = []
        if self.q:
            active.append({"label": _("Keywords: “%s”") % self.q, "url": self.url(q=None)})
        for facet in facets:
            for option in facet["options"]:
                if option["selected"]:
                    active.append(
                        {
                            "label": f"{facet['label']}: {option['label']}",
                            "url": self.url(remove=(facet["name"], option["value"])),
                        }
                    )
        return active

    # --- Addresses ----------------------------------------------------------------------------
    def params(self):
        params = [("q", self.q)] if self.q else []
        for name, _label in self.FACETS:
            params += [(name, value) for value in self.selected[name]]
        return params

    def url(self, q="", remove=None):
        params = [
            (name, value)
            for name, value in self.params()
            if (name, value) != remove and not (name == "q" and q is None)
        ]
        query = urlencode(params)
        return f"?{query}" if query else "?"

    # --- Output -------------------------------------------------------------------------------
    def page(self):
        filtered = self.results()
        if self.sort == "relevance":
            matching = set(filtered.values_list("pk", flat=True))
            ordered = [pk for pk in self.ranked_ids() if pk in matching]
            page_obj = Paginator(ordered, PER_PAGE).get_page(self.page_number)
            by_pk = self.prefetched(ResourcePage.objects.filter(pk__in=list(page_obj))).in_bulk()
            resources = [by_pk[pk] for pk in page_obj if pk in by_pk]
        else:
            ordered = self.prefetched(filtered.order_by("-publication_date", "-pk"))
            page_obj = Paginator(ordered, PER_PAGE).get_page(self.page_number)
            resources = list(page_obj)
        return page_obj, resources

    def feed_items(self):
        return list(
            self.prefetched(self.results().order_by("-first_published_at", "-pk"))[:FEED_ITEMS]
        )

    def listing_context(self, request):
        page_obj, resources = self.page()
        facets = self.facets()
        feed_query = urlencode(self.params())
        return {
            "filter": self,
            "facets": facets,
            "active_filters": self.active_filters(facets),
            "page_obj": page_obj,
            "resources": resources,
            "sort_options": [
                {"value": value, "label": label, "selected": value == self.sort}
                for value, label in self.SORTS
                if value != "relevance" or self.q
            ],
            "feed_query": f"?{feed_query}" if feed_query else "",
        }
