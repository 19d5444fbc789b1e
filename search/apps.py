from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals

        # Saves, publications, moves, deletions and view restrictions of the types the apps
        # register (search.registry) update the index on commit.
        signals.connect()
