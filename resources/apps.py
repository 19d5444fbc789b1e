from django.apps import AppConfig, apps
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_last_migration(sender, using="default", **kwargs):
    """Once per ``migrate``, when every app's permissions exist: the private collection, the
    moderation workflow and the editors' permissions (production gets them too)."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    tables = connections[using].introspection.table_names()
    if "resources_resourceindexpage" not in tables or "wagtailcore_workflow" not in tables:
        return  # migrated backwards past this app
    from .services import ensure_library_setup

    ensure_library_setup()


class ResourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from taggit.models import Tag
        from wagtail.documents import get_document_model

        from portal import content_version

        from . import page_context, signals, views  # noqa: F401 (signals: its receivers)
        from .models import (
            Language,
            MNRCapability,
            MNRDomain,
            NewsPage,
            NewsPageTag,
            NewsRelatedResource,
            RelatedResource,
            ResourceCountry,
            ResourceDocument,
            ResourceLink,
            ResourcePage,
            ResourceRegion,
        )
        from .page_views import page_views

        # What visitors see of the library and /mnr/ besides the pages themselves (which
        # portal registers): the MNR snippets, the languages, documents (a resource page lists
        # their titles and sizes), and a resource's places, relations, documents and links when
        # written outside a publication (imports, the demo, factories); a news item's tags (and
        # the tags' names), events and related resources likewise.
        content_version.register(
            MNRDomain,
            MNRCapability,
            Language,
            get_document_model(),
            NewsPageTag,
            NewsRelatedResource,
            ResourceCountry,
            ResourceRegion,
            RelatedResource,
            ResourceDocument,
            ResourceLink,
            ResourcePage.capabilities.through,
            ResourcePage.languages.through,
            NewsPage.events.through,
            Tag,
        )

        # The page models hand their listings, feeds and lists to these (resources.page_views).
        page_views.connect(
            library_listing=views.library_listing,
            library_feed=views.library_feed,
            resource_context=page_context.resource_page_context,
            mnr_context=page_context.mnr_page_context,
            mnr_domain_context=page_context.mnr_domain_page_context,
            mnr_capability_context=page_context.mnr_capability_page_context,
            news_listing=views.news_listing,
            news_feed=views.news_feed,
            news_context=page_context.news_page_context,
        )

        # Resources, news and MNR capabilities in the site-wide search (search.registry).
        from . import searchable

        searchable.register()

        post_migrate.connect(_after_last_migration, dispatch_uid="resources.library_setup")
