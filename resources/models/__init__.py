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
    "MNRDomain",
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
