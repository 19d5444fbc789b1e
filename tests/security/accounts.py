"""Signing people in as the portal's roles, for the access-control tests.

Staff (anyone who enters the admin) get a real TOTP authenticator through allauth's own API and
sign in as a person does: e-mail and password on allauth's form, then the code of the moment on
its second-factor form. A session made that way is what allauth considers MFA-authenticated
(``get_authentication_records`` lists a ``"mfa"`` step), so whatever the portal demands of staff
sessions, ``sign_in`` satisfies it; if that demand changes, this is the one place to adapt.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.test import RequestFactory

from portal.factories import UserFactory
from tests.mfa import totp_code

PASSWORD = "correct horse battery staple"  # UserFactory's


def make_user(email, groups=(), superuser=False, mfa=False):
    user = UserFactory(email=email, groups=[Group.objects.get(name=name) for name in groups])
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def current_code(user):
    """The TOTP code of this moment for ``user``'s authenticator."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return totp_code(secret)


def sign_in(client, user):
    """Sign ``user`` in through allauth's forms (with the second factor when they have one)."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    if response["Location"].startswith("/accounts/2fa/authenticate/"):
        response = client.post("/accounts/2fa/authenticate/", {"code": current_code(user)})
        assert response.status_code == 302, response.content
    assert int(client.session[SESSION_KEY]) == user.pk
    return client


def used_mfa(client, user):
    """Whether the client's session records a second factor for ``user``, as allauth keeps it."""
    request = RequestFactory().get("/")
    request.session = client.session
    return any(step["method"] == "mfa" for step in get_authentication_records(request, user))
