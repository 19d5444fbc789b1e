"""The whole membership journey, with e-mail through a real Celery worker on Redis to a real
SMTP server: apply, information requested, answer, approval, member access, the member list."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from members.factories import CommitmentStatementFactory
from members.models import Application, MemberOrganisation
from portal.factories import StandardPageFactory, UserFactory
from portal.models import OutgoingEmail
from portal.roles import MEMBERS, MEMBERSHIP_REVIEWERS
from tests.html import soup
from tests.mfa import STAFF_TOTP_SECRET

pytestmark = pytest.mark.integration


def body(message):
    part = message.get_payload(0) if message.is_multipart() else message
    return part.get_payload(decode=True).decode()


def test_apply_request_information_answer_approve_and_become_a_member(
    celery_worker, smtp_sink, home_page, tmp_path, settings
):
    settings.MEMBERS_PRIVATE_ROOT = str(tmp_path / "private")
    CommitmentStatementFactory()
    reviewer = UserFactory(
        email="reviewer@example.org",
        groups=[Group.objects.get(name=MEMBERSHIP_REVIEWERS)],
        totp_secret=STAFF_TOTP_SECRET,
    )
    applicant = UserFactory(email="ana@example.org", first_name="Ana", last_name="Director")
    members_only = StandardPageFactory(parent=home_page, title="Members' room", slug="room")
    restriction = PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=MEMBERS)])

    ana, secretariat = Client(), Client()
    ana.force_login(applicant)
    secretariat.force_login(reviewer)
    assert ana.get("/room/").status_code == 302  # not a member yet

    # Apply.
    assert ana.post("/join/", {"kind": "company"}).status_code == 302
    app = Application.objects.get(applicant=applicant)
    steps = {
        "details": {
            "name": "Northwind Messaging",
            "sector": "social_media",
            "headquarters": "IE",
            "size": "large",
            "services": "A messaging app for families.",
            "website": "https://northwind.example.org",
            "description": "Messaging with safety by design.",
            "contribution": "Hash sharing and research data.",
        },
        "contacts": {
            "contact_name": "Ana Director",
            "contact_role": "Trust and safety director",
            "contact_email": "ana@example.org",
            "contact_phone": "+353 1 000 0000",
            "further-TOTAL_FORMS": "0",
            "further-INITIAL_FORMS": "0",
        },
        "commitment": {"endorse": "on"},
        "summary": {},
    }
    for step, data in steps.items():
        response = ana.post(f"/join/{app.pk}/{step}/", data)
        assert response.status_code == 302, (step, response.content[:3000])
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED

    smtp_sink.wait_for(lambda m: m["To"] == "reviewer@example.org")
    [received] = smtp_sink.wait_for(lambda m: m["To"] == "ana@example.org")
    assert received["Subject"] == "We received your application: Northwind Messaging"

    # The secretariat asks for more information.
    act = f"/admin/members_applications/{app.pk}/act/"
    secretariat.post(act + "start_review/", {"start_review-message": ""})
    secretariat.post(
        act + "request_information/",
        {"request_information-message": "How do you report to the national hotline?"},
    )
    [request] = smtp_sink.wait_for(lambda m: "more information" in m["Subject"])
    assert "How do you report to the national hotline?" in body(request)
    page = soup(ana.get("/dashboard/"))
    assert page.select_one("tbody tr td:nth-of-type(2)").get_text() == "Information requested"

    # The applicant answers, which returns the application to the reviewer who asked.
    response = ana.post(
        f"/join/{app.pk}/summary/", {"message": "Through the hotline's API, within an hour."}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.UNDER_REVIEW

    # Approval, without starting the review again.
    secretariat.post(act + "approve/", {"approve-message": "Welcome aboard."})
    [welcome] = smtp_sink.wait_for(lambda m: m["Subject"].startswith("Welcome to the alliance"))
    assert welcome["To"] == "ana@example.org"
    assert "Welcome aboard." in body(welcome)

    # The contact now opens the members-only page, and the member is on the public list.
    response = ana.get("/room/")
    assert response.status_code == 200
    assert soup(response).find("h1").get_text() == "Members' room"
    member = MemberOrganisation.objects.get()
    listing = soup(Client().get("/members/?kind=company"))
    assert [a.get_text() for a in listing.select(".card__link")] == ["Northwind Messaging"]
    assert soup(Client().get(member.get_absolute_url())).find("h1").get_text() == member.name

    # Every message was sent once, by the worker.
    expected = OutgoingEmail.objects.count()
    # Submitted and resubmitted (applicant and reviewer each time), information, welcome.
    assert expected == 6
    smtp_sink.wait_for(lambda m: len(smtp_sink.messages) >= expected)
    assert len(smtp_sink.messages) == expected
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
