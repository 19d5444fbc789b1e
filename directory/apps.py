from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from portal import content_version

        from .models import DirectoryEntry

        # The directory's pages, /report/ and the API show entries (suggestions: nothing
        # public until approved, which saves an entry).
        content_version.register(DirectoryEntry)

        from resources import mnr_sections

        from . import capability_section, searchable

        searchable.register()
        mnr_sections.register(
            "directory",
            "resources/includes/capability_directory.html",
            capability_section.entries_for,
            order=10,
        )
