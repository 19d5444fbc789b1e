"""What a newcomer meets on the way to applying: an account first (and back to /join/ after
sign-up and verification), the letter, limits and checks on the answers, countries by region,
and "Continue" where the application left off."""

import re
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.test import Client

from members.factories import ApplicationFactory
from members.models import Application
from tests.html import soup

from .test_join import CONTACTS, ORGANISATION_DETAILS, country_details, pdf_upload, start

pytestmark = pytest.mark.django_db
NEXT_JOIN = "next=" + quote("/join/", safe="")


@pytest.fixture
def signed_in(client, applicant, site, statement):
    client.force_login(applicant)
    return client


def label_of(page, field_id):
    return page.find("label", attrs={"for": field_id}).get_text(" ", strip=True)


def errors_of(page, field_id):
    errors = page.find(id=f"{field_id}_error")
    return [li.get_text(" ", strip=True) for li in errors.select("li")] if errors else []


# --- An account first -----------------------------------------------------------------------


def test_join_tells_a_visitor_that_an_account_comes_first(client, site):
    response = client.get("/join/")
    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text() == "Join the alliance"
    assert page.find("h2").get_text() == "An account comes first"
    links = {a.get_text(strip=True): a["href"] for a in page.select("main a.button")}
    assert links == {
        "Create an account to apply": f"/accounts/signup/?{NEXT_JOIN}",
        "Sign in to apply": f"/accounts/login/?{NEXT_JOIN}",
    }


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_sign_in_and_sign_up_say_why_when_the_visitor_is_joining(client, site, path):
    note = soup(client.get(f"{path}?{NEXT_JOIN}")).select_one(".join-note")
    assert note is not None
    assert note.find("h2").get_text() == "You are applying to join the alliance"
    assert "An account comes first" in note.get_text()
    assert soup(client.get(path)).select_one(".join-note") is None
    assert soup(client.get(f"{path}?next=/members/")).select_one(".join-note") is None


def test_join_is_kept_through_sign_up_and_email_verification(client, site, statement):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "password1": "a long and private passphrase",
            "password2": "a long and private passphrase",
            "next": "/join/",
        },
    )
    assert response.status_code == 302
    address = EmailAddress.objects.get(email="newcomer@example.org")
    key = EmailConfirmationHMAC(address).key

    confirm = f"/accounts/confirm-email/{key}/"
    assert soup(client.get(confirm)).find("h1").get_text(strip=True) == (
        "Confirm your e-mail address"
    )
    response = client.post(confirm)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?{NEXT_JOIN}"
    address.refresh_from_db()
    assert address.verified

    response = client.post(
        "/accounts/login/",
        {"login": "newcomer@example.org", "password": "a long and private passphrase"},
        QUERY_STRING=NEXT_JOIN,
    )
    assert response.status_code == 302 and response["Location"] == "/join/"
    assert soup(client.get("/join/")).find(id="start-title") is not None


def test_the_emailed_link_carries_the_destination_to_another_browser(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "elsewhere@example.org",
                "password1": "a long and private passphrase",
                "password2": "a long and private passphrase",
                "next": "/join/",
            },
        )
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    assert link.endswith(f"?{NEXT_JOIN}")

    other_browser = Client()
    response = other_browser.post(link)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?{NEXT_JOIN}"
    assert EmailAddress.objects.get(email="elsewhere@example.org").verified


def test_a_confirmation_without_a_remembered_destination_keeps_allauths_default(client, site):
    client.post(
        "/accounts/signup/",
        {
            "email": "plain@example.org",
            "password1": "a long and private passphrase",
            "password2": "a long and private passphrase",
        },
    )
    address = EmailAddress.objects.get(email="plain@example.org")
    response = client.post(f"/accounts/confirm-email/{EmailConfirmationHMAC(address).key}/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


# --- The letter of endorsement ------------------------------------------------------------


def test_the_letter_is_labelled_required(signed_in):
    app = start(signed_in, "country")
    page = soup(signed_in.get(f"/join/{app.pk}/details/"))
    label = label_of(page, "id_endorsement_letter")
    assert label == "Signed letter of endorsement (PDF, at most 10 MB)"
    assert "optional" not in label
    assert page.find(id="id_endorsement_letter").has_attr("required")


def test_a_valid_letter_is_kept_when_another_field_has_an_error(signed_in):
    app = start(signed_in, "country")
    response = signed_in.post(
        f"/join/{app.pk}/details/", country_details(name="", endorsement_letter=pdf_upload())
    )
    assert response.status_code == 200
    page = soup(response)
    assert errors_of(page, "id_name") == ["Error: This field is required."]
    assert errors_of(page, "id_endorsement_letter") == []
    help_text = page.find(id="id_endorsement_letter_helptext").get_text(strip=True)
    assert help_text == (
        "Your letter “letter.pdf” is saved: no need to choose it again. Upload another file "
        "only to replace it."
    )
    app.refresh_from_db()
    assert app.endorsement_letter and app.endorsement_letter_name == "letter.pdf"
    # The letter is no longer asked for: the step completes without choosing it again.
    response = signed_in.post(f"/join/{app.pk}/details/", country_details(endorsement_letter=""))
    assert response.status_code == 302
    assert response["Location"] == f"/join/{app.pk}/contacts/"


# --- Limits and checks on the answers -----------------------------------------------------


def test_a_description_over_the_limit_is_refused_and_kept(signed_in):
    app = start(signed_in, "organisation")
    long_text = "x" * 20_000
    response = signed_in.post(
        f"/join/{app.pk}/details/", {**ORGANISATION_DETAILS, "description": long_text}
    )
    assert response.status_code == 200
    page = soup(response)
    assert errors_of(page, "id_description") == [
        "Error: Keep this answer to at most 2000 characters (it has 20000)."
    ]
    # (Django's textarea starts with a line break, which browsers drop.)
    assert page.find(id="id_description").get_text().lstrip("\n") == long_text
    assert "At most 2000 characters." in page.find(id="id_description_helptext").get_text()
    app.refresh_from_db()
    assert app.description == "" and app.name == "Safe Kids Online"


@pytest.mark.parametrize("phone", ["abc", "12", "+41 22 abc 45 67", "1234567890123456"])
def test_a_phone_number_that_is_not_one_is_refused(signed_in, phone):
    app = start(signed_in, "organisation")
    response = signed_in.post(
        f"/join/{app.pk}/contacts/", {**CONTACTS, "contact_phone": phone, "further-0-phone": phone}
    )
    assert response.status_code == 200
    page = soup(response)
    message = (
        "Error: Enter a phone number in digits, with the international dialling code, "
        "e.g. +41 22 123 45 67."
    )
    assert errors_of(page, "id_contact_phone") == [message]
    assert errors_of(page, "id_further-0-phone") == [message]
    assert page.find(id="id_contact_phone")["value"] == phone


@pytest.mark.parametrize("phone", ["+41 22 123 45 67", "(020) 7946-0958", "+1.202.555.0101"])
def test_phone_numbers_as_people_write_them_are_accepted(signed_in, phone):
    app = start(signed_in, "organisation")
    response = signed_in.post(f"/join/{app.pk}/contacts/", {**CONTACTS, "contact_phone": phone})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.contact_phone == phone


# --- Countries of work by region ----------------------------------------------------------


def test_countries_of_work_are_checkboxes_grouped_by_region(signed_in):
    app = start(signed_in, "organisation")
    page = soup(signed_in.get(f"/join/{app.pk}/details/"))
    groups = page.select(".region-choices details")
    names = [g.find("summary").get_text(" ", strip=True) for g in groups]
    assert names[:5] == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    assert not any(g.has_attr("open") for g in groups)
    africa = groups[0]
    kenya = africa.find("input", attrs={"value": "KE"})
    assert kenya["type"] == "checkbox" and kenya["name"] == "countries_of_work"
    assert label_of(page, kenya["id"]) == "Kenya"
    assert page.find("select", attrs={"name": "countries_of_work"}) is None
    total = len(page.select('.region-choices input[name="countries_of_work"]'))
    assert total > 240

    # An error elsewhere shows the chosen ones open and counted.
    response = signed_in.post(
        f"/join/{app.pk}/details/",
        {**ORGANISATION_DETAILS, "countries_of_work": ["KE", "TZ", "FR"], "name": ""},
    )
    page = soup(response)
    opened = {
        g.find("summary").get_text(" ", strip=True)
        for g in page.select(".region-choices details[open]")
    }
    assert opened == {"Africa (2 chosen)", "Europe (1 chosen)"}
    assert page.find("input", attrs={"value": "TZ"}).has_attr("checked")
    app.refresh_from_db()
    assert sorted(c.code for c in app.countries_of_work) == ["FR", "KE", "TZ"]


# --- Continue where the application left off ----------------------------------------------


@pytest.mark.parametrize(
    ("missing", "step"),
    [
        ({"description": ""}, "details"),
        ({"contact_phone": ""}, "contacts"),
        ({"commitment": None}, "commitment"),
        ({}, "summary"),
    ],
)
def test_continue_opens_the_first_incomplete_step(signed_in, applicant, missing, step):
    app = ApplicationFactory(applicant=applicant, **missing)
    expected = f"/join/{app.pk}/{step}/"
    dashboard = soup(signed_in.get("/dashboard/"))
    assert dashboard.find("a", string="Continue")["href"] == expected
    start_page = soup(signed_in.get("/join/"))
    assert start_page.select_one("#drafts-title ~ ul a")["href"] == expected


def test_a_country_without_its_letter_continues_at_the_details(signed_in, applicant):
    app = ApplicationFactory(applicant=applicant, country=True, endorsement_letter=None)
    assert app.status == Application.Status.DRAFT
    dashboard = soup(signed_in.get("/dashboard/"))
    assert dashboard.find("a", string="Continue")["href"] == f"/join/{app.pk}/details/"


def test_the_header_invites_visitors_to_join_and_not_people_already_signed_in(client, site, member):
    def header_join_links():
        header = soup(client.get("/")).find("header")
        return header.find_all("a", href="/join/")

    assert len(header_join_links()) == 1
    client.force_login(member)
    assert (
        header_join_links() == []
    )  # a member belongs; a signed-in person applies from the dashboard
