from django.apps import AppConfig, apps
from django.db import connections
from django.db.models.signals import m2m_changed, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _after_last_migration(sender, using="default", **kwargs):
    """Set up the roles, the content locales and the moderation workflow, give the default site
    the address of ``SITE_URL``, and move the content version, once per ``migrate``, when every
    app's permissions exist. Every deployment migrates: what the caches keep under the version
    (fragments, lists, the gap report's help) was made by the code before it, whose templates
    and whose shape of a cached value the new code may not share."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    from .roles import ensure_roles

    ensure_roles()
    if "wagtailcore_locale" in connections[using].introspection.table_names():
        from .locales import ensure_locales

        ensure_locales()
    if "wagtailcore_workflow" in connections[using].introspection.table_names():
        from .moderation import ensure_moderation_workflow

        ensure_moderation_workflow()
    if "wagtailcore_site" in connections[using].introspection.table_names():
        from .identity import sync_default_site

        sync_default_site()
    from . import content_version

    content_version.move()


def _keep_admin_language(sender, instance, raw=False, update_fields=None, **kwargs):
    """The account's language becomes its Wagtail profile's preferred language, in which Wagtail
    writes the person's moderation notices and shows them the admin."""
    if raw or (update_fields is not None and "language" not in update_fields):
        return
    from wagtail.users.models import UserProfile

    UserProfile.objects.update_or_create(
        user=instance, defaults={"preferred_language": instance.language}
    )


def _forget_admin_link(sender, instance, action, reverse, pk_set, **kwargs):
    """A user's groups changed: the account links ask again whether to offer the admin."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    from django.core.cache import cache

    from .templatetags.portal_tags import admin_link_key

    if not reverse:
        users = [instance.pk]
    elif action == "pre_clear":  # group.user_set.clear(): its users, before they go
        users = list(instance.user_set.values_list("pk", flat=True))
    else:  # group.user_set.add() or remove(): these users
        users = pk_set
    cache.delete_many([admin_link_key(pk) for pk in users])


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Portal")

    @staticmethod
    def register_content():
        """Pages, who may see them, sites and their settings (navigation included) move the
        content version (``portal.content_version``)."""
        from wagtail.contrib.settings.models import BaseSiteSetting
        from wagtail.models import PageViewRestriction, Site

        from . import content_version

        content_version.register_pages()
        content_version.register(
            PageViewRestriction, PageViewRestriction.groups.through, guards=True
        )
        content_version.register(Site)
        content_version.register(
            *(model for model in apps.get_models() if issubclass(model, BaseSiteSetting))
        )

    def ready(self):
        post_migrate.connect(_after_last_migration, dispatch_uid="portal.ensure_roles")

        from django.contrib.auth import get_user_model

        m2m_changed.connect(
            _forget_admin_link,
            sender=get_user_model().groups.through,
            dispatch_uid="portal.forget_admin_link",
        )

        # Wagtail writes its moderation notices (and shows its admin) in the language of the
        # person's Wagtail profile: the account's language is kept there.
        post_save.connect(
            _keep_admin_language, sender=get_user_model(), dispatch_uid="portal.admin_language"
        )

        from .pagecache import connect_signals

        connect_signals()
        self.register_content()

        # Standard pages in the site-wide search (search.registry).
        from . import searchable

        searchable.register()

        # Each app's privacy.py registers its part of the data export and of account deletion.
        from .privacy.services import discover

        discover()
