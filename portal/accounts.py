"""django-allauth configuration: the account adapter and the sign-up form.

- allauth's mail is rendered and queued for a Celery worker after the response has been sent, so
  no answer waits for it, and sign-up answers alike whether or not the address has an account.
- The client address that allauth's rate limits count by comes from ``TRUSTED_PROXIES``.
- allauth's mail speaks in the portal's name and links to the portal's one address
  (``portal.identity``).
"""

import ipaddress
import logging
from contextvars import ContextVar
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.core.signals import request_finished
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .identity import absolute_url, alliance_name, site_root_url
from .languages import in_language
from .mail import current_language, language_of, queue_message

logger = logging.getLogger(__name__)

# Work to do once the current response has been sent (the WSGI server closes the response, which
# sends ``request_finished``).
after_response_callbacks = ContextVar("after_response_callbacks", default=None)


def run_after_response(callback):
    callbacks = after_response_callbacks.get()
    if callbacks is None:
        callbacks = []
        after_response_callbacks.set(callbacks)
    callbacks.append(callback)


@receiver(request_finished, dispatch_uid="portal.accounts.run_after_response")
def run_callbacks_after_response(sender, **kwargs):
    callbacks = after_response_callbacks.get() or []
    after_response_callbacks.set(None)
    for callback in callbacks:
        try:
            callback()
        except Exception:
            # The account is saved; the person can ask for the e-mail again.
            logger.exception("Deferred account e-mail failed")


def trusted_proxy_networks():
    return [ipaddress.ip_network(value, strict=False) for value in settings.TRUSTED_PROXIES]


def parse_ip(value):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request):
    """The address of the client, as the configured trusted proxies report it.

    ``X-Forwarded-For`` is read only when the request comes from a trusted proxy; walking it from
    the right, each trusted hop is skipped and the first untrusted address is the client. A
    request from anywhere else is its ``REMOTE_ADDR``, whatever headers it sends.
    """
    networks = trusted_proxy_networks()
    address = request.META.get("REMOTE_ADDR", "")
    hop = parse_ip(address)
    if hop is None or not any(hop in network for network in networks):
        return address
    forwarded = request.headers.get("X-Forwarded-For", "")
    for value in reversed([part for part in forwarded.split(",") if part.strip()]):
        previous, hop = hop, parse_ip(value)
        if hop is None:
            return str(previous)  # nonsense from the proxy: count it against the proxy
        if not any(hop in network for network in networks):
            return str(hop)
    return str(hop)


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """A new account hashes its password; an existing address does the same work, so that
        the time of the answer does not tell which it was."""
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class PortalSite:
    """What allauth's templates call ``current_site``: the alliance's name and address, rather
    than the request's host (``127.0.0.1:8101``)."""

    def __init__(self):
        self.name = alliance_name()
        self.domain = urlsplit(site_root_url()).netloc


def _on_the_portal(url):
    """``url`` (built by allauth from the request) at the portal's one address."""
    parts = urlsplit(url)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Wait a few minutes and try again, or sign in "
            "with a one-time code sent to your e-mail address."
        ),
    }

    def get_client_ip(self, request):
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address")
        return address

    def send_mail(self, template_prefix, email, context_data):
        """Render and queue allauth's message once the response has been sent."""
        request = context.request
        if request is None:
            self.render_and_queue_mail(template_prefix, email, context_data)
            return

        # What ``language_of`` falls back on for an address without an account.
        language = translation.get_language()

        def send():
            with context.request_context(request), translation.override(language):
                self.render_and_queue_mail(template_prefix, email, context_data)

        run_after_response(send)

    def render_and_queue_mail(self, template_prefix, email, context_data):
        """Render allauth's message (it may need the request) in its recipient's language, then
        queue it for a worker.

        allauth sends some notifications from ``on_commit`` callbacks, which may run after the
        request is gone; nothing here needs it.
        """
        user = context_data.get("user")
        recipient = user if isinstance(user, get_user_model()) else email
        with translation.override(language_of(recipient)):
            message = self.render_mail(
                template_prefix, email, self.mail_context(email, context_data)
            )
        # Every allauth message is about someone's account, and most carry a key or a link that
        # acts for them (reset, confirmation, sign-in code): none is ever shown to staff.
        queue_message(message, category=template_prefix.rsplit("/", 1)[-1], secret=True)

    def mail_context(self, email, context_data):
        site = PortalSite()
        ctx = {
            "request": context.request,
            "email": email,
            "current_site": site,
            "alliance": site.name,
            "site_url": site_root_url(),
        }
        ctx.update(context_data)
        return ctx

    def save_user(self, request, user, form, commit=True):
        """A new account's language preference is the language its sign-up page was in."""
        user.language = current_language()
        return super().save_user(request, user, form, commit=commit)

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link at the portal's address, carrying where the new account was going
        (``members.destination``), so that it leads there from another browser too."""
        from members.destination import SESSION_KEY

        url = _on_the_portal(super().get_email_confirmation_url(request, emailconfirmation))
        destination = request.session.get(SESSION_KEY) if request is not None else None
        if destination:
            url += "?" + urlencode({"next": destination})
        return url

    def get_reset_password_from_key_url(self, key):
        return _on_the_portal(super().get_reset_password_from_key_url(key))

    def get_login_redirect_url(self, request):
        """Without a ``next``, the home page (``LOGIN_REDIRECT_URL``) in the language of the
        sign-in page."""
        return in_language(super().get_login_redirect_url(request), translation.get_language())

    def get_logout_redirect_url(self, request):
        return in_language(super().get_logout_redirect_url(request), translation.get_language())
