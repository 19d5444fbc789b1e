"""MNR self-assessments (issue 18): starting, copying, saving, submitting and the lock; two
contacts at once; the gap report; privacy; the secretariat's aggregates and the five-member rule;
the charts' numbers; the dashboard section and the documents."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from members import services
from members.factories import (
    MemberContactFactory,
    MemberOrganisationFactory,
    build_assessment,
)
from members.models import (
    Assessment,
    AssessmentDocument,
    AssessmentEdit,
    MemberOrganisation,
    Priority,
)
from members.models import Phase as P
from portal.factories import UserFactory
from portal.pdf import simple_pdf
from resources.factories import MNRPageFactory, ResourceIndexPageFactory, ResourcePageFactory
from resources.models import MNRCapability
from tests.html import soup

pytestmark = pytest.mark.django_db

K = MemberOrganisation.Kind


def cap(number):
    return MNRCapability.objects.get(number=number)


@pytest.fixture
def country(db):
    return MemberOrganisationFactory(name="Ghana", kind=K.COUNTRY, country="GH")


@pytest.fixture
def contact(country):
    return MemberContactFactory(organisation=country, user=UserFactory(email="a@gh.example")).user


@pytest.fixture
def colleague(country):
    return MemberContactFactory(organisation=country, user=UserFactory(email="b@gh.example")).user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(response):
    """Every field of the assessment form as the browser would post it untouched (the hidden
    initial values included)."""
    form = soup(response).select_one("form.assessment-form")
    data = {}
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.text.strip("\n")
        else:
            data[name] = field.get("value", "")
    return data


# --- Creating, copying, submitting ------------------------------------------------------------
def test_a_contact_starts_saves_and_submits_and_next_year_starts_from_a_copy(country, contact):
    first = services.start_assessment(country, actor=contact, year=2025)
    assert first.status == Assessment.Status.DRAFT and first.copied_from is None
    assert services.start_assessment(country, actor=contact, year=2025) == first  # once a year

    changed = services.save_answers(
        first,
        {cap(1).pk: {"level": P.ESTABLISHED, "evidence": "A committee since 2019."}},
        actor=contact,
    )
    assert changed == 1
    services.submit_assessment(first, actor=contact)
    first.refresh_from_db()
    assert first.status == Assessment.Status.SUBMITTED and first.submitted_by == contact

    second = services.start_assessment(country, actor=contact, year=2026)
    assert second.copied_from == first and second.status == Assessment.Status.DRAFT
    answer = second.answers.get(capability=cap(1))
    assert (answer.level, answer.evidence) == (P.ESTABLISHED, "A committee since 2019.")
    assert AssessmentEdit.objects.filter(assessment=second, action="copy").exists()


def test_only_contacts_of_members_that_assess_may_start(country, contact, user):
    with pytest.raises(services.NotAllowed):
        services.start_assessment(country, actor=user)
    network = MemberOrganisationFactory(name="Network", kind=K.ORGANISATION)
    MemberContactFactory(organisation=network, user=user)
    with pytest.raises(services.NotAllowed):
        services.start_assessment(network, actor=user)  # not enabled by the secretariat
    network.assessment_enabled = True
    network.save()
    assert services.start_assessment(network, actor=user).member == network


def test_a_submitted_assessment_is_locked(country, contact):
    assessment = services.start_assessment(country, actor=contact)
    services.submit_assessment(assessment, actor=contact)
    assessment.refresh_from_db()
    with pytest.raises(services.AssessmentLocked):
        services.save_answers(assessment, {cap(1).pk: {"level": P.MATURE}}, actor=contact)
    with pytest.raises(services.InvalidAssessmentTransition):
        services.submit_assessment(assessment, actor=contact)

    client = signed_in(contact)
    page = soup(client.get(f"/dashboard/assessments/{assessment.pk}/"))
    assert page.select_one("form.assessment-form") is None  # read-only
    response = client.post(f"/dashboard/assessments/{assessment.pk}/", {"c1-level": "4"})
    assert response.status_code == 302
    assert not assessment.answers.filter(level=P.MATURE).exists()


def test_only_the_secretariat_reopens(country, contact, reviewer):
    assessment = services.submit_assessment(
        services.start_assessment(country, actor=contact), actor=contact
    )
    with pytest.raises(services.NotAllowed):
        services.reopen_assessment(assessment, actor=contact)
    reopened = services.reopen_assessment(assessment, actor=reviewer)
    assert reopened.status == Assessment.Status.DRAFT
    assert services.ASSESSMENT_TRANSITIONS[("submitted", "draft")] == ("reopen", "secretariat")


def test_the_form_saves_a_draft_and_submits(country, contact):
    client = signed_in(contact)
    response = client.post("/dashboard/assessments/", {"member": country.slug})
    assessment = Assessment.objects.get(member=country)
    assert response["Location"] == f"/dashboard/assessments/{assessment.pk}/"

    data = form_data(client.get(response["Location"]))
    data.update({"c4-level": "2", "c4-evidence": "A unit of 12 officers.", "c4-priority": "1"})
    data["c4-links"] = "https://police.example.org/unit\nnot a link"
    response = client.post(f"/dashboard/assessments/{assessment.pk}/", data)
    assert response.status_code == 200  # the bad link is refused, nothing saved
    assert not assessment.answers.exists()

    data["c4-links"] = "https://police.example.org/unit"
    data["submit"] = "1"
    response = client.post(f"/dashboard/assessments/{assessment.pk}/", data)
    assert response["Location"] == f"/dashboard/assessments/{assessment.pk}/report/"
    assessment.refresh_from_db()
    assert assessment.is_locked
    answer = assessment.answers.get(capability=cap(4))
    assert (answer.level, answer.priority, answer.link_list) == (
        2,
        Priority.HIGH,
        ["https://police.example.org/unit"],
    )
    assert assessment.answers.count() == 1  # untouched capabilities are not written


# --- Two contacts at once ------------------------------------------------------------------------
def test_two_contacts_editing_at_once_keep_each_others_changes(country, contact, colleague):
    assessment = services.start_assessment(country, actor=contact)
    url = f"/dashboard/assessments/{assessment.pk}/"
    first, second = signed_in(contact), signed_in(colleague)
    # Both open the form before either saves.
    first_data, second_data = form_data(first.get(url)), form_data(second.get(url))

    first_data.update({"c1-level": "3", "c1-evidence": "Committee chaired by the PM."})
    assert first.post(url, first_data).status_code == 302
    # The colleague's form still shows the old values of capability 1; they change capability 2
    # only, and their save must not undo the first contact's change.
    second_data.update({"c2-level": "1"})
    assert second.post(url, second_data).status_code == 302

    answers = {a.capability.number: a for a in assessment.answers.select_related("capability")}
    assert (answers[1].level, answers[1].evidence) == (3, "Committee chaired by the PM.")
    assert answers[1].updated_by == contact
    assert (answers[2].level, answers[2].updated_by) == (1, colleague)

    # Both change the same field: the last change wins.
    second_data = form_data(second.get(url))
    first_data = form_data(first.get(url))
    first_data["c1-evidence"] = "First version"
    second_data["c1-evidence"] = "Second version"
    first.post(url, first_data)
    second.post(url, second_data)
    assert assessment.answers.get(capability=cap(1)).evidence == "Second version"

    history = soup(first.get(f"{url}history/")).select("tbody tr")
    people = {row.select("td")[1].get_text(strip=True) for row in history}
    assert {contact.get_full_name(), colleague.get_full_name()} <= people
    assert AssessmentEdit.objects.filter(assessment=assessment, capability=cap(1)).count() == 3


# --- The gap report ----------------------------------------------------------------------------
@pytest.fixture
def library(home_page):
    library = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=library, title="Drafting a law on grooming", capabilities=[3])
    ResourcePageFactory(parent=library, title="Connecting to ICSE", capabilities=[7])
    return library


def test_the_gap_report_lists_gaps_in_priority_order_with_resources_and_helpers(
    country, contact, library
):
    levels = dict.fromkeys(range(1, 22), P.MATURE)
    levels.update({1: P.DEVELOPING, 3: P.FOUNDATIONS, 7: P.NOT_STARTED})
    assessment = build_assessment(
        country, 2026, levels, submitted=False, priorities={3: Priority.HIGH, 7: Priority.MEDIUM}
    )
    helper = MemberOrganisationFactory(name="Brazil", kind=K.COUNTRY, country="BR")
    build_assessment(
        helper, 2025, {3: P.MATURE, 7: P.ESTABLISHED}, publication="levels", contactable=True
    )
    private = MemberOrganisationFactory(name="Albania", kind=K.COUNTRY, country="AL")
    build_assessment(private, 2025, {3: P.MATURE}, contactable=True)  # unpublished: never named
    silent = MemberOrganisationFactory(name="Chile", kind=K.COUNTRY, country="CL")
    build_assessment(silent, 2025, {3: P.MATURE}, publication="levels")  # did not agree

    html = soup(signed_in(contact).get(f"/dashboard/assessments/{assessment.pk}/report/"))
    gaps = html.select("li.assessment-gap")
    assert [gap["data-capability"] for gap in gaps] == ["3", "7", "1"]
    legislation = gaps[0]
    assert legislation.select_one(".assessment-gap__resources")["href"].endswith(
        f"{library.url}?capability=3"
    )
    assert "Drafting a law on grooming" in legislation.get_text()
    assert [a.get_text() for a in legislation.select(".assessment-gap__members a")] == ["Brazil"]
    assert [a.get_text() for a in gaps[1].select(".assessment-gap__members a")] == ["Brazil"]
    assert gaps[2].select(".assessment-gap__members a") == []


def test_the_gap_report_names_five_helpers_a_gap_and_links_the_capability_page_for_all(
    country, contact, home_page
):
    """Members mature in a gap, from their latest submitted assessment only: the first five by
    name, then a link to the capability page's list of them all."""
    from resources.factories import build_capability_pages

    pages = build_capability_pages(MNRPageFactory(parent=home_page, slug="mnr"))
    assessment = build_assessment(country, 2026, {3: P.FOUNDATIONS}, submitted=False)
    for letter, state in zip("ABCDEFG", ["AR", "BE", "CA", "DK", "EE", "FI", "GR"], strict=True):
        helper = MemberOrganisationFactory(name=f"{letter} country", kind=K.COUNTRY, country=state)
        build_assessment(helper, 2025, {3: P.MATURE}, publication="levels", contactable=True)
    lapsed = MemberOrganisationFactory(name="Aa lapsed", kind=K.COUNTRY, country="HU")
    build_assessment(lapsed, 2024, {3: P.MATURE}, publication="levels", contactable=True)
    build_assessment(lapsed, 2025, {3: P.DEVELOPING}, publication="levels", contactable=True)

    html = soup(signed_in(contact).get(f"/dashboard/assessments/{assessment.pk}/report/"))
    legislation = html.select_one('li.assessment-gap[data-capability="3"]')
    named = [a.get_text() for a in legislation.select(".assessment-gap__members a")]
    assert named == [f"{letter} country" for letter in "ABCDE"]
    everyone = legislation.select_one(".assessment-gap__all-members")
    assert everyone.get_text() == "All 7 members mature in this capability"
    assert everyone["href"] == f"http://testserver{pages[3].url}#capability-members"


def test_the_gap_report_never_names_the_reader_as_its_own_helper(country, contact, home_page):
    """What a gap offers is kept once for every report (``capability_help``); the member whose
    report it is, mature in the capability last year, is left out of it and of its count."""
    from resources.factories import build_capability_pages

    pages = build_capability_pages(MNRPageFactory(parent=home_page, slug="mnr"))
    build_assessment(country, 2025, {3: P.MATURE}, publication="levels", contactable=True)
    assessment = build_assessment(country, 2026, {3: P.FOUNDATIONS}, submitted=False)
    for letter, state in zip("MNOPQR", ["AR", "BE", "CA", "DK", "EE", "FI"], strict=True):
        helper = MemberOrganisationFactory(name=f"{letter} country", kind=K.COUNTRY, country=state)
        build_assessment(helper, 2025, {3: P.MATURE}, publication="levels", contactable=True)
    assert country.name < "M country"  # it would come first if it were not left out

    html = soup(signed_in(contact).get(f"/dashboard/assessments/{assessment.pk}/report/"))
    legislation = html.select_one('li.assessment-gap[data-capability="3"]')
    named = [a.get_text() for a in legislation.select(".assessment-gap__members a")]
    assert named == [f"{letter} country" for letter in "MNOPQ"]
    everyone = legislation.select_one(".assessment-gap__all-members")
    assert everyone.get_text() == "All 6 members mature in this capability"
    assert everyone["href"].endswith(f"{pages[3].url}#capability-members")


def test_the_gap_report_shows_what_the_library_publishes_at_once(
    country, contact, library, django_capture_on_commit_callbacks
):
    """The resources under a gap come from the content cache, and a published resource moves
    the content version: the next report names it."""
    assessment = build_assessment(country, 2026, {3: P.FOUNDATIONS}, submitted=False)
    client = signed_in(contact)
    url = f"/dashboard/assessments/{assessment.pk}/report/"

    def legislation():
        return soup(client.get(url)).select_one('li.assessment-gap[data-capability="3"]')

    assert "Drafting a law on grooming" in legislation().get_text()
    with django_capture_on_commit_callbacks(execute=True):
        ResourcePageFactory(parent=library, title="Sentencing guidelines", capabilities=[3])
    shown = legislation()
    assert "Sentencing guidelines" in shown.get_text()
    assert "The library's 2 resources for this capability" in shown.get_text()


def test_the_gap_report_in_french_leads_to_the_french_library(country, contact, library):
    from tests.resources.conftest import translate

    french = translate(library, "fr", title="Bibliothèque")
    assessment = build_assessment(country, 2026, {3: P.FOUNDATIONS}, submitted=False)
    client = signed_in(contact)
    for prefix, address in (("", library.url), ("/fr", french.url)):
        html = soup(client.get(f"{prefix}/dashboard/assessments/{assessment.pk}/report/"))
        link = html.select_one('li[data-capability="3"] .assessment-gap__resources')["href"]
        assert link == f"http://testserver{address}?capability=3"


def test_the_gap_report_shows_progress_against_the_previous_year(country, contact):
    build_assessment(country, 2025, {1: P.FOUNDATIONS, 2: P.ESTABLISHED})
    current = build_assessment(country, 2026, {1: P.ESTABLISHED, 2: P.DEVELOPING}, submitted=False)
    html = soup(signed_in(contact).get(f"/dashboard/assessments/{current.pk}/report/"))
    assert "1. Leadership" in html.select_one(".assessment-progress-up").get_text()
    assert "2. Research" in html.select_one(".assessment-progress-down").get_text()


def test_the_charts_numbers_equal_the_tables(country, contact):
    levels = {n: n % 5 for n in range(1, 22)}
    assessment = build_assessment(country, 2026, levels, submitted=False)
    html = soup(signed_in(contact).get(f"/dashboard/assessments/{assessment.pk}/report/"))
    figures = html.select("figure.assessment-chart")
    assert len(figures) == 6
    for figure in figures:
        svg = figure.select_one("svg")
        assert svg["role"] == "img" and svg.select_one("title").get_text()
        drawn = {
            g["data-capability"]: int(g["data-level"]) for g in svg.select("g[data-capability]")
        }
        bars = {
            g["data-capability"]: int(g.select_one("rect")["width"])
            for g in svg.select("g[data-capability]")
        }
        table = {
            tr["data-capability"]: int(tr.select_one(".assessment-chart__level").get_text())
            for tr in figure.select("tbody tr")
        }
        assert drawn == table
        assert all(bars[n] == 300 * level // 4 for n, level in table.items())
    assert sum(len(f.select("tbody tr")) for f in figures) == 21


# --- Privacy ------------------------------------------------------------------------------------
def test_an_unpublished_assessment_is_read_by_its_contacts_and_the_secretariat_only(
    country, contact, user, reviewer
):
    assessment = build_assessment(country, 2025, {1: P.MATURE}, evidence="Secret {number}")
    other = MemberOrganisationFactory(name="Philippines", kind=K.COUNTRY, country="PH")
    stranger = MemberContactFactory(organisation=other).user
    for who, status in ((contact, 200), (reviewer, 200), (stranger, 404), (user, 404)):
        for suffix in ("", "report/", "history/"):
            response = signed_in(who).get(f"/dashboard/assessments/{assessment.pk}/{suffix}")
            assert response.status_code == status, (who, suffix)
            if status == 200:
                assert "no-store" in response["Cache-Control"]
    visitor = Client().get(f"/dashboard/assessments/{assessment.pk}/")
    assert visitor.status_code == 302 and visitor["Location"].startswith("/accounts/login/")
    page = Client().get(f"/members/{country.slug}/")
    assert b"Secret 1" not in page.content and b"self-assessment" not in page.content


def test_the_member_publishes_levels_or_levels_and_evidence(country, contact):
    assessment = build_assessment(country, 2025, {1: P.MATURE}, evidence="Evidence {number}")
    services.set_publication(assessment, publication="levels", contactable=False, actor=contact)
    page = Client().get(f"/members/{country.slug}/")
    summary = soup(page).select_one("section[aria-labelledby=assessment-summary]")
    assert "Mature and sustained" in summary.get_text()
    assert "Evidence 1" not in summary.get_text()
    services.set_publication(assessment, publication="evidence", contactable=False, actor=contact)
    assert b"Evidence 1" in Client().get(f"/members/{country.slug}/").content
    # A draft is never shown, whatever it says it publishes.
    draft = build_assessment(country, 2026, {}, submitted=False, publication="evidence")
    assert draft.is_published is False


def test_the_cached_capability_page_never_names_an_unpublished_member(
    client, home_page, page_cache_on, country, contact, django_capture_on_commit_callbacks
):
    from resources.factories import build_capability_pages

    pages = build_capability_pages(MNRPageFactory(parent=home_page))
    url = pages[3].url
    assessment = build_assessment(country, 2025, {3: P.MATURE}, contactable=True)
    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert b"Ghana" not in second.content
    # Publishing moves the content version: the cached copy goes, the name shows.
    with django_capture_on_commit_callbacks(execute=True):
        services.set_publication(assessment, publication="levels", contactable=True, actor=contact)
    third = client.get(url)
    assert third["X-Page-Cache"] == "miss"
    members = soup(third).select_one("section[aria-labelledby=capability-members]")
    assert "Ghana" in members.get_text()


# --- Documents ----------------------------------------------------------------------------------
def pdf_upload(name="evidence.pdf"):
    return SimpleUploadedFile(name, simple_pdf("Evidence", ["Annual report"]), "application/pdf")


def test_evidence_documents_are_private_files_served_to_readers_only(country, contact, user):
    assessment = services.start_assessment(country, actor=contact)
    client = signed_in(contact)
    url = f"/dashboard/assessments/{assessment.pk}/"
    data = form_data(client.get(url))
    data["c5-document"] = SimpleUploadedFile("notes.txt", b"plain text", "text/plain")
    assert client.post(url, data).status_code == 200  # not a PDF: refused
    data["c5-document"] = pdf_upload("Our report.pdf")
    assert client.post(url, data).status_code == 302

    document = AssessmentDocument.objects.get()
    path = Path(document.file.path)
    assert not str(path).startswith(str(Path(settings.MEDIA_ROOT).resolve()) + "/")
    assert document.name == "Our report.pdf" and "Our report" not in path.name
    download = f"{url}documents/{document.pk}/"
    response = client.get(download)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert signed_in(user).get(download).status_code == 404
    assert f'href="{download}"' in client.get(url).content.decode()


# --- The secretariat's aggregates ---------------------------------------------------------------
def countries(n):
    codes = ["GH", "PH", "AL", "BR", "AU", "CL", "KE"]
    return [
        MemberOrganisationFactory(name=f"Country {code}", kind=K.COUNTRY, country=code)
        for code in codes[:n]
    ]


def test_four_unpublished_contributors_show_no_figure_five_do(db):
    members = countries(5)
    for member in members[:4]:
        build_assessment(member, 2025, {1: P.MATURE})
    row = services.aggregate(year=2025)["rows"][0]
    assert row["capability"].number == 1 and row["counts"] is None
    build_assessment(members[4], 2025, {1: P.DEVELOPING})
    row = services.aggregate(year=2025)["rows"][0]
    assert row["counts"] == [0, 0, 1, 0, 4] and row["total"] == 5


def test_below_five_only_published_assessments_count(db):
    members = countries(3)
    build_assessment(members[0], 2025, {1: P.MATURE}, publication="levels")
    build_assessment(members[1], 2025, {1: P.MATURE})
    build_assessment(members[2], 2025, {1: P.DEVELOPING}, submitted=False, publication="levels")
    row = services.aggregate(year=2025)["rows"][0]
    assert row["counts"] == [0, 0, 0, 0, 1] and row["published_only"]


def test_the_secretariat_page_and_exports_follow_the_rule(client, site, staff_reviewer_session):
    members = countries(5)
    for member in members:
        build_assessment(member, 2025, {2: P.ESTABLISHED})
    for member in members[:4]:
        build_assessment(member, 2024, {2: P.DEVELOPING})
    client = staff_reviewer_session
    earlier = soup(client.get("/admin/mnr-assessments/?year=2024"))
    rows = earlier.select("table.aggregate-table tbody tr")
    assert len(rows) == 21 and not earlier.select(".aggregate-count")
    assert all("Fewer than 5 members: no figure" in tr.get_text() for tr in rows)
    html = soup(client.get("/admin/mnr-assessments/?year=2025"))
    rows = {tr["data-capability"]: tr for tr in html.select("table.aggregate-table tbody tr")}
    counts = [int(td.get_text()) for td in rows["2"].select(".aggregate-count")]
    assert counts == [0, 0, 0, 5, 0]
    # The chart draws the same numbers as the table.
    for tr in html.select("table.aggregate-table tbody tr"):
        number = tr["data-capability"]
        drawn = {
            int(rect["data-phase"]): int(rect["data-count"])
            for rect in html.select(f'svg g[data-capability="{number}"] rect')
        }
        shown = [int(td.get_text()) for td in tr.select(".aggregate-count")]
        assert drawn == {phase: n for phase, n in enumerate(shown) if n}

    exported = client.get("/admin/mnr-assessments/?year=2025&export=csv").content.decode()
    table = list(csv.reader(io.StringIO(exported)))
    assert table[2][:7] == ["2", "Research, analysis and monitoring", "0", "0", "0", "5", "0"]
    assert table[1][2:7] == ["5", "0", "0", "0", "0"]  # capability 1: not started
    earlier = client.get("/admin/mnr-assessments/?year=2024&export=csv").content.decode()
    assert list(csv.reader(io.StringIO(earlier)))[2][2:8] == ["", "", "", "", "", ""]
    xlsx = client.get("/admin/mnr-assessments/?year=2025&export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.fixture
def staff_reviewer_session(db):
    from portal.roles import MEMBERSHIP_REVIEWERS
    from tests.security.accounts import make_user, sign_in

    return sign_in(Client(), make_user("reviewer@example.org", [MEMBERSHIP_REVIEWERS], mfa=True))


def test_other_staff_do_not_open_the_aggregates(client, site, editor):
    client.force_login(editor)
    assert client.get("/admin/mnr-assessments/").status_code in (302, 403)


# --- The dashboard ------------------------------------------------------------------------------
def test_the_dashboard_shows_the_persons_assessments(country, contact, user):
    assessment = build_assessment(country, 2025, {})
    section = soup(signed_in(contact).get("/dashboard/")).select_one(
        "section[aria-labelledby=assessments-title]"
    )
    assert f"/dashboard/assessments/{assessment.pk}/" in str(section)
    assert (
        soup(signed_in(user).get("/dashboard/")).select_one(
            "section[aria-labelledby=assessments-title]"
        )
        is None
    )


def test_a_persons_download_lists_their_assessment_edits_and_deletion_unnames_them(
    country, contact
):
    from portal.privacy.services import export_data

    assessment = services.start_assessment(country, actor=contact, year=2025)
    services.save_answers(assessment, {cap(2).pk: {"level": P.DEVELOPING}}, actor=contact)
    section = export_data(contact)["sections"]["assessment_edits"]
    assert {"member": "Ghana", "year": 2025, "capability": 2}.items() <= section[-1].items()
    contact.delete()
    edit = AssessmentEdit.objects.get(assessment=assessment, capability=cap(2))
    assert edit.user is None and assessment.answers.get(capability=cap(2)).level == P.DEVELOPING


@pytest.mark.parametrize("path", ["", "report/", "history/"])
def test_assessment_pages_read_a_fixed_number_of_queries(
    country, contact, colleague, path, django_assert_max_num_queries
):
    assessment = services.start_assessment(country, actor=contact)
    for number in range(1, 22):
        services.save_answers(
            assessment,
            {cap(number).pk: {"level": number % 5, "evidence": f"Evidence {number}"}},
            actor=contact if number % 2 else colleague,
        )
    client = signed_in(contact)
    url = f"/dashboard/assessments/{assessment.pk}/{path}"
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_a_contact_reads_the_report_without_a_question_about_groups(country, contact):
    """The member's contacts read its assessment most: ``can_view`` asks whether the reader is
    a contact first, and the secretariat's group only when not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assessment = services.start_assessment(country, actor=contact)
    client = signed_in(contact)
    url = f"/dashboard/assessments/{assessment.pk}/report/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries if '"auth_group"' in q["sql"]]
