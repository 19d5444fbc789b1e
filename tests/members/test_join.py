"""/join/: the application wizard, its checks, the letter of endorsement and its privacy."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from members.factories import ApplicationFactory, MemberOrganisationFactory
from members.forms import validate_pdf
from members.models import Application
from portal.factories import UserFactory
from portal.pdf import simple_pdf
from tests.html import soup

pytestmark = pytest.mark.django_db
S = Application.Status


def pdf_upload(content=None, name="letter.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content or simple_pdf("Letter", ["Signed."]), content_type)


def error_texts(response):
    page = soup(response)
    return [li.get_text(" ", strip=True) for li in page.select(".field__errors li")]


def summary_texts(response):
    return [li.get_text(" ", strip=True) for li in soup(response).select(".alert--error li")]


@pytest.fixture
def signed_in(client, applicant, site, statement):
    client.force_login(applicant)
    return client


def start(client, kind):
    response = client.post("/join/", {"kind": kind})
    assert response.status_code == 302
    app = Application.objects.latest("pk")
    assert response["Location"] == f"/join/{app.pk}/details/"
    return app


ORGANISATION_DETAILS = {
    "name": "Safe Kids Online",
    "organisation_type": "civil_society",
    "headquarters": "KE",
    "countries_of_work": ["KE", "TZ"],
    "registration_number": "",
    "website": "https://safekids.example.org",
    "description": "A helpline network.",
    "contribution": "Data and training.",
}
CONTACTS = {
    "contact_name": "Ana Director",
    "contact_role": "Director",
    "contact_email": "applicant@example.org",
    "contact_phone": "+254 20 123",
    "further-TOTAL_FORMS": "2",
    "further-INITIAL_FORMS": "0",
    "further-MIN_NUM_FORMS": "0",
    "further-MAX_NUM_FORMS": "10",
    "further-0-name": "Colleague One",
    "further-0-role": "Policy lead",
    "further-0-email": "one@example.org",
    "further-0-phone": "",
}


def test_the_whole_wizard_saves_every_step_and_submits(signed_in, reviewer):
    client = signed_in
    page = soup(client.get("/join/"))
    assert page.find("h1").get_text() == "Join the alliance"
    assert {i["value"] for i in page.select("input[name=kind]")} == {
        "country",
        "company",
        "organisation",
    }
    app = start(client, "organisation")

    page = soup(client.get(f"/join/{app.pk}/details/"))
    labels = [label.get_text(" ", strip=True) for label in page.select("form label")]
    assert "Organisation name" in labels and "Registration number (optional)" in labels
    assert page.select_one("[aria-current=step]").get_text() == "1. About you"
    response = client.post(f"/join/{app.pk}/details/", ORGANISATION_DETAILS)
    assert response["Location"] == f"/join/{app.pk}/contacts/"
    app.refresh_from_db()
    assert app.name == "Safe Kids Online" and app.countries_of_work == ["KE", "TZ"]
    assert app.region == "002"

    response = client.post(f"/join/{app.pk}/contacts/", CONTACTS)
    assert response["Location"] == f"/join/{app.pk}/commitment/"
    assert list(app.further_contacts.values_list("email", flat=True)) == ["one@example.org"]

    page = soup(client.get(f"/join/{app.pk}/commitment/"))
    assert page.find("h2", id="statement-title").get_text() == "Statement of commitments"
    response = client.post(f"/join/{app.pk}/commitment/", {})
    assert error_texts(response) == [
        "Error: Endorse the statement of commitments to apply: tick the box."
    ]
    response = client.post(f"/join/{app.pk}/commitment/", {"endorse": "on"})
    assert response["Location"] == f"/join/{app.pk}/summary/"

    page = soup(client.get(f"/join/{app.pk}/summary/"))
    answers = dict(
        zip(
            [dt.get_text() for dt in page.select(".members-answers dt")],
            [dd.get_text(" ", strip=True) for dd in page.select(".members-answers dd")],
            strict=True,
        )
    )
    assert answers["Name"] == "Safe Kids Online"
    assert answers["Countries of work"].startswith("Kenya, Tanzania")
    assert answers["Statement of commitments"].startswith("Version 1 endorsed on")
    assert page.select(".alert--warning") == []
    response = client.post(f"/join/{app.pk}/summary/", {})
    assert response["Location"] == f"/dashboard/applications/{app.pk}/"
    app.refresh_from_db()
    assert app.status == S.SUBMITTED
    # Once submitted, the steps are closed.
    response = client.get(f"/join/{app.pk}/details/")
    assert response["Location"] == f"/dashboard/applications/{app.pk}/"


def test_an_error_keeps_what_was_typed_and_saves_the_valid_parts(signed_in):
    app = start(signed_in, "company")
    data = {
        "name": "Northwind",
        "sector": "hosting",
        "headquarters": "IE",
        "size": "",
        "services": "Hosting.",
        "website": "not a web address",
        "description": "We host.",
        "contribution": "",
    }
    response = signed_in.post(f"/join/{app.pk}/details/", data)
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("input[name=website]")["value"] == "not a web address"
    assert page.select_one("#error-summary-title").get_text() == "Please correct the following"
    summary = summary_texts(response)
    assert "Website: Enter a valid URL." in summary
    assert "Size: This field is required." in summary
    app.refresh_from_db()
    assert (app.name, app.sector, app.services) == ("Northwind", "hosting", "Hosting.")
    assert app.website == ""


def test_honeypot_refuses_bots(signed_in):
    response = signed_in.post("/join/", {"kind": "company", "homepage": "http://spam"})
    assert response.status_code == 200
    assert "This form could not be sent. Please try again." in " ".join(error_texts(response))
    assert not Application.objects.exists()
    honeypot = soup(signed_in.get("/join/")).select_one(".members-hp input[name=homepage]")
    assert honeypot["tabindex"] == "-1"


def test_the_join_forms_are_rate_limited(signed_in, settings):
    settings.MEMBERS_FORM_RATE_LIMIT = 3
    for _ in range(3):
        assert signed_in.post("/join/", {"kind": "company"}).status_code == 302
    response = signed_in.post("/join/", {"kind": "company"})
    assert response.status_code == 429
    assert Application.objects.count() == 3


def test_an_unverified_account_cannot_apply(client, site, statement):
    user = UserFactory(email="unverified@example.org", verified=False)
    client.force_login(user)
    response = client.get("/join/")
    assert response.status_code == 403
    assert soup(response).find("h1").get_text() == "Verify your e-mail address first"
    client.logout()
    # Signed out: the page says an account comes first (tests/members/test_join_path.py).
    assert soup(client.get("/join/")).find("h2").get_text() == "An account comes first"


def test_drafts_are_resumed_from_the_start_page(signed_in, applicant):
    draft = ApplicationFactory(applicant=applicant, name="Half done")
    ApplicationFactory(name="Someone else's")
    links = [a.get_text() for a in soup(signed_in.get("/join/")).select("#drafts-title ~ ul a")]
    assert links == ["Half done"]
    assert draft.pk


# --- Countries --------------------------------------------------------------------------------


def country_details(**overrides):
    return {
        "state": "GH",
        "name": "Ministry of Communications",
        "description": "The ministry in charge of online safety.",
        "contribution": "A national response.",
        "endorsement_letter": pdf_upload(),
        **overrides,
    }


def test_a_country_uploads_its_letter_into_private_storage(signed_in):
    app = start(signed_in, "country")
    response = signed_in.post(f"/join/{app.pk}/details/", country_details())
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.endorsement_letter_name == "letter.pdf"
    path = Path(app.endorsement_letter.path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert str(path).startswith(settings.MEMBERS_PRIVATE_ROOT)
    assert not str(path).startswith(str(settings.MEDIA_ROOT).rstrip("/") + "/")
    assert app.endorsement_letter.name.startswith("applications/")
    assert "letter" not in os.path.basename(app.endorsement_letter.name)
    with pytest.raises(ValueError, match="no public URL"):
        app.endorsement_letter.url  # noqa: B018
    # The media folder does not serve it, under any name.
    assert signed_in.get(f"/media/{app.endorsement_letter.name}").status_code == 404
    # Going back to the step without a new file keeps the letter.
    response = signed_in.post(f"/join/{app.pk}/details/", country_details(endorsement_letter=""))
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.endorsement_letter and path.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            pdf_upload(b"MZ\x90\x00 this is an executable", name="letter.pdf"),
            "This file is not a PDF document.",
        ),
        (
            pdf_upload(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", name="cut.pdf"),
            "This PDF file is damaged or incomplete: save or scan it again and upload it.",
        ),
        (
            pdf_upload(name="letter.docx", content_type="application/msword"),
            "The letter must be a PDF file; this file is “application/msword”.",
        ),
    ],
    ids=["fake", "truncated", "wrong-type"],
)
def test_a_fake_pdf_is_refused_with_a_specific_message(signed_in, upload, message):
    app = start(signed_in, "country")
    upload.seek(0)
    response = signed_in.post(
        f"/join/{app.pk}/details/", country_details(endorsement_letter=upload)
    )
    assert response.status_code == 200
    assert error_texts(response) == [f"Error: {message}"]
    app.refresh_from_db()
    assert not app.endorsement_letter
    assert app.name == "Ministry of Communications"  # the rest of the step is kept


def test_a_letter_over_10_mb_is_refused():
    big = simple_pdf("Letter")
    big = big[:9] + b"%" + b"x" * (10 * 1024 * 1024) + b"\n" + big[9:]
    upload = pdf_upload(big)
    with pytest.raises(Exception, match=r"letters can be at most 10 MB"):
        validate_pdf(upload)
    assert validate_pdf(pdf_upload()) is not None


def test_a_missing_letter_is_refused(signed_in):
    app = start(signed_in, "country")
    response = signed_in.post(f"/join/{app.pk}/details/", country_details(endorsement_letter=""))
    assert error_texts(response) == [
        "Error: Upload the letter of endorsement signed for the state (a PDF)."
    ]


def test_a_country_already_a_member_or_applying_is_refused(signed_in):
    MemberOrganisationFactory(name="Ghana", kind="country", country="GH")
    ApplicationFactory(country=True, state="SN", status=S.UNDER_REVIEW)
    app = start(signed_in, "country")
    response = signed_in.post(f"/join/{app.pk}/details/", country_details())
    assert error_texts(response) == ["Error: Ghana is already a member of the alliance."]
    response = signed_in.post(f"/join/{app.pk}/details/", country_details(state="SN"))
    assert error_texts(response) == [
        "Error: An application for Senegal is already being reviewed by the secretariat."
    ]


# --- Duplicates -------------------------------------------------------------------------------


def test_a_name_or_website_matching_a_member_is_flagged_not_blocked(signed_in):
    MemberOrganisationFactory(name="Safe Kids Online!", website="https://other.example.org")
    MemberOrganisationFactory(name="Another", website="https://www.SafeKids.example.org/about")
    app = start(signed_in, "organisation")
    response = signed_in.post(f"/join/{app.pk}/details/", ORGANISATION_DETAILS, follow=True)
    warning = soup(response).select_one(".message--warning").get_text()
    assert "Already a member with a similar name or website: Another, Safe Kids Online!." in warning
    assert response.redirect_chain[-1][0] == f"/join/{app.pk}/contacts/"


def test_possible_duplicates_include_open_applications(reviewer, statement):
    from members.services import find_possible_duplicates

    open_app = ApplicationFactory(status=S.SUBMITTED, name="ACME Corp.", website="")
    ApplicationFactory(status=S.DECLINED, name="acme corp", website="")
    member = MemberOrganisationFactory(name="Unrelated", website="https://acme.example.com/")
    app = ApplicationFactory(name="Acme corp", website="http://www.acme.example.com")
    found = find_possible_duplicates(app)
    assert found == {"members": [member], "applications": [open_app]}
    assert find_possible_duplicates(ApplicationFactory(name="Brand new", website="")) == {
        "members": [],
        "applications": [],
    }
