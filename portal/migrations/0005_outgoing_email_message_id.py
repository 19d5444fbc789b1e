"""Each outgoing e-mail gets its Message-ID when it is queued, and keeps it on every delivery.

Rows from before: the messages still to be sent (or sent again) get one of their own; those already
sent keep an empty one, since the identifier they went out with was never stored.
"""

from django.db import migrations, models

import portal.models.mail


def give_unsent_messages_an_id(apps, schema_editor):
    OutgoingEmail = apps.get_model("portal", "OutgoingEmail")
    unsent = OutgoingEmail.objects.exclude(status="sent").only("pk")
    for email in unsent.iterator():
        OutgoingEmail.objects.filter(pk=email.pk).update(
            message_id=portal.models.mail.new_message_id()
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_mark_and_clear_stored_secrets")]

    operations = [
        # Added empty first: a callable default would give every existing row the same value.
        migrations.AddField(
            model_name="outgoingemail",
            name="message_id",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=255, verbose_name="Message-ID"
            ),
        ),
        migrations.RunPython(give_unsent_messages_an_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outgoingemail",
            name="message_id",
            field=models.CharField(
                blank=True,
                default=portal.models.mail.new_message_id,
                editable=False,
                max_length=255,
                verbose_name="Message-ID",
            ),
        ),
    ]
