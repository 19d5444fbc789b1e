"""The secretariat's views of registrations: the list per event (filters, counts, export),
decisions (approve, decline, promote), check-in and messages to registrants."""

import django_filters
from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.widgets import HeaderButton, ListingButton
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


permission_policy = RegistrationPermissionPolicy(Registration)


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


# The secretariat's decisions (``services.DECISIONS``): the button and the confirmation.
DECISION_LABELS = {
    "approve": gettext_lazy("Approve"),
    "decline": gettext_lazy("Decline"),
    # Not "Promote": that msgid is the page editor's Promote tab ("Promotion" in French).
    "promote": gettext_lazy("Promote from the waiting list"),
}
DECISION_ICONS = {"approve": "check", "decline": "cross", "promote": "arrow-up"}


def decision_buttons(button_class, registration, next_url):
    """A button for each decision the registration's status allows (``services``)."""
    allowed = services.allowed_actions(registration)
    return [
        button_class(
            DECISION_LABELS[action],
            url=decision_url(registration, action, next_url),
            icon_name=DECISION_ICONS[action],
            attrs={
                "aria-label": _("%(action)s: %(name)s")
                % {"action": DECISION_LABELS[action], "name": registration.name},
                "data-decision": action,
            },
            priority=index,
        )
        for index, action in enumerate(services.DECISIONS)
        if action in allowed
    ]


def decision_url(registration, action, next_url):
    url = reverse("events_registrations:act", kwargs={"pk": registration.pk, "action": action})
    return f"{url}?{urlencode({'next': next_url})}"


class RegistrationIndexView(IndexView):
    """The list, with the chosen event's counts against its capacity above it, and on each row
    the decisions its status allows."""

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if not self.user_has_permission("change"):
            return buttons
        # Back to this listing with its filters (the rows may come from the results-only URL).
        query = self.request.GET.urlencode()
        back_url = f"{self.index_url}?{query}" if query else self.index_url
        return [*decision_buttons(ListingButton, instance, back_url), *buttons]

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


class RegistrationInspectView(InspectView):
    """One registration, with the decisions its status allows in the header."""

    @cached_property
    def header_buttons(self):
        if not self.user_has_permission("change"):
            return []
        return decision_buttons(HeaderButton, self.object, self.request.get_full_path())


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the person (optional)"),
        help_text=gettext_lazy("Sent with the e-mail that tells them the decision."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


DECIDE = {
    "approve": services.approve_registration,
    "decline": services.decline_registration,
    "promote": services.promote_registration,
}


def listing_url(registration):
    return f"{reverse('events_registrations:index')}?{urlencode({'event': registration.event_id})}"


def safe_next_url(request, registration):
    """Where the moderator came from (the listing with its filters), if it is on this site;
    else the listing of the registration's event."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return listing_url(registration)


def registration_action(request, pk, action):
    """Confirm one decision (who, which event, the status now and after, an optional message),
    then take it through the service and go back to the listing as the moderator left it.

    Without the manage permission: 403 (not Wagtail's redirect to the dashboard), as the
    listing offers such a user no button that leads here."""
    if not permission_policy.user_has_permission(request.user, "change"):
        return permission_denied(request, PermissionDenied())
    if action not in DECIDE:
        raise Http404
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    next_url = safe_next_url(request, registration)
    refusal = ""
    try:
        target = services.decision_target(registration, action)
    except services.ActionNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect(next_url)
    except services.RegistrationError as exc:
        target = None
        if request.method != "POST":  # full: said before the moderator types a message
            refusal = str(exc)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = DECIDE[action](registration, message=form.cleaned_data["message"])
        except services.RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s is now “%(status)s”.")
                % {"name": registration.name, "status": registration.get_status_display()},
            )
            return redirect(next_url)
    return TemplateResponse(
        request,
        "events/admin/registration_action.html",
        {
            "registration": registration,
            "form": form,
            "action": action,
            "action_label": DECISION_LABELS[action],
            "target_label": Registration.Status(target).label if target else "",
            "refusal": refusal,
            "next_url": next_url,
        },
    )


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
        return redirect(f"{reverse('events_registrations:index')}?event={event.pk}")
    return TemplateResponse(request, "events/admin/message.html", {"event": event, "form": form})
