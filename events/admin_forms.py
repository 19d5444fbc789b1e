"""The page editor's form for events: times are typed and shown in the event's own time zone.

Django's admin reads a typed time in the editor's current time zone (the server's, or the one in
their Wagtail profile), so a summit in Nairobi entered from London would start at the wrong hour.
Here the stored instants are shown as wall-clock times in the event's ``time_zone``, and what is
typed is read in the zone chosen in the same form: changing the zone keeps the wall-clock times
and moves the instants. A time the clocks skip in that zone (a spring-forward gap) is refused on
its field; so is a time they repeat (the autumn hour that happens twice), with the advice to
enter it in UTC, where it happens once.

This module imports nothing from ``events.models`` (``EventPage.base_form_class`` is this form).
"""

import datetime
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class NonexistentTime(ValueError):
    pass


class AmbiguousTime(ValueError):
    pass


def aware_in_zone(wall_time, zone):
    """The instant at which clocks in ``zone`` show ``wall_time`` (naive). Raises
    ``NonexistentTime`` in a gap and ``AmbiguousTime`` when the clocks show it twice."""
    first = wall_time.replace(tzinfo=zone, fold=0)
    second = wall_time.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    if first.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != wall_time:
        raise NonexistentTime(wall_time)
    raise AmbiguousTime(wall_time)


def known_zone(name):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as typed, with no time zone: the form decides which zone it is in.
    (``forms.DateTimeField`` would read it in the editor's current time zone.)"""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        if isinstance(value, datetime.date):
            return datetime.datetime(value.year, value.month, value.day)
        try:
            result = parse_datetime(value.strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        # Else the input formats (the editor's widget, the locale's), as Django's field does.
        return result or forms.BaseTemporalField.to_python(self, value)

    def prepare_value(self, value):
        return value  # already the wall-clock time (the form's initial) or what was typed


class EventPageForm(WagtailAdminPageForm):
    """``EventPage``'s editor form (its ``base_form_class``)."""

    local_time_fields = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = known_zone(self.instance.time_zone)
        for name in self.local_time_fields:
            if name not in self.fields:
                continue
            original = self.fields[name]
            self.fields[name] = WallClockDateTimeField(
                required=original.required,
                label=original.label,
                help_text=original.help_text or _("Local time at the event, in its time zone."),
                widget=original.widget,
            )
            stored = getattr(self.instance, name)
            if stored is not None and zone is not None and timezone.is_aware(stored):
                self.initial[name] = timezone.localtime(stored, zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        if "time_zone" in self.fields:
            zone_name = cleaned_data.get("time_zone")
        else:
            zone_name = self.instance.time_zone
        zone = known_zone(zone_name)
        for name in self.local_time_fields:
            value = cleaned_data.get(name)
            if value is None or timezone.is_aware(value):
                continue
            if zone is None:  # the time zone field says what is wrong
                del cleaned_data[name]
            else:
                try:
                    cleaned_data[name] = aware_in_zone(value, zone)
                    continue
                except (NonexistentTime, AmbiguousTime) as exc:
                    self.add_error(name, self.refusal(exc, value, zone_name))
            # Not the stored time either: the model's checks (ends before it starts) would
            # compare the other times with it and add an error that is not true.
            setattr(self.instance, name, None)
        return cleaned_data

    @staticmethod
    def refusal(exc, value, zone_name):
        params = {"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone_name}
        if isinstance(exc, NonexistentTime):
            return (
                _(
                    "%(time)s does not exist in %(zone)s: the clocks go forward over it. "
                    "Enter a time after the change."
                )
                % params
            )
        return (
            _(
                "%(time)s happens twice in %(zone)s: the clocks go back over it. "
                "Enter another time, or choose the time zone UTC and enter it there."
            )
            % params
        )
