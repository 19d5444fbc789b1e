"""Issue 15: the secretariat types an event's times in the EVENT's time zone, whatever the
editor's own (``events.admin_forms.EventPageForm``); times the clocks skip or repeat there are
refused on their field."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.admin_forms import aware_in_zone
from events.models import EventPage
from tests.html import soup

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
# The editor sits somewhere else than every event below.
EDITOR_ZONE = "America/Los_Angeles"


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def summit(make_event):
    return make_event(
        title="Nairobi Summit",
        slug="nairobi-summit",
        time_zone="Africa/Nairobi",  # UTC+3, no summer time
        starts_at=utc(2027, 5, 10, 6, 0),
        ends_at=utc(2027, 5, 10, 14, 30),
        registration_closes_at=utc(2027, 5, 3, 20, 59),
    )


def editor_form(event, user, **changes):
    """The page editor's form for ``event``, bound to its current values and ``changes``."""
    form_class = EventPage.get_edit_handler().get_form_class()
    local = {
        name: timezone.localtime(getattr(event, name), event.tz).strftime("%Y-%m-%d %H:%M")
        if getattr(event, name)
        else ""
        for name in form_class.local_time_fields
    }
    fields = {
        "title": event.title,
        "slug": event.slug,
        "strapline": event.strapline,
        "kind": event.kind,
        "format": event.format,
        "time_zone": event.time_zone,
        **local,
        "venue_name": event.venue_name,
        "venue_address": "",
        "city": event.city,
        "country": event.country.code,
        "map_url": "",
        "online_link": "",
        "description": streamfield([]),
        "sessions": inline_formset([]),
        "partners": rich_text(""),
        "outcomes": streamfield([]),
        "registration_enabled": "on",
        "capacity": "",
        "waitlist_enabled": "on",
        "mode": event.mode,
        "audience": event.audience,
        "invited_emails": "",
        "reminder_days": "7",
        "questions": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        **changes,
    }
    return form_class(
        nested_form_data(fields), instance=event, for_user=user, parent_page=event.get_parent()
    )


def test_the_editor_shows_stored_times_in_the_events_zone(client, editor, summit):
    client.force_login(editor)
    with timezone.override(EDITOR_ZONE):
        page = soup(client.get(f"/admin/pages/{summit.pk}/edit/"))
    assert page.select_one("#id_starts_at")["value"] == "2027-05-10 09:00"
    assert page.select_one("#id_ends_at")["value"] == "2027-05-10 17:30"
    assert page.select_one("#id_registration_closes_at")["value"] == "2027-05-03 23:59"


def test_typed_times_are_read_in_the_zone_chosen_in_the_form(editor, summit):
    with timezone.override(EDITOR_ZONE):
        form = editor_form(summit, editor, starts_at="2027-05-10 10:00")
        assert form.is_valid(), form.errors
        event = form.save()
    event.refresh_from_db()
    assert (event.starts_at, event.ends_at) == (utc(2027, 5, 10, 7, 0), utc(2027, 5, 10, 14, 30))

    # Another zone, the same wall-clock times: the instants move with the zone.
    with timezone.override(EDITOR_ZONE):
        form = editor_form(event, editor, time_zone="Asia/Dubai")  # UTC+4
        assert form.is_valid(), form.errors
        form.save()
    event.refresh_from_db()
    assert (event.starts_at, event.ends_at) == (utc(2027, 5, 10, 6, 0), utc(2027, 5, 10, 13, 30))
    assert event.registration_closes_at == utc(2027, 5, 3, 19, 59)


def test_saving_unchanged_times_keeps_the_instants(editor, summit):
    sequence = summit.sequence
    with timezone.override(EDITOR_ZONE):
        form = editor_form(summit, editor)
        assert form.is_valid(), form.errors
        assert not {"starts_at", "ends_at", "registration_closes_at"} & set(form.changed_data)
        event = form.save()
    event.refresh_from_db()
    assert (event.starts_at, event.ends_at, event.sequence) == (
        utc(2027, 5, 10, 6, 0),
        utc(2027, 5, 10, 14, 30),
        sequence,
    )


def test_a_time_the_clocks_skip_is_refused_on_its_field(editor, summit):
    with timezone.override(EDITOR_ZONE):
        form = editor_form(
            summit,
            editor,
            time_zone="Europe/London",
            starts_at="2027-03-28 01:30",
            ends_at="2027-03-28 09:00",
        )
        assert not form.is_valid()
    assert form.errors["starts_at"] == [
        "2027-03-28 01:30 does not exist in Europe/London: the clocks go forward over it. "
        "Enter a time after the change."
    ]
    assert "ends_at" not in form.errors
    assert form["starts_at"].value() == "2027-03-28 01:30"  # what was typed is kept
    summit.refresh_from_db()
    assert summit.starts_at == utc(2027, 5, 10, 6, 0)


def test_a_time_the_clocks_repeat_is_refused_and_can_be_entered_in_utc(editor, summit):
    with timezone.override(EDITOR_ZONE):
        form = editor_form(
            summit,
            editor,
            time_zone="Europe/London",
            starts_at="2027-10-31 01:30",
            ends_at="2027-10-31 09:00",
        )
        assert not form.is_valid()
    assert form.errors["starts_at"] == [
        "2027-10-31 01:30 happens twice in Europe/London: the clocks go back over it. "
        "Enter another time, or choose the time zone UTC and enter it there."
    ]
    with timezone.override(EDITOR_ZONE):
        form = editor_form(
            summit,
            editor,
            time_zone="UTC",
            starts_at="2027-10-31 01:30",
            ends_at="2027-10-31 09:00",
        )
        assert form.is_valid(), form.errors
        event = form.save()
    assert event.starts_at == utc(2027, 10, 31, 1, 30)


def test_aware_in_zone_around_both_changes():
    london = zoneinfo.ZoneInfo("Europe/London")
    assert aware_in_zone(datetime.datetime(2027, 3, 28, 2, 0), london) == utc(2027, 3, 28, 1, 0)
    assert aware_in_zone(datetime.datetime(2027, 3, 28, 0, 59), london) == utc(2027, 3, 28, 0, 59)
    assert aware_in_zone(datetime.datetime(2027, 10, 31, 2, 0), london) == utc(2027, 10, 31, 2, 0)
    assert aware_in_zone(datetime.datetime(2027, 10, 31, 0, 59), london) == utc(
        2027, 10, 30, 23, 59
    )
