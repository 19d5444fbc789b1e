from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published

from .models import ResourcePage
from .services import (
    secure_documents_of_restricted_page,
    secure_documents_under_restriction,
    secure_resource_documents,
)


@receiver(page_published, sender=ResourcePage)
def move_private_documents_on_publish(sender, instance, **kwargs):
    secure_resource_documents(instance)


@receiver(page_published, dispatch_uid="resources.documents.restricted_page_published")
def move_documents_of_restricted_page_on_publish(sender, instance, **kwargs):
    secure_documents_of_restricted_page(instance)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="resources.documents.restricted")
def move_documents_on_new_restriction(sender, instance, raw=False, **kwargs):
    if not raw:
        secure_documents_under_restriction(instance)
