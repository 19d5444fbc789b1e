"""The portal's roles (Django groups) and what each may do in the Wagtail admin.

Run after every migration, so that a new installation and an upgraded one have the same roles.
"""

from django.utils.translation import gettext_noop

SECRETARIAT_EDITORS = "Secretariat editors"
SECRETARIAT_MODERATORS = "Secretariat moderators"
MEMBERSHIP_REVIEWERS = "Membership reviewers"
MEMBERS = "Members"
# Reads the outbox (the admin's Outgoing e-mail): who was sent what, and what failed; sends a failed
# message again. Nobody else but superusers does, since a message's body may be about someone
# else's account.
OUTBOX_OPERATORS = "Outbox operators"

ROLES = [
    SECRETARIAT_EDITORS,
    SECRETARIAT_MODERATORS,
    MEMBERSHIP_REVIEWERS,
    OUTBOX_OPERATORS,
    MEMBERS,
]
# Marked for translation where they are shown.
_ = [gettext_noop(name) for name in ROLES]

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
MODERATOR_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page", "unlock_page"]
COLLECTION_PERMISSIONS = {
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
    "wagtailimages": ["add_image", "change_image", "choose_image"],
}
# Membership reviewers keep the member list and the statement of commitments; applications are
# reviewed through the members app's own views, which check the group itself.
REVIEWER_MODEL_PERMISSIONS = {
    "members": [
        "add_memberorganisation", "change_memberorganisation", "view_memberorganisation",
        "add_commitmentstatement", "change_commitmentstatement", "view_commitmentstatement",
    ],
}  # fmt: skip

# The secretariat's editors and moderators keep the country resource directory and moderate the
# public's suggestions (an entry is a fact with its source, not a page: no publishing step).
DIRECTORY_MODEL_PERMISSIONS = {
    "directory": [
        "add_directoryentry", "change_directoryentry", "view_directoryentry",
        "delete_directoryentry", "change_entrysuggestion", "view_entrysuggestion",
    ],
}  # fmt: skip

# Newsletters (issue 17): editors compose issues and topics; moderators also approve and send,
# and read subscribers, deliveries and suppressions (personal data), adding manual suppressions.
_NEWSLETTER_EDITING = [
    "add_topic",
    "change_topic",
    "view_topic",
    "add_newsletterissue",
    "change_newsletterissue",
    "view_newsletterissue",
]
NEWSLETTER_PERMISSIONS = {
    SECRETARIAT_EDITORS: _NEWSLETTER_EDITING,
    SECRETARIAT_MODERATORS: [
        *_NEWSLETTER_EDITING,
        "approve_newsletterissue", "view_subscriber", "view_delivery",
        "view_suppression", "add_suppression",
    ],
}  # fmt: skip


def ensure_roles():
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is None:  # wagtailadmin's permissions are not created yet
        return
    staff = [
        groups[SECRETARIAT_EDITORS],
        groups[SECRETARIAT_MODERATORS],
        groups[MEMBERSHIP_REVIEWERS],
        groups[OUTBOX_OPERATORS],
    ]
    for group in staff:
        group.permissions.add(admin_access)

    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()
    page_grants = {
        SECRETARIAT_EDITORS: EDITOR_PAGE_PERMISSIONS,
        SECRETARIAT_MODERATORS: MODERATOR_PAGE_PERMISSIONS,
    }
    for name, codenames in page_grants.items():
        if root is not None:
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=codenames
            ):
                GroupPagePermission.objects.get_or_create(
                    group=groups[name], page=root, permission=permission
                )
        if collection is not None:
            for app_label, codenames_ in COLLECTION_PERMISSIONS.items():
                for permission in Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames_
                ):
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[name], collection=collection, permission=permission
                    )
    settings_perms = Permission.objects.filter(
        content_type__app_label="portal",
        codename__in=["change_alliancesettings", "change_navigationsettings"],
    )
    # A settings change goes live at once, with no approval: moderators', as publishing is.
    # Installations where editors had it lose it here.
    groups[SECRETARIAT_EDITORS].permissions.remove(*settings_perms)
    groups[SECRETARIAT_MODERATORS].permissions.add(*settings_perms)
    # Read the outbox, and send a failed message again.
    outbox = Permission.objects.filter(
        content_type__app_label="portal",
        codename__in=["view_outgoingemail", "resend_outgoingemail"],
    )
    groups[OUTBOX_OPERATORS].permissions.add(*outbox)
    # Earlier versions let every staff role read the outbox: take that back on upgrade.
    for name in ROLES:
        if name != OUTBOX_OPERATORS:
            groups[name].permissions.remove(*outbox)
    # Translating pages and snippets (wagtail-localize's "Translate" and "Sync"): the translation
    # is a draft that goes through the moderation workflow like any other.
    translate = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    )
    for name in (SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS):
        groups[name].permissions.add(*translate)
    for app_label, codenames in REVIEWER_MODEL_PERMISSIONS.items():
        groups[MEMBERSHIP_REVIEWERS].permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    for app_label, codenames in DIRECTORY_MODEL_PERMISSIONS.items():
        directory_permissions = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        for name in (SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS):
            groups[name].permissions.add(*directory_permissions)
    for name, codenames in NEWSLETTER_PERMISSIONS.items():
        newsletter_permissions = Permission.objects.filter(
            content_type__app_label="newsletters", codename__in=codenames
        )
        groups[name].permissions.add(*newsletter_permissions)
