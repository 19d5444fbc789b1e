from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """The person types their account's e-mail address to confirm."""

    email = forms.EmailField(
        label=_("Your account's e-mail address"),
        help_text=_("Type it to confirm that you want to delete this account."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.casefold() != self.user.email.casefold():
            raise forms.ValidationError(
                _("This is not your account's e-mail address: type %(email)s exactly."),
                params={"email": self.user.email},
            )
        return email
