"""The large alliance the benchmark runs against, seeded into its own database.

Each part registers what it adds with ``@volume(name)``: a function ``fn(site) -> int`` that
creates its rows up to its volume if they are not there yet (a second run adds nothing) and
returns how many exist. ``site`` is a ``SiteContent`` with the home page, the number of resources
of this volume (``make bench`` seeds one database per volume, 5,000 and 50,000 resources) and
the URLs the benchmarked page types need. Pages are added in bulk (tests/benchmarks/bulk.py).
Parts still to come add theirs the same way (200 events with 20,000 registrations, 50,000
subscribers).
"""

import datetime
from dataclasses import dataclass, field

VOLUMES = []
# Resources added, with their relations and search index entries, in one transaction.
BATCH = 5000

BENCH_MEMBER_EMAIL = "bench-member@example.org"
BENCH_MEMBER_PASSWORD = "bench member passphrase 2026"


def volume(name):
    def register(fn):
        VOLUMES.append((name, fn))
        return fn

    return register


@dataclass
class SiteContent:
    home: object
    resources: int = 5000
    urls: dict = field(default_factory=dict)


def seed(resources=5000):
    """Create the site if needed, then every registered volume, with ``resources`` resources;
    return ``(site, counts)``."""
    site = _site(resources)
    counts = {name: fn(site) for name, fn in VOLUMES}
    return site, counts


def _site(resources):
    from wagtail.models import Site

    from portal.models import HomePage
    from tests.pages import build_content, make_home_page

    default = Site.objects.filter(is_default_site=True).first()
    home = default.root_page.specific if default else None
    if not isinstance(home, HomePage):
        home = make_home_page()
        build_content(home)
    site = SiteContent(home=home, resources=resources)
    site.urls["about"] = home.get_children().get(slug="about").url
    return site


@volume("standard pages")
def standard_pages(site, count=1000):
    """Pages of prose under /about/, which the standard page lists nothing of: its render must
    not depend on how many there are."""
    from portal.models import StandardPage

    from .bulk import add_children

    about = site.home.get_children().get(slug="about")
    existing = about.get_children().count()
    add_children(
        about,
        [
            StandardPage(title=f"Commitment {n + 1}", slug=f"commitment-{n + 1}")
            for n in range(existing, count)
        ],
    )
    return about.get_children().count()


@volume("member organisations")
def member_organisations(site, count=300):
    """300 members: a third countries (one per state), a third companies, a third
    organisations."""
    from django_countries import countries

    from members.models import MemberOrganisation
    from portal.regions import region_of

    existing = MemberOrganisation.objects.count()
    if existing >= count:
        return existing
    codes = [code for code, _ in countries]
    kinds = [
        MemberOrganisation.Kind.COUNTRY,
        MemberOrganisation.Kind.COMPANY,
        MemberOrganisation.Kind.ORGANISATION,
    ]
    taken = set(MemberOrganisation.objects.filter(kind="country").values_list("country", flat=True))
    free_states = iter(code for code in codes if code not in taken)
    rows = []
    for n in range(existing, count):
        kind = kinds[n % 3]
        country = next(free_states) if kind == MemberOrganisation.Kind.COUNTRY else codes[n % 200]
        rows.append(
            MemberOrganisation(
                name=f"Bench {kind.label} {n + 1}",
                slug=f"bench-{kind}-{n + 1}",
                kind=kind,
                country=country,
                region=region_of(country),
                description="A member organisation seeded for the benchmark.",
                joined_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            )
        )
    MemberOrganisation.objects.bulk_create(rows)
    return MemberOrganisation.objects.count()


def _first_member(site):
    """The member page the benchmark requests: the first on the list."""
    from members.models import MemberOrganisation

    first = MemberOrganisation.objects.visible().order_by("name").first()
    site.urls["member"] = first.slug
    return first


@volume("member accounts")
def member_accounts(site, count=300):
    """Contacts of the members, in the Members group; the first is the one the benchmark signs
    in with."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from portal.roles import MEMBERS

    User = get_user_model()
    members = Group.objects.get(name=MEMBERS)
    existing = User.objects.filter(email__startswith="bench-").count()
    if existing < count:
        password = make_password(BENCH_MEMBER_PASSWORD)  # hashed once for all of them
        emails = [BENCH_MEMBER_EMAIL] + [f"bench-contact-{n}@example.org" for n in range(1, count)]
        have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        users = User.objects.bulk_create(
            [User(email=e, password=password) for e in emails if e not in have]
        )
        members.user_set.add(*users)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
    return User.objects.filter(email__startswith="bench-").count()


def _library_pages(site):
    """The library, the MNR page and the news index under the home page (created if missing),
    with their addresses in ``site.urls``."""
    from resources.factories import MNRPageFactory, NewsIndexPageFactory, ResourceIndexPageFactory
    from resources.models import MNRPage, NewsIndexPage, ResourceIndexPage

    pages = {}
    for name, model, factory in (
        ("library", ResourceIndexPage, ResourceIndexPageFactory),
        ("mnr", MNRPage, MNRPageFactory),
        ("news", NewsIndexPage, NewsIndexPageFactory),
    ):
        page = model.objects.child_of(site.home).first() or factory(parent=site.home)
        pages[name] = page
        site.urls[name] = page.url
    return pages


BENCH_WORDS = [
    "hotline", "helpline", "victim support", "law enforcement", "prevention", "education",
    "industry", "research", "data", "offender", "awareness", "training",
]  # fmt: skip


@volume("resources")
def resources(site, count=None):
    """``site.resources`` resources (5,000 or 50,000) spread over every type, capability, 60
    countries, the regions and the languages, one in ten members-only, published over fifteen
    years; titles and summaries drawn from a small vocabulary, so that a keyword matches a share
    of them. Added in batches of ``BATCH`` pages, each with its relations in one transaction."""
    from django.db import transaction
    from django_countries import countries

    from portal.content_version import move as move_content_version
    from portal.regions import REGION_NAMES, region_of
    from resources.models import (
        Language,
        MNRCapability,
        ResourceCountry,
        ResourcePage,
        ResourceRegion,
    )

    from .bulk import add_children

    count = site.resources if count is None else count
    library = _library_pages(site)["library"]
    existing = ResourcePage.objects.child_of(library).count()
    types = ResourcePage.Type.values
    capabilities = list(MNRCapability.objects.order_by("number"))
    languages = list(Language.objects.order_by("code"))
    codes = [code for code, _ in countries][::4][:60]
    regions = list(REGION_NAMES)
    CapabilityLink = ResourcePage.capabilities.through
    LanguageLink = ResourcePage.languages.through

    def link(pages):
        links, spoken, places, areas = [], [], [], []
        for page in pages:
            k = page.pk
            for i in range(1 + k % 3):
                cap = capabilities[(k * (i + 3)) % len(capabilities)]
                links.append(CapabilityLink(resourcepage_id=k, mnrcapability_id=cap.pk))
            for i in range(1 + (k % 5 == 0)):
                lang = languages[(k + i * 5) % len(languages)]
                spoken.append(LanguageLink(resourcepage_id=k, language_id=lang.pk))
            for i in range(k % 3):
                code = codes[(k * (i + 1)) % len(codes)]
                places.append(
                    ResourceCountry(page_id=k, country=code, region=region_of(code) or "",
                                    sort_order=i)
                )  # fmt: skip
            if k % 7 == 0:
                areas.append(ResourceRegion(page_id=k, region=regions[k % len(regions)]))
        CapabilityLink.objects.bulk_create(links, ignore_conflicts=True)
        LanguageLink.objects.bulk_create(spoken, ignore_conflicts=True)
        ResourceCountry.objects.bulk_create(places, ignore_conflicts=True)
        ResourceRegion.objects.bulk_create(areas)

    def resource(n):
        word, other = BENCH_WORDS[n % 12], BENCH_WORDS[(n * 7 + 3) % 12]
        kind = types[n % len(types)]
        return ResourcePage(
            title=f"{word.capitalize()} {kind.replace('_', ' ')} {n + 1}",
            slug=f"bench-resource-{n + 1}",
            summary=f"A resource on {word} and {other}, seeded for the benchmark.",
            resource_type=kind,
            access=ResourcePage.Access.MEMBERS if n % 10 == 0 else ResourcePage.Access.PUBLIC,
            publication_date=datetime.date(2011, 1, 1) + datetime.timedelta(days=n % 5500),
            publisher_name="Alliance Secretariat",
        )

    for start in range(existing, count, BATCH):
        with transaction.atomic():  # a batch is there whole, with its links, or not at all
            link(
                add_children(
                    library, [resource(n) for n in range(start, min(start + BATCH, count))]
                )
            )
    if existing < count:
        move_content_version()  # the links were bulk-created, without signals
    return ResourcePage.objects.child_of(library).count()


@volume("news pages")
def news_pages(site, count=500):
    """500 news items, one a week."""
    from resources.models import NewsPage

    from .bulk import add_children

    pages = _library_pages(site)
    news = pages["news"]
    existing = NewsPage.objects.child_of(news).count()
    add_children(
        news,
        [
            NewsPage(
                title=f"Alliance update {n + 1}",
                slug=f"bench-news-{n + 1}",
                date=datetime.date(2018, 1, 1) + datetime.timedelta(days=n * 7),
                summary="An announcement from the secretariat, seeded for the benchmark.",
            )
            for n in range(existing, count)
        ],
    )
    latest = NewsPage.objects.child_of(news).order_by("-date", "-pk").first()
    site.urls["news_item"] = latest.url
    library = pages["library"]
    from resources.models import ResourcePage

    public = (
        ResourcePage.objects.child_of(library)
        .filter(access=ResourcePage.Access.PUBLIC)
        .order_by("pk")
        .first()
    )
    site.urls["resource"] = public.url
    return NewsPage.objects.child_of(news).count()


@volume("member contacts")
def member_contacts(site):
    """Each member account acts for one member organisation (the benchmark's account as the
    primary contact of the first on the list), as its dashboard shows."""
    from django.contrib.auth import get_user_model

    from members.models import MemberContact, MemberOrganisation

    first = _first_member(site)
    accounts = list(
        get_user_model().objects.filter(email__startswith="bench-").order_by("email", "pk")
    )
    accounts.sort(key=lambda u: u.email != BENCH_MEMBER_EMAIL)  # the benchmark's account first
    organisations = [first, *MemberOrganisation.objects.exclude(pk=first.pk).order_by("pk")]
    have = set(MemberContact.objects.values_list("user_id", flat=True))
    MemberContact.objects.bulk_create(
        [
            MemberContact(
                organisation=organisation,
                user=account,
                role=MemberContact.Role.PRIMARY if n == 0 else MemberContact.Role.CONTACT,
            )
            for n, (account, organisation) in enumerate(zip(accounts, organisations, strict=False))
            if account.pk not in have
        ]
    )
    return MemberContact.objects.count()


@volume("applications")
def applications(site, count=2000):
    """2,000 applications across every status and kind, from the member accounts (the
    benchmark's account has some, as a dashboard shows them), each but the drafts with the
    history an applicant sees."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from members.factories import CommitmentStatementFactory
    from members.models import Application, ApplicationEvent, CommitmentStatement
    from portal.regions import region_of

    existing = Application.objects.count()
    if existing >= count:
        return existing
    statement = CommitmentStatement.objects.current() or CommitmentStatementFactory()
    applicants = list(get_user_model().objects.filter(email__startswith="bench-").order_by("pk"))
    statuses = list(Application.Status)
    kinds = list(Application.Kind)
    codes = ["KE", "GH", "BR", "FR", "IN", "PH", "US", "DE", "ZA", "MX"]
    start = timezone.now() - datetime.timedelta(days=count)
    rows = []
    for n in range(existing, count):
        kind, status, code = kinds[n % 3], statuses[n % len(statuses)], codes[n % len(codes)]
        when = start + datetime.timedelta(days=n)
        is_country = kind == Application.Kind.COUNTRY
        rows.append(
            Application(
                applicant=applicants[n % len(applicants)],
                kind=kind,
                status=status,
                name=f"Bench applicant {n + 1}",
                website="" if is_country else f"https://applicant-{n + 1}.example.org",
                description="An application seeded for the benchmark.",
                contribution="Knowledge and data.",
                state=code if is_country else "",
                headquarters="" if is_country else code,
                sector=Application.Sector.SOCIAL_MEDIA if kind == Application.Kind.COMPANY else "",
                size=Application.Size.LARGE if kind == Application.Kind.COMPANY else "",
                organisation_type=(
                    Application.OrganisationType.CIVIL_SOCIETY
                    if kind == Application.Kind.ORGANISATION
                    else ""
                ),
                contact_name=f"Contact {n + 1}",
                contact_role="Director",
                contact_email=f"applicant-{n + 1}@example.org",
                contact_phone="+41 22 000 0000",
                commitment=statement,
                commitment_endorsed_at=when,
                region=region_of(code),
                submitted_at=None if status == Application.Status.DRAFT else when,
                status_changed_at=when,
            )
        )
    created = Application.objects.bulk_create(rows)
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application=app,
                action="submit",
                from_status=Application.Status.DRAFT,
                to_status=app.status,
                message="" if n % 2 else "Thank you for the application.",
                visible_to_applicant=True,
                created_at=app.status_changed_at,
            )
            for n, app in enumerate(created)
            if app.status != Application.Status.DRAFT
        ]
    )
    return Application.objects.count()


@volume("directory entries")
def directory_entries(site, count=50_000):
    """50,000 directory entries over every country and category (issue 14's volume, at every
    resource volume): the country page, /report/ and the API's filtered list must not grow with
    them. France keeps the few of tests/pages.py's page types."""
    from django_countries import countries

    from directory.models import Category, DirectoryEntry

    existing = DirectoryEntry.objects.count()
    if existing >= count:
        return existing
    codes = [code for code, _ in countries]
    categories = list(Category.values)
    rows = []
    for n in range(existing, count):
        rows.append(
            DirectoryEntry(
                name=f"Bench entry {n + 1}",
                category=categories[n % len(categories)],
                scope=DirectoryEntry.Scope.NATIONAL,
                country=codes[n % len(codes)],
                website=f"https://entry-{n + 1}.bench.example.org",
                phone="116 111" if n % 2 else "",
                sources=f"https://source-{n + 1}.bench.example.org",
                source_date="2025-01",
                last_verified=datetime.date(2025, 1, 1) + datetime.timedelta(days=n % 600),
            )
        )
        if len(rows) == BATCH:
            DirectoryEntry.objects.bulk_create(rows)
            rows = []
    DirectoryEntry.objects.bulk_create(rows)
    return DirectoryEntry.objects.count()


@volume("events")
def events(site, count=200, registrations=20000):
    """200 events (half past, half to come) under /events/, with 20,000 registrations spread
    over them; the member account is confirmed for the next one (its page shows the online
    link)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from events.models import EventIndexPage, EventPage, Registration
    from events.models.registrations import new_code

    from .bulk import add_children

    index = EventIndexPage.objects.live().first()
    if index is None:
        from events.factories import EventIndexPageFactory

        index = EventIndexPageFactory(parent=site.home)
    existing = EventPage.objects.child_of(index).filter(slug__startswith="bench-event-").count()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    add_children(
        index,
        [
            EventPage(
                title=f"Alliance meeting {n + 1}",
                slug=f"bench-event-{n + 1}",
                kind=EventPage.Kind.MEETING,
                starts_at=now + datetime.timedelta(days=7 * (n - count // 2)),
                ends_at=now + datetime.timedelta(days=7 * (n - count // 2), hours=6),
                time_zone="Europe/Paris",
                city="Paris",
                country="FR",
                capacity=None,
                online_link="https://meet.example.org/bench",
            )
            for n in range(existing, count)
        ],
    )
    bench_events = list(
        EventPage.objects.child_of(index).filter(slug__startswith="bench-event-").order_by("pk")
    )
    people_needed = registrations // len(bench_events)
    User = get_user_model()
    users = list(User.objects.filter(email__startswith="bench-attendee-").order_by("pk"))
    if len(users) < people_needed:
        User.objects.bulk_create(
            User(email=f"bench-attendee-{n}@example.org", password="!")
            for n in range(len(users), people_needed)
        )
        users = list(User.objects.filter(email__startswith="bench-attendee-").order_by("pk"))
    if Registration.objects.filter(user__email__startswith="bench-attendee-").count() < (
        registrations
    ):
        Registration.objects.filter(user__email__startswith="bench-attendee-").delete()
        rows = [
            Registration(
                event=event,
                user=user,
                name=user.email,
                email=user.email,
                status=Registration.Status.CONFIRMED,
                consent=True,
                code=new_code(10),
            )
            for event in bench_events
            for user in users[:people_needed]
        ]
        Registration.objects.bulk_create(rows, batch_size=BATCH)
    upcoming = [event for event in bench_events if event.starts_at > now]
    member = User.objects.filter(email=BENCH_MEMBER_EMAIL).first()
    if member is not None and upcoming:
        Registration.objects.get_or_create(
            event=upcoming[0],
            user=member,
            defaults={"name": "Bench member", "email": member.email, "status": "confirmed"},
        )
    site.urls["events"] = index.url
    site.urls["event"] = (upcoming or bench_events)[0].url
    return Registration.objects.filter(event__in=bench_events).count()


@volume("MNR capability pages")
def mnr_capability_pages(site):
    """A page for each MNR domain and capability under /mnr/ (capability 12, the hotline, is
    the one measured: the resources of the volume serve it among others)."""
    from resources.factories import build_capability_pages

    pages = build_capability_pages(_library_pages(site)["mnr"], content=True)
    site.urls["mnr_domain"] = pages[12].get_parent().url
    site.urls["mnr_capability"] = pages[12].url
    return len(pages)


@volume("MNR self-assessments")
def mnr_self_assessments(site, count=200):
    """``count`` submitted assessments over two years: the benchmark account's member (enabled
    for it) and country members, levels spread over the phases, a third published and
    contactable. The benchmark account's member has this year's draft too: its gap report is
    the page measured (the secretariat's aggregate reads the same rows)."""
    from django.utils import timezone

    from members.factories import build_assessment
    from members.models import Assessment, MemberOrganisation

    first = _first_member(site)
    if not first.assessment_enabled:
        first.assessment_enabled = True
        first.save(update_fields=["assessment_enabled"])
    year = timezone.localdate().year
    members = [first, *MemberOrganisation.objects.filter(kind="country").exclude(pk=first.pk)]
    existing = Assessment.objects.submitted().count()
    n = 0
    for member in members:
        for offset in (2, 1):
            if existing + n >= count:
                break
            if Assessment.objects.filter(member=member, year=year - offset).exists():
                continue
            build_assessment(
                member,
                year - offset,
                {c: (c + member.pk + offset) % 5 for c in range(1, 22)},
                publication=("private", "levels", "evidence")[member.pk % 3],
                contactable=member.pk % 3 != 0,
                priorities={c: 1 + c % 3 for c in range(1, 22)},
            )
            n += 1
    draft = Assessment.objects.filter(member=first, year=year).first() or build_assessment(
        first, year, {c: c % 5 for c in range(1, 22)}, submitted=False
    )
    site.urls["assessment"] = draft.pk
    return Assessment.objects.submitted().count()


@volume("search documents")
def search_documents(site):
    """The site-wide search's index (search.models.SearchDocument) over everything the volumes
    added in bulk, without signals: resources, news, standard pages, members, MNR capabilities,
    directory entries, events (100,000 documents and more at the large volume). Rebuilt in
    batches when it lags behind. Registered last, so that it indexes what every other volume
    added (registered before the events, it found them missing and rebuilt on every run)."""
    from search import indexing
    from search.models import SearchDocument

    expected = sum(indexing.expected_counts().values())
    if SearchDocument.objects.count() != expected:
        indexing.rebuild_database()
    return SearchDocument.objects.count()
