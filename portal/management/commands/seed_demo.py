"""Build the demo alliance in an empty database, once.

Later runs change nothing editors may have touched (pages, settings, members, the library):
they create a demo account that is missing, give the default site the address of ``SITE_URL``
(``make run`` sets it from ``HOST`` and ``PORT``) and print the banner. ``--refresh`` rebuilds
the demo content over what is there, as a new revision of each page.
"""

import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from portal import demo_translations
from portal.factories import UserFactory, paragraph
from portal.identity import alliance_name, site_address, site_root_url, sync_default_site
from portal.locales import ensure_locales
from portal.models import AllianceSettings, HomePage, NavigationSettings, StandardPage
from portal.pdf import simple_pdf
from portal.roles import MEMBERS, SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS

DEMO_ACCOUNTS = [
    # (e-mail, password, first name, last name, groups, superuser)
    ("admin@demo.example.org", "demo-admin-pass-2026", "Ada", "Admin", [], True),
    (
        "editor@demo.example.org",
        "demo-editor-pass-2026",
        "Eda",
        "Editor",
        [SECRETARIAT_EDITORS],
        False,
    ),
    (
        "moderator@demo.example.org",
        "demo-moderator-pass-2026",
        "Mo",
        "Moderator",
        [SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS],
        False,
    ),
    ("member@demo.example.org", "demo-member-pass-2026", "Mia", "Member", [MEMBERS], False),
]

HOME = {
    "title": "Home",
    "hero_title": "Together against online child sexual exploitation and abuse",
    "hero_text": (
        "Governments, technology companies, civil society and international organisations, "
        "working as one alliance so that every child is protected online and every country "
        "has the response it needs."
    ),
    "seo_title": "",
}

PAGES = [
    {
        "slug": "about",
        "title": "About the alliance",
        "introduction": (
            "A global movement that brings together the people, organisations and governments "
            "who can end online child sexual exploitation and abuse."
        ),
        "body": [
            ("heading", {"text": "What we do", "level": "h2"}),
            paragraph(
                "<p>The alliance convenes its members around a shared framework, the "
                "<b>Model National Response</b>, which helps a country assess its response, "
                "find its gaps and set priorities. Members share what works, meet at global "
                "summits and help every country find its hotlines, helplines and laws.</p>"
            ),
            ("heading", {"text": "Who we are", "level": "h2"}),
            paragraph(
                "<ul><li>Countries, through a ministry or agency acting for the state</li>"
                "<li>Technology and other companies</li>"
                "<li>Civil-society and international organisations, academia and foundations</li>"
                "</ul>"
            ),
            (
                "quote",
                {
                    "text": "No single government, company or organisation can solve this alone.",
                    "attribution": "The alliance's founding statement",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Join the alliance",
                    "text": "Countries, companies and organisations can apply online once "
                    "they have an account.",
                    "link": {
                        "page": None,
                        "url": "/accounts/signup/",
                        "label": "Create an account",
                    },
                },
            ),
        ],
    },
    {
        "slug": "statement-of-commitments",
        "title": "Statement of commitments",
        "introduction": "What every member of the alliance commits to when it joins.",
        "body": [
            paragraph(
                "<ol><li>Put the protection of children at the centre of every decision.</li>"
                "<li>Assess the national response against the Model National Response and act "
                "on the gaps found.</li>"
                "<li>Share knowledge, data and good practice with other members.</li>"
                "<li>Support victims and survivors, and listen to them.</li></ol>"
            ),
        ],
        "document": (
            "Statement of commitments (PDF)",
            "statement-of-commitments.pdf",
            [
                "1. Put the protection of children at the centre of every decision.",
                "2. Assess the national response against the Model National Response.",
                "3. Share knowledge, data and good practice with other members.",
                "4. Support victims and survivors, and listen to them.",
            ],
        ),
    },
    {
        "slug": "secretariat",
        "title": "The secretariat",
        "introduction": "The small team that runs the alliance day to day.",
        "body": [
            paragraph(
                "<p>The secretariat reviews membership applications, maintains the "
                "best-practice library, organises the global summits and publishes the "
                "newsletter.</p>"
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "introduction": "What the portal records about you, why, and for how long.",
        "body": [
            paragraph(
                "<p>The portal records your e-mail address and name to run your account, and "
                "what you submit in applications and registrations. It sets only the cookies it "
                "needs to keep you signed in and to protect forms. Ask the secretariat to see or "
                "delete what it holds about you.</p>"
            ),
        ],
    },
]

NAVIGATION = ["about", "statement-of-commitments", "secretariat"]
# Each of these apps may have a ``demo`` module with ``seed(command, home)``; it creates the app's
# demo content and returns links ({"page": ..., "url": ..., "label": ...}) for the main navigation.
DEMO_APPS = ["members", "resources", "directory", "events", "search", "newsletters"]
FOOTER = ["privacy", "about"]


class Command(BaseCommand):
    help = "Create or update the demo alliance: pages, navigation, settings and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Rebuild the demo content even though the database has it (new revisions).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even when DEBUG is off (demo accounts have published passwords).",
        )

    def handle(self, *args, allow_production=False, refresh=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates accounts with published passwords; it runs only with DEBUG "
                "on, or with --allow-production for a throwaway demo server."
            )
        with transaction.atomic():
            seeded = HomePage.objects.exists()
            if seeded and not refresh:
                self.seed_accounts(only_missing=True)
            else:
                ensure_locales()
                home = self.seed_home()
                pages = {spec["slug"]: self.seed_page(home, spec) for spec in PAGES}
                self.seed_translations(home, pages)
                self.seed_accounts()
                app_links = self.seed_apps(home)
                self.seed_settings(home, pages, app_links)
            sync_default_site()
        if seeded and not refresh:
            self.stdout.write(
                "The demo alliance is already in the database: nothing changed "
                "(seed_demo --refresh rebuilds it)."
            )
        self.stdout.write(banner(self.demo_accounts()))

    def demo_accounts(self):
        """(e-mail, password, role) of every demo account, the apps' included."""
        accounts = [
            (email, password, ", ".join(groups) or "superuser")
            for email, password, _first, _last, groups, _superuser in DEMO_ACCOUNTS
        ]
        for app in DEMO_APPS:
            accounts += getattr(demo_module(app), "ACCOUNTS", [])
        return accounts

    def seed_home(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's own migration leaves a "Welcome" page where the home page belongs.
            for stale in root.get_children().filter(slug="home").exact_type(Page):
                if not stale.get_children().exists():
                    stale.delete()
            home = root.add_child(instance=HomePage(slug="home", **HOME))
        else:
            for field, value in HOME.items():
                setattr(home, field, value)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(is_default_site=True)
        site.hostname, site.port = site_address(settings.SITE_URL)
        site.site_name, site.root_page = settings.WAGTAIL_SITE_NAME, home
        site.save()
        return home

    def seed_translations(self, home, pages):
        """The home and About pages in French, Spanish and Arabic (Wagtail translations of the
        English ones, so the other apps' translated pages have a home to live under)."""
        from resources.demo import translate_page

        for language, fields in demo_translations.HOME.items():
            translate_page(home, language, **fields)
        for language, fields in demo_translations.ABOUT.items():
            translate_page(pages["about"], language, **fields)

    def seed_page(self, home, spec):
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        fields = {k: spec[k] for k in ("title", "introduction")}
        body = list(spec["body"])
        if "document" in spec:
            body.append(
                ("document", {"document": self.seed_document(*spec["document"]), "description": ""})
            )
        if page is None:
            page = home.add_child(instance=StandardPage(slug=spec["slug"], body=body, **fields))
        else:
            for field, value in fields.items():
                setattr(page, field, value)
            page.body = body
        page.save_revision().publish()
        return page

    def seed_document(self, title, filename, lines):
        Document = get_document_model()
        document = Document.objects.filter(title=title).first()
        if document is None:
            document = Document(title=title)
            document.file.save(filename, ContentFile(simple_pdf(title, lines)), save=False)
            document.save()
        return document

    def seed_apps(self, home):
        links = []
        for app in DEMO_APPS:
            demo = demo_module(app)
            if demo is not None:
                links += demo.seed(self, home) or []
        return links

    def seed_settings(self, home, pages, app_links=()):
        site = Site.objects.get(is_default_site=True)
        alliance = AllianceSettings.for_site(site)
        alliance.name = settings.WAGTAIL_SITE_NAME  # one name: the admin's and e-mails' too
        alliance.tagline = "Ending online child sexual exploitation and abuse, together."
        alliance.contact_email = "secretariat@demo.example.org"
        alliance.postal_address = "Alliance Secretariat\n1 Example Street\nGeneva"
        alliance.social_links = [
            ("link", {"network": "linkedin", "url": "https://www.linkedin.com/"}),
            ("link", {"network": "youtube", "url": "https://www.youtube.com/"}),
        ]
        alliance.save()
        nav = NavigationSettings.for_site(site)
        nav.main_navigation = (
            [("link", {"page": pages[slug], "url": "", "label": ""}) for slug in NAVIGATION[:1]]
            + [("link", {"page": None, "url": "", "label": "", **link}) for link in app_links]
            + [("link", {"page": pages[slug], "url": "", "label": ""}) for slug in NAVIGATION[1:]]
        )
        nav.footer_links = [
            ("link", {"page": pages[slug], "url": "", "label": ""}) for slug in FOOTER
        ]
        nav.footer_text = (
            "An alliance of countries, companies and organisations protecting children online."
        )
        nav.save()
        home.sections = [
            (
                "section",
                {
                    "link": {"page": pages[slug], "url": "", "label": ""},
                    "description": pages[slug].introduction,
                },
            )
            for slug in NAVIGATION
        ]
        home.save_revision().publish()

    def seed_accounts(self, only_missing=False):
        """The demo accounts; with ``only_missing``, those that are missing, leaving alone a
        password or groups someone changed."""
        User = get_user_model()
        for email, password, first, last, group_names, superuser in DEMO_ACCOUNTS:
            if only_missing and User.objects.filter(email__iexact=email).exists():
                continue
            user = UserFactory(email=email, first_name=first, last_name=last)
            user.set_password(password)
            user.is_superuser = user.is_staff = superuser
            user.save()
            user.groups.set(Group.objects.filter(name__in=group_names))


def demo_module(app):
    """``<app>.demo``, or ``None`` for an app without demo content."""
    try:
        return importlib.import_module(f"{app}.demo")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.demo":
            raise
        return None


def where_emails_go():
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    worker = " by the Celery worker (make worker)" if settings.CELERY_BROKER_URL else ""
    if backend == "console":
        return f"printed in the terminal{worker or ' (this one)'}"
    if backend == "filebased":
        return f"written{worker} to {settings.EMAIL_FILE_PATH}/"
    if backend == "smtp":
        return f"sent{worker} through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return f"sent{worker} through {settings.EMAIL_BACKEND}"


def banner(accounts):
    """What a newcomer needs at the end of ``make run``: where, who, and where e-mail goes."""
    address = site_root_url()
    width = max(len(email) for email, _password, _role in accounts)
    lines = [
        "",
        "=" * 72,
        f"  {alliance_name()} is at {address}/",
        f"  Administration: {address}/admin/   E-mails: {where_emails_go()}",
        "  Demo accounts (for local use only):",
        *(f"    {email:<{width}}  {password:<24}  {role}" for email, password, role in accounts),
        "  Staff (everyone who can enter /admin/) are asked to set up two-factor authentication",
        "  (an authenticator app or a security key) at their first admin visit.",
        "  Another port or host: PORT=8101 make run, HOST=... (README, Set-up).",
        "=" * 72,
    ]
    return "\n".join(lines)
