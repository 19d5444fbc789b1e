"""Thin Celery tasks: each calls a service. Re-running one never sends an e-mail twice."""

from celery import shared_task

from . import privacy, services


@shared_task
def remind_reviewers_of_waiting_applications():
    return services.remind_reviewers()


@shared_task
def remind_applicants_of_information_requests():
    return services.remind_applicants()


@shared_task
def check_commitment_renewals():
    return services.check_commitment_renewals()


@shared_task
def purge_closed_applications():
    return privacy.purge_closed_applications()


@shared_task
def purge_expired_invitations():
    return privacy.purge_expired_invitations()
