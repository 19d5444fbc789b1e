"""The language of every e-mail (``portal.mail.language_of``): the recipient's preference, set at
sign-up from the language of the sign-up page; for an address without an account, the language
of the request that causes the message. allauth's messages through the real catalogues."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import translation

from portal.factories import UserFactory
from portal.mail import language_of
from portal.models import OutgoingEmail
from tests.html import soup

pytestmark = pytest.mark.django_db

PASSWORD = "a long and private passphrase"


def html_root(message):
    return soup(message.body_html).find("html")


def test_a_users_language_is_their_preference_whatever_the_request(db):
    user = UserFactory(language="ar")
    with translation.override("fr"):
        assert language_of(user) == "ar"


def test_an_address_takes_the_language_of_its_account(db):
    owner = UserFactory(email="amal@example.org", language="ar")
    EmailAddress.objects.create(user=owner, email="amal@work.example.org", verified=True)
    EmailAddress.objects.create(user=owner, email="unproven@example.org", verified=False)
    with translation.override("es"):
        assert language_of("Amal@Example.org") == "ar"
        assert language_of("amal@work.example.org") == "ar"
        # An address nobody proved is theirs says nothing about who reads it.
        assert language_of("unproven@example.org") == "es"


def test_an_address_without_an_account_takes_the_language_in_use(db):
    with translation.override("es"):
        assert language_of("nobody@example.org") == "es"
    with translation.override("fr-ca"):
        assert language_of("nobody@example.org") == "fr"
    with translation.override("de"):  # a language the portal does not offer
        assert language_of("nobody@example.org") == "en"
    # Outside any request (a task, a command): the default language.
    assert language_of("nobody@example.org") == "en"


def test_a_preference_the_portal_no_longer_offers_falls_back_to_the_default(db):
    user = UserFactory(language="ar")
    get_user_model().objects.filter(pk=user.pk).update(language="de")
    user.refresh_from_db()
    with translation.override("fr"):
        assert language_of(user) == "en"
        assert language_of(user.email) == "en"


@pytest.mark.parametrize(
    ("prefix", "language", "subject", "direction"),
    [
        ("/ar", "ar", "أكّد عنوان بريدك الإلكتروني لدى Alliance Portal", "rtl"),
        ("/fr", "fr", "Confirmez votre adresse e-mail pour Alliance Portal", "ltr"),
        ("", "en", "Confirm your e-mail address for Alliance Portal", "ltr"),
    ],
)
def test_sign_up_keeps_the_language_of_the_page_and_confirms_in_it(
    client, site, prefix, language, subject, direction
):
    response = client.post(
        f"{prefix}/accounts/signup/",
        {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD},
        # The URL decides the page's language, not the browser's (portal/languages.py).
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(email="ana@example.org").language == language
    message = OutgoingEmail.objects.get(category="email_confirmation_signup")
    assert message.subject == subject
    assert html_root(message)["lang"] == language
    assert html_root(message)["dir"] == direction


def test_a_password_reset_asked_from_an_english_page_is_in_the_accounts_arabic(client, site):
    user = UserFactory(email="amal@example.org", language="ar")
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    message = OutgoingEmail.objects.get(category="password_reset_key")
    assert message.subject == "إعادة تعيين كلمة مرورك لدى Alliance Portal"
    assert message.body_text.startswith("طلب شخص ما، ربما أنت، إعادة تعيين كلمة مرور حسابك"), (
        message.body_text
    )
    assert html_root(message)["lang"] == "ar"
    assert html_root(message)["dir"] == "rtl"
    assert soup(message.body_html).find("a").get_text() == "اختيار كلمة مرور جديدة"


def test_a_password_reset_asked_from_an_arabic_page_is_in_the_accounts_french(client, site):
    user = UserFactory(email="claire@example.org", language="fr")
    client.post("/ar/accounts/password/reset/", {"email": user.email})
    message = OutgoingEmail.objects.get(category="password_reset_key")
    assert message.subject == "Réinitialisez votre mot de passe pour Alliance Portal"
    assert html_root(message)["lang"] == "fr"
    assert html_root(message)["dir"] == "ltr"


def test_a_reset_for_an_unknown_address_is_in_the_language_of_the_page(client, site):
    client.post("/es/accounts/password/reset/", {"email": "stranger@example.org"})
    spanish = OutgoingEmail.objects.get(category="unknown_account")
    client.post("/accounts/password/reset/", {"email": "other@example.org"})
    english = OutgoingEmail.objects.exclude(pk=spanish.pk).get(category="unknown_account")
    with translation.override("es"):
        assert spanish.subject == translation.gettext("Unknown Account")
    assert english.subject == "Unknown Account"
    assert spanish.subject != english.subject
