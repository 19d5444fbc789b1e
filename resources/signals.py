from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ResourceIndexPage, ResourcePage
from .services import assign_moderation_workflow, secure_resource_documents


@receiver(page_published, sender=ResourcePage)
def move_private_documents_on_publish(sender, instance, **kwargs):
    secure_resource_documents(instance)


@receiver(post_save, sender=ResourceIndexPage)
def moderate_new_library(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_moderation_workflow(instance)
