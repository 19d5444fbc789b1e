"""Suggestions from the public: never public before approval, honeypot, rate limit; moderation in
the admin, and the suggester told the outcome through the outbox."""

import pytest
from django.core import mail

from directory import services
from directory.factories import DirectoryEntryFactory, EntrySuggestionFactory
from directory.models import DirectoryEntry, EntrySuggestion
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

FORM = {
    "category": "law_enforcement",
    "name": "Brigade des mineurs",
    "description": "Investigates abuse of children.",
    "website": "https://police.example.org",
    "source": "https://gouv.example.org/brigade",
    "email": "visitor@example.org",
}


def test_a_suggestion_waits_and_is_never_public_before_approval(client, site):
    response = client.post("/directory/fr/suggest/", FORM)
    assert response.status_code == 302 and response["Location"] == "/directory/fr/"
    suggestion = EntrySuggestion.objects.get()
    assert suggestion.status == EntrySuggestion.Status.PENDING
    assert str(suggestion.country) == "FR"
    for url in ["/directory/fr/", "/report/?country=FR", "/directory/", "/api/directory/entries/"]:
        assert "Brigade des mineurs" not in client.get(url).content.decode(), url
    assert not DirectoryEntry.objects.exists()


def test_the_honeypot_refuses_a_bot(client, site):
    response = client.post("/directory/fr/suggest/", {**FORM, "homepage": "http://spam.example"})
    assert response.status_code == 200
    assert not EntrySuggestion.objects.exists()


def test_a_source_is_required_and_only_http_addresses(client, site):
    response = client.post("/directory/fr/suggest/", {**FORM, "source": "javascript:alert(1)"})
    assert response.status_code == 200
    assert not EntrySuggestion.objects.exists()


def test_the_rate_limit_holds(client, site, settings):
    settings.MEMBERS_FORM_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/directory/fr/suggest/", FORM).status_code == 302
    assert client.post("/directory/fr/suggest/", FORM).status_code == 429
    assert EntrySuggestion.objects.count() == 2


def test_the_form_offers_a_correction_of_the_countrys_entries(client, site):
    entry = DirectoryEntryFactory(country="FR", name="Point de Contact")
    DirectoryEntryFactory(country="DE", name="jugendschutz.net")
    content = client.get(f"/directory/fr/suggest/?entry={entry.pk}").content.decode()
    assert "Point de Contact" in content and "jugendschutz.net" not in content


def test_approving_a_new_entry_publishes_it_and_tells_the_suggester(editor, site, client):
    suggestion = EntrySuggestionFactory(name="Brigade des mineurs", language="fr")
    entry = services.approve_suggestion(suggestion, editor, note="Merci !")
    assert entry.name == "Brigade des mineurs" and entry.verified_by == editor
    assert entry.source_urls == ["https://source.example.org/suggested"]
    assert "Brigade des mineurs" in client.get("/directory/fr/").content.decode()
    email = OutgoingEmail.objects.get(category="directory.suggestion_decided")
    assert email.to == ["suggester@example.org"]
    assert "Merci !" in email.body_text
    assert "annuaire" in email.body_text.lower() or "directory" in email.body_text.lower()
    # Deciding again is refused, and sends nothing more.
    with pytest.raises(services.TransitionError):
        services.reject_suggestion(suggestion, editor)
    assert OutgoingEmail.objects.filter(category="directory.suggestion_decided").count() == 1


def test_a_correction_updates_its_entry(editor, site):
    entry = DirectoryEntryFactory(country="FR", name="Point de Contact", phone="")
    suggestion = EntrySuggestionFactory(
        entry=entry, name="Point de Contact", phone="0800 200 000", website="", email=""
    )
    services.approve_suggestion(suggestion, editor)
    entry.refresh_from_db()
    assert entry.phone == "0800 200 000"
    assert "https://source.example.org/suggested" in entry.source_urls
    assert not OutgoingEmail.objects.exists()  # no address left: nobody to tell


def test_rejecting_tells_the_suggester_and_publishes_nothing(editor, site):
    suggestion = EntrySuggestionFactory()
    services.reject_suggestion(suggestion, editor, note="No source says so.")
    assert not DirectoryEntry.objects.exists()
    assert "No source says so." in OutgoingEmail.objects.get().body_text


def test_moderation_in_the_admin(client, editor, site):
    suggestion = EntrySuggestionFactory(name="Brigade des mineurs")
    client.force_login(editor)
    page = client.get(f"/admin/directory_suggestions/inspect/{suggestion.pk}/")
    assert page.status_code == 200 and "Approve and publish" in page.content.decode()
    response = client.post(
        f"/admin/directory_suggestions/{suggestion.pk}/approve/", {"note": "Thanks"}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == EntrySuggestion.Status.APPROVED
    assert DirectoryEntry.objects.get().name == "Brigade des mineurs"


def test_people_who_do_not_edit_cannot_decide(client, reviewer, member, site):
    suggestion = EntrySuggestionFactory()
    for person in (reviewer, member):
        client.force_login(person)
        response = client.post(f"/admin/directory_suggestions/{suggestion.pk}/approve/")
        assert response.status_code in (302, 403)
    suggestion.refresh_from_db()
    assert suggestion.status == EntrySuggestion.Status.PENDING
    assert not mail.outbox
