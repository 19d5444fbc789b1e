"""The secretariat's registrations: filters, counts, exports, decisions, check-in, messages."""

import csv
import io

import openpyxl
import pytest

from events import services
from events.factories import RegistrationQuestionFactory
from events.models import EventMessage, Registration
from members.factories import MemberContactFactory, MemberOrganisationFactory
from tests.html import soup

pytestmark = pytest.mark.django_db
S = Registration.Status
INDEX = "/admin/events_registrations/"


@pytest.fixture
def registered(event, people):
    """Two confirmed (one from a company in Europe), one waitlisted, with answers."""
    question = RegistrationQuestionFactory(page=event, label="Diet")
    a, b, c = people(3)
    company = MemberOrganisationFactory(name="Northwind", kind="company", country="IE")
    MemberContactFactory(organisation=company, user=a)
    return [
        services.register(event, person, name=name, consent=True, answers={str(question.pk): diet})
        for person, name, diet in ((a, "Ana", "Vegan"), (b, "Ben", "None"), (c, "Cleo", "Halal"))
    ]


def test_list_filters_and_counts_against_capacity(staff, event, registered):
    response = staff.get(INDEX, {"event": event.pk})
    html = soup(response)
    assert html.select_one("#capacity-summary").get_text(strip=True) == "2 of 2 places taken"
    response = staff.get(INDEX, {"event": event.pk, "status": "waitlisted"})
    assert "Cleo" in response.content.decode() and "Ana" not in response.content.decode()


def test_csv_export_holds_exactly_the_filtered_rows_with_answers(staff, event, registered):
    response = staff.get(INDEX, {"event": event.pk, "member_kind": "company", "export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["Name"] for row in rows] == ["Ana"]
    assert rows[0]["Answers"] == "Diet: Vegan"
    response = staff.get(INDEX, {"event": event.pk, "status": "confirmed", "export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert sorted(row["Name"] for row in csv.DictReader(io.StringIO(content))) == ["Ana", "Ben"]


def test_xlsx_export(staff, event, registered):
    response = staff.get(INDEX, {"event": event.pk, "export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    names = [row[1] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Ana", "Ben", "Cleo"]


def test_decline_with_message_promotes_the_waiting(staff, event, registered):
    ana, _ben, cleo = registered
    response = staff.post(f"{INDEX}{ana.pk}/act/decline/", {"message": "Sorry."})
    assert response.status_code == 302
    ana.refresh_from_db()
    cleo.refresh_from_db()
    assert (ana.status, ana.decision_message, cleo.status) == (S.DECLINED, "Sorry.", S.CONFIRMED)


def test_promote_by_hand_refused_when_full(staff, event, registered):
    cleo = registered[2]
    staff.post(f"{INDEX}{cleo.pk}/act/promote/", {})
    cleo.refresh_from_db()
    assert cleo.status == S.WAITLISTED
    services.set_capacity(event, 3)
    cleo.refresh_from_db()
    assert cleo.status == S.CONFIRMED


def test_check_in_page_finds_by_code_and_marks_once(staff, event, registered):
    ana = registered[0]
    html = soup(staff.get(f"/admin/events/{event.pk}/check-in/", {"q": ana.code}))
    assert "Ana" in html.select_one(".events-check-in").get_text()
    url = f"/admin/events/{event.pk}/check-in/{ana.pk}/"
    staff.post(url)
    staff.post(url)
    ana.refresh_from_db()
    assert ana.status == S.ATTENDED
    assert Registration.objects.filter(check_in__isnull=False).count() == 1


def test_message_form_queues_the_task(staff, event, registered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/admin/events/{event.pk}/message/",
            {"status": "", "subject": "Venue change", "body": "Room 2."},
        )
    assert response.status_code == 302
    message = EventMessage.objects.get()
    assert message.recipients == 3


def test_non_staff_cannot_manage(client, event, registered, user):
    client.force_login(user)
    assert client.get(f"/admin/events/{event.pk}/check-in/").status_code in (302, 403)
    assert client.post(f"{INDEX}{registered[0].pk}/act/decline/").status_code in (302, 403)
    registered[0].refresh_from_db()
    assert registered[0].status == S.CONFIRMED
