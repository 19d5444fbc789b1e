"""The newsletter's part of a person's data (see ``portal.privacy``).

Export: the subscription of each of the person's addresses (status, topics, language, dates,
the members' bulletin opt-out), the issues sent to them, and whether an address is suppressed.

Deletion: the subscriptions go; the delivery records stay for the issue's counts with the address
replaced; a suppression stays (it only ever stops mail to the address, and is what keeps a
bounced or complaining address from being written to again).
"""

from django.db.models import Q

from portal.privacy import addresses_of, eraser, exporter

from .models import Delivery, Subscriber, Suppression


def _matching(addresses):
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(email__iexact=address)
    return query


@exporter("newsletter", order=60)
def export_newsletter(user):
    addresses = addresses_of(user)
    subscriptions = [
        {
            "email": s.email,
            "status": s.status,
            "topics": [t.name for t in s.topics.all()],
            "language": s.language,
            "members_bulletin_opt_out": s.bulletin_opt_out,
            "created_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
        }
        for s in Subscriber.objects.filter(_matching(addresses)).prefetch_related("topics")
    ]
    deliveries = [
        {
            "issue": d.issue.title,
            "email": d.email,
            "status": d.status,
            "sent_at": d.sent_at.isoformat() if d.sent_at else None,
        }
        for d in Delivery.objects.filter(_matching(addresses)).select_related("issue")
    ]
    suppressed = [
        {"email": s.email, "reason": s.reason, "since": s.created_at.isoformat()}
        for s in Suppression.objects.filter(_matching(addresses))
    ]
    return {"subscriptions": subscriptions, "deliveries": deliveries, "suppressions": suppressed}


@eraser(order=60)
def erase_newsletter(user):
    addresses = addresses_of(user)
    Subscriber.objects.filter(_matching(addresses)).delete()
    for delivery in Delivery.objects.filter(_matching(addresses)).only("pk"):
        Delivery.objects.filter(pk=delivery.pk).update(
            email=f"erased-{delivery.pk}@invalid", subscriber=None
        )
