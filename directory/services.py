"""The directory's rules: what a country has, the moderation of suggestions, and the monthly
digest of entries to verify again. Views, the admin, tasks and commands call these."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_countries import countries

from portal.identity import absolute_url, alliance_name, site_root_url
from portal.mail import language_of, offered_language, queue_email
from portal.regions import (
    COUNTRY_REGION,
    COUNTRY_SUBREGION,
    REGION_NAMES,
    SUBREGION_NAMES,
    subregions_of,
)
from portal.roles import SECRETARIAT_EDITORS

from .models import (
    CATEGORY_CAPABILITY,
    EVIDENCED_CAPABILITIES,
    Category,
    DirectoryEntry,
    EntrySuggestion,
)

# --- What each country has ---------------------------------------------------------------------


class CountryRow:
    """One country on ``/directory/``: which categories it has (its own entries and regional
    ones) and whether it is a member."""

    def __init__(self, code, name):
        self.code = code
        self.name = name
        self.region = COUNTRY_REGION.get(code, "")
        self.subregion = COUNTRY_SUBREGION.get(code, "")
        self.categories = set()
        self.entries = 0
        self.member = False

    @property
    def has_hotline(self):
        return Category.HOTLINE in self.categories

    @property
    def has_helpline(self):
        return Category.HELPLINE in self.categories

    @property
    def shade(self):
        """What the map shows: both first-resort services, one of them, or neither."""
        count = self.has_hotline + self.has_helpline
        return ("none", "one", "both")[count]

    @property
    def lower_code(self):
        return self.code.lower()


def country_rows():
    """Every ISO 3166-1 country with what the directory has for it, in three queries whatever
    the number of entries: national entries by country and category, regional ones by area and
    category, and the country members."""
    from members.models import MemberOrganisation

    rows = {code: CountryRow(code, name) for code, name in countries}
    national = (
        DirectoryEntry.objects.national()
        .values_list("country", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for code, category, n in national:
        if code in rows:
            rows[code].categories.add(category)
            rows[code].entries += n
    regional = (
        DirectoryEntry.objects.filter(scope=DirectoryEntry.Scope.REGIONAL)
        .values_list("region", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_area = defaultdict(set)
    for area, category, _n in regional:
        by_area[area].add(category)
    if by_area:
        for row in rows.values():
            row.categories |= by_area.get(row.region, set()) | by_area.get(row.subregion, set())
    members = MemberOrganisation.objects.active().filter(kind=MemberOrganisation.Kind.COUNTRY)
    for code in members.values_list("country", flat=True):
        if code in rows:
            rows[code].member = True
    return list(rows.values())


def filter_rows(rows, *, region="", category="", membership=""):
    if region:
        rows = [row for row in rows if region in (row.region, row.subregion)]
    if category:
        rows = [row for row in rows if category in row.categories]
    if membership == "member":
        rows = [row for row in rows if row.member]
    elif membership == "not_member":
        rows = [row for row in rows if not row.member]
    return rows


def grouped_by_region(rows):
    """[(region name, [(subregion name, [rows])])] in M49's order; countries with no region
    (Antarctica) last, under no heading."""
    by_subregion = defaultdict(list)
    for row in rows:
        by_subregion[row.subregion].append(row)
    groups = []
    for region, region_name in REGION_NAMES.items():
        subgroups = [
            (SUBREGION_NAMES[code], by_subregion[code])
            for code in subregions_of(region)
            if by_subregion.get(code)
        ]
        if subgroups:
            groups.append((region, region_name, subgroups))
    return groups, by_subregion.get("", [])


class Capability:
    def __init__(self, number, name, evidenced):
        self.number = number
        self.name = name
        self.evidenced = evidenced


def capabilities(counts):
    """The MNR capabilities the directory can evidence, each saying whether this country's
    entries evidence it (``counts``: entries per category). One query for their names."""
    from resources.i18n import capabilities_in, reader_language

    names = {
        capability.number: capability.name
        for capability in capabilities_in(reader_language(), EVIDENCED_CAPABILITIES)
    }
    evidenced = {CATEGORY_CAPABILITY.get(category) for category, count in counts.items() if count}
    return [
        Capability(number, names.get(number, ""), number in evidenced)
        for number in EVIDENCED_CAPABILITIES
    ]


class CategoryGroup:
    """One category of a country's page: its first entries, and how many it has in all."""

    def __init__(self, category, entries, count):
        self.category = category
        self.value = category.value
        self.label = category.label
        self.entries = entries
        self.count = count

    @property
    def more(self):
        return self.count > len(self.entries)


# A country page shows this many entries of each category; the rest are a link away (the
# category's own list, paginated): the first thing anyone looks for on it is a way to report.
ENTRIES_PER_CATEGORY = 6


def category_counts(code):
    """{category: number of entries serving ``code``}, in one query."""
    return dict(
        DirectoryEntry.objects.for_country(code)
        .order_by()
        .values_list("category")
        .annotate(count=Count("pk"))
        .values_list("category", "count")
    )


def country_groups(code, counts, per_category=ENTRIES_PER_CATEGORY):
    """[CategoryGroup] for the categories that have entries, in the categories' order, each with
    its first ``per_category`` entries: one query, however many entries the country has."""
    first = list(
        DirectoryEntry.objects.for_country(code)
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("category")], order_by=[F("scope"), F("name")]
            )
        )
        .filter(position__lte=per_category)
        .order_by("category", "scope", "name")
    )
    grouped = defaultdict(list)
    for entry in first:
        grouped[entry.category].append(entry)
    return [
        CategoryGroup(category, grouped[category.value], counts[category.value])
        for category in Category
        if counts.get(category.value)
    ]


def category_entries(code, category):
    """Every entry of one category serving ``code``, in the country page's order (a queryset, to
    paginate)."""
    return (
        DirectoryEntry.objects.for_country(code).filter(category=category).order_by("scope", "name")
    )


def country_entries(code):
    return list(DirectoryEntry.objects.for_country(code).order_by("category", "scope", "name"))


def country_member(code):
    from members.models import MemberOrganisation

    return (
        MemberOrganisation.objects.active()
        .filter(kind=MemberOrganisation.Kind.COUNTRY, country=code)
        .only("name", "slug", "joined_on", "country")
        .first()
    )


def country_resources(code, limit=10):
    """The library's public resources about this country, newest first (members-only ones and
    those under a view restriction never: the page is the same for everyone, and cached)."""
    from resources.models import ResourcePage
    from resources.services import public

    pages = public(
        ResourcePage.objects.live().filter(
            access=ResourcePage.Access.PUBLIC, countries__country=code
        )
    )
    return list(pages.order_by("-first_published_at").only("title", "url_path", "summary")[:limit])


def first_resort(code):
    """For /report/: the country's hotlines and helplines (its own, then regional ones), and
    the international alternatives, in two queries."""
    entries = list(
        DirectoryEntry.objects.for_country(code)
        .filter(category__in=[Category.HOTLINE, Category.HELPLINE])
        .order_by("scope", "name")
    )
    hotlines = [e for e in entries if e.category == Category.HOTLINE]
    helplines = [e for e in entries if e.category == Category.HELPLINE]
    international = list(
        DirectoryEntry.objects.international()
        .filter(category__in=[Category.HOTLINE, Category.HELPLINE])
        .order_by("category", "name")
    )
    return hotlines, helplines, international


# --- Suggestions -------------------------------------------------------------------------------

# The one table of the moderation's rules: from each status, where it may go.
TRANSITIONS = {
    EntrySuggestion.Status.PENDING: {
        EntrySuggestion.Status.APPROVED,
        EntrySuggestion.Status.REJECTED,
    },
    EntrySuggestion.Status.APPROVED: set(),
    EntrySuggestion.Status.REJECTED: set(),
}


class TransitionError(Exception):
    pass


def submit_suggestion(**fields):
    """A suggestion from the public, kept in the page's language (for the e-mail that tells
    the outcome to an address with no account)."""
    language = offered_language(translation.get_language()) or ""
    return EntrySuggestion.objects.create(language=language, **fields)


def _decide(suggestion, status, user, note):
    if status not in TRANSITIONS[suggestion.status]:
        raise TransitionError(f"{suggestion.status} → {status}")
    suggestion.status = status
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.note = note
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "note"])
    notify_suggester(suggestion)


@transaction.atomic
def approve_suggestion(suggestion, user, note=""):
    """Publish what the suggestion says: a correction updates its entry (the fields it gives),
    a new entry is created (or the entry of the same country, category and name updated).
    Either is verified today by ``user``."""
    suggestion = EntrySuggestion.objects.select_for_update().get(pk=suggestion.pk)
    entry = suggestion.entry
    if entry is None:
        entry = DirectoryEntry.objects.filter(
            scope=DirectoryEntry.Scope.NATIONAL,
            country=suggestion.country,
            category=suggestion.category,
            name=suggestion.name,
        ).first() or DirectoryEntry(
            scope=DirectoryEntry.Scope.NATIONAL,
            country=suggestion.country,
            category=suggestion.category,
            name=suggestion.name,
            sources="",
        )
    for name in ("website", "report_url", "phone", "description"):
        if getattr(suggestion, name):
            setattr(entry, name, getattr(suggestion, name))
    if suggestion.source not in entry.source_urls:
        entry.sources = "\n".join([*entry.source_urls, suggestion.source])
    entry.last_verified = timezone.localdate()
    entry.verified_by = user
    entry.is_demo = False
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save()
    if suggestion.entry_id is None:
        suggestion.entry = entry
        suggestion.save(update_fields=["entry"])
    _decide(suggestion, EntrySuggestion.Status.APPROVED, user, note)
    return entry


@transaction.atomic
def reject_suggestion(suggestion, user, note=""):
    suggestion = EntrySuggestion.objects.select_for_update().get(pk=suggestion.pk)
    _decide(suggestion, EntrySuggestion.Status.REJECTED, user, note)
    return suggestion


def render_email(template, context, language):
    base = {"site_url": site_root_url(), "alliance": alliance_name()}
    ctx = {**base, **context}
    with translation.override(language):
        return (
            render_to_string(f"directory/email/{template}_subject.txt", ctx),
            render_to_string(f"directory/email/{template}.txt", ctx),
            render_to_string(f"directory/email/{template}.html", ctx),
        )


def notify_suggester(suggestion):
    """Tell whoever left an address what became of the suggestion, in their language (their
    account's, or the page's they wrote from). Once per suggestion."""
    if not suggestion.email:
        return None
    User = get_user_model()
    has_account = User.objects.filter(email__iexact=suggestion.email).exists()
    language = language_of(suggestion.email) if has_account else (suggestion.language or "en")
    subject, text, html = render_email(
        "suggestion_decided",
        {
            "suggestion": suggestion,
            "approved": suggestion.status == EntrySuggestion.Status.APPROVED,
            "country_url": absolute_url(
                reverse("directory:country", kwargs={"code": suggestion.country.code.lower()})
            ),
        },
        language,
    )
    return queue_email(
        to=suggestion.email,
        subject=subject,
        body_text=text,
        body_html=html,
        category="directory.suggestion_decided",
        idempotency_key=f"directory-suggestion:{suggestion.pk}:{suggestion.status}",
    )


# --- Entries to verify again -------------------------------------------------------------------


def editors():
    User = get_user_model()
    return User.objects.filter(
        Q(groups__name=SECRETARIAT_EDITORS) | Q(is_superuser=True), is_active=True
    ).distinct()


def send_stale_digest(today=None):
    """Monthly: tell editors which entries were not verified for over a year. One message per
    editor per month, however many times it runs; nothing when no entry is stale."""
    today = today or timezone.localdate()
    stale = DirectoryEntry.objects.stale(today).order_by("last_verified", "country", "name")
    total = stale.count()
    if not total:
        return 0
    shown = list(stale[:50])
    month = today.strftime("%Y-%m")
    sent = 0
    for user in editors():
        if not user.email:
            continue
        subject, text, html = render_email(
            "stale_digest",
            {
                "entries": shown,
                "total": total,
                "report_url": absolute_url(reverse("directory_stale")),
            },
            language_of(user),
        )
        queue_email(
            to=user.email,
            subject=subject,
            body_text=text,
            body_html=html,
            category="directory.stale_digest",
            idempotency_key=f"directory-stale:{month}:{user.email.lower()}",
        )
        sent += 1
    return sent
