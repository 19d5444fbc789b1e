from celery import shared_task

from . import services
from .models import EventMessage


@shared_task
def send_event_message(message_pk):
    message = EventMessage.objects.select_related("event").filter(pk=message_pk).first()
    if message is None:
        return 0
    return services.message_registrants(message)


@shared_task
def send_event_reminders():
    return services.send_reminders()


@shared_task
def send_event_follow_ups():
    return services.send_follow_ups()
