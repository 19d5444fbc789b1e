"""Every membership e-mail in its recipient's language (``portal.mail.language_of``), with the real
catalogues in locale/ (French puts a no-break space, \u00a0, before a colon): subject, text and
HTML, dates formatted for the language, and the HTML layout's ``lang`` and ``dir``, whatever the
language of the request that causes it."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from members import services
from members.factories import (
    ApplicationFactory,
    MemberContactFactory,
    MemberOrganisationFactory,
)
from members.models import Application, MemberContact
from portal.factories import UserFactory
from portal.models import OutgoingEmail
from portal.roles import MEMBERSHIP_REVIEWERS
from tests.html import soup
from tests.mfa import STAFF_TOTP_SECRET

pytestmark = pytest.mark.django_db
S = Application.Status


def message_to(address, category):
    return OutgoingEmail.objects.get(to=[address], category=category)


def html_root(message):
    return soup(message.body_html).find("html")


@pytest.fixture
def arabic_applicant(db):
    return UserFactory(email="amal@example.org", language="ar")


@pytest.fixture
def french_reviewer(db):
    return UserFactory(
        email="reviewer.fr@example.org",
        language="fr",
        groups=[Group.objects.get(name=MEMBERSHIP_REVIEWERS)],
        totp_secret=STAFF_TOTP_SECRET,
    )


def test_a_submission_mails_each_person_in_their_language_whatever_the_requests(
    arabic_applicant, reviewer, french_reviewer, statement
):
    app = ApplicationFactory(applicant=arabic_applicant, name="Safe Kids Online")
    # Submitted while a Spanish page is being answered: nobody here reads Spanish.
    with translation.override("es"):
        services.submit_application(app, actor=arabic_applicant)

    to_applicant = message_to(arabic_applicant.email, "members.application_submitted")
    assert to_applicant.subject == "تلقّينا طلبك: Safe Kids Online"
    assert "تابِع طلبك:" in to_applicant.body_text
    assert html_root(to_applicant)["lang"] == "ar"
    assert html_root(to_applicant)["dir"] == "rtl"
    assert soup(to_applicant.body_html).find("a").get_text() == "تابِع طلبك"

    # The reviewer who works in English gets English for the same application ...
    to_reviewer = message_to(reviewer.email, "members.application_submitted_reviewers")
    assert to_reviewer.subject == "Application to review: Safe Kids Online"
    assert html_root(to_reviewer)["lang"] == "en"
    assert html_root(to_reviewer)["dir"] == "ltr"
    # ... and the one who works in French, French.
    to_french = message_to(french_reviewer.email, "members.application_submitted_reviewers")
    assert to_french.subject == "Candidature à examiner\u00a0: Safe Kids Online"
    assert html_root(to_french)["lang"] == "fr"
    assert html_root(to_french)["dir"] == "ltr"


def test_the_approval_welcomes_the_applicant_in_arabic_and_the_reviewer_works_in_english(
    arabic_applicant, reviewer, statement
):
    app = ApplicationFactory(applicant=arabic_applicant, name="Safe Kids Online")
    services.submit_application(app, actor=arabic_applicant)
    services.start_review(app, actor=reviewer)
    with translation.override("en"):
        services.approve_application(app, actor=reviewer)
    welcome = message_to(arabic_applicant.email, "members.approved")
    assert welcome.subject == "مرحبًا بكم في التحالف، Safe Kids Online"
    assert "أدِر جهتك وادعُ زملاءك:" in welcome.body_text
    assert html_root(welcome)["dir"] == "rtl"


def test_an_information_request_reaches_a_french_applicant_in_french(reviewer, statement):
    applicant = UserFactory(email="claire@example.org", language="fr")
    app = ApplicationFactory(applicant=applicant, name="Enfance en ligne", status=S.SUBMITTED)
    services.request_information(app, actor=reviewer, message="Quelles lois ?")
    message = message_to(applicant.email, "members.information_requested")
    assert message.subject == (
        "Le secrétariat a besoin d'informations complémentaires\u00a0: Enfance en ligne"
    )
    assert "Quelles lois ?" in message.body_text
    assert html_root(message)["lang"] == "fr"


@pytest.fixture
def organisation(applicant):
    org = MemberOrganisationFactory(name="Safe Kids Online")
    MemberContactFactory(organisation=org, user=applicant, role=MemberContact.Role.PRIMARY)
    return org


def test_an_invitation_to_an_account_is_in_its_language_and_to_a_new_address_in_the_pages(
    client, site, applicant, organisation
):
    client.force_login(applicant)
    url = f"/ar/dashboard/organisations/{organisation.slug}/"
    UserFactory(email="colleague.fr@example.org", language="fr")

    # The inviting page is in Arabic; the colleague with an account reads French.
    client.post(url, {"invite": "1", "email": "Colleague.FR@example.org"})
    to_account = OutgoingEmail.objects.get(to=["Colleague.FR@example.org"])
    assert to_account.subject == "Vous êtes invité à agir au nom de Safe Kids Online"
    assert html_root(to_account)["lang"] == "fr"

    # An address without an account: the language of the page the invitation was sent from.
    client.post(url, {"invite": "1", "email": "new@example.org"})
    to_new = OutgoingEmail.objects.get(to=["new@example.org"])
    assert to_new.subject == "أنت مدعوّ إلى تمثيل Safe Kids Online"
    assert soup(to_new.body_html).find("a").get_text() == "قبول الدعوة"
    assert html_root(to_new)["lang"] == "ar"
    assert html_root(to_new)["dir"] == "rtl"


@pytest.mark.parametrize(
    ("language", "due"),
    [("en", "Jan. 20, 2030"), ("fr", "20 janvier 2030"), ("ar", "20 يناير، 2030")],
)
def test_dates_in_e_mails_are_written_for_the_recipients_language(language, due, statement):
    member = MemberOrganisationFactory(commitment_endorsed_on=date(2029, 1, 20))
    contact = MemberContactFactory(
        organisation=member, user=UserFactory(email="contact@example.org", language=language)
    )
    services.check_commitment_renewals(today=date(2030, 1, 20) - timedelta(days=10))
    reminder = message_to(contact.user.email, "members.renewal_reminder")
    assert reminder.subject.endswith(due)
    assert due in reminder.body_text
    assert due in soup(reminder.body_html).get_text()
