from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled_pages():
    """Periodic (beat, every minute): publish pages whose go-live time has come and unpublish
    expired ones, through Wagtail's own ``publish_scheduled`` command."""
    call_command("publish_scheduled")
