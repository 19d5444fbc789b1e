"""Event pages: /events/ (upcoming, then past) and one page per summit or meeting.

What a page shows besides its own fields, its routes (registration form, calendar files) and the
rules of registering live in ``events.views`` and ``events.services``; the models import neither
at module level.
"""

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import BodyBlock

from ..admin_forms import EventPageForm


def time_zone_choices():
    """The IANA zones of this machine's tz database (offered in the editor, not stored in the
    migration: the list changes with tzdata)."""
    zones = sorted(name for name in zoneinfo.available_timezones() if "/" in name)
    return [(name, name) for name in ["UTC", *zones]]


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class EventIndexPage(RoutablePageMixin, Page):
    introduction = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["events.EventPage"]
    max_count = 1
    cached_query_parameters = ("year", "kind", "format", "upcoming", "page")

    class Meta:
        verbose_name = _("event index page")

    @path("")
    def listing(self, request):
        from ..views import event_listing

        return event_listing(self, request)

    @path("calendar/")
    def calendar_feed(self, request):
        from ..views import calendar_feed

        return calendar_feed(self, request)

    def route(self, request, path_components):
        """An event's address found with one query for the event page, in its specific type,
        where Wagtail's ``Page.route`` takes two (the child, then its specific row). The index's
        own addresses (``calendar/``) come first, as ``RoutablePageMixin`` has them; the event
        found routes the rest (``register/``, ``calendar/``) itself; anything else goes
        Wagtail's way."""
        if path_components and self.live:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                event = EventPage.objects.child_of(self).filter(slug=path_components[0]).first()
                if event is not None:
                    return event.route(request, path_components[1:])
        return super().route(request, path_components)


class EventPage(RoutablePageMixin, Page):
    class Kind(models.TextChoices):
        SUMMIT = "summit", _("Summit")
        MEETING = "meeting", _("Meeting")
        WEBINAR = "webinar", _("Webinar")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Mode(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVAL = "approval", _("Approval by the secretariat")
        INVITATION = "invitation", _("Invitation only")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    strapline = models.CharField(_("strapline"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    # Shown only to confirmed attendees: never in the page cache, the feed, search or the API.
    online_link = models.URLField(_("online link"), blank=True)
    description = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    speakers = ParentalManyToManyField("events.Speaker", blank=True, verbose_name=_("speakers"))
    partners = RichTextField(_("partners"), blank=True, features=["bold", "italic", "link", "ul"])
    outcomes = StreamField(BodyBlock(), blank=True, verbose_name=_("outcomes"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Raised whenever the time or place changes, so calendars replace their copy.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)

    # Registration settings.
    registration_enabled = models.BooleanField(_("registration"), default=True)
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    waitlist_enabled = models.BooleanField(_("waiting list"), default=True)
    mode = models.CharField(
        _("registration mode"), max_length=20, choices=Mode.choices, default=Mode.OPEN
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    invited_emails = models.TextField(
        _("invited e-mail addresses"), blank=True, help_text=_("One a line (invitation only).")
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before"), default=7, help_text=_("0 for no reminder.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("strapline"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("format")]),
        MultiFieldPanel(
            [
                # The zone first: the times below are typed in it (``EventPageForm``).
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("city"),
                FieldPanel("country"),
                FieldPanel("map_url"),
                FieldPanel("online_link"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("description"),
        InlinePanel("sessions", label=_("Agenda")),
        FieldPanel("speakers"),
        FieldPanel("partners"),
        FieldPanel("outcomes"),
        FieldPanel("cancelled"),
    ]
    registration_panels = [
        FieldPanel("registration_enabled"),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist_enabled")]),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("audience")]),
        FieldPanel("invited_emails"),
        FieldPanel("reminder_days"),
        InlinePanel("questions", label=_("Questions")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    base_form_class = EventPageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("strapline"),
        index.SearchField("description"),
        index.SearchField("city"),
        index.FilterField("starts_at"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event page")
        verbose_name_plural = _("event pages")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
        if self.pk and self.capacity is not None:
            from ..services import confirmed_count

            confirmed = confirmed_count(self)
            if self.capacity < confirmed:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(confirmed)s people are confirmed: the capacity cannot be lower."
                        )
                        % {"confirmed": confirmed}
                    }
                )

    def save(self, *args, **kwargs):
        if self.pk:
            before = (
                EventPage.objects.filter(pk=self.pk)
                .values("starts_at", "ends_at", "time_zone", "venue_name", "cancelled")
                .first()
            )
            if before and any(before[name] != getattr(self, name) for name in before):
                self.sequence += 1
        return super().save(*args, **kwargs)

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.tz)

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def members_only(self):
        return self.audience == self.Audience.MEMBERS

    def get_context(self, request, *args, **kwargs):
        from ..views import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(self, request))
        return context

    @path("")
    def event(self, request):
        return self.render(request)

    @path("register/")
    def register(self, request):
        from ..views import register

        return register(self, request)

    @path("calendar/")
    def calendar(self, request):
        from ..views import event_calendar

        return event_calendar(self, request)


class EventSession(Orderable):
    page = ParentalKey(EventPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = ParentalManyToManyField("events.Speaker", blank=True, verbose_name=_("speakers"))

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("room"),
        FieldPanel("description"),
        FieldPanel("speakers"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")


class RegistrationQuestion(Orderable):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        CHECKBOX = "checkbox", _("Checkbox")

    page = ParentalKey(EventPage, related_name="questions", on_delete=models.CASCADE)
    label = models.CharField(_("question"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SHORT_TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One a line."))
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("choices"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def field_name(self):
        return f"question_{self.pk}"
