from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_last_migration(sender, **kwargs):
    """Set up the roles once per ``migrate``, when every app's permissions exist."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last:
        from .roles import ensure_roles

        ensure_roles()


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        post_migrate.connect(_after_last_migration, dispatch_uid="portal.ensure_roles")

        from .pagecache import connect_signals

        connect_signals()
