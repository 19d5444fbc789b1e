from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from . import admin_views
from .forms import https_urls
from .models import DirectoryEntry, EntrySuggestion

register_permission_policy(EntrySuggestion, admin_views.suggestion_policy)


class EntryIndexView(IndexView):
    """The entries, with the import and the report of entries to verify in the header."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if admin_views.entry_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                Button(_("Import a CSV file"), url=reverse("directory_import"), icon_name="upload")
            )
        buttons.append(
            Button(_("Entries to verify again"), url=reverse("directory_stale"), icon_name="time")
        )
        return buttons


class DirectoryEntryViewSet(ModelViewSet):
    model = DirectoryEntry
    index_view_class = EntryIndexView
    icon = "site"
    menu_label = _("Entries")
    filterset_class = admin_views.EntryFilterSet
    list_display = ["name", "category", "area_name", "last_verified", "is_demo"]
    search_fields = ["name", "description", "phone", "website"]
    ordering = ["country", "category", "name"]
    inspect_view_enabled = True
    list_export = [
        "pk", "name", "category", "scope", "country", "region", "organisation_type", "website",
        "report_url", "phone", "email", "languages", "open_24_7", "hours", "time_zone",
        "accepts_anonymous", "sources", "source_date", "last_verified", "verified_by", "is_demo",
    ]  # fmt: skip
    export_filename = "directory-entries"
    form_fields = [
        "name", "category", "description", "scope", "country", "region", "organisation_type",
        "website", "report_url", "phone", "email", "languages", "open_24_7", "hours", "time_zone",
        "accepts_anonymous", "sources", "source_date", "last_verified", "verified_by", "is_demo",
    ]  # fmt: skip

    def formfield_for_dbfield(self, db_field, **kwargs):
        return https_urls(db_field, **kwargs)


class EntrySuggestionViewSet(ModelViewSet):
    model = EntrySuggestion
    icon = "comment"
    menu_label = _("Suggestions")
    list_display = ["name", "country", "category", "status", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "description"]
    ordering = ["-created_at"]
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = admin_views.SuggestionReviewView
    copy_view_enabled = False
    form_fields = ["note"]  # decisions go through approve and reject, below

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/<slug:decision>/",
                admin_views.decide_suggestion,
                name="decide",
            ),
        ]


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "site"
    menu_order = 260
    items = (
        DirectoryEntryViewSet("directory_entries"),
        EntrySuggestionViewSet("directory_suggestions"),
    )


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


@hooks.register("register_admin_urls")
def register_directory_admin_urls():
    return [
        path("directory/import/", admin_views.import_entries, name="directory_import"),
        path("directory/stale/", admin_views.StaleEntriesView.as_view(), name="directory_stale"),
        path(
            "directory/stale/results/",
            admin_views.StaleEntriesView.as_view(results_only=True),
            name="directory_stale_results",
        ),
    ]


class EntryPermissionMenuItem(MenuItem):
    permission = "add"

    def is_shown(self, request):
        return admin_views.entry_policy.user_has_permission(request.user, self.permission)


@hooks.register("register_reports_menu_item")
def register_stale_report_menu_item():
    item = EntryPermissionMenuItem(
        _("Directory entries to verify"), reverse("directory_stale"), icon_name="time", order=700
    )
    item.permission = "change"
    return item
