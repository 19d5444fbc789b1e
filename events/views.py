"""Event pages' listing and context, registering, the person's registration, calendar files."""

import time
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.services.applications import has_verified_email
from resources.i18n import one_translation_each, reader_language

from . import services
from .forms import RegistrationForm
from .models import EventPage, Registration

Status = Registration.Status
PER_PAGE = 20
FILTERS = ("year", "kind", "format")
UPCOMING_PAGE = "upcoming"  # the query parameter of the upcoming events' page
PAST_PAGE = "page"  # of the past events' page


def events_under(index):
    """The live, public event pages under ``index`` or under any of its translations."""
    from .models import EventIndexPage

    under = Q(pk__in=[])
    indexes = EventIndexPage.objects.filter(translation_key=index.translation_key)
    for path, depth in indexes.values_list("path", "depth"):
        under |= Q(path__startswith=path, depth=depth + 1)
    return EventPage.objects.live().public().filter(under)


def listing_filters(request):
    """The listing's filters from the query string, those that are valid only."""
    filters = {}
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        filters["year"] = year
    kind = request.GET.get("kind", "")
    if kind in EventPage.Kind.values:
        filters["kind"] = kind
    event_format = request.GET.get("format", "")
    if event_format in EventPage.Format.values:
        filters["format"] = event_format
    return filters


def listing(index, request, filters):
    """Upcoming events (soonest first) and past ones (latest first), a page of each, filtered,
    each in the reader's language where it is translated into it, else in its source language
    (``language_code`` on each, which the card marks), and the years there are events in."""
    now = timezone.now()
    events = one_translation_each(events_under(index), reader_language())
    years = events.dates("starts_at", "year", order="DESC")
    if "year" in filters:
        events = events.filter(starts_at__year=int(filters["year"]))
    if "kind" in filters:
        events = events.filter(kind=filters["kind"])
    if "format" in filters:
        events = events.filter(format=filters["format"])
    fields = (
        "title", "url_path", "path", "depth", "strapline", "kind", "format", "starts_at",
        "ends_at", "time_zone", "city", "country", "audience", "cancelled", "locale_id",
    )  # fmt: skip
    events = events.only(*fields)
    upcoming = Paginator(events.filter(ends_at__gte=now).order_by("starts_at", "pk"), PER_PAGE)
    past = Paginator(events.filter(ends_at__lt=now).order_by("-starts_at", "-pk"), PER_PAGE)
    upcoming_page = upcoming.get_page(request.GET.get(UPCOMING_PAGE))
    upcoming_page.query_parameter = UPCOMING_PAGE
    return {
        "upcoming": upcoming_page,
        "past": past.get_page(request.GET.get(PAST_PAGE)),
        "years": [date.year for date in years],
    }


def event_listing(index, request):
    """The index page. What it lists is public and the same for every reader (events move the
    content version): one fragment under the content version (``{% contentcache %}``) for each
    filter and page, computed only when not kept. Events pass from upcoming to past with time
    alone, so the fragment varies too with the page cache's period: a cached anonymous page and
    the fragment are as late as each other."""
    filters = listing_filters(request)
    pages = [request.GET.get(name, "")[:8] for name in (UPCOMING_PAGE, PAST_PAGE)]
    period = int(time.time() // settings.PAGE_CACHE_TIMEOUT)
    return index.render(
        request,
        context_overrides={
            "filters": filters,
            "kinds": EventPage.Kind.choices,
            "formats": EventPage.Format.choices,
            "listing": partial(listing, index, request, filters),
            "listing_key": "|".join([*(filters.get(name, "") for name in FILTERS), *pages]),
            "listing_period": period,
        },
    )


def event_page_context(page, request):
    """What the event page shows: for a visitor nothing personal (the page is cached for
    them); for a signed-in person their registration and, when confirmed, the online link.
    Registrations, seats and the online link are the source event's (``source_event``): a
    translation shows the same ones."""
    event = services.source_event(page)
    context = {
        "event": event,
        "closed_reason": (services.registration_state(event) or (None, None))[1],
        "sessions": page.sessions.prefetch_related("speakers").all(),
        "speakers": page.speakers.all(),
        "seats_left": None,
    }
    if request.user.is_authenticated:
        registration = Registration.objects.filter(event=event, user=request.user).first()
        context["registration"] = registration
        if registration and registration.status in services.SEATED and event.online_link:
            context["online_link"] = event.online_link
    return context


def _account_first(request, page):
    return render(
        request, "events/register_account_first.html", {"page": page, "next": request.path}
    )


def register(page, request):
    """Registering from ``page`` (in any language) registers for its ``source_event``."""
    if not request.user.is_authenticated:
        return _account_first(request, page)
    if not has_verified_email(request.user):
        return render(request, "events/register_verify.html", {"page": page})
    event = services.source_event(page)
    existing = Registration.objects.filter(
        event=event, user=request.user, status__in=services.ACTIVE
    ).first()
    if existing:
        messages.info(request, _("You are already registered."))
        return redirect("events:registration", pk=existing.pk)
    error = None
    member = services.member_of(request.user)
    initial = {
        "name": request.user.get_full_name() or "",
        "organisation": member.name if member else "",
        "invitation_code": request.GET.get("code", ""),
    }
    if request.method == "POST":
        form = RegistrationForm(request.POST, event=event)
        if form.is_valid():
            try:
                registration = services.register(
                    event,
                    request.user,
                    name=form.cleaned_data["name"],
                    organisation=form.cleaned_data["organisation"],
                    answers=form.answers(),
                    access_needs=form.cleaned_data["access_needs"],
                    consent=form.cleaned_data["consent"],
                    invitation_code=form.cleaned_data.get("invitation_code", ""),
                )
            except services.RegistrationError as exc:
                error = exc
                if exc.code in ("invalid_code", "used_code", "invitation_required"):
                    form.add_error("invitation_code", str(exc))
            else:
                messages.success(request, _status_message(registration))
                return redirect("events:registration", pk=registration.pk)
    else:
        form = RegistrationForm(initial=initial, event=event)
        try:
            services.check_can_register(event, request.user, invitation_code="-")
        except services.RegistrationError as exc:
            if exc.code not in ("invalid_code", "used_code", "invitation_required"):
                error = exc
    return render(
        request,
        "events/register.html",
        {"page": page, "event": event, "form": form, "error": error, "member": member},
        status=200,
    )


def _status_message(registration):
    return {
        Status.CONFIRMED: _("You are registered: your place is confirmed."),
        Status.WAITLISTED: _("The event is full: you are on the waiting list."),
        Status.PENDING: _("Thank you: the secretariat will confirm your registration."),
    }.get(registration.status, _("Your registration is saved."))


def _own_registration(request, pk):
    return get_object_or_404(Registration.objects.select_related("event"), pk=pk, user=request.user)


@login_required
def registration_detail(request, pk):
    registration = _own_registration(request, pk)
    event = registration.event
    editable = registration.status in services.ACTIVE and not event.is_past
    form = None
    if editable:
        if request.method == "POST":
            form = RegistrationForm(request.POST, event=event, editing=True)
            if form.is_valid():
                registration.name = form.cleaned_data["name"]
                registration.organisation = form.cleaned_data["organisation"]
                registration.access_needs = form.cleaned_data["access_needs"]
                registration.answers = form.answers()
                registration.save(
                    update_fields=["name", "organisation", "access_needs", "answers", "updated_at"]
                )
                messages.success(request, _("Your answers are saved."))
                return redirect("events:registration", pk=registration.pk)
        else:
            form = RegistrationForm(
                initial=RegistrationForm.initial_for(registration), event=event, editing=True
            )
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "form": form,
            "can_cancel": registration.status in services.ACTIVE and not event.is_past,
            "show_online_link": registration.status in services.SEATED and event.online_link,
        },
    )


@login_required
@require_POST
def registration_cancel(request, pk):
    registration = _own_registration(request, pk)
    if registration.status not in services.ACTIVE:
        messages.info(request, _("This registration is no longer active."))
    else:
        services.cancel_registration(registration)
        messages.success(request, _("Your registration is cancelled."))
    return redirect("events:registration", pk=registration.pk)


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_calendar(page, request):
    """The event's public calendar file (never the online link)."""
    return _ics_response(services.calendar([page]), f"{page.slug}.ics")


def calendar_feed(index, request):
    """The calendar of upcoming public events (never members-only ones or online links), each
    in the reader's language where it is translated into it."""
    events = services.upcoming_public_events().filter(pk__in=events_under(index).values("pk"))
    return _ics_response(services.calendar(events), "events.ics")


def dashboard_section(request):
    """``/dashboard/``: the person's registrations with their status and actions."""
    registrations = list(
        Registration.objects.filter(user=request.user)
        .select_related("event")
        .order_by("-event__starts_at")
    )
    if not registrations:
        return None
    return {"registrations": registrations, "active": services.ACTIVE}
