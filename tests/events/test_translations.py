"""Events in the visitor's language: /fr/events/ lists the French events and, for those not
translated into French, the English ones marked as English; the switcher keeps /events/; a
translation is the same event (its registrations, seats, online link and calendar entry are its
source's); seed_demo translates the index and the upcoming summit, once."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ninja.testing import TestClient
from wagtail.models import Locale, Page, Revision

from events import services
from events.api import router
from events.models import EventIndexPage, EventPage, Registration
from portal import content_version
from tests.html import soup
from tests.resources.conftest import translate

from .conftest import parse_ics

pytestmark = pytest.mark.django_db
SECRET = "https://meet.example.org/secret-room"


@pytest.fixture(autouse=True)
def locales(db):
    for code in ("en", "fr", "es", "ar"):
        Locale.objects.get_or_create(language_code=code)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def french_index(events_index):
    return translate(events_index, "fr", title="Événements")


@pytest.fixture
def french_event(event, french_index):
    return translate(event, "fr", title="Sommet mondial", slug="sommet-mondial",
                     strapline="Trois jours sur la Réponse nationale modèle.")  # fmt: skip


def cards(response, section):
    return soup(response).select(f"#{section}-title + ul .card")


def card_titles(response, section):
    return [card.select_one("h3 a").get_text() for card in cards(response, section)]


def in_english_badge():
    # The language's name as a sentence writes it (not Django's label, "Anglais").
    return "Disponible en anglais"


def test_the_french_index_lists_french_events_and_the_others_in_english_marked(
    client, make_event, french_event, django_assert_max_num_queries
):
    make_event(title="Webinar", kind="webinar", format="online",
               starts_at=french_event.starts_at + datetime.timedelta(hours=1))  # fmt: skip
    past = make_event(title="London 2014", kind="summit", starts_at=days_ago(400),
                      ends_at=days_ago(399))  # fmt: skip
    client.get("/fr/events/")
    with django_assert_max_num_queries(20):
        response = client.get("/fr/events/")
    assert response.status_code == 200
    assert soup(response).find("h1").get_text() == "Événements"
    assert card_titles(response, "upcoming") == ["Sommet mondial", "Webinar"]
    assert card_titles(response, "past") == ["London 2014"]

    french, webinar = cards(response, "upcoming")
    assert french.select_one("h3 a")["href"] == french_event.url == "/fr/events/sommet-mondial/"
    assert not french.h3.has_attr("lang") and not french.select(".badge")
    assert french.find_all("p")[-1].get_text() == "Trois jours sur la Réponse nationale modèle."
    for card in (webinar, cards(response, "past")[0]):
        assert (card.h3["lang"], card.h3["dir"], card.h3.a["hreflang"]) == ("en", "ltr", "en")
        assert [badge.get_text() for badge in card.select(".badge")] == [in_english_badge()]
    assert cards(response, "past")[0].h3.a["href"] == past.url == "/events/london-2014/"

    # The filters choose among the same events, each once.
    summits = client.get("/fr/events/?kind=summit")
    assert not cards(summits, "upcoming") and card_titles(summits, "past") == ["London 2014"]
    meetings = client.get("/fr/events/?kind=meeting")
    assert card_titles(meetings, "upcoming") == ["Sommet mondial"] and not cards(meetings, "past")
    online = client.get("/fr/events/?format=online")
    assert card_titles(online, "upcoming") == ["Webinar"] and not cards(online, "past")
    year = client.get(f"/fr/events/?year={past.starts_at.year}")
    assert card_titles(year, "past") == ["London 2014"] and not cards(year, "upcoming")
    years = [o["value"] for o in soup(response).select("#filter-year option") if o["value"]]
    expected = {str(page.starts_at.year) for page in EventPage.objects.all()}
    assert years == sorted(expected, reverse=True)

    # In English, each event once, in English, unmarked.
    english = client.get("/events/")
    assert card_titles(english, "upcoming") == ["Global Summit", "Webinar"]
    assert not soup(english).select(".card [lang]") and not soup(english).select(".card .badge")


def test_where_the_language_has_no_events_index_every_event_is_in_english_marked(
    client, event, french_event
):
    # No Arabic home page: Wagtail serves the English tree under /ar/, the interface in Arabic.
    response = client.get("/ar/events/")
    assert response.status_code == 200
    [card] = cards(response, "upcoming")
    assert (card.h3.get_text(), card.h3["lang"], card.h3["dir"]) == ("Global Summit", "en", "ltr")


def test_the_french_index_queries_do_not_grow_with_events(
    client, make_event, french_index, fragments_not_kept
):
    def french_event(**fields):
        translate(make_event(**fields), "fr")

    french_event(title="First")
    make_event(title="Past", starts_at=days_ago(30), ends_at=days_ago(29))
    client.get("/fr/events/")
    with CaptureQueriesContext(connection) as one:
        client.get("/fr/events/")
    for i in range(12):
        maker = french_event if i % 2 else make_event
        maker(title=f"Event {i}", starts_at=days_ago(i + 1), ends_at=days_ago(i))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/fr/events/")
    assert len(cards(response, "past")) == 13
    assert len(many) == len(one) <= 20


def test_the_switcher_on_events_keeps_the_page(client, french_index):
    nav = soup(client.get("/events/")).find("nav", class_="language-nav")
    links = {link["hreflang"]: link["href"] for link in nav.find_all("a")}
    assert links["fr"] == "/fr/events/"
    # No Spanish home page: the English index, served under /es/.
    assert links["es"] == "/es/events/"
    assert client.get("/fr/events/").status_code == 200
    back = soup(client.get("/fr/events/")).find("nav", class_="language-nav")
    assert back.find("a", hreflang="en")["href"] == "/language/en/?next=%2Fevents%2F"


def test_the_home_page_in_french_links_the_next_event_in_french_else_in_english(
    client, event, french_event, make_event
):
    def next_event():
        section = soup(client.get("/fr/")).select_one("#home-event-title").parent
        [link] = section.select(".card h3 a")
        return link

    link = next_event()
    assert (link["href"], link.get_text()) == (french_event.url, "Sommet mondial")
    assert not link.parent.has_attr("lang")
    sooner = make_event(title="Sooner", starts_at=event.starts_at - datetime.timedelta(days=1))
    content_version.move()  # as publishing does on commit
    link = next_event()
    assert (link["href"], link.get_text(), link.parent["lang"]) == (sooner.url, "Sooner", "en")
    assert link.find_parent(class_="card").select_one(".badge").get_text() == in_english_badge()
    home = soup(client.get("/")).select_one("#home-event-title").parent
    assert [a.get_text() for a in home.select(".card h3 a")] == ["Sooner"]


def test_the_online_link_never_appears_in_a_translation_for_visitors(
    client, french_event, page_cache_on
):
    assert french_event.online_link == SECRET  # copied with the page
    url = french_event.url
    for address in (url, url, "/fr/events/", "/fr/events/calendar/", url + "calendar/", "/fr/"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert SECRET.encode() not in response.content, address


def test_a_translation_shows_the_source_events_registration_and_online_link(
    client, event, french_event, people
):
    confirmed, seated, waitlisted = people(3)
    for person in (confirmed, seated, waitlisted):
        services.register(event, person, name=person.email, consent=True)
    client.force_login(confirmed)
    html = soup(client.get(french_event.url))
    assert html.select_one("#online-link")["href"] == SECRET
    client.force_login(waitlisted)
    response = client.get(french_event.url)
    assert SECRET.encode() not in response.content
    assert soup(response).select_one("#registration-status").get_text() == "Sur la liste d’attente"


def test_registering_from_a_translation_registers_for_the_source_event(
    client, event, french_event, user
):
    client.force_login(user)
    form = soup(client.get(french_event.url + "register/"))
    assert form.find("h1").get_text() == "S’inscrire à Sommet mondial"
    response = client.post(
        french_event.url + "register/", {"name": "Ana", "organisation": "", "consent": "on"}
    )
    registration = Registration.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == f"/fr/dashboard/registrations/{registration.pk}/"
    assert (
        registration.event_id == event.pk and registration.status == Registration.Status.CONFIRMED
    )
    # The seats are the source's: capacity 2, so the French page's next registration fills it.
    assert services.confirmed_count(event) == 1 and services.confirmed_count(french_event) == 0


def test_a_translations_calendar_file_is_the_same_calendar_entry(client, event, french_event,
                                                                  make_event):  # fmt: skip
    untranslated = make_event(title="Webinar", starts_at=event.starts_at + datetime.timedelta(1))
    [english] = parse_ics(client.get(event.url + "calendar/").content).walk("VEVENT")
    response = client.get(french_event.url + "calendar/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    [french] = parse_ics(response.content).walk("VEVENT")
    assert str(french["SUMMARY"]) == "Sommet mondial"
    assert str(french["URL"]) == "http://localhost/fr/events/sommet-mondial/"
    for name in ("UID", "DTSTART", "DTEND", "SEQUENCE", "LOCATION"):
        assert french[name].to_ical() == english[name].to_ical(), name

    feed = parse_ics(client.get("/fr/events/calendar/").content).walk("VEVENT")
    assert [str(v["SUMMARY"]) for v in feed] == ["Sommet mondial", "Webinar"]
    assert str(feed[0]["UID"]) == str(english["UID"])
    assert str(feed[1]["UID"]) == services.event_uid(untranslated)
    english_feed = parse_ics(client.get("/events/calendar/").content).walk("VEVENT")
    assert [str(v["SUMMARY"]) for v in english_feed] == ["Global Summit", "Webinar"]


def test_the_api_lists_each_event_once(event, french_event):
    assert [item["title"] for item in TestClient(router).get("/events/").json()] == [
        "Global Summit"
    ]


# --- seed_demo ---------------------------------------------------------------------------------


def translations_state():
    """What seed_demo wrote of the events' translations, and how many pages and revisions."""
    pages = EventPage.objects.exclude(locale__language_code="en").order_by("pk")
    indexes = EventIndexPage.objects.order_by("pk")
    return (
        Page.objects.count(),
        Revision.objects.count(),
        [
            (p.locale.language_code, p.title, p.url, p.strapline, p.latest_revision_id)
            for p in pages
        ],
        [(p.locale.language_code, p.title, p.url, p.live) for p in indexes],
    )


def test_seed_demo_translates_the_events_index_and_the_summit_once(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = translations_state()
    call_command("seed_demo")
    assert translations_state() == first

    summit = EventPage.objects.get(slug="global-summit-2027")
    translations = {
        page.locale.language_code: page.specific for page in summit.get_translations().live()
    }
    assert sorted(translations) == ["ar", "es", "fr"]
    french = translations["fr"]
    assert (french.title, french.url) == (
        "Sommet mondial 2027 (démo)",
        "/fr/events/sommet-mondial-2027/",
    )
    assert french.strapline.startswith("Trois jours")
    assert "Ministres" in str(french.description)
    assert translations["ar"].title == "القمة العالمية 2027 (تجريبية)"
    for page in translations.values():
        assert (page.starts_at, page.capacity) == (summit.starts_at, summit.capacity)
        assert page.title != summit.title and page.strapline != summit.strapline
    titles = dict(EventIndexPage.objects.live().values_list("locale__language_code", "title"))
    assert titles == {"en": "Events", "fr": "Événements", "es": "Eventos", "ar": "الفعاليات"}

    for code in ("fr", "es", "ar"):
        response = client.get(f"/{code}/events/")
        assert response.status_code == 200, code
        listed = card_titles(response, "upcoming") + card_titles(response, "past")
        assert translations[code].title in listed and summit.title not in listed
        assert "WePROTECT Global Summit, London 2014 (demo)" in listed

    # A rebuild updates the translations in place: no second copy of any page.
    pages = Page.objects.count()
    call_command("seed_demo", "--refresh")
    assert Page.objects.count() == pages
    assert summit.get_translations().count() == 3
    settings.DEBUG = False


def test_a_translation_not_yet_synchronised_shows_the_source_events_time_and_status(
    client, event, french_event
):
    # The secretariat moves and cancels the English event; nobody has synchronised the French
    # translation (wagtail-localize leaves that to an editor).
    event.starts_at += datetime.timedelta(days=7)
    event.ends_at += datetime.timedelta(days=7)
    event.cancelled = True
    event.save_revision().publish()
    french_event.refresh_from_db()
    assert french_event.starts_at != event.starts_at and not french_event.cancelled

    html = soup(client.get(french_event.url))
    assert html.select_one(".event__when time")["datetime"] == event.starts_at.isoformat()
    assert html.select_one("#event-cancelled") is not None
    assert not html.select("#registration a.button")  # no registering for a cancelled event
    [vevent] = parse_ics(client.get(french_event.url + "calendar/").content).walk("VEVENT")
    assert vevent["DTSTART"].dt == event.starts_at
    assert (str(vevent["STATUS"]), vevent["SEQUENCE"]) == ("CANCELLED", event.sequence)
