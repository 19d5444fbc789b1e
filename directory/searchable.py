"""What the country resource directory gives the site-wide search (``search.registry``): every
entry, found by its name, description, languages and the country or area it serves, linked to
its country's page (or the directory for regional and international entries)."""

from portal.regions import region_of
from search import registry


def entry_document(entry):
    country = entry.country.code if entry.country else ""
    region = entry.region or (region_of(country) if country else "")
    return registry.Entry(
        title=entry.name,
        url=entry.get_absolute_url(),
        language="en",
        public_text=" ".join(
            filter(None, [entry.description, str(entry.area_name), entry.languages, entry.phone])
        ),
        categories=[entry.category],
        countries=[country] if country else [],
        regions=[region] if region else [],
        capabilities=[str(entry.capability)] if entry.capability else [],
        date=entry.last_verified,
    )


def register():
    from .models import DirectoryEntry

    registry.register(
        "directory", DirectoryEntry, queryset=DirectoryEntry.objects.all, document=entry_document
    )
