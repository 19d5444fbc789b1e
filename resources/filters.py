"""One definition of the library's filters. It drives the HTML listing and the Atom feed.

A resource is listed once, in the reader's language: of its translations (the pages that share
its ``translation_key``), the one in the reader's language, else the one in the default
language (the source), else the oldest; a card in another language than the reader's says so.
The facets count the resources listed, and the MNR capabilities and domains are named in the
reader's language where they are translated.

Values of one filter are combined with OR, filters with each other with AND. The count shown
for each value is the number of resources that value would give with the other filters kept
(disjunctive facets).

Filtering and counting run in Python over a compact *facet table* of every live public resource.
The table lists the resources newest first (each row's position is its place in that order) and
holds, for every value of every filter, a bitset (a Python ``int``) of the positions of the
resources that have it. A filter is then an OR of its values' bitsets, the listing an AND of
the filters, and each count one AND and one ``bit_count()``: a request does a few hundred
integer operations, however many resources there are. The table is built with a fixed handful
of queries and kept in Django's cache (shared by the processes) and in the process, under the
content version (``portal.content_version``), which moves when a page's publication or view
restrictions, or an MNR capability, domain or language change (``resources/apps.py`` registers
them); saving a draft does not move it. One process rebuilds the table for a new version while
the others wait a moment for it, instead of all rebuilding it at once; with the cache
unreachable, each request builds it from the database. A listing then costs one query for the
page of results (none when its cards' fragment is cached: ``{% contentcache %}`` in
templates/resources/resource_index_page.html) and, with keywords, the site-wide search's
matching keys (``search.service.ranked_ids``: the view restrictions the reader is not accepted
by, then one search query): the number of queries never depends on how many resources there are
or how many are shown.
"""

import functools
import logging
import re
import threading
import time
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal import content_version
from portal.content_version import CACHE_ERRORS, UNKNOWN
from portal.languages import name_in_sentence
from portal.regions import REGION_NAMES
from search import service as search_service
from search.facet_table import to_bitset

from .cards import ResourceCard
from .i18n import content_language_codes, default_language, reader_language
from .models import (
    Language,
    MNRCapability,
    MNRDomain,
    ResourceCountry,
    ResourcePage,
    ResourceRegion,
)
from .services import public

PER_PAGE = 12
# What a card reads of each resource of the page of results (the rest is in the facet table).
CARD_COLUMNS = (
    "pk", "title", "url_path", "summary", "resource_type", "access", "publication_date",
    "publisher__name", "publisher_name", "locale__language_code",
)  # fmt: skip
FEED_ITEMS = 20
MAX_QUERY_LENGTH = 200
CapabilityLink = ResourcePage.capabilities.through
LanguageLink = ResourcePage.languages.through

NUMBER = re.compile(r"^\d{1,3}$")
YEAR = re.compile(r"^\d{4}$")
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

# "v3" names the table's layout: a deploy that changes it never reads an older one. The rest is
# the content version.
TABLE_KEY = "resources:facets:v3:{}"
BUILDING_KEY = "resources:facets:v3:{}:building"
TABLE_TIMEOUT = 60 * 60
# How long the process that builds a new table may take before another builds it too, and how
# long the others wait for it (2.5 s at 50,000 resources).
BUILD_TIMEOUT = 30
BUILD_WAIT = 10
BUILD_POLL = 0.05

logger = logging.getLogger(__name__)
FACET_NAMES = ("type", "capability", "domain", "region", "country", "language", "year", "access")

_local = threading.local()


# --- The facet table ----------------------------------------------------------------------------
def build_facet_table():
    """Every live public resource as ``(pk, publication date, first published, values, card,
    language, translation key)`` (``values``: for each filter, the set of the resource's values;
    ``card``: the capability numbers, country codes and languages its card shows, in order),
    plus the labels of the capabilities and domains in each language and of the languages,
    with seven queries."""
    rows = {}
    listed = public(ResourcePage.objects.live())
    # The relations are read for the same resources through a subquery, not a list of keys (a
    # resource published meanwhile has relations but no row: it is skipped; its publication
    # moves the content version anyway).
    keys = listed.values("pk")
    columns = (
        "pk", "resource_type", "access", "publication_date", "first_published_at",
        "locale__language_code", "translation_key",
    )  # fmt: skip
    for pk, rtype, access, date, published, language, key in listed.values_list(*columns):
        values = {name: set() for name in FACET_NAMES}
        values["type"].add(rtype)
        values["access"].add(access)
        values["year"].add(str(date.year))
        card = {"capabilities": [], "countries": [], "languages": []}
        rows[pk] = (
            pk, date.isoformat(), published.isoformat() if published else "", values, card,
            language, key,
        )  # fmt: skip
    links = (
        CapabilityLink.objects.filter(resourcepage_id__in=keys)
        .order_by("mnrcapability__number")
        .values_list("resourcepage_id", "mnrcapability__number", "mnrcapability__domain__number")
    )
    for pk, number, domain in links:
        if pk in rows:
            rows[pk][3]["capability"].add(str(number))
            rows[pk][3]["domain"].add(str(domain))
            rows[pk][4]["capabilities"].append(str(number))
    links = (
        LanguageLink.objects.filter(resourcepage_id__in=keys)
        .order_by("language__name")
        .values_list("resourcepage_id", "language__code", "language__name")
    )
    for pk, code, name in links:
        if pk in rows:
            rows[pk][3]["language"].add(code)
            rows[pk][4]["languages"].append(name)
    places = (
        ResourceCountry.objects.filter(page_id__in=keys)
        .order_by("sort_order", "pk")
        .values_list("page_id", "country", "region")
    )
    for pk, country, region in places:
        if pk not in rows:
            continue
        code = str(country).upper()
        rows[pk][3]["country"].add(code)
        rows[pk][4]["countries"].append(code)
        if region:
            rows[pk][3]["region"].add(region)
    for pk, region in ResourceRegion.objects.filter(page_id__in=keys).values_list(
        "page_id", "region"
    ):
        if pk in rows:
            rows[pk][3]["region"].add(region)
    labels = {
        "capability": _labels_by_language(MNRCapability),
        "domain": _labels_by_language(MNRDomain),
        "language": [(lang.code, lang.name) for lang in Language.objects.all()],
    }
    return _index(rows.values(), labels)


def _labels_by_language(model):
    """``{language code: [(number, label), …]}`` of an MNR snippet, by number, with one query;
    a language has the default language's label where it has no translation."""
    by_language = {}
    for number, name, language in model.objects.order_by("number").values_list(
        "number", "name", "locale__language_code"
    ):
        by_language.setdefault(language, {})[str(number)] = f"{number}. {name}"
    default = by_language.get(default_language(), {})
    return {
        language: sorted(
            {**default, **by_language.get(language, {})}.items(), key=lambda item: int(item[0])
        )
        for language in content_language_codes()
    }


def _index(rows, labels):
    """The table of ``rows`` (``(pk, publication date, first published, values, card,
    language, translation key)``): keys newest first, each value's bitset of positions, the
    cards, the feed's order, and for each content language the bitset of the resources listed
    in it (``listed``: one translation of each resource) and, for each resource, the position of
    its translation listed in it (``listed_as``)."""
    rows = sorted(rows, key=lambda row: (row[1], row[0]), reverse=True)
    bits = {name: {} for name in FACET_NAMES}
    groups = {}
    for position, (_pk, _date, _published, values, _card, language, key) in enumerate(rows):
        bit = 1 << position
        for name in FACET_NAMES:
            facet = bits[name]
            for value in values[name]:
                facet[value] = facet.get(value, 0) | bit
        groups.setdefault(key, []).append((position, language))
    published = sorted(range(len(rows)), key=lambda i: (rows[i][2], rows[i][0]), reverse=True)
    keys = [row[0] for row in rows]
    default = default_language()
    listed, listed_as = {}, {}
    for language in content_language_codes():
        chosen, positions = 0, [0] * len(rows)
        for members in groups.values():
            best = _best_translation(members, language, default, rows)
            chosen |= 1 << best
            for position, _language in members:
                positions[position] = best
        listed[language], listed_as[language] = chosen, positions
    return {
        "keys": keys,
        "positions": {pk: position for position, pk in enumerate(keys)},
        "all": (1 << len(rows)) - 1,
        "bits": bits,
        "cards": [row[4] for row in rows],
        "languages": [row[5] for row in rows],
        "published": published,
        "labels": labels,
        "listed": listed,
        "listed_as": listed_as,
    }


def _best_translation(members, language, default, rows):
    """Of one resource's translations (``(position, language)``), the position of the one a
    reader of ``language`` is shown: in that language, else in the default one, else the oldest
    (the lowest primary key)."""
    for wanted in (language, default):
        for position, member_language in members:
            if member_language == wanted:
                return position
    return min(members, key=lambda member: rows[member[0]][0])[0]


def language_name(code):
    """A language's name in the active language (Django's own names)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def country_name(code):
    """A country's name in the active language (django-countries translates on every call)."""
    return _country_name(code, get_language())


@functools.lru_cache(maxsize=4096)
def _country_name(code, language):
    return str(countries.name(code))


def positions_of(bits):
    """The positions of the set bits of ``bits``, lowest first."""
    # Through the binary digits, lowest first: far quicker than testing bit by bit in Python.
    return [i for i, digit in enumerate(reversed(bin(bits)[2:])) if digit == "1"]


def first_positions(bits, limit):
    """The ``limit`` lowest positions set in ``bits`` (the newest resources of a set)."""
    positions = []
    while bits and len(positions) < limit:
        lowest = bits & -bits
        positions.append(lowest.bit_length() - 1)
        bits ^= lowest
    return positions


def facet_table(request=None):
    """The facet table of the current content version: from the process, the cache, or the
    database (and then stored in both)."""
    version = content_version.for_request(request)
    if version is UNKNOWN:
        return build_facet_table()
    memo = getattr(_local, "table", None)
    if memo is not None and memo[0] == version:
        return memo[1]
    try:
        table = _shared_table(content_version.content_cache(), version)
    except CACHE_ERRORS as exc:
        logger.warning("Facet table cache unreachable, table built here: %s", exc)
        table = build_facet_table()
    _local.table = (version, table)
    return table


def forget_facet_table():
    """Drop this thread's memo of the facet table (tests start without one)."""
    _local.__dict__.pop("table", None)


def _shared_table(cache, version):
    """The table of ``version`` from the cache; built by one process only: the others wait for
    it (up to ``BUILD_WAIT`` seconds, then build it themselves)."""
    key = TABLE_KEY.format(version)
    table = cache.get(key)
    if table is not None:
        return table
    building = BUILDING_KEY.format(version)
    if not cache.add(building, True, BUILD_TIMEOUT):
        deadline = time.monotonic() + BUILD_WAIT
        while time.monotonic() < deadline:
            time.sleep(BUILD_POLL)
            table = cache.get(key)
            if table is not None:
                return table
    try:
        table = build_facet_table()
        cache.set(key, table, timeout=TABLE_TIMEOUT)
    finally:
        cache.delete(building)  # a build that failed leaves nobody waiting for it
    return table


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

    def __init__(self, data, index_page=None, request=None):
        self.index_page = index_page
        self.request = request
        self.q = " ".join(data.get("q", "").split())[:MAX_QUERY_LENGTH]
        self.selected = {name: self._clean(name, data.getlist(name)) for name, _ in self.FACETS}
        sort = data.get("sort", "")
        if sort not in dict(self.SORTS) or (sort == "relevance" and not self.q):
            sort = "relevance" if self.q else "newest"
        self.sort = sort
        self.page_number = data.get("page", "1")
        # The content language the listing is in: its resources in it, or their source.
        self.language = reader_language()
        self._ranked = None
        self._ranked_positions_memo = None
        self._matched = None

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
            "country": lambda v: v.upper() in countries,
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

    # --- Matching -----------------------------------------------------------------------------
    def ranked_ids(self):
        """Primary keys of the resources matching the keywords, best first."""
        if self._ranked is None:
            # Only the keys, from the site-wide search's contract (``search.service``: the
            # backend configured, each resource's text stemmed in its own language, members-only
            # text matched only for its readers); the pages themselves are fetched for the one
            # page of results. The facet table holds the listed resources (live, not under a
            # restriction), and only keys found in it count.
            self._ranked = [
                int(key)
                for key in search_service.ranked_ids(
                    "resource", self.q, request=self.request, language=self.language
                )
            ]
        return self._ranked

    def _match(self):
        """Run the filters over the facet table once: the bitset of the matching resources, and
        for every filter the counts of its values among the resources that match all the
        *other* filters."""
        if self._matched is not None:
            return self._matched
        table = facet_table(self.request)
        scope = table["listed"].get(self.language, table["all"])
        if self.q:
            scope = to_bitset(self._ranked_positions(table))
        chosen = {}
        for name in FACET_NAMES:
            if self.selected[name]:
                values = table["bits"][name]
                chosen[name] = 0
                for value in self.selected[name]:
                    chosen[name] |= values.get(value, 0)
        matching = scope
        for bits in chosen.values():
            matching &= bits
        counts = {}
        for name in FACET_NAMES:
            others = scope
            for other, bits in chosen.items():
                if other != name:
                    others &= bits
            counts[name] = {
                value: count
                for value, bits in table["bits"][name].items()
                if (count := (bits & others).bit_count())
            }
        self._matched = (matching, counts, table)
        return self._matched

    def _ranked_positions(self, table):
        """The positions in ``table`` of the resources matching the keywords, best first: a
        resource matches when one of its translations does, and is listed as the translation
        the reader is shown (once, at its best rank)."""
        if self._ranked_positions_memo is None:
            positions, listed_as = table["positions"], self._listed_as(table)
            # The table leaves out pages under a view restriction: their keys are skipped.
            ranked = (listed_as[positions[pk]] for pk in self.ranked_ids() if pk in positions)
            self._ranked_positions_memo = list(dict.fromkeys(ranked))
        return self._ranked_positions_memo

    def _listed_as(self, table):
        """For each position of the table, the position of the translation listed in its place
        (itself, where the table has no list for the language)."""
        return table["listed_as"].get(self.language) or range(len(table["keys"]))

    def counts(self):
        """``{facet: {value: count}}``: how many resources each value would give."""
        return self._match()[1]

    def matching_ids(self, order="newest"):
        """Primary keys of the matching resources, newest (or most recently published) first."""
        matching, _counts, table = self._match()
        keys = table["keys"]
        if order == "newest":
            return [keys[i] for i in positions_of(matching)]
        matched = set(positions_of(matching))
        return [keys[i] for i in table["published"] if i in matched]

    def resources(self, pks):
        """The resources with these primary keys, in this order, with one query (the feed's
        items: pages, for their addresses and dates)."""
        by_pk = ResourcePage.objects.live().select_related("publisher").defer("body").in_bulk(pks)
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def cards(self, pks):
        """The cards of the resources with these primary keys, in this order, with one query.
        Cards, not pages: building a dozen page objects cost more than the rest of the listing.
        The capabilities, countries and languages come from the facet table."""
        table = self._match()[2]
        index = self.index_page
        rows = ResourcePage.objects.live().filter(pk__in=pks).values_list(*CARD_COLUMNS)
        by_pk = {row[0]: row for row in rows}
        base_url, base_path = index.get_url(self.request), index.url_path
        types = dict(ResourcePage.Type.choices)
        capability_names = dict(self.labels("capability"))
        cards = []
        for pk in pks:
            if pk not in by_pk:  # unpublished since the table was read
                continue
            _pk, title, url_path, summary, rtype, access, date, member, other, language = by_pk[pk]
            card = table["cards"][table["positions"][pk]]  # every key shown comes from the table
            if url_path.startswith(base_path):
                # Resources live under the library index (``parent_page_types``).
                url = base_url + url_path[len(base_path) :]
            else:  # in another locale's library: the reader's has no translation of it
                url = ResourcePage(url_path=url_path).get_url(self.request)
            cards.append(
                ResourceCard(
                    title=title,
                    url=url,
                    members_only=access == ResourcePage.Access.MEMBERS,
                    summary=summary,
                    type_label=types.get(rtype, rtype),
                    publication_date=date,
                    publisher=member or other,
                    capabilities=tuple(capability_names.get(n, n) for n in card["capabilities"]),
                    countries=tuple(country_name(code) for code in card["countries"]),
                    languages=tuple(card["languages"]),
                    language=language if language != self.language else "",
                    in_language=name_in_sentence(language) if language != self.language else "",
                )
            )
        return cards

    # --- Facets -------------------------------------------------------------------------------
    def facets(self):
        """Every filter with its values, each with its count and whether it is chosen."""
        counts = self.counts()
        labels = self._match()[2]["labels"]
        options = {
            "type": list(ResourcePage.Type.choices),
            "access": list(ResourcePage.Access.choices),
            "capability": self.labels("capability"),
            "domain": self.labels("domain"),
            "region": list(REGION_NAMES.items()),
            "language": [
                (code, name)
                for code, name in labels["language"]
                if code in counts["language"] or code in self.selected["language"]
            ],
            "country": sorted(
                (
                    (code, country_name(code))
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

    def label(self, name, value):
        """What a value of filter ``name`` is called, or ``None`` for one no resource can have
        (a capability, domain or language that does not exist)."""
        if name == "country":
            return country_name(value)
        if name == "year":
            return value
        if name == "region":
            return REGION_NAMES.get(value)
        if name == "type":
            return dict(ResourcePage.Type.choices).get(value)
        if name == "access":
            return dict(ResourcePage.Access.choices).get(value)
        if name == "language":
            return dict(self._match()[2]["labels"]["language"]).get(value)
        return dict(self.labels(name)).get(value)

    def labels(self, name):
        """``[(number, label), …]`` of the capabilities or the domains, in the listing's
        language."""
        by_language = self._match()[2]["labels"][name]
        return by_language.get(self.language) or by_language.get(default_language(), [])

    def active_filters(self):
        """What is applied, each with the address of the listing without it."""
        active = []
        if self.q:
            active.append({"label": _("Keywords: “%s”") % self.q, "url": self.url(q=None)})
        for name, label in self.FACETS:
            for value in self.selected[name]:
                text = self.label(name, value)
                if text is not None:
                    active.append(
                        {"label": f"{label}: {text}", "url": self.url(remove=(name, value))}
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

    def cache_key(self):
        """The keywords and the chosen values, in a fixed order: what the facets and the results
        depend on, as a key of their cached fragments (``?type=a&type=b`` and ``?type=b&type=a``
        share one)."""
        return urlencode(sorted(self.params()))

    # --- Output -------------------------------------------------------------------------------
    @functools.cached_property
    def page_obj(self):
        """The page of results asked for: its ``object_list`` holds primary keys."""
        if self.sort == "relevance":
            matching, _counts, table = self._match()
            chosen = set(positions_of(matching))
            keys = table["keys"]
            ordered = [
                keys[position] for position in self._ranked_positions(table) if position in chosen
            ]
        else:
            ordered = self.matching_ids("newest")
        return Paginator(ordered, PER_PAGE).get_page(self.page_number)

    @functools.cached_property
    def page_cards(self):
        """The cards of the page of results, read when the template shows them (never when
        their fragment comes from the cache)."""
        return self.cards(list(self.page_obj))

    def feed_items(self):
        return self.resources(self.matching_ids("published")[:FEED_ITEMS])

    def listing_context(self):
        """The listing's template context. The facets and the cards are read by the template
        itself (``filter.facets``, ``filter.page_cards``), inside their cached fragments."""
        feed_query = urlencode(self.params())
        return {
            "filter": self,
            "active_filters": self.active_filters(),
            "page_obj": self.page_obj,
            "sort_options": [
                {"value": value, "label": label, "selected": value == self.sort}
                for value, label in self.SORTS
                if value != "relevance" or self.q
            ],
            "feed_query": f"?{feed_query}" if feed_query else "",
            # The filters applied, for the forms that keep them (search box, sort).
            "chosen": [(name, value) for name, value in self.params() if name != "q"],
        }
