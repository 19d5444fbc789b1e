"""The pages and forms: listing, event page, registering (every bad input), the person's own
registration, calendar files, the dashboard and the home page."""

import datetime
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.factories import RegistrationQuestionFactory
from events.models import InvitationCode, Registration
from portal.factories import UserFactory
from tests.html import soup

from .conftest import parse_ics

pytestmark = pytest.mark.django_db
S = Registration.Status
SECRET = "https://meet.example.org/secret-room"


def form_data(event, **extra):
    return {"name": "Ana Pereira", "organisation": "Hotline Brasil", "consent": "on", **extra}


def test_index_lists_upcoming_then_past_and_filters(
    client, make_event, django_assert_max_num_queries
):
    make_event(title="Next summit", kind="summit")
    make_event(title="Webinar", kind="webinar", format="online")
    make_event(
        title="London 2014",
        kind="summit",
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=399),
    )
    client.get("/events/")  # the site's settings are created on the first request
    with django_assert_max_num_queries(20):
        response = client.get("/events/")
    html = soup(response)
    upcoming = [a.get_text() for a in html.select("#upcoming-title + ul a")]
    past = [a.get_text() for a in html.select("#past-title + ul a")]
    assert sorted(upcoming) == ["Next summit", "Webinar"] and past == ["London 2014"]
    response = client.get("/events/?kind=summit&format=in_person")
    titles = [a.get_text() for a in soup(response).select(".card a")]
    assert sorted(titles) == ["London 2014", "Next summit"]


def test_index_queries_do_not_grow_with_events(client, make_event, fragments_not_kept):
    make_event(title="First")
    make_event(title="Past", starts_at=timezone.now() - datetime.timedelta(days=30),
               ends_at=timezone.now() - datetime.timedelta(days=29))  # fmt: skip
    client.get("/events/")
    with CaptureQueriesContext(connection) as one:
        client.get("/events/")
    for i in range(15):
        make_event(title=f"Event {i}", starts_at=timezone.now() - datetime.timedelta(days=i + 1),
                   ends_at=timezone.now() - datetime.timedelta(days=i))  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        response = client.get("/events/")
    assert len(soup(response).select("#past-title + ul .card")) == 16
    assert len(many) == len(one) <= 20


def test_visitor_sees_no_online_link_anywhere(client, event, page_cache_on):
    for url in (event.url, event.url, "/events/", "/events/calendar/", event.url + "calendar/"):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET.encode() not in response.content


def test_event_page_is_cached_for_visitors(client, event, page_cache_on):
    client.get(event.url)
    assert client.get(event.url)["X-Page-Cache"] == "hit"


def test_confirmed_person_sees_the_online_link_waitlisted_does_not(client, event, people):
    a, b, c = people(3)
    for person in (a, b, c):
        services.register(event, person, name=person.email, consent=True)
    client.force_login(a)
    assert soup(client.get(event.url)).select_one("#online-link")["href"] == SECRET
    client.force_login(c)
    response = client.get(event.url)
    assert SECRET.encode() not in response.content
    assert soup(response).select_one("#registration-status").get_text() == "On the waiting list"


def test_visitor_clicking_register_is_offered_sign_up_with_next(client, event):
    response = client.get(event.url + "register/")
    links = [unquote(a["href"]) for a in soup(response).select(".button-group a")]
    assert links == [
        f"/accounts/signup/?next={event.url}register/",
        f"/accounts/login/?next={event.url}register/",
    ]


def test_unverified_person_is_asked_to_verify(client, event):
    client.force_login(UserFactory(verified=False))
    response = client.get(event.url + "register/")
    assert "Confirm your e-mail address first" in response.content.decode()


def test_register_prefilled_and_member_linked(client, event, member):
    from members.factories import MemberContactFactory, MemberOrganisationFactory

    org = MemberOrganisationFactory(name="Child Safety Network")
    MemberContactFactory(organisation=org, user=member)
    client.force_login(member)
    html = soup(client.get(event.url + "register/"))
    assert html.select_one("#id_organisation")["value"] == "Child Safety Network"
    response = client.post(event.url + "register/", form_data(event))
    registration = Registration.objects.get(user=member)
    assert response.status_code == 302
    assert response["Location"] == f"/dashboard/registrations/{registration.pk}/"
    assert registration.member == org and registration.status == S.CONFIRMED


def test_missing_required_answer_keeps_what_was_typed(client, event, user):
    question = RegistrationQuestionFactory(page=event, label="Your role", required=True)
    other = RegistrationQuestionFactory(page=event, label="Diet")
    client.force_login(user)
    response = client.post(
        event.url + "register/", form_data(event, **{f"question_{other.pk}": "Vegan"})
    )
    html = soup(response)
    assert html.select(f"#id_question_{question.pk}_error")
    assert html.select_one(f"#id_question_{other.pk}")["value"] == "Vegan"
    assert html.select_one("#id_name")["value"] == "Ana Pereira"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ({"waitlist_enabled": False, "capacity": 0}, "full"),
        ({"registration_closes_at": "past"}, "closed"),
        ({"registration_opens_at": "future"}, "not_open"),
        ({"audience": "members"}, "members_only"),
    ],
)
def test_each_refusal_has_its_message_and_keeps_answers(client, make_event, user, setup, code):
    values = {
        key: {"past": timezone.now() - datetime.timedelta(hours=1),
              "future": timezone.now() + datetime.timedelta(days=1)}.get(value, value)
        for key, value in setup.items()
    }  # fmt: skip
    event = make_event(**values)
    client.force_login(user)
    response = client.post(event.url + "register/", form_data(event, organisation="Kept Org"))
    html = soup(response)
    assert html.select_one("#registration-error")["data-code"] == code
    assert html.select_one("#id_organisation")["value"] == "Kept Org"


def test_invalid_and_used_invitation_codes(client, make_event, user, people):
    event = make_event(mode="invitation")
    InvitationCode.objects.create(event=event, code="USED2345")
    [first] = people(1)
    services.register(event, first, name="First", consent=True, invitation_code="USED2345")
    client.force_login(user)
    for typed, message in (("NOPE", "not valid"), ("USED2345", "already been used")):
        response = client.post(event.url + "register/", form_data(event, invitation_code=typed))
        errors = soup(response).select_one("#id_invitation_code_error").get_text()
        assert message in errors


def test_registering_twice_goes_to_the_registration(client, event, user):
    client.force_login(user)
    client.post(event.url + "register/", form_data(event))
    response = client.get(event.url + "register/")
    assert response.status_code == 302
    assert Registration.objects.filter(user=user).count() == 1


def test_own_registration_view_edit_cancel(client, event, user):
    question = RegistrationQuestionFactory(page=event, label="Diet")
    client.force_login(user)
    client.post(event.url + "register/", form_data(event, **{f"question_{question.pk}": "None"}))
    registration = Registration.objects.get(user=user)
    url = f"/dashboard/registrations/{registration.pk}/"
    html = soup(client.get(url))
    assert html.select_one("#check-in-code").get_text() == registration.code
    assert html.select_one("#online-link")["href"] == SECRET
    client.post(url, {"name": "Ana P.", "organisation": "", f"question_{question.pk}": "Vegan",
                      "consent": "on"})  # fmt: skip
    registration.refresh_from_db()
    assert registration.answers == {str(question.pk): "Vegan"} and registration.name == "Ana P."
    client.post(url + "cancel/")
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED


def test_another_persons_registration_is_404(client, event, people):
    a, b = people(2)
    registration = services.register(event, a, name="A", consent=True)
    client.force_login(b)
    url = f"/dashboard/registrations/{registration.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Hijack", "consent": "on"}).status_code == 404
    assert client.post(url + "cancel/").status_code == 404
    assert client.get("/dashboard/registrations/999999/").status_code == 404
    registration.refresh_from_db()
    assert (registration.name, registration.status) == ("A", S.CONFIRMED)


def test_calendar_files(client, event, make_event):
    make_event(title="Members meeting", audience="members")
    calendar = parse_ics(client.get(event.url + "calendar/").content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Global Summit"
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    feed = parse_ics(client.get("/events/calendar/").content)
    assert [str(v["SUMMARY"]) for v in feed.walk("VEVENT")] == ["Global Summit"]


def test_dashboard_lists_registrations(client, event, user):
    services.register(event, user, name="A", consent=True)
    client.force_login(user)
    html = soup(client.get("/dashboard/"))
    section = html.select_one("#registrations-title").parent
    assert "Global Summit" in section.get_text() and "Confirmed" in section.get_text()


def test_home_shows_the_next_event(client, event, make_event):
    make_event(title="Later", starts_at=event.starts_at + datetime.timedelta(days=10))
    html = soup(client.get("/"))
    section = html.select_one("#home-event-title").parent
    assert [a.get_text() for a in section.select("a")] == ["Global Summit"]


def test_news_page_links_events(client, event, home_page):
    from resources.factories import NewsIndexPageFactory, NewsPageFactory

    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page))
    news.events.add(event)
    news.save_revision().publish()
    html = soup(client.get(news.url))
    assert [a.get_text() for a in html.select("#events-title + ul a")] == ["Global Summit"]


def test_online_link_is_not_indexed_for_search():
    from events.models import EventPage

    assert "online_link" not in {field.field_name for field in EventPage.search_fields}


def test_editors_can_create_event_pages(client, editor, events_index):
    client.force_login(editor)
    response = client.get(f"/admin/pages/add/events/eventpage/{events_index.pk}/")
    assert response.status_code == 200


def test_dashboard_section_is_one_query_however_many_registrations(client, make_event, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.views import dashboard_section

    for i in range(5):
        services.register(make_event(title=f"E{i}"), user, name="A", consent=True)
    request = type("Request", (), {"user": user})()
    with CaptureQueriesContext(connection) as queries:
        section = dashboard_section(request)
    assert len(section["registrations"]) == 5 and len(queries) == 1


def test_upcoming_and_past_events_are_paged_each_by_its_own_parameter(client, make_event):
    """Both lists are pages of 20: the upcoming ones by ``upcoming``, the past by ``page``,
    each link keeping the other list's page and the filters."""
    now, day_length = timezone.now(), datetime.timedelta(days=1)
    for day in range(22):
        soon = now + (day + 1) * day_length
        make_event(title=f"Soon {day:02}", kind="meeting", starts_at=soon, ends_at=soon)
        gone = now - (day + 2) * day_length
        make_event(title=f"Gone {day:02}", kind="meeting", starts_at=gone, ends_at=gone)

    def titles(html, section):
        return [a.get_text() for a in html.select(f"#{section}-title + ul .card h3 a")]

    html = soup(client.get("/events/?kind=meeting"))
    assert titles(html, "upcoming") == [f"Soon {day:02}" for day in range(20)]
    assert titles(html, "past") == [f"Gone {day:02}" for day in range(20)]
    upcoming_pages = html.find("nav", attrs={"aria-label": "Pages of upcoming events"})
    assert upcoming_pages.find("a", rel="next")["href"] == "?kind=meeting&upcoming=2"

    html = soup(client.get("/events/?kind=meeting&upcoming=2"))
    assert titles(html, "upcoming") == ["Soon 20", "Soon 21"]
    assert titles(html, "past") == [f"Gone {day:02}" for day in range(20)]
    past_pages = html.find("nav", attrs={"aria-label": "Pages of past events"})
    assert past_pages.find("a", rel="next")["href"] == "?kind=meeting&upcoming=2&page=2"
    html = soup(client.get(past_pages.find("a", rel="next")["href"].replace("?", "/events/?")))
    assert titles(html, "upcoming") == ["Soon 20", "Soon 21"]
    assert titles(html, "past") == ["Gone 20", "Gone 21"]


def test_the_listing_is_one_fragment_for_every_reader_until_an_event_is_published(
    client, make_event, member, django_capture_on_commit_callbacks
):
    make_event(title="Next summit")
    first = soup(client.get("/events/")).select("main .card")
    client.force_login(member)
    with CaptureQueriesContext(connection) as again:
        second = soup(client.get("/events/")).select("main .card")
    assert [str(card) for card in second] == [str(card) for card in first]
    assert not [q for q in again.captured_queries if "events_eventpage" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        make_event(title="Webinar", starts_at=timezone.now() + datetime.timedelta(days=400),
                   ends_at=timezone.now() + datetime.timedelta(days=401))  # fmt: skip
    upcoming = soup(client.get("/events/")).select("#upcoming-title + ul .card h3 a")
    assert [a.get_text() for a in upcoming] == ["Next summit", "Webinar"]


def test_event_addresses_answer_as_wagtails_routing_would(
    client, make_event, events_index, django_assert_max_num_queries
):
    """``EventIndexPage.route`` finds an event with one query for its page: the index's own
    ``calendar/`` still comes first, an event routes its ``register/`` and ``calendar/``, a
    draft or an unknown address answers 404."""
    summit = make_event(title="Summit", slug="summit")
    named_calendar = make_event(title="An event named calendar", slug="calendar")
    client.get(summit.url)
    # The site, the home page, the index and its specific row, the event (one query), the
    # aliases and restrictions up the tree; then the event's own context.
    with django_assert_max_num_queries(11):
        assert client.get(summit.url).status_code == 200
    assert client.get(summit.url + "calendar/")["Content-Type"].startswith("text/calendar")
    assert client.get(summit.url + "register/").status_code == 200
    assert client.get(summit.url + "nothing/").status_code == 404
    assert client.get(events_index.url + "no-such-event/").status_code == 404
    # The index's calendar of every event, not the event whose slug is "calendar".
    feed = client.get(events_index.url + "calendar/").content.decode()
    assert "SUMMARY:Summit" in feed and named_calendar.url == events_index.url + "calendar/"
    summit.unpublish()
    assert client.get("/events/summit/").status_code == 404
