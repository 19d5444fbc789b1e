"""Shared-password privacy is switched off (a page password can be guessed without limit): pages
and collections that had one become private to signed-in people instead, never public.

Reversible: the password is kept on the row, so going back restores the password restriction.
"""

from django.db import migrations


def passwords_to_login(apps, schema_editor):
    for name in ("PageViewRestriction", "CollectionViewRestriction"):
        model = apps.get_model("wagtailcore", name)
        model.objects.filter(restriction_type="password").update(restriction_type="login")


def login_back_to_passwords(apps, schema_editor):
    for name in ("PageViewRestriction", "CollectionViewRestriction"):
        model = apps.get_model("wagtailcore", name)
        model.objects.filter(restriction_type="login").exclude(password="").update(
            restriction_type="password"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_outgoing_email_resend_permission"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(passwords_to_login, login_back_to_passwords)]
