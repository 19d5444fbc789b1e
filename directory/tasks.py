"""Thin Celery tasks: each calls a service. Re-running one never sends an e-mail twice."""

from celery import shared_task

from . import services


@shared_task
def send_stale_entries_digest():
    return services.send_stale_digest()
