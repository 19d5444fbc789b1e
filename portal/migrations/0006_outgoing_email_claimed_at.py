"""When the last delivery attempt claimed the message; a claim long past means a dead worker.

Rows sending before this field existed were claimed when they were last updated.
"""

from django.db import migrations, models
from django.db.models import F


def date_open_claims(apps, schema_editor):
    OutgoingEmail = apps.get_model("portal", "OutgoingEmail")
    OutgoingEmail.objects.filter(status="sending").update(claimed_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_outgoing_email_message_id")]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last attempt started"),
        ),
        migrations.RunPython(date_open_claims, migrations.RunPython.noop),
    ]
