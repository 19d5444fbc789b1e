from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _event_published(sender, instance, **kwargs):
    """A published change of time, place or status: every registrant gets the new calendar
    (once per ``sequence``, through the idempotency keys of ``notify``)."""
    if instance.sequence:
        from django.db import transaction

        from .services import notify_event_changed

        transaction.on_commit(lambda: notify_event_changed(instance))


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from members import dashboard
        from portal import content_version

        from . import views
        from .models import EventPage, EventSession, RegistrationQuestion, Speaker

        # Pages are registered by portal; what event pages show besides their own fields.
        content_version.register(
            Speaker, EventSession, RegistrationQuestion, EventPage.speakers.through
        )
        dashboard.register(
            "events/includes/dashboard_registrations.html", views.dashboard_section, order=20
        )
        page_published.connect(
            _event_published, sender=EventPage, dispatch_uid="events.event_published"
        )
