"""Demo events: a past summit with outcomes, an upcoming summit open for registration with a
waiting list and questions, and a members-only online meeting; the events index and the summit
in French, Spanish and Arabic (``events.demo_translations``). Safe to run again: it updates
what it finds (by slug under /events/, translations by locale)."""

import datetime

from django.utils import timezone

from portal.factories import paragraph
from resources.demo import translate_page

from . import demo_translations
from .factories import EventIndexPageFactory, EventPageFactory, SpeakerFactory
from .models import EventIndexPage, EventPage, RegistrationQuestion, Speaker

SPEAKERS = [
    ("Amina Diallo (demo)", "Director", "National Child Helpline"),
    ("Tomás Herrera (demo)", "Head of Trust and Safety", "Northwind Messaging"),
]


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _speaker(name, role, organisation):
    speaker = Speaker.objects.filter(name=name).first()
    return speaker or SpeakerFactory(name=name, role=role, organisation=organisation)


def _event(index, slug, **fields):
    page = _child(index, EventPage, slug)
    if page is None:
        page = EventPageFactory(parent=index, slug=slug, **fields)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    return page


# What a translation of an event copies from its source each time the demo is seeded: the facts
# of the event, which are not translated (wagtail-localize synchronises them the same way).
FACTS = (
    "kind", "format", "starts_at", "ends_at", "time_zone", "venue_name", "venue_address", "city",
    "country", "map_url", "cancelled", "registration_enabled", "capacity", "waitlist_enabled",
    "mode", "audience",
)  # fmt: skip


def seed_translations(index, summit):
    """The index and the upcoming summit in each language of ``demo_translations``."""
    for language, fields in demo_translations.INDEX.items():
        translate_page(index, language, **fields)
    facts = {name: getattr(summit, name) for name in FACTS}
    speakers = list(summit.speakers.all())
    for language, fields in demo_translations.SUMMIT.items():
        translate_page(summit, language, **fields, **facts, speakers=speakers)


def seed(command, home):
    index = _child(home, EventIndexPage, "events") or EventIndexPageFactory(parent=home)
    index.save_revision().publish()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    speakers = [_speaker(*spec) for spec in SPEAKERS]

    past = _event(
        index,
        "london-summit-2014",
        title="WePROTECT Global Summit, London 2014 (demo)",
        strapline="Where governments and companies first committed to a coordinated response.",
        kind=EventPage.Kind.SUMMIT,
        format=EventPage.Format.IN_PERSON,
        starts_at=datetime.datetime(2014, 12, 10, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2014, 12, 11, 17, tzinfo=datetime.UTC),
        time_zone="Europe/London",
        venue_name="Lancaster House",
        city="London",
        country="GB",
        outcomes=[
            paragraph(
                "<p>Fifty countries and twenty companies signed the statement of action. "
                "The report and the recordings are in the library.</p>"
            )
        ],
    )
    past.save_revision().publish()

    summit = _event(
        index,
        "global-summit-2027",
        title="Global Summit 2027 (demo)",
        strapline="Three days on the Model National Response, ten years on.",
        kind=EventPage.Kind.SUMMIT,
        format=EventPage.Format.HYBRID,
        starts_at=now + datetime.timedelta(days=60),
        ends_at=now + datetime.timedelta(days=62),
        time_zone="Asia/Dubai",
        venue_name="Emirates Palace",
        city="Abu Dhabi",
        country="AE",
        map_url="https://www.openstreetmap.org/search?query=Abu%20Dhabi",
        online_link="https://meet.example.org/global-summit-2027-demo",
        capacity=3,
        waitlist_enabled=True,
        description=[paragraph("<p>Ministers, companies and NGOs compare what works.</p>")],
    )
    summit.save_revision().publish()
    summit.speakers.set(speakers)
    if not summit.questions.exists():
        RegistrationQuestion.objects.create(
            page=summit, label="Which day will you attend?", kind="single_choice",
            choices="All three\nDay 1\nDay 2\nDay 3", required=True, sort_order=1,
        )  # fmt: skip
        RegistrationQuestion.objects.create(
            page=summit, label="Dietary requirements", kind="short_text", sort_order=2
        )
    summit.save_revision().publish()

    meeting = _event(
        index,
        "members-online-meeting",
        title="Members' online meeting (demo)",
        strapline="Quarterly update for member contacts.",
        kind=EventPage.Kind.MEETING,
        format=EventPage.Format.ONLINE,
        starts_at=now + datetime.timedelta(days=14),
        ends_at=now + datetime.timedelta(days=14, hours=2),
        time_zone="UTC",
        venue_name="",
        city="",
        country="",
        online_link="https://meet.example.org/members-demo",
        audience=EventPage.Audience.MEMBERS,
    )
    meeting.save_revision().publish()
    seed_translations(index, summit)
    command.stdout.write(
        "Events: a past summit, an upcoming summit, a members-only meeting; the events index "
        "and the upcoming summit in French, Spanish and Arabic."
    )
    return [{"page": index, "label": "Events"}]
