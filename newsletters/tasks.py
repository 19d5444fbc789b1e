from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def send_newsletter_issue(issue_pk):
    if services.send_issue(issue_pk) == "more":
        services.enqueue_sending(issue_pk)


@shared_task(ignore_result=True)
def dispatch_newsletters():
    return services.dispatch_newsletters()
