"""What the library's pages show besides their own fields, read through the ORM with a fixed
number of queries however long the lists are:

- a resource: who may read all of it, its library, publisher, places, capabilities, languages,
  its translations (other language versions), related resources, documents and links
  (``resource_page_context``);
- a news item: its tags and related resources (``news_page_context``);
- /mnr/: the domains and capabilities, each with its newest resources (``mnr_page_context``);
- the news index: the news a reader may see (``published_news``).

``ResourcesConfig.ready()`` connects the first three to the page models (``resources.page_views``).
In a preview, a page's lists are the draft's, held in memory (modelcluster), not the database's.
"""

from collections import defaultdict
from functools import partial

from django.db.models import CharField, Exists, F, Q, Value
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import get_text_for_indexing

from portal import content_version
from portal.regions import REGION_NAMES

from . import mnr_sections
from .access import (
    can_view_members_content,
    known_members_content_access,
    member_content_groups,
    remember_members_content_access,
)
from .cards import compact_cards
from .filters import country_name, facet_table, first_positions
from .i18n import (
    capabilities_in,
    default_language,
    domains_in,
    in_locale_first,
    one_translation_each,
    reader_language,
)
from .models import (
    MNRCapability,
    MNRCapabilityPage,
    MNRDomainPage,
    NewsIndexPage,
    NewsPage,
    NewsRelatedResource,
    RelatedResource,
    ResourceCountry,
    ResourceDocument,
    ResourceIndexPage,
    ResourceLink,
    ResourcePage,
    ResourceRegion,
)
from .models.pages import MNR_RESOURCES_PER_CAPABILITY
from .services import public

# What a resource page's lists read of the other resources they show.
LISTED_FIELDS = ("title", "url_path", "access", "locale")
LanguageLink = ResourcePage.languages.through
CapabilityLink = ResourcePage.capabilities.through


# --- A resource -----------------------------------------------------------------------------------
def resource_page_context(page, request):
    """``can_view_full`` (whether the reader may read the body, documents and links), the
    ``library`` the resource is in (when live), and what the page lists."""
    if getattr(request, "is_preview", False):
        return _lists_of_the_draft(page, request)
    return _lists(page, request)


def _lists(page, request):
    """The lists of a live resource: the page's row (its cover image, its publisher and whether
    the reader is a member: one query), then what the page lists, the same for every reader
    who may read as much (``published_lists``), from the content cache: it changes only with
    published content, which moves the content version."""
    user = request.user
    can_view_full = known_members_content_access(user) if page.members_only else True
    row = _row(page, user, ask_membership=can_view_full is None)
    page.cover_image = row.cover_image
    if can_view_full is None:
        can_view_full = remember_members_content_access(user, row.reader_is_member)
    lists = content_version.cached_per_site(
        request,
        f"resource-lists:{page.pk}:{'full' if can_view_full else 'summary'}",
        partial(published_lists, page, request, can_view_full),
    )
    return {
        "can_view_full": can_view_full,
        "publisher": row.publisher_label or page.publisher_name,
        **lists,
    }


def published_lists(page, request, can_view_full):
    """What a live resource lists, with six queries: its places, capabilities, languages (its own
    and its versions'), the other resources it shows, its library, and for a reader of the whole
    page its documents and links."""
    languages = [
        link.language
        for link in LanguageLink.objects.filter(resourcepage_id=page.pk)
        .select_related("language")
        .order_by("language__name")
    ]

    # The other language versions (the page's live translations) and the related resources in
    # one query: a union of the two lists, each on its own condition. Related resources under a
    # view restriction are left out: their titles are not for everyone, and their pages refuse
    # the reader anyway.
    related_ids = RelatedResource.objects.filter(page_id=page.pk).values("resource_id")
    translations = ResourcePage.objects.live().filter(translation_key=page.translation_key)
    others = (
        _shown_as("version", translations.exclude(pk=page.pk))
        .union(
            _shown_as("related", public(ResourcePage.objects.live()).filter(pk__in=related_ids)),
            all=True,
        )
        .order_by("title", "pk")
    )
    versions, related = [], []
    for other in others:
        (versions if other.shown_as == "version" else related).append(other)

    documents, links = [], []
    if can_view_full:
        documents = list(
            ResourceDocument.objects.filter(page_id=page.pk)
            .select_related("document")
            .only("description", "document__title", "document__file", "document__file_size")
        )
        links = list(ResourceLink.objects.filter(page_id=page.pk).only("url", "label"))

    countries, regions = _places(page)
    numbers = CapabilityLink.objects.filter(resourcepage_id=page.pk).values("mnrcapability__number")
    return {
        "library": _library_of(page),
        "languages": languages,
        "countries": countries,
        "regions": regions,
        "capabilities": list(capabilities_in(reader_language(), numbers)),
        "documents": documents,
        "links": links,
        "language_versions": versions,
        "related": compact_cards(related, request),
    }


def _row(page, user, ask_membership):
    """The page's row with its cover image, its publisher's name (``publisher_label``) and,
    when asked, whether ``user`` reads members' content (``reader_is_member``)."""
    row = (
        ResourcePage.objects.filter(pk=page.pk)
        .select_related("cover_image")
        .annotate(publisher_label=F("publisher__name"))
    )
    if ask_membership:
        row = row.annotate(reader_is_member=Exists(member_content_groups(user)))
    return row.only("pk", "cover_image").get()


def _shown_as(role, resources):
    """``resources`` as one part of a union: the listed fields, ``shown_as`` naming the list
    they belong to and ``language_code``, their locale's language."""
    return (
        resources.order_by()
        .only(*LISTED_FIELDS)
        .annotate(
            shown_as=Value(role, output_field=CharField()),
            language_code=F("locale__language_code"),
        )
    )


def _places(page):
    """The names of the resource's countries and regions, in the editor's order, with one
    query."""
    rows = (
        ResourceCountry.objects.filter(page_id=page.pk)
        .order_by()
        .values_list(Value("country", output_field=CharField()), "country", "sort_order", "pk")
        .union(
            ResourceRegion.objects.filter(page_id=page.pk)
            .order_by()
            .values_list(Value("region", output_field=CharField()), "region", "sort_order", "pk"),
            all=True,
        )
    )
    countries, regions = [], []
    for kind, code, _order, _pk in sorted(rows, key=_editors_order):
        if kind == "country":
            countries.append(country_name(code))
        else:
            regions.append(REGION_NAMES.get(code, code))
    return countries, regions


def _editors_order(row):
    _kind, _code, order, pk = row
    return (order is None, order or 0, pk)


def _library_of(page):
    """The library the resource is in (its parent), when it is live."""
    parent = page.get_parent()
    return parent if parent is not None and parent.live else None


def _lists_of_the_draft(page, request):
    """The same for a preview, from the page object: its relations are the draft's."""
    can_view_full = not page.members_only or can_view_members_content(request.user)
    related_ids = {link.resource_id for link in page.related_resources.all()}
    versions = []
    if page.pk is not None:  # a new page has no translations yet
        versions = list(
            ResourcePage.objects.live()
            .filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
            .annotate(language_code=F("locale__language_code"))
            .order_by("title", "pk")
        )
    related = (
        public(ResourcePage.objects.live())
        .filter(pk__in=related_ids)
        .only(*LISTED_FIELDS)
        .order_by("title", "pk")
    )
    return {
        "can_view_full": can_view_full,
        "library": _library_of(page),
        "publisher": page.publisher_display,
        "languages": list(page.languages.all()),
        "countries": [country_name(place.country.code) for place in page.countries.all()],
        "regions": [REGION_NAMES.get(place.region, place.region) for place in page.regions.all()],
        "capabilities": capabilities_in(
            reader_language(), [capability.number for capability in page.capabilities.all()]
        ),
        "documents": list(page.documents.all()) if can_view_full else [],
        "links": list(page.links.all()) if can_view_full else [],
        "language_versions": versions,
        "related": compact_cards(related, request),
    }


# --- A news item and the news index ---------------------------------------------------------------
def news_page_context(page, request):
    """The news item's tags, its live public events and its live related resources (by title),
    and its index's address (for the tags' links). Served, they are kept in the content cache
    per item, site and language (they change only with published content); in a preview they
    are the draft's, held in memory."""
    if getattr(request, "is_preview", False):
        return news_lists(
            page,
            request,
            related_ids=[link.resource_id for link in page.related_resources.all()],
            event_ids=[event.pk for event in page.events.all()],
        )
    return content_version.cached_per_site(
        request,
        f"news-lists:{page.pk}",
        partial(
            news_lists,
            page,
            request,
            related_ids=NewsRelatedResource.objects.filter(page_id=page.pk).values("resource_id"),
            event_ids=NewsPage.events.through.objects.filter(newspage_id=page.pk).values(
                "eventpage_id"
            ),
        ),
    )


def news_lists(page, request, related_ids, event_ids):
    related = (
        public(ResourcePage.objects.live())  # not those under a view restriction
        .filter(pk__in=related_ids)
        .only("title", "url_path", "access")
        .order_by("title", "pk")
    )
    events = (
        NewsPage.events.field.related_model.objects.live()
        .public()
        .filter(pk__in=event_ids)
        .only("title", "url_path", "path", "depth", "starts_at")
        .order_by("starts_at", "pk")
    )
    parent = page.get_parent()
    return {
        "tags": [tag.name for tag in page.tags.all()],
        "events": list(events),
        "related": compact_cards(related, request),
        "index_url": parent.get_url(request) if parent is not None else "",
    }


def news_visibility(index_page, request=None):
    """``(indexes, refused)``: the ``(path, depth)`` of the news index and of its translations,
    and the view restrictions under them that ``request`` does not pass (Wagtail's own test);
    without a request, every one of them (feeds are read by anyone)."""
    indexes = list(
        NewsIndexPage.objects.filter(translation_key=index_page.translation_key).values_list(
            "path", "depth"
        )
    )
    restricted_under = Q(pk__in=[])
    for path, depth in indexes:
        restricted_under |= Q(page__path__startswith=path, page__depth__gt=depth)
    restrictions = PageViewRestriction.objects.filter(restricted_under).select_related("page")
    refused = [
        restriction
        for restriction in restrictions
        if request is None or not restriction.accept_request(request)
    ]
    return indexes, refused


def published_news(index_page, request=None, visibility=None):
    """The live news of the index and of its translations, one translation of each item (in
    the reader's language, else its source's), newest first, without those under a view
    restriction that ``request`` does not pass; ``visibility`` is ``news_visibility``'s answer
    when the caller has it already."""
    indexes, refused = visibility or news_visibility(index_page, request)
    under = Q(pk__in=[])
    for path, depth in indexes:
        under |= Q(path__startswith=path, depth=depth + 1)
    news = NewsPage.objects.live().filter(under)
    for restriction in refused:
        news = news.not_descendant_of(restriction.page, inclusive=True)
    return one_translation_each(news, reader_language()).order_by("-date", "-pk")


# --- /mnr/ ----------------------------------------------------------------------------------------
def mnr_page_context(page, request):
    """``framework``: what the page lists, computed only when its fragment is not kept (the
    template keeps it under the content version: the same for every reader, as the library's
    cards are)."""
    return {"framework": partial(mnr_framework, page, request)}


def mnr_framework(page, request):
    """The domains (``capability_list`` on each) and their capabilities (``newest``: compact
    cards of the newest resources, ``total``: how many it has), and the live library."""
    newest = newest_resources_by_capability(MNR_RESOURCES_PER_CAPABILITY, request)
    domain_urls, urls = mnr_page_urls(request)
    language = reader_language()
    domains = domains_in(language)
    by_domain = defaultdict(list)
    for capability in capabilities_in(language):
        pages, capability.total = newest.get(capability.number, ([], 0))
        capability.newest = compact_cards(pages, request)
        capability.url = urls.get(capability.number)
        by_domain[capability.domain_number].append(capability)
    for domain in domains:
        domain.url = domain_urls.get(domain.number)
        domain.capability_list = by_domain[domain.number]
    library = in_locale_first(
        ResourceIndexPage.objects.live().only("title", "url_path", "locale"), page
    )
    return {"domains": domains, "library": library}


def newest_resources_by_capability(limit, request=None, numbers=None):
    """``{capability number: (resources, total)}``: for each capability (of ``numbers``, else
    every one), its ``limit`` newest
    resources and how many it has in all, exactly as the library lists and counts them (live,
    not under a view restriction, members-only ones included, each in the reader's language or
    its source), with one query: the library's facet table already holds, for each capability,
    the set of its resources, newest first."""
    table = facet_table(request)
    keys = table["keys"]
    listed = table["listed"].get(reader_language(), table["all"])  # one translation of each
    newest = {
        number: ([keys[i] for i in first_positions(bits, limit)], bits.bit_count())
        for number, all_bits in table["bits"]["capability"].items()
        if (numbers is None or int(number) in numbers) and (bits := all_bits & listed)
    }
    wanted = {pk for pks, _total in newest.values() for pk in pks}
    pages = ResourcePage.objects.live().only("title", "url_path", "access").in_bulk(wanted)
    return {
        int(number): ([pages[pk] for pk in pks if pk in pages], total)
        for number, (pks, total) in newest.items()
    }


# --- The capability and domain pages under /mnr/ -------------------------------------------------
# How many of a capability's resources its page shows (the newest); a link leads to them all.
CAPABILITY_PAGE_RESOURCES = 10


def mnr_page_urls(request=None):
    """``({domain number: url}, {capability number: url})`` of the live domain and capability
    pages, each in the reader's language where it has a live translation, else in the source
    language; with one query."""
    language = reader_language()
    languages = {language, default_language()}
    rows = (
        MNRDomainPage.objects.live()
        .filter(locale__language_code__in=languages)
        .order_by()
        .values_list(
            Value("domain", output_field=CharField()),
            "domain__number",
            "url_path",
            "locale__language_code",
        )
        .union(
            MNRCapabilityPage.objects.live()
            .filter(locale__language_code__in=languages)
            .order_by()
            .values_list(
                Value("capability", output_field=CharField()),
                "capability__number",
                "url_path",
                "locale__language_code",
            ),
            all=True,
        )
    )
    urls = {"domain": {}, "capability": {}}
    # The source language's first, then the reader's over them.
    for kind, number, url_path, _language in sorted(rows, key=lambda row: row[3] == language):
        urls[kind][number] = Page(url_path=url_path).get_url(request)
    return urls["domain"], urls["capability"]


def capability_page_urls(request=None):
    """``{capability number: url}`` of the live capability pages."""
    return mnr_page_urls(request)[1]


def mnr_domain_page_context(page, request):
    """The domain, its capabilities (each with ``url``: its live page, if any)."""
    domain = page.domain
    urls = capability_page_urls(request)
    capabilities = list(domain.capabilities.only("domain", "number", "name", "description"))
    for capability in capabilities:
        capability.url = urls.get(capability.number)
    parent = page.get_parent()
    return {"domain": domain, "capability_list": capabilities, "framework": parent}


def mnr_capability_page_context(page, request):
    """The capability and its domain, the framework and domain pages (breadcrumbs), and
    ``around``: what the page shows from elsewhere, computed only when the template's fragment
    (kept under the content version, the same for every reader) is not kept."""
    capability = MNRCapability.objects.select_related("domain").get(pk=page.capability_id)
    ancestors = list(
        Page.objects.ancestor_of(page).filter(depth__gte=page.depth - 2).order_by("depth")
    )
    return {
        "capability": capability,
        "domain": capability.domain,
        # The capability's one-line description leads the page, unless the page's definition
        # already says just that (a translation whose longer text is not written yet).
        "lead": ""
        if words(capability.description) == words(page.definition)
        else capability.description,
        "breadcrumbs": ancestors,
        "around": partial(capability_surroundings, capability, request),
    }


def words(text):
    """The words of ``text`` (rich text or plain), for comparing what two texts say."""
    return " ".join(get_text_for_indexing(str(text or "")).split())


def capability_surroundings(capability, request):
    """The capability's newest resources exactly as the library lists them and how many it has,
    the library (for the link to all of them), the sections other apps add
    (``resources.mnr_sections``: public, from models that move the content version), and the
    previous and next capabilities' pages (in the language of the page's capability)."""
    pages, total = newest_resources_by_capability(
        CAPABILITY_PAGE_RESOURCES, request, numbers=[capability.number]
    ).get(capability.number, ([], 0))
    library = in_locale_first(
        ResourceIndexPage.objects.live().only("title", "url_path", "locale"), capability
    )
    _domain_urls, urls = mnr_page_urls(request)
    numbers = sorted(urls)
    position = numbers.index(capability.number) if capability.number in numbers else None
    previous_number = numbers[position - 1] if position else None
    next_number = (
        numbers[position + 1] if position is not None and position + 1 < len(numbers) else None
    )
    neighbours = {
        c.number: c
        for c in MNRCapability.objects.filter(
            locale_id=capability.locale_id, number__in=[previous_number, next_number]
        )
    }
    return {
        "resources": compact_cards(pages, request),
        "resource_total": total,
        "library": library,
        "sections": mnr_sections.sections_for(capability, request),
        "previous": (neighbours.get(previous_number), urls.get(previous_number)),
        "next": (neighbours.get(next_number), urls.get(next_number)),
    }
