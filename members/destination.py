"""Where a new account was going, kept through sign-up and e-mail verification.

A visitor sent to create an account on their way somewhere (``/join/`` above all) signs up with
``?next=``; allauth honours it after sign-in, but with mandatory verification the account is only
usable after the e-mail link, which carries no ``next``. The destination is kept in the session at
sign-up; the confirmation then leads to the sign-in page with that ``next`` (or straight to it
when the person is already signed in). A link opened in another browser has no such session and
falls back to allauth's default.
"""

from urllib.parse import urlencode

from allauth.account.utils import get_next_redirect_url
from allauth.account.views import ConfirmEmailView
from django.urls import reverse

SESSION_KEY = "members.destination_after_verification"


def remember_destination(request, user, **kwargs):
    """``user_signed_up`` receiver: keep the sign-up form's safe ``next`` in the session."""
    if request is None:
        return
    destination = get_next_redirect_url(request)
    if destination:
        request.session[SESSION_KEY] = destination


class ConfirmEmailKeepingDestination(ConfirmEmailView):
    """allauth's confirmation view, whose ``next`` defaults to the remembered destination."""

    def get_next_url(self):
        """The link's ``next`` (``portal.accounts`` adds it) or the one remembered at sign-up;
        someone not signed in goes by the sign-in page, which leads on there."""
        destination = super().get_next_url() or self.request.session.get(SESSION_KEY)
        if not destination or self.request.user.is_authenticated:
            return destination
        return f"{reverse('account_login')}?{urlencode({'next': destination})}"

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 302:
            self.request.session.pop(SESSION_KEY, None)
        return response
