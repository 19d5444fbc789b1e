"""The index follows the content: a save or delete of a registered model (``search.registry``),
Wagtail's publish, unpublish and move signals, and changes to view restrictions enqueue
``update_search_document`` for each object concerned, once the transaction commits (nothing is
indexed for a transaction that rolled back; the task reads the object as committed, so a
repeated one does the same)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.content_version import DRAFT_FIELDS

from . import registry


def enqueue(label, pk):
    """Index ``label``/``pk`` once the transaction commits (nothing for one that rolls back).
    A key changed twice in a transaction is sent twice: the task is idempotent."""
    transaction.on_commit(partial(send, label, str(pk)))


def send(label, pk):
    from .tasks import update_search_document

    update_search_document.delay(label, pk)


def enqueue_object(obj):
    searchable = registry.for_model(type(obj))
    if searchable is not None and obj.pk is not None:
        enqueue(searchable.label, obj.pk)


def enqueue_subtree(page):
    """A page and every page under it (their addresses or restrictions changed)."""
    pages = Page.objects.descendant_of(page, inclusive=True).values_list("pk", "content_type")
    from django.contrib.contenttypes.models import ContentType

    for pk, content_type in pages:
        model = ContentType.objects.get_for_id(content_type).model_class()
        searchable = model and registry.for_model(model)
        if searchable is not None:
            enqueue(searchable.label, pk)


def on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or registry.for_model(sender) is None:
        return
    if isinstance(instance, Page) and update_fields and set(update_fields) <= DRAFT_FIELDS:
        return  # a draft or a lock: nothing visitors see
    enqueue_object(instance)


def on_delete(sender, instance, **kwargs):
    searchable = registry.for_model(sender)
    if searchable is not None:
        enqueue(searchable.label, instance.pk)


def on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        enqueue_object(instance)


def on_publication(sender, instance, **kwargs):
    enqueue_object(instance.specific_deferred if type(instance) is Page else instance)


def on_move(sender, instance, **kwargs):
    enqueue_subtree(instance)


def on_restriction(sender, instance, raw=False, **kwargs):
    """Who sees a page is decided at query time (search.visibility), so a new restriction hides
    it at once; its pages are indexed again all the same, so that no document lags behind."""
    if raw or not instance.page_id:
        return
    page = Page.objects.filter(pk=instance.page_id).first()  # gone when the page was deleted
    if page is not None:
        enqueue_subtree(page)


def connect():
    post_save.connect(on_save, dispatch_uid="search.index.save")
    post_delete.connect(on_delete, dispatch_uid="search.index.delete")
    m2m_changed.connect(on_m2m, dispatch_uid="search.index.m2m")
    page_published.connect(on_publication, dispatch_uid="search.index.published")
    page_unpublished.connect(on_publication, dispatch_uid="search.index.unpublished")
    page_slug_changed.connect(on_move, dispatch_uid="search.index.slug")
    post_page_move.connect(on_move, dispatch_uid="search.index.moved")
    post_save.connect(on_restriction, sender=PageViewRestriction, dispatch_uid="search.restr.save")
    post_delete.connect(
        on_restriction, sender=PageViewRestriction, dispatch_uid="search.restr.delete"
    )
