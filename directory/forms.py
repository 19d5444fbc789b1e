from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.forms import HoneypotMixin
from portal.regions import area_choices

from .models import Category, EntrySuggestion


class DirectoryFilterForm(forms.Form):
    """The filters of /directory/ (and of the API's country list)."""

    MEMBERSHIP_CHOICES = [
        ("", _("Members or not")),
        ("member", _("Alliance members")),
        ("not_member", _("Not yet members")),
    ]

    region = forms.ChoiceField(label=_("Region"), required=False)
    category = forms.ChoiceField(
        label=_("Has"), choices=[("", _("Any category")), *Category.choices], required=False
    )
    membership = forms.ChoiceField(
        label=_("Membership"), choices=MEMBERSHIP_CHOICES, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *area_choices()]

    def filters(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ReportCountryForm(forms.Form):
    """/report/'s one field: a plain select, sent by GET."""

    country = forms.ChoiceField(label=_("Your country"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *countries]


def https_urls(db_field, **kwargs):
    """Addresses typed without a scheme are taken as https (Django 6's default)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class SuggestionForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = EntrySuggestion
        fields = [
            "entry", "category", "name", "description", "website", "report_url", "phone",
            "source", "email",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        formfield_callback = https_urls

    def __init__(self, *args, country, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.country = country
        entry = self.fields["entry"]
        entry.queryset = entries
        entry.required = False
        entry.empty_label = _("A new entry")
        entry.label = _("What is it about?")
        self.fields["source"].help_text = _(
            "An address where these facts are published, so that an editor can check them."
        )
