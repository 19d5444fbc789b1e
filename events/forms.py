from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventPage, RegistrationQuestion

Kind = RegistrationQuestion.Kind


class RegistrationForm(forms.Form):
    """Name, organisation, the event's questions, access needs and consent."""

    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    invitation_code = forms.CharField(label=_("Invitation code"), max_length=40, required=False)
    access_needs = forms.CharField(
        label=_("Access needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything we should arrange so that you can take part fully."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the secretariat keeps these details to organise the event."),
        error_messages={"required": _("Please agree, so that we can keep your registration.")},
    )

    def __init__(self, *args, event, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if editing or event.mode != EventPage.Mode.INVITATION:
            del self.fields["invitation_code"]
        self.questions = list(event.questions.all())
        for question in self.questions:
            self.fields[question.field_name] = self.field_for(question)
        # The event's questions after name and organisation; access needs and consent last.
        self.order_fields([name for name in self.fields if name not in ("access_needs", "consent")])

    @staticmethod
    def field_for(question):
        common = {"label": question.label, "required": question.required}
        choices = [(choice, choice) for choice in question.choice_list]
        if question.kind == Kind.LONG_TEXT:
            return forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, **common
            )
        if question.kind == Kind.SINGLE_CHOICE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if question.kind == Kind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind == Kind.CHECKBOX:
            return forms.BooleanField(**common)
        return forms.CharField(max_length=500, **common)

    def answers(self):
        return {
            str(question.pk): self.cleaned_data.get(question.field_name)
            for question in self.questions
        }

    @classmethod
    def initial_for(cls, registration):
        initial = {
            "name": registration.name,
            "organisation": registration.organisation,
            "access_needs": registration.access_needs,
            "consent": registration.consent,
        }
        for key, value in registration.answers.items():
            initial[f"question_{key}"] = value
        return initial
