from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import EventPage, Registration, Speaker


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    list_display = ["name", "organisation", "role"]
    search_fields = ["name", "organisation"]


register_snippet(SpeakerViewSet)


register_permission_policy(Registration, admin_views.permission_policy)


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "clipboard-list"
    menu_label = _("Registrations")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = admin_views.RegistrationIndexView
    index_template_name = "events/admin/registration_index.html"
    filterset_class = admin_views.RegistrationFilterSet
    list_display = ["name", "event", "status", "organisation", "member", "created_at"]
    search_fields = ["name", "email", "organisation", "code"]
    ordering = ["event", "created_at"]
    inspect_view_enabled = True
    inspect_view_class = admin_views.RegistrationInspectView
    list_export = [
        "event", "name", "email", "organisation", "member", "status", "created_at",
        "access_needs", "answers_text", "code",
    ]  # fmt: skip
    export_headings = {"answers_text": _("Answers")}
    form_fields = ["name", "organisation", "access_needs"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/act/<slug:action>/", admin_views.registration_action, name="act"),
        ]


registrations_viewset = RegistrationViewSet("events_registrations")


@hooks.register("register_admin_viewset")
def register_registrations():
    return registrations_viewset


@hooks.register("register_admin_urls")
def event_admin_urls():
    return [
        path("events/<int:event_pk>/check-in/", admin_views.check_in, name="events_check_in"),
        path(
            "events/<int:event_pk>/check-in/<int:pk>/",
            admin_views.check_in_registration,
            name="events_check_in_registration",
        ),
        path(
            "events/<int:event_pk>/message/",
            admin_views.message_registrants,
            name="events_message",
        ),
    ]


@hooks.register("home_page_panels")
def next_event_panel(request, page):
    """The next public event, in the reader's language where it is translated into it, else in
    its source language (the card says so)."""
    from django.utils import timezone

    from resources.i18n import one_translation_each, reader_language

    upcoming = (
        EventPage.objects.live().public().filter(ends_at__gte=timezone.now(), cancelled=False)
    )
    event = (
        one_translation_each(upcoming, reader_language())
        .order_by("starts_at", "pk")
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "strapline",
            "starts_at",
            "ends_at",
            "time_zone",
            "city",
            "country",
            "format",
            "kind",
            "audience",
            "cancelled",
            "locale_id",
        )
        .first()
    )
    if event is None:
        return None
    return {"template": "events/includes/home_next_event.html", "order": 20, "event": event}
