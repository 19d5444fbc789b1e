"""A small rate limit for the public membership forms, kept in Django's cache."""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from portal.cache import count


def _who(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def allow(request, action, *, limit=None, period=3600):
    """Count one use of ``action`` by this person; ``False`` once over the limit."""
    limit = limit or settings.MEMBERS_FORM_RATE_LIMIT
    window = int(time.time() // period)
    key = f"members:rl:{action}:{_who(request)}:{window}"
    return count(cache, key, period) <= limit


def too_many(request):
    return render(request, "429.html", status=429)
