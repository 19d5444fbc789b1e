import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from wagtail.documents import get_document_model
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from portal.factories import HomePageFactory, StandardPageFactory, paragraph
from portal.models import AllianceSettings, HomePage, NavigationSettings, StandardPage
from portal.pdf import simple_pdf
from portal.views import server_error
from tests.html import soup

pytestmark = pytest.mark.django_db


def set_navigation(site, pages):
    nav = NavigationSettings.for_site(site)
    nav.main_navigation = [("link", {"page": p, "url": "", "label": ""}) for p in pages]
    nav.footer_links = [("link", {"page": None, "url": "https://example.org/", "label": "Partner"})]
    nav.save()


def test_home_page_renders_alliance_navigation_and_landmarks(client, site, home_page):
    about = StandardPageFactory(parent=home_page, title="About the alliance", slug="about")
    home_page.sections = [
        ("section", {"link": {"page": about, "url": "", "label": ""}, "description": "Who we are"})
    ]
    home_page.save_revision().publish()
    set_navigation(site, [about])
    settings = AllianceSettings.for_site(site)
    settings.name = "Test Alliance"
    settings.contact_email = "secretariat@example.org"
    settings.social_links = [("link", {"network": "linkedin", "url": "https://www.linkedin.com/"})]
    settings.save()

    response = client.get("/")

    assert response.status_code == 200
    html = soup(response)
    assert html.title.string.strip() == "Test Alliance"  # the home page: the name, once
    assert html.find("h1").get_text(strip=True) == home_page.hero_title
    skip = html.find("a", class_="skip-link")
    assert skip["href"] == "#main" and html.find("main", id="main") is not None
    assert html.find("header") and html.find("footer")
    nav = html.find("nav", attrs={"aria-label": "Main"})
    assert [a["href"] for a in nav.find_all("a")] == ["/about/"]
    section = html.find("ul", class_="cards").find("a")
    assert section["href"] == "/about/" and section.get_text(strip=True) == "About the alliance"
    footer = html.find("footer")
    assert footer.find("a", href="mailto:secretariat@example.org")
    assert footer.find("a", href="https://example.org/").get_text() == "Partner"
    assert footer.find("a", href="https://www.linkedin.com/").get_text() == "LinkedIn"
    # Every page offers the newsletter, in the visitor's language.
    assert footer.find("a", href="/newsletter/").get_text() == "Subscribe to the newsletter"
    assert footer.find("a", href="/newsletter/archive/").get_text() == "Newsletter archive"


def test_current_section_is_marked_in_navigation(client, site, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    StandardPageFactory(parent=home_page, title="Other", slug="other")
    set_navigation(site, [about])
    html = soup(client.get("/about/"))
    link = html.find("nav", attrs={"aria-label": "Main"}).find("a")
    assert link["aria-current"] == "page"
    html = soup(client.get("/other/"))
    assert not html.find("nav", attrs={"aria-label": "Main"}).find("a").has_attr("aria-current")


def test_standard_page_renders_every_block(client, site, home_page):
    Document = get_document_model()
    document = Document(title="Statement (PDF)")
    document.file.save("statement.pdf", ContentFile(simple_pdf("Statement")), save=False)
    document.save()
    page = StandardPageFactory(
        parent=home_page,
        slug="commitments",
        title="Commitments",
        introduction="What members commit to.",
        body=[
            ("heading", {"text": "Our promise", "level": "h3"}),
            paragraph("<p>We put <b>children</b> first.</p>"),
            ("quote", {"text": "Nobody can do this alone.", "attribution": "A founder"}),
            (
                "call_to_action",
                {
                    "title": "Join us",
                    "text": "Apply online.",
                    "link": {"page": home_page, "url": "", "label": "Apply"},
                },
            ),
            ("document", {"document": document, "description": "The signed text."}),
        ],
    )

    html = soup(client.get(page.url))

    assert html.find("h1").get_text() == "Commitments"
    assert html.find("p", class_="lead").get_text() == "What members commit to."
    assert html.find("h3").get_text() == "Our promise"
    assert html.find("b").get_text() == "children"
    assert html.find("blockquote").get_text(strip=True) == "Nobody can do this alone."
    cta = html.find("aside", class_="block-cta")
    assert cta.find("a", class_="button")["href"] == "/"
    doc_link = html.find("div", class_="block-document").find("a")
    assert doc_link["href"] == document.url
    assert doc_link.get_text() == "Statement (PDF)"
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF-1.4")
    served.close()


def test_unknown_url_renders_the_portal_404(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = soup(response)
    assert html.find("h1").get_text() == "We can’t find that page"
    assert html.find("a", class_="skip-link")


def test_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.parametrize("links", [2, 12])
def test_page_queries_do_not_grow_with_navigation(
    client, site, home_page, links, django_assert_max_num_queries
):
    pages = [
        StandardPageFactory(parent=home_page, slug=f"page-{i}", title=f"Page {i}")
        for i in range(links)
    ]
    set_navigation(site, pages)
    home_page.sections = [
        ("section", {"link": {"page": p, "url": "", "label": ""}, "description": ""}) for p in pages
    ]
    home_page.save_revision().publish()
    client.get("/")  # warm Wagtail's per-process caches (site root paths)
    # 10, and one query for each of the library's home panels (latest news, latest resources).
    with django_assert_max_num_queries(13):
        response = client.get("/")
    assert len(soup(response).find("nav", attrs={"aria-label": "Main"}).find_all("a")) == links
    with django_assert_max_num_queries(10):
        assert client.get("/page-0/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/missing/").status_code == 404


def test_every_response_carries_a_content_security_policy_but_the_admin(client, site, editor):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    client.force_login(editor)
    assert "Content-Security-Policy" not in client.get("/admin/")


class TestEditorsCanCreatePages(WagtailPageTestCase):
    def setUp(self):
        from django.contrib.auth.models import Group

        from portal.factories import UserFactory
        from portal.roles import SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS
        from tests.mfa import STAFF_TOTP_SECRET

        root = Site.objects.get(is_default_site=True).root_page
        self.home = HomePageFactory(parent=root.get_parent(), slug="home-2", title="Home 2")
        self.editor = UserFactory(
            email="page-editor@example.org",
            groups=[Group.objects.get(name=SECRETARIAT_EDITORS)],
            totp_secret=STAFF_TOTP_SECRET,
        )
        self.moderator = UserFactory(
            email="page-moderator@example.org",
            groups=[Group.objects.get(name=SECRETARIAT_MODERATORS)],
            totp_secret=STAFF_TOTP_SECRET,
        )
        self.client.force_login(self.moderator)

    def test_page_types_allowed(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    FORM = {
        "title": "Secretariat",
        "slug": "secretariat",
        "introduction": "Who runs the alliance.",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": '{"blocks":[{"key":"a","text":"Hello","type":"unstyled",'
        '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
    }

    def test_moderator_creates_and_publishes_a_standard_page(self):
        self.assertCanCreate(self.home, StandardPage, dict(self.FORM))
        self.assertTrue(StandardPage.objects.get(slug="secretariat").live)

    def test_editor_creates_a_draft_but_cannot_publish(self):
        self.client.force_login(self.editor)
        url = f"/admin/pages/add/portal/standardpage/{self.home.pk}/"
        response = self.client.post(url, {**self.FORM, "action-publish": "action-publish"})
        self.assertEqual(response.status_code, 302)
        page = StandardPage.objects.get(slug="secretariat")
        self.assertFalse(page.live)


def test_navigation_is_cached_until_a_setting_or_page_changes(
    client, site, home_page, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    with django_capture_on_commit_callbacks(execute=True):
        set_navigation(site, [about])
    client.get("/about/")
    with django_assert_max_num_queries(7):  # site, routing, restrictions, settings: no navigation
        html = soup(client.get("/about/"))
    assert [a.get_text() for a in html.find("nav", attrs={"aria-label": "Main"})("a")] == ["About"]

    about.title = "About us"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    html = soup(client.get("/about/"))
    assert [a.get_text() for a in html.find("nav", attrs={"aria-label": "Main"})("a")] == [
        "About us"
    ]

    other = StandardPageFactory(parent=home_page, title="Other", slug="other")
    with django_capture_on_commit_callbacks(execute=True):
        set_navigation(site, [about, other])
    html = soup(client.get("/about/"))
    assert len(html.find("nav", attrs={"aria-label": "Main"})("a")) == 2
