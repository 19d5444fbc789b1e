from .mnr_pages import MNRCapabilityPage, MNRDomainPage
from .news import NewsIndexPage, NewsPage, NewsPageTag, NewsRelatedResource
from .pages import (
    MNRPage,
    RelatedResource,
    ResourceCountry,
    ResourceDocument,
    ResourceIndexPage,
    ResourceLink,
    ResourcePage,
    ResourceRegion,
)
from .snippets import Language, MNRCapability, MNRDomain

__all__ = [
    "Language",
    "MNRCapability",
    "MNRCapabilityPage",
    "MNRDomain",
    "MNRDomainPage",
    "MNRPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "NewsRelatedResource",
    "RelatedResource",
    "ResourceCountry",
    "ResourceDocument",
    "ResourceIndexPage",
    "ResourceLink",
    "ResourcePage",
    "ResourceRegion",
]
