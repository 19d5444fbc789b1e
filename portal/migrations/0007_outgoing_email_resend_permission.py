from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_outgoing_email_claimed_at")]

    operations = [
        migrations.AlterModelOptions(
            name="outgoingemail",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("resend_outgoingemail", "Can send a failed outgoing e-mail again")
                ],
                "verbose_name": "outgoing e-mail",
                "verbose_name_plural": "outgoing e-mails",
            },
        ),
    ]
