"""The forms of the MNR self-assessment: one per capability, and what the member publishes."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Assessment, Phase, Priority
from .services.assessments import DOCUMENT_MAX_BYTES


class AnswerForm(forms.Form):
    """One capability's answer. Every field carries the value the person loaded
    (``show_hidden_initial``), so that saving writes only what they changed: a field another
    contact changed meanwhile, and this person did not touch, keeps the other contact's value."""

    level = forms.TypedChoiceField(
        label=_("Level"), choices=Phase.choices, coerce=int, show_hidden_initial=True
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        show_hidden_initial=True,
        help_text=_("What exists today: laws, bodies, services, figures."),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        show_hidden_initial=True,
        help_text=_("One address a line."),
    )
    responsible_bodies = forms.CharField(
        label=_("Responsible bodies"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        show_hidden_initial=True,
    )
    priority = forms.TypedChoiceField(
        label=_("Priority for the coming year"),
        choices=[("", _("Not set")), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
        show_hidden_initial=True,
    )
    document = forms.FileField(
        label=_("Add a document (PDF)"),
        required=False,
        help_text=_("Private: read only by your organisation's contacts and the secretariat."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _("“%(line)s” is not a web address (https://…).") % {"line": line[:80]}
                ) from None
        return "\n".join(lines)

    def clean_evidence(self):
        return self.cleaned_data["evidence"].strip()

    def clean_responsible_bodies(self):
        return self.cleaned_data["responsible_bodies"].strip()

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        if upload.size > DOCUMENT_MAX_BYTES:
            raise ValidationError(
                _("The document is larger than %(size)s.")
                % {"size": filesizeformat(DOCUMENT_MAX_BYTES)}
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError(_("Choose a PDF document."))
        return upload

    def changes(self):
        """``{field: value}`` of the answer's fields the person changed."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "document"}


class PublicationForm(forms.Form):
    publication = forms.ChoiceField(
        label=_("What others see on your member page"),
        choices=Assessment.Publication.choices,
        widget=forms.RadioSelect,
        help_text=_("Only a submitted assessment is ever shown."),
    )
    contactable = forms.BooleanField(
        label=Assessment._meta.get_field("contactable").verbose_name,
        help_text=Assessment._meta.get_field("contactable").help_text,
        required=False,
    )


class StartForm(forms.Form):
    member = forms.SlugField()


class AggregateFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, years=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Latest")), *[(y, y) for y in years]]
        self.fields["region"].choices = [("", _("All regions")), *regions]
