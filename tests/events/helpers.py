from django.core import mail

from portal.mail import deliver_email
from portal.models import OutgoingEmail


def deliver_all():
    """Deliver every queued message twice (a retried task sends nothing more); the messages."""
    mail.outbox.clear()
    for pk in OutgoingEmail.objects.order_by("pk").values_list("pk", flat=True):
        deliver_email(pk)
        deliver_email(pk)
    return list(mail.outbox)


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]
