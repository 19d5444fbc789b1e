"""What the library, news and the MNR framework give the site-wide search (``search.registry``);
``ResourcesConfig.ready`` calls ``register``."""

from django.db.models import Prefetch

from portal.regions import region_of
from search import registry
from search.indexing import stream_text


def resource_document(page):
    countries = [str(row.country) for row in page.countries.all()]
    regions = {row.region or region_of(row.country) for row in page.countries.all()}
    regions.update(row.region for row in page.regions.all())
    public_text = [page.summary, page.publisher_display]
    body = stream_text(page.body)
    # Everyone reads a resource's title and summary; the body of a members-only resource is for
    # readers of members-only content (resources.access), as on its page.
    if not page.members_only:
        public_text.append(body)
    return registry.Entry(
        title=page.title,
        url=page.url or "",
        language=registry.page_language(page),
        public_text=" ".join(filter(None, public_text)),
        members_text=body if page.members_only else "",
        categories=[page.resource_type],
        countries=countries,
        regions=sorted(region for region in regions if region),
        capabilities=[str(capability.number) for capability in page.capabilities.all()],
        date=page.publication_date,
    )


def news_document(page):
    return registry.Entry(
        title=page.title,
        url=page.url or "",
        language=registry.page_language(page),
        public_text=" ".join(filter(None, [page.summary, stream_text(page.body)])),
        date=page.date,
    )


def capability_document(capability):
    """A capability, found in its own language, linked to its page (``/mnr/<domain>/<capability>/``)
    or, while it has none, to its place on the framework's page."""
    from .models import MNRPage

    page = next((page for page in capability.pages.all() if page.live), None)
    if page is not None and page.url:
        url = page.url
    else:
        mnr = MNRPage.objects.live().filter(locale_id=capability.locale_id).first()
        url = f"{mnr.url}#{capability.anchor}" if mnr and mnr.url else ""
    return registry.Entry(
        title=str(capability),
        url=url,
        language=capability.locale.language_code.split("-")[0],
        public_text=" ".join(filter(None, [capability.description, capability.domain.name])),
        categories=[],
        capabilities=[str(capability.number)],
    )


def register():
    from .models import MNRCapability, NewsPage, ResourcePage

    registry.register(
        "resource",
        ResourcePage,
        queryset=lambda: (
            ResourcePage.objects.live()
            .filter(alias_of__isnull=True)
            .select_related("locale", "publisher")
            .prefetch_related("countries", "regions", Prefetch("capabilities"))
        ),
        document=resource_document,
        pages=True,
    )
    registry.register(
        "news",
        NewsPage,
        queryset=lambda: (
            NewsPage.objects.live().filter(alias_of__isnull=True).select_related("locale")
        ),
        document=news_document,
        pages=True,
    )
    registry.register(
        "capability",
        MNRCapability,
        queryset=lambda: MNRCapability.objects.select_related("domain", "locale").prefetch_related(
            "pages"
        ),
        document=capability_document,
    )
