"""Translatable MNR domains and capabilities, step 2: every existing row gets the default
locale and a translation key of its own (Wagtail's ``BootstrapTranslatableModel``)."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_mnr_snippets_locale_nullable")]

    operations = [
        BootstrapTranslatableModel("resources.MNRDomain"),
        BootstrapTranslatableModel("resources.MNRCapability"),
    ]
