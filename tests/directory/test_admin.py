"""The directory in the admin: entries with filters and exports, the import, the stale report, and
the monthly digest."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directory import services, tasks
from directory.factories import DirectoryEntryFactory
from directory.models import DirectoryEntry
from portal.models import OutgoingEmail

from .conftest import GOOD, csv_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor, site):
    client.force_login(editor)
    return client


def test_editors_list_filter_and_export_entries(editor_client):
    DirectoryEntryFactory(country="FR", name="Point de Contact")
    DirectoryEntryFactory(country="KE", name="Childline Kenya", helpline=True)
    listing = editor_client.get("/admin/directory_entries/?category=child_helpline")
    assert "Childline Kenya" in listing.content.decode()
    assert "Point de Contact" not in listing.content.decode()
    csv = editor_client.get("/admin/directory_entries/?export=csv")
    assert csv.status_code == 200 and b"Point de Contact" in b"".join(csv.streaming_content)
    xlsx = editor_client.get("/admin/directory_entries/?export=xlsx")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_the_admin_import_validates_as_the_command(editor_client):
    bad = GOOD.replace("Test hotline", "=cmd|' /C calc'!A0")
    upload = SimpleUploadedFile("entries.csv", csv_text(GOOD, bad), content_type="text/csv")
    response = editor_client.post("/admin/directory/import/", {"file": upload})
    assert response.status_code == 200
    assert "Line 3" in response.content.decode()
    assert not DirectoryEntry.objects.exists()
    upload = SimpleUploadedFile("entries.csv", csv_text(GOOD), content_type="text/csv")
    response = editor_client.post("/admin/directory/import/", {"file": upload})
    assert response.status_code == 302
    assert DirectoryEntry.objects.get().name == "Test hotline"


def test_the_import_is_for_those_who_may_add_entries(client, reviewer, site):
    client.force_login(reviewer)
    assert client.get("/admin/directory/import/").status_code in (302, 403)


def test_the_stale_report_lists_entries_not_verified_for_a_year(editor_client):
    today = datetime.date.today()
    DirectoryEntryFactory(name="Fresh", last_verified=today)
    DirectoryEntryFactory(name="Old", last_verified=today - datetime.timedelta(days=400))
    DirectoryEntryFactory(name="Never", last_verified=None)
    content = editor_client.get("/admin/directory/stale/").content.decode()
    assert "Old" in content and "Never" in content and "Fresh" not in content
    export = editor_client.get("/admin/directory/stale/?export=csv")
    assert b"Old" in b"".join(export.streaming_content)


def test_the_monthly_digest_goes_once_a_month_to_each_editor(editor, moderator, site):
    DirectoryEntryFactory(name="Old", last_verified=datetime.date(2020, 1, 1))
    first = datetime.date(2026, 12, 1)
    assert services.send_stale_digest(first) == 2
    assert services.send_stale_digest(first + datetime.timedelta(days=3)) == 2
    emails = OutgoingEmail.objects.filter(category="directory.stale_digest")
    assert sorted(e.to[0] for e in emails) == ["editor@example.org", "moderator@example.org"]
    assert "Old" in emails[0].body_text
    assert services.send_stale_digest(datetime.date(2027, 1, 1)) == 2
    assert OutgoingEmail.objects.filter(category="directory.stale_digest").count() == 4
    assert tasks.send_stale_entries_digest.apply().successful()


def test_no_digest_when_nothing_is_stale(editor, site):
    DirectoryEntryFactory(last_verified=datetime.date.today())
    assert services.send_stale_digest() == 0
    assert not OutgoingEmail.objects.exists()
