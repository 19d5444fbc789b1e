"""The directory in the public API: entries and countries, with the filters of the pages."""

from datetime import date
from enum import Enum

from django.http import Http404
from django.urls import reverse
from django_countries import countries
from ninja import Field, FilterSchema, Path, Query, Router, Schema
from ninja.pagination import paginate

from portal.api import Paginated, public_get
from portal.regions import AREA_NAMES, countries_in

from . import services
from .models import Category, DirectoryEntry

router = Router(tags=["directory"])

CategoryCode = Enum("CategoryCode", {c.name: c.value for c in Category}, type=str)
ScopeCode = Enum("ScopeCode", {s.name: s.value for s in DirectoryEntry.Scope}, type=str)
AreaCode = Enum("AreaCode", {f"M{code}": code for code in AREA_NAMES}, type=str)
Membership = Enum("Membership", {"MEMBER": "member", "NOT_MEMBER": "not_member"}, type=str)
COUNTRY_PATTERN = r"^[A-Za-z]{2}$"


class EntryOut(Schema):
    id: int
    name: str
    category: str
    category_label: str
    description: str
    scope: str
    country: str = Field(
        description="ISO 3166-1 alpha-2 code; empty for a regional or international entry"
    )
    region: str = Field(
        description="UN M49 code of the region or subregion a regional entry serves"
    )
    organisation_type: str
    website: str
    report_url: str
    phone: str
    email: str
    languages: str
    open_24_7: bool
    hours: str
    time_zone: str
    accepts_anonymous: bool | None
    sources: list[str]
    source_date: str
    last_verified: date | None
    is_demo: bool

    @staticmethod
    def resolve_category_label(entry):
        return str(Category(entry.category).label)

    @staticmethod
    def resolve_country(entry):
        return entry.country.code or ""

    @staticmethod
    def resolve_sources(entry):
        return entry.source_urls


class EntryFilters(FilterSchema):
    country: str | None = Field(None, pattern=COUNTRY_PATTERN, description="ISO 3166-1 alpha-2")
    category: CategoryCode | None = None
    scope: ScopeCode | None = None
    region: AreaCode | None = Field(None, description="UN M49 region or subregion code")


@router.get("/entries/", response=list[EntryOut], summary="Directory entries")
@public_get("country", "category", "scope", "region")
@paginate(Paginated)
def list_entries(request, filters: Query[EntryFilters]):
    """Entries, by country, category and name. ``country`` gives the entries that serve that
    country (its own and regional ones); ``region`` those of countries in that region and the
    regional ones for it."""
    entries = DirectoryEntry.objects.order_by("country", "category", "name", "pk")
    if filters.country:
        code = filters.country.upper()
        entries = entries.for_country(code) if code in countries else entries.none()
    if filters.category:
        entries = entries.filter(category=filters.category.value)
    if filters.scope:
        entries = entries.filter(scope=filters.scope.value)
    if filters.region:
        area = filters.region.value
        entries = entries.filter(country__in=countries_in(area)) | entries.filter(region=area)
    return entries


class CountryOut(Schema):
    code: str
    name: str
    region: str
    subregion: str
    categories: list[str]
    has_reporting_hotline: bool
    has_child_helpline: bool
    member: bool
    entries: int = Field(description="The country's own entries (regional ones not counted)")
    url: str


def country_out(row):
    return {
        "code": row.code,
        "name": str(row.name),
        "region": row.region,
        "subregion": row.subregion,
        "categories": sorted(row.categories),
        "has_reporting_hotline": row.has_hotline,
        "has_child_helpline": row.has_helpline,
        "member": row.member,
        "entries": row.entries,
        "url": reverse("directory:country", kwargs={"code": row.lower_code}),
    }


class CountryFilters(Schema):
    region: AreaCode | None = None
    category: CategoryCode | None = None
    membership: Membership | None = None


@router.get("/countries/", response=list[CountryOut], summary="Countries and what they have")
@public_get("region", "category", "membership")
@paginate(Paginated)
def list_countries(request, filters: Query[CountryFilters]):
    """Every ISO 3166-1 country, with the categories the directory has for it (its own and
    regional entries) and its alliance membership; filters as on /directory/."""
    rows = services.filter_rows(
        services.country_rows(),
        region=filters.region.value if filters.region else "",
        category=filters.category.value if filters.category else "",
        membership=filters.membership.value if filters.membership else "",
    )
    return [country_out(row) for row in rows]


class CountryDetailOut(CountryOut):
    entries_serving: list[EntryOut]


@router.get(
    "/countries/{code}/",
    response={200: CountryDetailOut, 404: dict},
    summary="One country, with its entries",
)
@public_get()
def country_detail(request, code: str = Path(..., pattern=COUNTRY_PATTERN)):
    code = code.upper()
    if code not in countries:
        raise Http404("No such country")
    row = next(row for row in services.country_rows() if row.code == code)
    return {
        **country_out(row),
        "entries_serving": services.country_entries(code),
    }
