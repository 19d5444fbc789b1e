import os
import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator, MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from portal.images import UploadedImageField, reencode
from portal.regions import REGION_NAMES, region_of

from .models import Application, ApplicationContact, MemberOrganisation
from .services import country_conflict, reviewers

PDF_CONTENT_TYPES = {"application/pdf", "application/x-pdf"}


def validate_pdf(upload):
    """Refuse anything but a real PDF of at most ``MEMBERS_ENDORSEMENT_MAX_BYTES``.

    Checks the size, the declared content type, the ``%PDF-`` signature and that the file ends
    with a cross-reference pointer (``startxref <offset>`` then ``%%EOF``) pointing inside it.
    """
    limit = settings.MEMBERS_ENDORSEMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; letters can be at most %(limit)d MB."),
            code="too_large",
            params={"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024},
        )
    content_type = getattr(upload, "content_type", None)
    if content_type and content_type not in PDF_CONTENT_TYPES:
        raise ValidationError(
            _("The letter must be a PDF file; this file is “%(type)s”."),
            code="not_pdf",
            params={"type": content_type},
        )
    upload.seek(0)
    head = upload.read(1024)
    if not head.startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
    if match is None or int(match.group(1)) >= upload.size:
        raise ValidationError(
            _("This PDF file is damaged or incomplete: save or scan it again and upload it."),
            code="broken_pdf",
        )
    return upload


PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-/]+$")


def validate_phone(value):
    """A phone number as people write it: digits (7 to 15, E.164's most), an optional leading
    +, and spaces, dots, dashes, slashes or brackets between them."""
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value.strip()) or not 7 <= len(digits) <= 15:
        raise ValidationError(
            _(
                "Enter a phone number in digits, with the international dialling code, "
                "e.g. +41 22 123 45 67."
            ),
            code="invalid_phone",
        )


class HoneypotMixin(forms.Form):
    """A field people never see or fill; a bot that fills it is refused."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_homepage(self):
        if self.cleaned_data.get("homepage"):
            raise ValidationError(_("This form could not be sent. Please try again."))
        return ""


class KindForm(HoneypotMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Who is applying?"),
        choices=Application.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A country joins through a ministry or agency acting for the state; companies "
            "include technology and other industry; organisations are civil society, "
            "international organisations, academia and foundations."
        ),
    )


COMMON = ["description", "contribution"]
DETAIL_FIELDS = {
    Application.Kind.COUNTRY: ["state", "name", *COMMON],
    Application.Kind.COMPANY: [
        "name", "sector", "headquarters", "size", "services", "website", *COMMON,
    ],
    Application.Kind.ORGANISATION: [
        "name", "organisation_type", "headquarters", "countries_of_work",
        "registration_number", "website", *COMMON,
    ],
}  # fmt: skip
OPTIONAL_DETAILS = {"registration_number"}
# The longest answer each free-text question takes, in characters.
TEXT_LIMITS = {"description": 2000, "contribution": 2000, "services": 1000}
LABELS = {
    Application.Kind.COUNTRY: {"name": _("Applying ministry or agency")},
    Application.Kind.COMPANY: {"name": _("Company name")},
    Application.Kind.ORGANISATION: {"name": _("Organisation name")},
}
HELP = {
    "description": _("Who you are and what you do, in a few sentences; shown on the member list."),
    "contribution": _("What you intend to contribute to the alliance's work."),
    "registration_number": _("Where the organisation is registered, its registration number."),
    "website": _("The full address, starting with https://"),
    "services": _("The products or services the company offers."),
}


class DetailsForm(HoneypotMixin, forms.ModelForm):
    """Step 1: the kind-specific answers. Built for the application's kind."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # Required: an application's stored letter is the field's initial value, so it counts
    # until another file replaces it. A plain file input: a letter has no public address to show.
    endorsement_letter = forms.FileField(
        label=_("Signed letter of endorsement (PDF, at most 10 MB)"),
        validators=[validate_pdf],
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Upload the letter of endorsement signed for the state (a PDF).")
        },
    )

    class Meta:
        model = Application
        fields = sorted({f for fields in DETAIL_FIELDS.values() for f in fields})
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "contribution": forms.Textarea(attrs={"rows": 5}),
            "services": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        wanted = DETAIL_FIELDS[kind] + (
            ["endorsement_letter"] if kind == Application.Kind.COUNTRY else []
        )
        self.fields = {name: self.fields[name] for name in [*wanted, "homepage"]}
        for name, field in self.fields.items():
            if name in DETAIL_FIELDS[kind] and name not in OPTIONAL_DETAILS:
                field.required = True
            if name in LABELS[kind]:
                field.label = LABELS[kind][name]
            if name in HELP:
                field.help_text = HELP[name]
            if name in TEXT_LIMITS:
                limit = TEXT_LIMITS[name]
                field.max_length = limit
                field.validators.append(
                    MaxLengthValidator(
                        limit,
                        message=_(
                            "Keep this answer to at most %(limit_value)d characters "
                            "(it has %(show_value)d)."
                        ),
                    )
                )
                field.help_text = _("%(help)s At most %(limit)d characters.") % {
                    "help": field.help_text,
                    "limit": limit,
                }
        if "state" in self.fields:
            self.fields["state"].help_text = _("The state on whose behalf the ministry applies.")
        if "countries_of_work" in self.fields:
            field = self.fields["countries_of_work"]
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
            field.help_text = _("Open a region to choose its countries; choose every one.")
        if "endorsement_letter" in self.fields and self.instance.endorsement_letter:
            self.initial["endorsement_letter"] = self.instance.endorsement_letter
            self._letter_help(_("You uploaded “%(name)s”. Upload another file only to replace it."))

    def _letter_help(self, text):
        text = text % {"name": self.instance.endorsement_letter_name}
        self.fields["endorsement_letter"].help_text = text
        # A bound field made while validating keeps its own copy of the help text.
        self["endorsement_letter"].help_text = text

    def region_groups(self):
        """The "countries of work" checkboxes by UN M49 region, for the template: each region
        with its options and how many of them are chosen."""
        groups = {code: [] for code in REGION_NAMES}
        others = []
        for option in self["countries_of_work"]:
            groups.get(region_of(option.data["value"]), others).append(option)
        named = [(REGION_NAMES[code], options) for code, options in groups.items()]
        if others:
            named.append((_("Other territories"), others))
        return [
            {
                "name": name,
                "options": options,
                "chosen": sum(1 for o in options if o.data["selected"]),
            }
            for name, options in named
        ]

    def clean_state(self):
        state = self.cleaned_data.get("state")
        conflict = country_conflict(state, exclude_pk=self.instance.pk)
        if conflict:
            raise ValidationError(conflict, code="country_taken")
        return state

    def store_letter(self):
        """Put a newly uploaded, valid letter on the application (not yet saved); True if so.

        The file is stored under a name the applicant never chose; the name they gave is kept
        for display only."""
        letter = self.cleaned_data.get("endorsement_letter")
        if "endorsement_letter" in self.errors or not isinstance(letter, UploadedFile):
            return False
        app = self.instance
        if app.endorsement_letter:
            app.endorsement_letter.delete(save=False)
        app.endorsement_letter_name = os.path.basename(letter.name)[:200]
        app.endorsement_letter.save("letter.pdf", letter, save=False)
        return True

    def save_valid_parts(self):
        """On a form with errors, keep what was typed correctly, so nothing is lost: a valid
        letter too, so that it need not be chosen again."""
        names = [
            n
            for n in self.cleaned_data
            if n in DETAIL_FIELDS[self.instance.kind] and n not in self.errors
        ]
        for name in names:
            setattr(self.instance, name, self.cleaned_data[name])
        if self.store_letter():
            names += ["endorsement_letter", "endorsement_letter_name"]
            self._letter_help(
                _(
                    "Your letter “%(name)s” is saved: no need to choose it again. Upload "
                    "another file only to replace it."
                )
            )
        if names:
            self.instance.save(update_fields=names)


class ContactsForm(HoneypotMixin, forms.ModelForm):
    """Step 2: the primary contact."""

    class Meta:
        model = Application
        fields = ["contact_name", "contact_role", "contact_email", "contact_phone"]
        labels = {
            "contact_name": _("Name"),
            "contact_role": _("Role or job title"),
            "contact_email": _("E-mail"),
            "contact_phone": _("Phone"),
        }
        help_texts = {"contact_phone": _("With the international dialling code, e.g. +41 …")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True
        self.fields["contact_phone"].validators.append(validate_phone)


class FurtherContactForm(forms.ModelForm):
    class Meta:
        model = ApplicationContact
        fields = ["name", "role", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)


FurtherContactFormSet = forms.inlineformset_factory(
    Application,
    ApplicationContact,
    form=FurtherContactForm,
    extra=2,
    max_num=10,
    can_delete=True,
)


class CommitmentForm(HoneypotMixin, forms.Form):
    endorse = forms.BooleanField(
        label=_("We endorse the statement of commitments above."),
        error_messages={
            "required": _("Endorse the statement of commitments to apply: tick the box.")
        },
    )


class MessageForm(HoneypotMixin, forms.Form):
    message = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )


class WithdrawForm(HoneypotMixin, forms.Form):
    message = forms.CharField(
        label=_("Why are you withdrawing?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo_file = UploadedImageField(
        label=_("Logo"),
        required=False,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"])],
    )

    class Meta:
        model = MemberOrganisation
        fields = ["website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo_file"].help_text = _(
            "PNG or JPEG, at most %(size)d MB and %(pixels).0f million pixels; a larger logo is "
            "scaled down to %(side)d pixels. Leave empty to keep the current logo."
        ) % {
            "size": settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE // 1024 // 1024,
            "pixels": settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS / 1e6,
            "side": settings.MEMBERS_LOGO_MAX_SIDE,
        }

    def clean_logo_file(self):
        """The logo as it will be stored: re-encoded, at most ``MEMBERS_LOGO_MAX_SIDE`` a side."""
        logo = self.cleaned_data.get("logo_file")
        if logo:
            return reencode(logo, settings.MEMBERS_LOGO_MAX_SIDE)
        return logo


class InviteForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), required=False, max_length=200)


# --- The secretariat's forms (Wagtail admin) -----------------------------------------------------


class ReviewActionForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class AssignForm(ReviewActionForm):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers().order_by("email")


class MemberFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *MemberOrganisation.Kind.choices],
        required=False,
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        from portal.regions import region_choices

        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]
