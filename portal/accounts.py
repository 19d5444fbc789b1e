"""django-allauth configuration: the account adapter that routes allauth's mail through Celery,
in the portal's name and with links to the portal's address (``portal.identity``)."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context

from .identity import absolute_url, alliance_name, site_root_url
from .mail import queue_message


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
    def send_mail(self, template_prefix, email, context_data):
        """Render allauth's message now (it may need the request), then queue it for a worker.

        allauth sends some notifications from ``on_commit`` callbacks, which may run after the
        request is gone; nothing here needs it.
        """
        site = PortalSite()
        ctx = {
            "request": context.request,
            "email": email,
            "current_site": site,
            "alliance": site.name,
            "site_url": site_root_url(),
        }
        ctx.update(context_data)
        message = self.render_mail(template_prefix, email, ctx)
        # Every allauth message is about someone's account, and most carry a key or a link that
        # acts for them (reset, confirmation, sign-in code): none is ever shown to staff.
        queue_message(message, category=template_prefix.rsplit("/", 1)[-1], secret=True)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_the_portal(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return _on_the_portal(super().get_reset_password_from_key_url(key))
