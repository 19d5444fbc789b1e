"""Translatable MNR domains and capabilities, step 3: ``locale`` and ``translation_key``
required, one translation per locale, one number per locale; resources choose among the
capabilities of the default locale."""

import uuid

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import resources.models.snippets


class Migration(migrations.Migration):
    dependencies = [("resources", "0005_mnr_snippets_locale_populated")]

    operations = [
        migrations.AlterField(
            model_name="mnrdomain",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="mnrdomain",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="mnrcapability",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="mnrcapability",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="mnrdomain",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AlterUniqueTogether(
            name="mnrcapability",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AddConstraint(
            model_name="mnrdomain",
            constraint=models.UniqueConstraint(
                fields=("number", "locale"), name="one_domain_number_per_locale"
            ),
        ),
        migrations.AddConstraint(
            model_name="mnrcapability",
            constraint=models.UniqueConstraint(
                fields=("number", "locale"), name="one_capability_number_per_locale"
            ),
        ),
        migrations.AlterField(
            model_name="resourcepage",
            name="capabilities",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                limit_choices_to=resources.models.snippets.in_default_locale,
                related_name="resources",
                to="resources.mnrcapability",
                verbose_name="MNR capabilities",
            ),
        ),
    ]
