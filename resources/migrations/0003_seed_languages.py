"""The languages a resource can be in: the six official languages of the United Nations and
others widely used by the alliance's members. Editors add more as snippets."""

from django.db import migrations

LANGUAGES = [
    ("ar", "Arabic (العربية)"),
    ("zh", "Chinese (中文)"),
    ("en", "English"),
    ("fr", "French (Français)"),
    ("ru", "Russian (Русский)"),
    ("es", "Spanish (Español)"),
    ("pt", "Portuguese (Português)"),
    ("de", "German (Deutsch)"),
    ("hi", "Hindi (हिन्दी)"),
    ("id", "Indonesian (Bahasa Indonesia)"),
    ("sw", "Swahili (Kiswahili)"),
    ("th", "Thai (ไทย)"),
]


def seed(apps, schema_editor):
    Language = apps.get_model("resources", "Language")
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


def unseed(apps, schema_editor):
    apps.get_model("resources", "Language").objects.filter(
        code__in=[code for code, _ in LANGUAGES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_seed_mnr_framework")]

    operations = [migrations.RunPython(seed, unseed)]
