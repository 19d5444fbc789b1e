"""/dashboard/: the applicant's applications and messages, isolation, answers and withdrawal;
the contacts' management of their organisation and invitations."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members import services
from members.factories import (
    ApplicationEventFactory,
    ApplicationFactory,
    MemberContactFactory,
    MemberOrganisationFactory,
)
from members.models import Application, ContactInvitation, MemberContact
from portal.factories import UserFactory
from portal.models import OutgoingEmail
from portal.roles import MEMBERS
from tests.html import soup

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def signed_in(client, applicant, site, statement):
    client.force_login(applicant)
    return client


def test_dashboard_shows_status_and_only_the_messages_meant_for_the_applicant(
    signed_in, applicant, reviewer
):
    app = ApplicationFactory(applicant=applicant, name="Safe Kids", status=S.SUBMITTED)
    services.start_review(app, actor=reviewer, message="Internal: check references.")
    services.request_information(app, actor=reviewer, message="Please send your statutes.")
    ApplicationFactory(name="Not mine", status=S.SUBMITTED)

    page = soup(signed_in.get("/dashboard/"))
    rows = page.select("#applications-title ~ .table-wrap tbody tr")
    assert len(rows) == 1
    cells = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert cells[0].startswith("Safe Kids")
    assert cells[1] == "Information requested"
    assert cells[2].startswith("Please send your statutes.")
    assert cells[3] == "Answer the request"

    detail = soup(signed_in.get(f"/dashboard/applications/{app.pk}/"))
    history = detail.select(".members-history li")
    texts = " ".join(li.get_text(" ", strip=True) for li in history)
    assert "Please send your statutes." in texts
    assert "Internal" not in texts


def test_answering_an_information_request_resubmits(signed_in, applicant, reviewer):
    app = ApplicationFactory(applicant=applicant, status=S.SUBMITTED)
    services.request_information(app, actor=reviewer, message="Which countries?")
    # The applicant may correct an answer first...
    page = soup(signed_in.get(f"/join/{app.pk}/summary/"))
    assert page.find("h2", id="request-title").find_next("p").get_text() == "Which countries?"
    # ... and an empty answer is refused next to the field.
    response = signed_in.post(f"/join/{app.pk}/summary/", {"message": ""})
    assert soup(response).select_one("#id_message_error").get_text(strip=True) == (
        "Error:This field is required."
    )
    response = signed_in.post(f"/join/{app.pk}/summary/", {"message": "Kenya and Uganda."})
    assert response["Location"] == f"/dashboard/applications/{app.pk}/"
    app.refresh_from_db()
    assert app.status == S.UNDER_REVIEW  # back to the reviewer who asked
    assert app.events.last().message == "Kenya and Uganda."


def test_withdrawing(signed_in, applicant):
    app = ApplicationFactory(applicant=applicant, status=S.SUBMITTED)
    response = signed_in.post(
        f"/dashboard/applications/{app.pk}/withdraw/", {"message": "Not now."}, follow=True
    )
    assert soup(response).select_one("#application-status").get_text() == "Withdrawn"
    app.refresh_from_db()
    assert app.status == S.WITHDRAWN
    # A second try is refused with a clear message, not an error page.
    response = signed_in.post(f"/dashboard/applications/{app.pk}/withdraw/", {}, follow=True)
    assert "cannot become" in soup(response).select_one(".message--error").get_text()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/dashboard/applications/{pk}/"),
        ("post", "/dashboard/applications/{pk}/withdraw/"),
        ("get", "/join/{pk}/details/"),
        ("post", "/join/{pk}/details/"),
        ("post", "/join/{pk}/contacts/"),
        ("post", "/join/{pk}/commitment/"),
        ("post", "/join/{pk}/summary/"),
    ],
)
@pytest.mark.parametrize("status", [S.DRAFT, S.INFORMATION_REQUESTED])
def test_nobody_sees_or_changes_another_persons_application(
    signed_in, method, url, status, statement
):
    other = ApplicationFactory(status=status, name="Theirs", description="Secret plans")
    response = getattr(signed_in, method)(
        url.format(pk=other.pk), {"message": "x", "name": "Hijacked", "endorse": "on"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert (other.status, other.name) == (status, "Theirs")
    assert b"Secret plans" not in response.content


@pytest.mark.parametrize("n", [2, 20])
def test_dashboard_queries_do_not_grow_with_applications(
    signed_in, applicant, n, django_assert_max_num_queries
):
    for i in range(n):
        app = ApplicationFactory(applicant=applicant, status=S.SUBMITTED, name=f"App {i}")
        ApplicationEventFactory(application=app, message=f"Message {i}")
        org = MemberOrganisationFactory()
        MemberContactFactory(organisation=org, user=applicant)
    # 21 before the person's contacts were read once for the page and the latest message of
    # each application came with the applications (a query each saved), and the newsletter's
    # section stopped asking again whether the person is a member contact.
    with django_assert_max_num_queries(18):
        response = signed_in.get("/dashboard/")
    page = soup(response)
    assert len(page.select("#applications-title ~ .table-wrap tbody tr")) == n
    assert len(page.select("#organisations-title ~ .cards li")) == n


def test_the_dashboard_reads_the_persons_member_contacts_once(signed_in, applicant):
    """The organisations, the self-assessments' section and the newsletter's all need the
    person's member contacts: one query serves them (``services.contacts_for_request``)."""
    country = MemberOrganisationFactory(name="Ghana", kind="country", country="GH")
    company = MemberOrganisationFactory(name="Acme", kind="company")
    for member in (country, company):
        MemberContactFactory(organisation=member, user=applicant)

    with CaptureQueriesContext(connection) as queried:
        response = signed_in.get("/dashboard/")

    page = soup(response)
    assert [a.get_text(strip=True) for a in page.select("#organisations-title ~ .cards h3 a")] == [
        "Acme",
        "Ghana",
    ]
    assert page.select_one("#assessments-title") is not None  # the country keeps one
    assert page.select_one("#newsletter-title") is not None
    read_contacts = [
        query["sql"]
        for query in queried.captured_queries
        if 'FROM "members_membercontact"' in query["sql"]
        or query["sql"].lstrip().startswith('SELECT "members_memberorganisation"')
    ]
    assert len(read_contacts) == 1, read_contacts


# --- Contacts manage their organisation --------------------------------------------------------


@pytest.fixture
def organisation(applicant):
    org = MemberOrganisationFactory(name="Safe Kids Online")
    MemberContactFactory(organisation=org, user=applicant, role=MemberContact.Role.PRIMARY)
    return org


def test_a_contact_edits_the_public_profile(signed_in, organisation):
    url = f"/dashboard/organisations/{organisation.slug}/"
    response = signed_in.post(
        url,
        {"save_profile": "1", "website": "https://new.example.org", "description": "New text."},
    )
    assert response["Location"] == url
    organisation.refresh_from_db()
    assert organisation.website == "https://new.example.org"
    public = soup(signed_in.get(organisation.get_absolute_url()))
    assert public.select_one(".members-description").get_text() == "New text."


def test_only_contacts_manage_an_organisation(client, site, organisation):
    client.force_login(UserFactory(email="outsider@example.org"))
    url = f"/dashboard/organisations/{organisation.slug}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"save_profile": "1", "description": "Hijacked"})
    assert response.status_code == 404
    contact = organisation.contacts.get()
    assert client.post(f"{url}contacts/{contact.pk}/remove/").status_code == 404
    organisation.refresh_from_db()
    assert organisation.description != "Hijacked"


def test_invitations_are_signed_expiring_and_for_the_invited_address(
    signed_in, client, organisation, settings
):
    url = f"/dashboard/organisations/{organisation.slug}/"
    response = signed_in.post(url, {"invite": "1", "email": "colleague@example.org", "name": "C"})
    assert response["Location"] == url
    invitation = ContactInvitation.objects.get()
    email = OutgoingEmail.objects.get(category="members.invitation")
    assert email.to == ["colleague@example.org"]
    [token] = re.findall(r"/dashboard/invitations/([^/\s]+)/", email.body_text)
    assert services.invitation_from_token(token) == invitation
    assert f"/dashboard/invitations/{token}/" in email.body_html

    # Someone else who got hold of the link cannot use it.
    client.force_login(UserFactory(email="intruder@example.org"))
    response = client.post(f"/dashboard/invitations/{token}/")
    assert "sent to colleague@example.org" in soup(response).select_one(".alert--error").text
    assert organisation.contacts.count() == 1

    # A tampered link is refused.
    response = client.get(f"/dashboard/invitations/{token}x/")
    assert response.status_code == 400

    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    response = client.post(f"/dashboard/invitations/{token}/")
    assert response["Location"] == url
    assert organisation.contacts.filter(user=colleague).exists()
    assert colleague.groups.filter(name=MEMBERS).exists()
    # Used once only.
    assert client.post(f"/dashboard/invitations/{token}/").status_code == 400

    # Expired links are refused.
    later = ContactInvitation.objects.create(organisation=organisation, email="late@example.org")
    signer = signing.TimestampSigner(salt=services.INVITATION_SALT)
    old = signer.sign(str(later.pk))
    settings.MEMBERS_INVITATION_MAX_AGE_DAYS = -1
    response = client.get(f"/dashboard/invitations/{old}/")
    assert "expired" in soup(response).select_one(".alert--error").get_text()


def test_inviting_an_existing_contact_is_refused_next_to_the_field(signed_in, organisation):
    url = f"/dashboard/organisations/{organisation.slug}/"
    response = signed_in.post(url, {"invite": "1", "email": "APPLICANT@example.org"})
    assert soup(response).select_one("#id_email_error").get_text(strip=True) == (
        "Error:APPLICANT@example.org is already a contact of Safe Kids Online."
    )


def test_hand_over_and_remove_through_the_dashboard(signed_in, applicant, organisation):
    colleague = MemberContactFactory(organisation=organisation)
    services.add_contact(organisation, colleague.user)
    url = f"/dashboard/organisations/{organisation.slug}/"
    signed_in.post(f"{url}contacts/{colleague.pk}/primary/")
    roles = dict(organisation.contacts.values_list("user__email", "role"))
    assert roles == {applicant.email: "contact", colleague.user.email: "primary"}
    mine = organisation.contacts.get(user=applicant)
    # The applicant, no longer primary, leaves; member access goes with it.
    applicant.groups.add(Group.objects.get(name=MEMBERS))
    response = signed_in.post(f"{url}contacts/{mine.pk}/remove/")
    assert response["Location"] == "/dashboard/"
    assert not applicant.groups.filter(name=MEMBERS).exists()
    assert signed_in.get(url).status_code == 404


def test_renewing_the_commitment_from_the_dashboard(signed_in, organisation, statement):
    organisation.commitment_endorsed_on = timezone.localdate().replace(year=2020)
    organisation.commitment_lapsed_on = timezone.localdate().replace(year=2021)
    organisation.save()
    url = f"/dashboard/organisations/{organisation.slug}/"
    assert "It has lapsed." in soup(signed_in.get(url)).find(id="commitment-title").parent.text
    signed_in.post(url, {"renew": "1"})
    organisation.refresh_from_db()
    assert organisation.commitment_lapsed_on is None
    assert organisation.commitment_endorsed_on == timezone.localdate()


def test_the_language_of_ones_e_mails_is_chosen_on_the_dashboard(signed_in, applicant):
    form = soup(signed_in.get("/dashboard/")).find(id="language-title").find_next("form")
    select = form.find("select", attrs={"name": "language"})
    options = {o["value"]: o.get_text() for o in select.find_all("option")}
    # Each language named in itself, as people look for it; the current one chosen.
    assert options == {"en": "English", "fr": "français", "es": "español", "ar": "العربيّة"}
    assert select.find("option", selected=True)["value"] == "en"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None

    response = signed_in.post("/dashboard/", {"save_language": "1", "language": "ar"}, follow=True)
    applicant.refresh_from_db()
    assert applicant.language == "ar"
    alerts = [a.get_text(" ", strip=True) for a in soup(response).select(".message--success")]
    assert "The language of your e-mails is saved: العربيّة." in alerts
    page = soup(signed_in.get("/dashboard/"))
    assert (
        page.find("select", attrs={"name": "language"}).find("option", selected=True)["value"]
        == "ar"
    )


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("de", "Choose one of the languages in the list."),
        ("ar<script>", "Choose one of the languages in the list."),
        ("", "Choose the language of your e-mails."),
    ],
)
def test_a_language_the_portal_does_not_offer_is_refused_with_a_message(
    signed_in, applicant, value, error
):
    response = signed_in.post("/dashboard/", {"save_language": "1", "language": value})
    assert response.status_code == 200
    shown = soup(response).select_one("#id_language_error").get_text(" ", strip=True)
    assert shown == f"Error: {error}"
    applicant.refresh_from_db()
    assert applicant.language == "en"


def test_the_language_form_needs_the_csrf_token(applicant, site):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(applicant)
    response = strict.post("/dashboard/", {"save_language": "1", "language": "fr"})
    assert response.status_code == 403
    applicant.refresh_from_db()
    assert applicant.language == "en"


def test_other_apps_add_sections_to_the_dashboard_in_order(
    signed_in, applicant, settings, tmp_path, monkeypatch
):
    from members import dashboard

    (tmp_path / "later.html").write_text('<section id="later">{{ section.name }}</section>')
    (tmp_path / "sooner.html").write_text('<section id="sooner">{{ section.name }}</section>')
    (tmp_path / "hidden.html").write_text('<section id="hidden"></section>')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    monkeypatch.setattr(dashboard, "_sections", {})
    seen = []
    dashboard.register("later.html", lambda request: {"name": "later"}, order=20)
    dashboard.register(
        "sooner.html", lambda request: seen.append(request.user) or {"name": "me"}, order=10
    )
    dashboard.register("hidden.html", lambda request: None, order=5)

    page = soup(signed_in.get("/dashboard/"))

    assert seen == [applicant]
    assert page.find(id="sooner").get_text() == "me"
    assert page.find(id="later").get_text() == "later"
    assert page.find(id="hidden") is None
    order = [section["id"] for section in page.find_all("section", id=True)]
    assert order == ["sooner", "later"]
