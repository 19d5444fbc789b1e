"""What the portal's standard pages give the site-wide search (``search.registry``)."""

from search import registry
from search.indexing import stream_text


def standard_page_document(page):
    return registry.Entry(
        title=page.title,
        url=page.url or "",
        language=registry.page_language(page),
        public_text=" ".join(filter(None, [page.introduction, stream_text(page.body)])),
    )


def register():
    from .models import StandardPage

    registry.register(
        "page",
        StandardPage,
        queryset=lambda: (
            StandardPage.objects.live().filter(alias_of__isnull=True).select_related("locale")
        ),
        document=standard_page_document,
        pages=True,
    )
