"""django-allauth configuration: the account adapter that routes allauth's mail through Celery."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from .mail import queue_message


class _ConfiguredSite:
    """The site as ``SITE_URL`` names it, for mail rendered outside a request."""

    def __init__(self):
        self.domain = self.name = urlsplit(settings.SITE_URL).netloc


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context_data):
        """Render allauth's message now (it may need the request), then queue it for a worker.

        allauth sends some notifications from ``on_commit`` callbacks, which may run after the
        request is gone; the site then comes from ``SITE_URL``.
        """
        request = context.request
        site = get_current_site(request) if request is not None else _ConfiguredSite()
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context_data)
        message = self.render_mail(template_prefix, email, ctx)
        # Every allauth message is about someone's account, and most carry a key or a link that
        # acts for them (reset, confirmation, sign-in code): none is ever shown to staff.
        queue_message(message, category=template_prefix.rsplit("/", 1)[-1], secret=True)
