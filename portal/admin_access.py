"""What the Wagtail admin offers beyond each role's permissions, closed.

Wagtail's page chooser lists every page of the tree, with its draft title, to anyone who may
enter the admin. A role with no permission on any page (Membership reviewers) has no page to
choose, so it does not get the chooser: what the secretariat drafts stays with the editors.
"""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies.pages import PagePermissionPolicy

PAGE_CHOOSER_VIEWS = {
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
}
PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]


def may_choose_pages(user):
    """Whether ``user`` holds some permission on some page (Wagtail's page permission policy)."""
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


class PageChooserAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in PAGE_CHOOSER_VIEWS:
            return None
        if request.user.is_authenticated and not may_choose_pages(request.user):
            raise PermissionDenied
        return None
