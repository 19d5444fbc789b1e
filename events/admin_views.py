"""The secretariat's views of registrations: the list per event (filters, counts, export),
decisions (approve, decline, promote), check-in and messages to registrants."""

import django_filters
from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.permission_policies import ModelPermissionPolicy

from members.models import MemberOrganisation
from portal.regions import REGION_NAMES

from . import services
from .models import EventMessage, EventPage, Registration

CAN_MANAGE = "events.change_registration"


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations are made by people and decided through the actions (the service): nobody
    adds or deletes one in the admin, superusers included."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Event"), queryset=EventPage.objects.order_by("-starts_at")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Registration.Status.choices
    )
    member_kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Member kind"),
        field_name="member__kind",
        choices=MemberOrganisation.Kind.choices,
    )
    region = django_filters.ChoiceFilter(
        label=gettext_lazy("Region"),
        field_name="member__region",
        choices=list(REGION_NAMES.items()),
    )

    class Meta:
        model = Registration
        fields = ["event", "status", "member_kind", "region"]


class RegistrationIndexView(IndexView):
    """The list, with the chosen event's counts against its capacity above it."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "member", "user")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        event_pk = self.request.GET.get("event")
        if event_pk and event_pk.isdigit():
            event = EventPage.objects.filter(pk=event_pk).first()
            if event:
                counts = Registration.objects.filter(event=event).aggregate(
                    **{
                        status: Count("pk", filter=Q(status=status))
                        for status in Registration.Status.values
                    }
                )
                context["event_summary"] = {
                    "event": event,
                    "counts": [
                        (label, counts[value]) for value, label in Registration.Status.choices
                    ],
                    "seated": counts["confirmed"] + counts["attended"],
                }
        return context


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the person (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


ACTIONS = {
    "approve": services.approve_registration,
    "decline": services.decline_registration,
    "promote": lambda registration, message="": services.promote_registration(registration),
}


@permission_required(CAN_MANAGE, raise_exception=True)
def registration_action(request, pk, action):
    if action not in ACTIONS:
        raise PermissionDenied
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ACTIONS[action](registration, message=form.cleaned_data["message"])
        except services.RegistrationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Done: %(name)s.") % {"name": registration.name})
        return redirect(f"{_index_url()}?event={registration.event_id}")
    return TemplateResponse(
        request,
        "events/admin/registration_action.html",
        {"registration": registration, "form": form, "action": action},
    )


def _index_url():
    from django.urls import reverse

    return reverse("events_registrations:index")


@permission_required(CAN_MANAGE, raise_exception=True)
def check_in(request, event_pk):
    """A page for a phone at the door: search by name or code, one tap marks attendance."""
    event = get_object_or_404(EventPage, pk=event_pk)
    query = request.GET.get("q", "")
    results = services.find_for_check_in(event, query)
    counts = Registration.objects.filter(event=event).aggregate(
        attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
        seated=Count("pk", filter=Q(status__in=services.SEATED)),
    )
    return TemplateResponse(
        request,
        "events/admin/check_in.html",
        {"event": event, "query": query, "results": results, "counts": counts},
    )


@permission_required(CAN_MANAGE, raise_exception=True)
@require_POST
def check_in_registration(request, event_pk, pk):
    registration = get_object_or_404(Registration, pk=pk, event_id=event_pk)
    registration, newly = services.check_in(registration, by=request.user)
    if newly:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    else:
        messages.warning(
            request, _("%(name)s was already checked in.") % {"name": registration.name}
        )
    from django.urls import reverse

    return redirect(reverse("events_check_in", kwargs={"event_pk": event_pk}))


class MessageForm(forms.ModelForm):
    class Meta:
        model = EventMessage
        fields = ["status", "subject", "body"]


@permission_required(CAN_MANAGE, raise_exception=True)
def message_registrants(request, event_pk):
    from .tasks import send_event_message

    event = get_object_or_404(EventPage, pk=event_pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        message = form.save(commit=False)
        message.event = event
        message.sent_by = request.user
        message.save()
        transaction.on_commit(lambda: send_event_message.delay(message.pk))
        messages.success(request, _("The message is being sent."))
        return redirect(f"{_index_url()}?event={event.pk}")
    return TemplateResponse(request, "events/admin/message.html", {"event": event, "form": form})
