from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .filters import purge_facet_table
from .models import (
    Language,
    MNRCapability,
    MNRDomain,
    ResourceCountry,
    ResourcePage,
    ResourceRegion,
)
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


# The library's facet table (resources/filters.py) holds every live public resource with its
# filter values: anything that changes one of them makes a new one.
FACET_SOURCES = (
    ResourcePage,
    ResourceCountry,
    ResourceRegion,
    MNRCapability,
    MNRDomain,
    Language,
    PageViewRestriction,
)


def purge_library_facets(**kwargs):
    purge_facet_table()


def _purge_on_change(sender, **kwargs):
    if sender in FACET_SOURCES:
        purge_facet_table()


for _signal in (post_save, post_delete):
    _signal.connect(_purge_on_change, dispatch_uid=f"resources.facets.{id(_signal)}")
post_delete.connect(purge_library_facets, sender=Page, dispatch_uid="resources.facets.page_deleted")
for _through in (ResourcePage.capabilities.through, ResourcePage.languages.through):
    m2m_changed.connect(
        purge_library_facets, sender=_through, dispatch_uid=f"resources.facets.{_through.__name__}"
    )
page_published.connect(purge_library_facets, dispatch_uid="resources.facets.published")
page_unpublished.connect(purge_library_facets, dispatch_uid="resources.facets.unpublished")
post_page_move.connect(purge_library_facets, dispatch_uid="resources.facets.moved")
