"""The content locales: one Wagtail ``Locale`` per content language
(``WAGTAIL_CONTENT_LANGUAGES``), created after every ``migrate`` (``portal.apps``), so that a new
installation and an upgraded one can hold pages and snippets in every language, and a language
added to the settings gets its locale at the next ``migrate``."""

from django.conf import settings


def ensure_locales():
    """Idempotent: a locale for each content language. Returns the locales created."""
    from wagtail.models import Locale

    created = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locale, new = Locale.objects.get_or_create(language_code=code)
        if new:
            created.append(locale)
    return created
