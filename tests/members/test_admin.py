"""The secretariat's work in the Wagtail admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from members import services
from members.factories import (
    ApplicationFactory,
    CommitmentStatementFactory,
    MemberContactFactory,
    MemberOrganisationFactory,
)
from members.models import Application, MemberOrganisation
from portal.factories import UserFactory
from portal.roles import MEMBERS
from tests.html import soup

pytestmark = pytest.mark.django_db
S = Application.Status
BASE = "/admin/members_applications/"


@pytest.fixture
def admin_client(client, reviewer, site):
    client.force_login(reviewer)
    return client


def row_titles(page):
    return [
        a.get_text(strip=True) for a in page.select("table.listing tbody td.title .title-wrapper a")
    ]


def test_reviewers_list_applications_with_counts_and_filters(admin_client, statement):
    old = timezone.now() - timedelta(days=40)
    ApplicationFactory(name="Draft org")
    ApplicationFactory(name="Waiting org", status=S.SUBMITTED, status_changed_at=old)
    ApplicationFactory(company=True, name="Fresh company", status=S.SUBMITTED)
    ApplicationFactory(country=True, state="FR", status=S.UNDER_REVIEW)
    ApplicationFactory(name="Asked org", status=S.INFORMATION_REQUESTED)

    page = soup(admin_client.get(BASE))
    counts = {
        li.get_text(" ", strip=True).split(":")[0]: int(li.find("strong").get_text())
        for li in page.select(".members-admin-counts li")
    }
    assert counts["Submitted"] == 2 and counts["Under review"] == 1
    assert counts["Information requested"] == 1 and counts["Overdue"] == 1
    assert "Draft org" not in row_titles(page)  # drafts are the applicant's own business
    assert len(row_titles(page)) == 4

    def titles(query):
        return sorted(row_titles(soup(admin_client.get(BASE + query))))

    assert titles("?status=submitted") == ["Fresh company", "Waiting org"]
    assert titles("?kind=country") == ["France"]
    assert titles("?region=150") == ["France"]
    assert titles("?age=older") == ["Waiting org"]
    assert titles("?age=overdue") == ["Waiting org"]
    assert titles("?age=week") == ["Asked org", "France", "Fresh company"]


def test_others_cannot_reach_applications_or_letters(client, site, editor, statement):
    app = ApplicationFactory(country=True, status=S.SUBMITTED)
    client.force_login(editor)
    assert client.get(BASE).status_code in (302, 403)
    assert client.get(f"{BASE}inspect/{app.pk}/").status_code in (302, 403)
    assert client.get(f"{BASE}{app.pk}/letter/").status_code == 404
    response = client.post(f"{BASE}{app.pk}/act/start_review/", {"start_review-message": ""})
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"
    client.force_login(app.applicant)  # not even the applicant downloads it back from here
    response = client.get(f"{BASE}{app.pk}/letter/")
    assert response.status_code == 403  # told they have no access to the administration
    client.logout()
    response = client.get(f"{BASE}{app.pk}/letter/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    app.refresh_from_db()
    assert app.status == S.SUBMITTED


def test_reviewers_download_the_letter(admin_client, statement):
    app = ApplicationFactory(country=True, status=S.SUBMITTED, endorsement_letter_name="sig.pdf")
    response = admin_client.get(f"{BASE}{app.pk}/letter/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert 'filename="sig.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response.close()


def test_the_review_page_shows_answers_duplicates_history_and_only_valid_actions(
    admin_client, reviewer, statement
):
    MemberOrganisationFactory(name="Safe Kids", website="https://safekids.example.org")
    app = ApplicationFactory(
        name="Safe Kids", website="https://other.example.org", status=S.SUBMITTED
    )
    services.assign_reviewer(app, actor=reviewer, reviewer=reviewer, message="Mine.")
    page = soup(admin_client.get(f"{BASE}inspect/{app.pk}/"))
    assert page.select_one("#review-status").get_text() == "Submitted"
    dupes = page.find(id="duplicates-title").find_next("ul").get_text(" ", strip=True)
    assert dupes.startswith("Member: Safe Kids")
    answers = [dt.get_text() for dt in page.select(".members-answers dt")]
    assert "Intended contribution" in answers
    actions = [h3.get_text() for h3 in page.select(".members-admin-action h3")]
    assert actions == ["Start review", "Request information", "Decline", "Assign a reviewer"]
    history = page.find("h2", string="History").find_next("table").get_text(" ", strip=True)
    assert "Assigned to" in history and "Mine." in history


def test_actions_call_the_service_and_show_refusals(admin_client, statement):
    app = ApplicationFactory(status=S.SUBMITTED)
    url = f"{BASE}{app.pk}/act/"
    response = admin_client.post(url + "start_review/", {"start_review-message": "Go."})
    assert response["Location"] == f"{BASE}inspect/{app.pk}/"
    app.refresh_from_db()
    assert app.status == S.UNDER_REVIEW

    # Declining without a reason is refused, with the reason why.
    response = admin_client.post(url + "decline/", {"decline-message": ""}, follow=True)
    errors = [m.get_text(" ", strip=True) for m in soup(response).select(".messages .error")]
    assert any("Give the applicant the reason" in e for e in errors)
    app.refresh_from_db()
    assert app.status == S.UNDER_REVIEW

    # A stale form (the application moved on) is refused as an invalid transition.
    response = admin_client.post(url + "start_review/", {"start_review-message": ""}, follow=True)
    errors = [m.get_text(" ", strip=True) for m in soup(response).select(".messages .error")]
    assert any("“Under review” cannot become “Under review”" in e for e in errors)

    admin_client.post(url + "approve/", {"approve-message": "Welcome."})
    app.refresh_from_db()
    assert app.status == S.APPROVED and app.member.name == app.name


def test_the_admin_dashboard_shows_what_waits(admin_client, client, editor, statement):
    old = timezone.now() - timedelta(days=30)
    ApplicationFactory(name="Old", status=S.SUBMITTED, status_changed_at=old)
    ApplicationFactory(name="New", status=S.UNDER_REVIEW)
    page = soup(admin_client.get("/admin/"))
    panel = page.select_one(".members-dashboard-panel")
    items = [li.get_text(" ", strip=True) for li in panel.find("ul").find_all("li")]
    assert items[0].endswith(": 1") and items[1].endswith(": 1")
    assert items[3] == "Overdue (waiting over 14 days): 1"
    assert [a.get_text() for a in panel.select("h3 + ul a")] == ["Old", "New"]
    client.force_login(editor)
    assert soup(client.get("/admin/")).select_one(".members-dashboard-panel") is None


def test_suspending_a_member_in_the_admin_removes_access(admin_client):
    member = MemberOrganisationFactory(name="Suspend me")
    contact = MemberContactFactory(organisation=member)
    services.add_contact(member, contact.user)
    page = soup(admin_client.get(f"/admin/members_organisations/inspect/{member.pk}/"))
    buttons = [b.get_text() for b in page.select(".members-admin-action button")]
    assert buttons == ["Suspend membership", "End membership"]
    admin_client.post(f"/admin/members_organisations/{member.pk}/status/suspended/")
    member.refresh_from_db()
    assert member.status == MemberOrganisation.Status.SUSPENDED
    assert not contact.user.groups.filter(name=MEMBERS).exists()
    assert admin_client.get("/members/suspend-me/").status_code == 404


def test_endorsed_statements_are_frozen(admin_client, reviewer):
    endorsed = CommitmentStatementFactory()
    ApplicationFactory(commitment=endorsed)
    fresh = CommitmentStatementFactory(published=False)
    base = "/admin/members_commitments/"
    assert admin_client.get(f"{base}edit/{endorsed.pk}/").status_code in (302, 403)
    assert admin_client.get(f"{base}edit/{fresh.pk}/").status_code == 200
    response = admin_client.post(
        f"{base}new/", {"title": "Revised", "text": '{"blocks": []}', "published": "on"}
    )
    assert response.status_code in (200, 302)
    assert admin_client.get(f"{base}new/").status_code == 200


def test_reviewer_group_has_its_permissions(reviewer):
    group = Group.objects.get(name="Membership reviewers")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_memberorganisation", "add_commitmentstatement", "access_admin"} <= codenames
    assert services.is_reviewer(reviewer)
    assert not services.is_reviewer(UserFactory())


def test_reviewers_edit_a_members_profile_but_never_delete_it(admin_client):
    member = MemberOrganisationFactory(name="Editable", kind="company", country="IE")
    base = "/admin/members_organisations/"
    page = soup(admin_client.get(f"{base}edit/{member.pk}/"))
    assert page.select_one("input[name=name]")["value"] == "Editable"
    assert page.select_one("[name=status]") is None  # status changes go through the actions
    assert admin_client.get(f"{base}delete/{member.pk}/").status_code in (302, 403)
    assert MemberOrganisation.objects.filter(pk=member.pk).exists()
    page = soup(admin_client.get(f"{base}?kind=company"))
    assert "Editable" in row_titles(page)
