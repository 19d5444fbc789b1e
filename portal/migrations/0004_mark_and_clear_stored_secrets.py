"""Messages stored before ``carries_secret`` existed: mark those that carry a secret (everything
allauth sent, and member invitations) and clear the bodies of those already sent.

Reversing leaves the rows as they are: a cleared body cannot come back.
"""

from django.db import migrations
from django.db.models import Q

# Rows from before the flag: allauth's messages have the bare template name as their category,
# the members app's are "members.<template>". Uncategorised rows are treated as secret.
SECRET = Q(category="members.invitation") | ~Q(category__startswith="members.")


def mark_and_clear(apps, schema_editor):
    OutgoingEmail = apps.get_model("portal", "OutgoingEmail")
    OutgoingEmail.objects.filter(SECRET).update(carries_secret=True)
    OutgoingEmail.objects.filter(carries_secret=True, status="sent").update(
        body_text="", body_html=""
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_outgoing_email_carries_secret")]

    operations = [migrations.RunPython(mark_and_clear, migrations.RunPython.noop)]
