"""Editors' resources are approved by a moderator before they go live; the audit log says so."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from resources.factories import ResourcePageFactory
from resources.models import ResourcePage
from resources.services import TASK_NAME, WORKFLOW_NAME
from resources.tasks import publish_scheduled_pages

pytestmark = pytest.mark.django_db

EMPTY_FORMSET = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0",
                 "MAX_NUM_FORMS": "1000"}  # fmt: skip
INLINES = ["documents", "links", "countries", "regions", "related_resources", "comments"]


def resource_form(**extra):
    data = {
        "title": "Guide to child helplines",
        "slug": "guide-to-child-helplines",
        "summary": "How to run a child helpline.",
        "resource_type": "guide",
        "access": "public",
        "publication_date": "2025-05-01",
        "publisher_name": "Alliance Secretariat",
        "body-count": "0",
    }
    for prefix in INLINES:
        data.update({f"{prefix}-{key}": value for key, value in EMPTY_FORMSET.items()})
    data.update(extra)
    return data


def submit_as_editor(client, editor, library):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/resources/resourcepage/{library.pk}/",
        resource_form(**{"action-submit": "Submit for moderation"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ResourcePage.objects.get(slug="guide-to-child-helplines")
    assert not page.live
    return page


def act_as_moderator(client, moderator, page, action):
    state = WorkflowState.objects.get(object_id=str(page.pk))
    task_state = state.current_task_state
    client.force_login(moderator)
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/",
        {"comment": "Looks right." if action == "approve" else "Add sources."},
    )


def test_the_library_is_moderated_by_secretariat_moderators(library):
    workflow = library.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    (task,) = [task.specific for task in workflow.tasks]
    assert task.name == TASK_NAME
    assert list(task.groups.values_list("name", flat=True)) == ["Secretariat moderators"]
    child = ResourcePageFactory(parent=library)
    assert child.get_workflow() == workflow


def test_editor_submits_moderator_approves_and_the_resource_goes_live(
    client, library, editor, moderator
):
    page = submit_as_editor(client, editor, library)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor

    # An editor cannot approve their own work.
    response = act_as_moderator(client, editor, page, "approve")
    page.refresh_from_db()
    assert not page.live

    response = act_as_moderator(client, moderator, page, "approve")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get("/resources/guide-to-child-helplines/").status_code == 200

    log = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    actions = [(entry.action, entry.user) for entry in log]
    assert ("wagtail.create", editor) in actions
    assert ("wagtail.workflow.start", editor) in actions
    assert ("wagtail.workflow.approve", moderator) in actions
    assert ("wagtail.publish", moderator) in actions
    approve = log.get(action="wagtail.workflow.approve")
    assert approve.data["comment"] == "Looks right."


def test_moderator_rejects_and_the_resource_stays_unpublished(client, library, editor, moderator):
    page = submit_as_editor(client, editor, library)
    response = act_as_moderator(client, moderator, page, "reject")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert client.get("/resources/guide-to-child-helplines/").status_code == 404
    entry = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert entry.user == moderator and entry.data["comment"] == "Add sources."
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


def test_an_editor_cannot_publish_directly(client, library, editor):
    client.force_login(editor)
    client.post(
        f"/admin/pages/add/resources/resourcepage/{library.pk}/",
        resource_form(**{"action-publish": "Publish"}),
    )
    assert not ResourcePage.objects.get(slug="guide-to-child-helplines").live


def test_scheduled_publishing_through_publish_scheduled(client, library, moderator):
    page = ResourcePageFactory(parent=library, slug="scheduled", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=moderator)
    revision.publish(user=moderator)
    page.refresh_from_db()
    assert not page.live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.schedule").exists()

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet time

    # The hour passes: the scheduled time is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    publish_scheduled_pages.apply()  # what beat runs every minute
    page.refresh_from_db()
    assert page.live
    assert client.get("/resources/scheduled/").status_code == 200
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").exists()
