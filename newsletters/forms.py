from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import HoneypotMixin

from .models import Subscriber, Topic


class TopicsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class SubscribeForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    topics = TopicsField(
        queryset=Topic.objects.all(),
        label=_("What would you like to hear about?"),
        required=True,
        error_messages={"required": _("Choose at least one topic.")},
    )


class PreferencesForm(forms.Form):
    CHOICES = [
        (Subscriber.Status.CONFIRMED, _("Send me the newsletter")),
        (Subscriber.Status.PAUSED, _("Pause: send nothing for now, keep my topics")),
        (Subscriber.Status.UNSUBSCRIBED, _("Unsubscribe")),
    ]
    status = forms.ChoiceField(
        label=_("Your subscription"), choices=CHOICES, widget=forms.RadioSelect
    )
    topics = TopicsField(queryset=Topic.objects.all(), label=_("Topics"), required=False)
    bulletin = forms.BooleanField(
        label=_("Send me the members' bulletin"),
        required=False,
        help_text=_("You receive it as a contact of a member of the alliance."),
    )

    def __init__(self, *args, member_contact=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not member_contact:
            del self.fields["bulletin"]
