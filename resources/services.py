"""The library's rules: who may read members-only content, where private documents live, and
how resources are moderated. Views, hooks, signals and seed_demo call these."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from portal.moderation import TASK_NAME, WORKFLOW_NAME
from portal.roles import MEMBERS, MEMBERSHIP_REVIEWERS, SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS

PRIVATE_COLLECTION_NAME = "Members-only documents"
__all__ = ["TASK_NAME", "WORKFLOW_NAME"]  # the library's workflow is the portal's one workflow
# Members read members-only content; the secretariat's staff groups read it to do their work.
MEMBER_CONTENT_GROUPS = [MEMBERS, SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS, MEMBERSHIP_REVIEWERS]
SNIPPET_MODELS = ["mnrdomain", "mnrcapability", "language"]


def public(pages):
    """``pages`` without those under a view restriction, as Wagtail's ``public()`` does, but in
    the same SQL query (``public()`` first fetches every restriction with its page)."""
    restricted = PageViewRestriction.objects.annotate(prefix=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, "prefix")
    )
    return pages.exclude(Exists(restricted))


def can_view_members_content(user):
    """True for a signed-in member of the alliance, the secretariat's staff and superusers."""
    known = known_members_content_access(user)
    if known is None:
        known = remember_members_content_access(user, member_content_groups(user).exists())
    return known


def known_members_content_access(user):
    """``can_view_members_content(user)`` when it is known without a query, else ``None``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return getattr(user, "_portal_member_content", None)


def member_content_groups(user):
    """The groups through which ``user`` reads members-only content, as a query not yet run (a
    page may fold it into its own query, and then remember the answer)."""
    return user.groups.filter(name__in=MEMBER_CONTENT_GROUPS)


def remember_members_content_access(user, allowed):
    """Keep the answer on the user object, for the rest of the request."""
    user._portal_member_content = allowed
    return allowed


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
