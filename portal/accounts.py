"""django-allauth configuration: the account adapter that routes allauth's mail through Celery."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.contrib.sites.shortcuts import get_current_site

from .mail import queue_message


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context_data):
        """Render allauth's message in the request (it needs it), then queue it for a worker."""
        request = context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context_data)
        message = self.render_mail(template_prefix, email, ctx)
        queue_message(message, category=template_prefix.rsplit("/", 1)[-1])

    def is_open_for_signup(self, request):
        return True
