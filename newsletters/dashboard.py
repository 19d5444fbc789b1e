"""The newsletter's section of /dashboard/ (registered in apps.py): two queries at most, and the
person's member contacts, which the dashboard reads once
(``members.services.contacts_for_request``)."""

from django.urls import reverse

from . import rendering
from .models import Subscriber, normalise


def subscription_section(request):
    from members.services import contacts_for_request

    user = request.user
    if not user.is_authenticated or not user.email:
        return None
    member_contact = any(
        contact.organisation.is_active for contact in contacts_for_request(request)
    )
    subscriber = Subscriber.objects.filter(email=normalise(user.email)).first()
    if subscriber is None:
        topics, bulletin_opt_out = [], False
    else:
        topics = list(subscriber.topics.all())
        bulletin_opt_out = subscriber.bulletin_opt_out
    token = rendering.link_token(normalise(user.email))
    return {
        "subscriber": subscriber,
        "subscribed": bool(subscriber and subscriber.status == Subscriber.Status.CONFIRMED),
        "topics": topics,
        # None: not a member contact; else whether they receive the members' bulletin.
        "bulletin": (not bulletin_opt_out) if member_contact else None,
        "preferences_url": reverse("newsletters:preferences", kwargs={"token": token}),
    }
