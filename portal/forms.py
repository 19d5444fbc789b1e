"""Forms about a person's own account."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def language_names():
    """Each interface language named in itself ("français", "العربيّة"), as people look for it."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class LanguageForm(forms.ModelForm):
    """The language of the e-mails the portal sends to the person (``User.language``)."""

    language = forms.ChoiceField(
        label=_("Language of your e-mails"),
        choices=language_names,
        help_text=_("Every e-mail the portal sends you is written in this language."),
        error_messages={
            "required": _("Choose the language of your e-mails."),
            "invalid_choice": _("Choose one of the languages in the list."),
        },
    )

    class Meta:
        model = get_user_model()
        fields = ["language"]
