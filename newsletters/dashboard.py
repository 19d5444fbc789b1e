"""The newsletter's section of /dashboard/ (registered in apps.py): two queries at most."""

from django.db.models import Exists
from django.urls import reverse

from . import rendering
from .models import Subscriber, normalise


def subscription_section(request):
    from members.models import MemberContact

    user = request.user
    if not user.is_authenticated or not user.email:
        return None
    contact = MemberContact.objects.filter(user=user, organisation__status="active")
    subscriber = (
        Subscriber.objects.filter(email=normalise(user.email))
        .annotate(member_contact=Exists(contact))
        .first()
    )
    if subscriber is None:
        member_contact, topics, bulletin_opt_out = contact.exists(), [], False
    else:
        member_contact = subscriber.member_contact
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
