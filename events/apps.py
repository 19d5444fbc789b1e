from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _event_published(sender, instance, **kwargs):
    """A published change of time, place or status: every registrant gets the new calendar
    (once per ``sequence``, through the idempotency keys of ``notify``)."""
    if instance.sequence:
        from django.db import transaction

        from .services import notify_event_changed

        transaction.on_commit(lambda: notify_event_changed(instance))


# What the secretariat's editors and moderators do with events besides the pages: read and
# decide registrations, check people in, message registrants, keep the speakers.
SECRETARIAT_PERMISSIONS = {
    "registration": ["view", "change"],
    "eventmessage": ["add", "view"],
    "speaker": ["add", "change", "view"],
}


def grant_secretariat_permissions(sender, using="default", **kwargs):
    """``post_migrate`` for this app: idempotent. The app's permissions are created first (this
    receiver may run before auth's, which follows the order of ``INSTALLED_APPS``)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    create_permissions(sender, verbosity=0, using=using)

    from portal.roles import SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS

    codenames = [
        f"{action}_{model}"
        for model, actions in SECRETARIAT_PERMISSIONS.items()
        for action in actions
    ]
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="events", codename__in=codenames
    )
    for name in (SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS):
        Group.objects.using(using).get_or_create(name=name)[0].permissions.add(*permissions)


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from members import dashboard
        from portal import content_version

        from . import searchable, views
        from .models import EventPage, EventSession, RegistrationQuestion, Speaker

        # Pages are registered by portal; what event pages show besides their own fields.
        content_version.register(
            Speaker, EventSession, RegistrationQuestion, EventPage.speakers.through
        )
        searchable.register()
        dashboard.register(
            "events/includes/dashboard_registrations.html", views.dashboard_section, order=20
        )
        post_migrate.connect(
            grant_secretariat_permissions, sender=self, dispatch_uid="events.permissions"
        )
        page_published.connect(
            _event_published, sender=EventPage, dispatch_uid="events.event_published"
        )
