"""The newsletter's section of /dashboard/ (registered in apps.py)."""

from . import rendering, services
from .models import Subscriber


def subscription_section(request):
    user = request.user
    if not user.is_authenticated or not user.email:
        return None
    subscriber = services.subscriber_for(user.email)
    preferences, _unsub = rendering.personal_links(user.email)
    return {
        "subscriber": subscriber,
        "subscribed": bool(subscriber and subscriber.status == Subscriber.Status.CONFIRMED),
        "topics": list(subscriber.topics.all()) if subscriber else [],
        "bulletin": services.receives_bulletin(user),
        "preferences_url": preferences,
    }
