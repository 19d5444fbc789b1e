"""Issue 15: the secretariat decides registrations from the admin's listing and inspect view.
Each row offers exactly the decisions its status allows (``services.allowed_actions``); the
confirmation page says who, which event, the status now and after; the decision goes through the
service, queues the person's e-mail and returns to the listing as the moderator filtered it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission

from events import services
from events.models import Registration
from portal.factories import UserFactory
from portal.models import OutgoingEmail
from tests.html import soup
from tests.mfa import STAFF_TOTP_SECRET

from .helpers import deliver_all, sent_to

pytestmark = pytest.mark.django_db
S = Registration.Status
INDEX = "/admin/events_registrations/"


@pytest.fixture
def approval_event(make_event):
    return make_event(title="Ministers' Roundtable", mode="approval", capacity=1)


@pytest.fixture
def three(approval_event, people):
    """Ana confirmed, Ben on the waiting list (the one seat is Ana's), Cleo pending."""
    ana, ben, cleo = (
        services.register(approval_event, person, name=name, consent=True)
        for person, name in zip(people(3), ("Ana", "Ben", "Cleo"), strict=True)
    )
    ana = services.approve_registration(ana)
    ben = services.approve_registration(ben)
    assert (ana.status, ben.status, cleo.status) == (S.CONFIRMED, S.WAITLISTED, S.PENDING)
    OutgoingEmail.objects.all().delete()
    return ana, ben, cleo


def decisions_by_name(response):
    """{name: [decision, ...]} for each row of the listing."""
    rows = {}
    for row in soup(response).select("table.listing tbody tr"):
        name = row.select_one("td").find("a").get_text(strip=True)
        rows[name] = [button["data-decision"] for button in row.select("[data-decision]")]
    return rows


def decision_link(response, name, action):
    for row in soup(response).select("table.listing tbody tr"):
        if row.select_one("td").find("a").get_text(strip=True) == name:
            return row.select_one(f'a[data-decision="{action}"]')["href"]
    raise AssertionError(f"no {action} for {name}")


def test_allowed_actions_come_from_the_transition_table(three):
    ana, ben, cleo = three
    assert services.allowed_actions(cleo) == ["approve", "decline", "cancel"]
    assert services.allowed_actions(ben) == ["promote", "decline", "cancel"]
    assert services.allowed_actions(ana) == ["cancel", "decline", "check_in"]
    ana.status = S.DECLINED
    assert services.allowed_actions(ana) == []


def test_each_row_offers_the_decisions_its_status_allows(
    staff, approval_event, three, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = staff.get(INDEX, {"event": approval_event.pk})
    assert response.status_code == 200
    # Declining a confirmed person frees the seat (TRANSITIONS allows it); approving does not.
    assert decisions_by_name(response) == {
        "Ana": ["decline"],
        "Ben": ["promote", "decline"],
        "Cleo": ["approve", "decline"],
    }
    response = staff.get(INDEX, {"event": approval_event.pk, "status": "pending"})
    assert decisions_by_name(response) == {"Cleo": ["approve", "decline"]}


def test_listing_query_count_does_not_grow_with_rows(
    staff, approval_event, three, people, django_assert_max_num_queries
):
    for index, person in enumerate(people(10, prefix="more")):
        services.register(approval_event, person, name=f"Person {index}", consent=True)
    with django_assert_max_num_queries(20):
        response = staff.get(INDEX, {"event": approval_event.pk})
    assert len(decisions_by_name(response)) == 13


def test_approve_from_the_filtered_listing(staff, approval_event, three):
    ana, _ben, cleo = three
    services.decline_registration(ana)  # the seat is free again: Ben takes it
    OutgoingEmail.objects.all().delete()
    filters = {"event": approval_event.pk, "status": "pending"}
    listing = staff.get(INDEX, filters)
    link = decision_link(listing, "Cleo", "approve")
    next_url = parse_qs(urlsplit(link).query)["next"][0]
    assert urlsplit(next_url).path == INDEX
    assert parse_qs(urlsplit(next_url).query) == {
        "event": [str(approval_event.pk)],
        "status": ["pending"],
    }

    page = soup(staff.get(link))
    summary = page.select_one("#decision-summary")
    assert "Cleo" in summary.get_text() and "Ministers' Roundtable" in summary.get_text()
    assert summary.select_one('[data-status="current"]').get_text(strip=True) == "Pending approval"
    # Ben took Ana's seat: Cleo would wait.
    assert summary.select_one('[data-status="result"]').get_text(strip=True) == (
        "On the waiting list"
    )
    form = page.select_one("main form[method=post]")
    assert form.select_one('input[name="next"]')["value"] == next_url

    response = staff.post(link, {"message": "Welcome aboard.", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    cleo.refresh_from_db()
    assert (cleo.status, cleo.decision_message) == (S.WAITLISTED, "Welcome aboard.")
    assert list(OutgoingEmail.objects.values_list("to", "category")) == [
        ([cleo.email], "events.waitlisted")
    ]
    deliver_all()
    [message] = sent_to(cleo.email)
    assert "Welcome aboard." in message.body

    listing = soup(staff.get(next_url))
    assert [m.get_text(strip=True) for m in listing.select(".messages li")] == [
        "Cleo is now “On the waiting list”."
    ]


def test_approve_with_a_seat_confirms_and_queues_the_confirmation(staff, make_event, people):
    event = make_event(mode="approval", capacity=5)
    [pending] = [services.register(event, people(1)[0], name="Dara", consent=True)]
    OutgoingEmail.objects.all().delete()
    link = decision_link(staff.get(INDEX, {"event": event.pk}), "Dara", "approve")
    assert (
        soup(staff.get(link)).select_one('[data-status="result"]').get_text(strip=True)
        == "Confirmed"
    )
    staff.post(link, {"message": ""})
    pending.refresh_from_db()
    assert pending.status == S.CONFIRMED
    assert list(OutgoingEmail.objects.values_list("to", "category")) == [
        ([pending.email], "events.confirmed")
    ]


def test_promote_a_waiting_person_by_hand(staff, approval_event, three):
    _ana, ben, _cleo = three
    listing = staff.get(INDEX, {"event": approval_event.pk, "status": "waitlisted"})
    link = decision_link(listing, "Ben", "promote")
    # Full: the page says so before anything is done, and offers no button.
    page = soup(staff.get(link))
    assert page.select_one('[role="alert"]').get_text(strip=True) == "This event is full."
    assert page.select_one("main form[method=post]") is None

    # One more seat, set on the row so that nobody is promoted automatically.
    type(approval_event).objects.filter(pk=approval_event.pk).update(capacity=2)
    assert (
        soup(staff.get(link)).select_one('[data-status="result"]').get_text(strip=True)
        == "Confirmed"
    )
    response = staff.post(link, {"message": "A seat opened up."})
    assert response.status_code == 302
    ben.refresh_from_db()
    assert ben.status == S.CONFIRMED
    # One e-mail: the promotion (with the calendar), not a second "confirmed".
    assert list(OutgoingEmail.objects.values_list("to", "category")) == [
        ([ben.email], "events.promoted")
    ]
    deliver_all()
    [message] = sent_to(ben.email)
    assert "A seat opened up." in message.body


def test_a_refusal_when_posting_keeps_the_typed_message(staff, make_event, people):
    event = make_event(mode="approval", capacity=1, waitlist_enabled=False)
    first, second = (
        services.register(event, person, name=name, consent=True)
        for person, name in zip(people(2), ("Eve", "Finn"), strict=True)
    )
    url = f"{INDEX}{second.pk}/act/approve/"
    page = soup(staff.get(url))  # a seat is still free
    assert page.select_one('[data-status="result"]').get_text(strip=True) == "Confirmed"
    services.approve_registration(first)  # meanwhile, someone else takes it
    response = staff.post(url, {"message": "See you there."})
    assert response.status_code == 200
    page = soup(response)
    assert "This event is full." in page.select_one("main").get_text()
    assert page.select_one('textarea[name="message"]').get_text().strip() == "See you there."
    second.refresh_from_db()
    assert second.status == S.PENDING


def test_a_disallowed_action_is_refused_with_no_change(staff, approval_event, three):
    ana, ben, cleo = three
    for registration, action in ((ana, "promote"), (ana, "approve"), (cleo, "promote")):
        before = registration.status
        response = staff.post(
            f"{INDEX}{registration.pk}/act/{action}/", {"message": "No.", "next": INDEX}
        )
        assert response.status_code == 302
        assert response["Location"] == INDEX
        registration.refresh_from_db()
        assert (registration.status, registration.decision_message) == (before, "")
    assert not OutgoingEmail.objects.exists()
    listing = soup(staff.get(INDEX))
    errors = [m.get_text(" ", strip=True) for m in listing.select(".messages li.error")]
    assert [error.split(".")[0] for error in errors] == [
        "Ana cannot be promoted: the registration is “Confirmed”, not on the waiting list",
        "Ana cannot be approved: the registration is “Confirmed”",
        "Cleo cannot be promoted: the registration is “Pending approval”, not on the waiting list",
    ]
    # The service refuses too, whoever calls it.
    with pytest.raises(services.ActionNotAllowed):
        services.approve_registration(ben)
    ben.refresh_from_db()
    assert ben.status == S.WAITLISTED
    assert staff.get(f"{INDEX}{ana.pk}/act/check_in/").status_code == 404


def test_next_must_be_on_this_site(staff, approval_event, three):
    cleo = three[2]
    response = staff.post(
        f"{INDEX}{cleo.pk}/act/decline/",
        {"message": "", "next": "https://evil.example.org/admin/"},
    )
    assert response["Location"] == f"{INDEX}?event={approval_event.pk}"
    cleo.refresh_from_db()
    assert cleo.status == S.DECLINED


def test_inspect_view_offers_the_same_decisions(staff, three):
    _ana, ben, cleo = three
    for registration, expected in ((cleo, ["approve", "decline"]), (ben, ["promote", "decline"])):
        page = soup(staff.get(f"{INDEX}inspect/{registration.pk}/"))
        buttons = page.select("header [data-decision]")
        assert [button["data-decision"] for button in buttons] == expected
        assert parse_qs(urlsplit(buttons[0]["href"]).query)["next"] == [
            f"{INDEX}inspect/{registration.pk}/"
        ]


def test_without_the_manage_permission_no_buttons_and_403(client, site, approval_event, three):
    readers = Group.objects.create(name="Registration readers")
    readers.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="events", codename="view_registration"),
    )
    reader = UserFactory(
        email="reader@example.org", groups=[readers], totp_secret=STAFF_TOTP_SECRET
    )
    client.force_login(reader)
    response = client.get(INDEX, {"event": approval_event.pk})
    assert response.status_code == 200
    assert decisions_by_name(response) == {"Ana": [], "Ben": [], "Cleo": []}
    cleo = three[2]
    assert not soup(client.get(f"{INDEX}inspect/{cleo.pk}/")).select("[data-decision]")
    assert client.get(f"{INDEX}{cleo.pk}/act/approve/").status_code == 403
    assert client.post(f"{INDEX}{cleo.pk}/act/approve/", {"message": ""}).status_code == 403
    cleo.refresh_from_db()
    assert cleo.status == S.PENDING
    assert not OutgoingEmail.objects.exists()
