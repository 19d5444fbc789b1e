"""The library in the public API: public resources only.

A resource is listed when it is live, public (``access``) and under no view restriction
(``resources.services.public``): a members-only resource never appears, not even its title,
whoever asks."""

from datetime import date
from enum import Enum

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from portal.api import Paginated, public_get

from .models import ResourceCountry, ResourcePage
from .services import public

router = Router(tags=["resources"])

ResourceType = Enum("ResourceType", {t.name: t.value for t in ResourcePage.Type}, type=str)


class ResourceOut(Schema):
    id: int
    title: str
    url: str
    summary: str
    resource_type: str
    publication_date: date
    countries: list[str]
    capabilities: list[int]

    @staticmethod
    def resolve_url(page):
        return page.url_path_for_api

    @staticmethod
    def resolve_countries(page):
        return [row.country.code for row in page.api_countries]

    @staticmethod
    def resolve_capabilities(page):
        return sorted(capability.number for capability in page.capabilities.all())


class ResourceFilters(Schema):
    type: ResourceType | None = None
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")
    capability: int | None = Field(None, ge=1, le=21, description="MNR capability number")


def public_resources():
    """Live, public resources under no view restriction."""
    return public(ResourcePage.objects.live().filter(access=ResourcePage.Access.PUBLIC))


@router.get("/", response=list[ResourceOut], summary="Public resources of the library")
@public_get("type", "country", "capability")
@paginate(Paginated)
def list_resources(request, filters: Query[ResourceFilters]):
    """The library's public resources, newest first."""
    pages = public_resources()
    if filters.type:
        pages = pages.filter(resource_type=filters.type.value)
    if filters.country:
        pages = pages.filter(countries__country=filters.country.upper())
    if filters.capability:
        pages = pages.filter(capabilities__number=filters.capability)
    pages = pages.order_by("-publication_date", "pk").prefetch_related(
        Prefetch("countries", queryset=ResourceCountry.objects.all(), to_attr="api_countries"),
        "capabilities",
    )
    return PageList(pages, request)


class PageList:
    """The queryset, sliced by the pagination, with each page's address set (the site's
    relative URL: ``/resources/guide/``)."""

    def __init__(self, pages, request):
        self.pages = pages
        self.request = request

    def __len__(self):
        return self.pages.count()

    def count(self):
        return self.pages.count()

    def __getitem__(self, item):
        items = list(self.pages[item])
        for page in items:
            page.url_path_for_api = page.get_url(self.request) or ""
        return items
