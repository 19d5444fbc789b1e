"""The library's rules: where private documents live and how resources are moderated (who may
read members-only content: ``resources.access``). Views, hooks, signals and seed_demo call
these."""

from functools import reduce
from operator import or_

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)

from portal import content_version
from portal.moderation import TASK_NAME, WORKFLOW_NAME
from portal.roles import SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS

from .access import MEMBER_CONTENT_GROUPS

PRIVATE_COLLECTION_NAME = "Members-only documents"
__all__ = ["TASK_NAME", "WORKFLOW_NAME"]  # the library's workflow is the portal's one workflow
SNIPPET_MODELS = ["mnrdomain", "mnrcapability", "language"]


def restricted_paths():
    """The tree paths at and under which Wagtail serves no page to a visitor, outermost only
    (``outermost``): each page with a view restriction of any type (sign-in, password, groups),
    and each alias of such a page (Wagtail checks an alias's source; an alias of a page that is
    merely under a restriction is served, as Wagtail decides). A page is under a path when its
    own path starts with it (treebeard's materialised path).

    Kept in the content cache (``portal.content_version.cached``): saving or deleting a view
    restriction or its groups moves the content version at once and again on commit, and so
    does making an alias; publishing, moving or deleting a page moves it on commit. Read from
    the database: one query for the restricted pages, one for their aliases (and one more for
    each level of aliases of aliases)."""

    def read():
        restricted = dict(PageViewRestriction.objects.values_list("page_id", "page__path"))
        new = set(restricted)
        while new:  # an alias of an alias is found in the next round
            aliases = dict(Page.objects.filter(alias_of__in=new).values_list("pk", "path"))
            new = set(aliases) - set(restricted)
            restricted.update(aliases)
        return outermost(restricted.values())

    return content_version.cached(None, "restricted-paths", read)


def outermost(paths):
    """``paths`` without those under another of them, shallowest first (a section's path, which
    usually covers the most pages, is compared first)."""
    kept = []
    for path in sorted(paths):  # a path sorts right before those under it
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return sorted(kept, key=lambda path: (len(path), path))


def public(pages):
    """``pages`` without those under a view restriction or an alias of a restricted page (see
    ``restricted_paths``), in the same SQL query: one ``path LIKE 'prefix%'`` per restricted
    path, as Wagtail's ``PageQuerySet.public()`` does. No query of its own once the paths are
    in the content cache, whatever the number of pages."""
    paths = restricted_paths()
    if not paths:
        return pages
    return pages.exclude(reduce(or_, (Q(path__startswith=path) for path in paths)))


def private_collection():
    """The collection for members-only documents, restricted to the member content groups."""
    root = Collection.get_first_root_node()
    if root is None:
        return None
    collection = root.get_children().filter(name=PRIVATE_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=PRIVATE_COLLECTION_NAME)
    restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    ).first()
    if restriction is None:
        CollectionViewRestriction.objects.filter(collection=collection).delete()
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    groups = [Group.objects.get_or_create(name=name)[0] for name in MEMBER_CONTENT_GROUPS]
    restriction.groups.set(groups)
    return collection


def grant_snippet_permissions():
    """Editors and moderators maintain the MNR framework and the languages."""
    permissions = Permission.objects.filter(
        content_type__app_label="resources",
        content_type__model__in=SNIPPET_MODELS,
        codename__regex=r"^(add|change|view)_",
    )
    for name in (SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS):
        Group.objects.get_or_create(name=name)[0].permissions.add(*permissions)


@transaction.atomic
def ensure_library_setup():
    """Idempotent: the private collection and the editors' permissions on the framework. Runs
    after every ``migrate`` (the moderation workflow is the portal's, on the root page)."""
    private_collection()
    grant_snippet_permissions()


def document_ids_of(page):
    """The documents a resource uses: attached ones and those in its body."""
    ids = {link.document_id for link in page.documents.all() if link.document_id}
    for block in page.body:
        if block.block_type == "document" and block.value.get("document"):
            ids.add(block.value["document"].pk)
    return ids


def secure_resource_documents(page):
    """Move the documents of a members-only resource into the private collection, so that
    Django serves them only to members. Returns how many were moved."""
    if not page.members_only:
        return 0
    collection = private_collection()
    ids = document_ids_of(page)
    if collection is None or not ids:
        return 0
    return (
        get_document_model()
        .objects.filter(pk__in=ids)
        .exclude(collection=collection)
        .update(collection=collection)
    )


def documents_used_by(pages):
    """The pks of the documents that the saved content of ``pages`` uses, as Wagtail's reference
    index records them (attached documents, document blocks and links in rich text)."""
    return set(
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
            to_content_type=ContentType.objects.get_for_model(get_document_model()),
        ).values_list("to_object_id", flat=True)
    )


def move_to_private_collection(document_ids):
    """Move the documents into the members-only collection; returns how many moved."""
    collection = private_collection()
    if collection is None or not document_ids:
        return 0
    return (
        get_document_model()
        .objects.filter(pk__in=document_ids)
        .exclude(collection=collection)
        .update(collection=collection)
    )


def secure_documents_of_restricted_page(page):
    """A published page under a view restriction: its documents become members-only, so that a
    visitor cannot download by its address what the page shows only to some."""
    if not page.get_view_restrictions().exists():
        return 0
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(page)  # the content just published
    return move_to_private_collection(documents_used_by([page]))


def secure_documents_under_restriction(restriction):
    """A page was given a view restriction: the documents of it and its descendants become
    members-only."""
    pages = Page.objects.descendant_of(restriction.page, inclusive=True).only("pk")
    return move_to_private_collection(documents_used_by(pages))


def may_lift_document_restrictions(user):
    """Moving a document out of a restricted collection publishes it: like publishing a page,
    a moderator's (or a superuser's) decision, never an editor's."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=SECRETARIAT_MODERATORS).exists()
    )


def lifts_restrictions(document, collection):
    """True when moving ``document`` into ``collection`` would drop a view restriction of the
    collection it is in now (restrictions apply to a collection and its descendants)."""
    if document.collection_id is None or document.collection_id == collection.pk:
        return False
    current = set(document.collection.get_view_restrictions().values_list("pk", flat=True))
    return not current <= set(collection.get_view_restrictions().values_list("pk", flat=True))
