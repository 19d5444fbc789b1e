"""One moderation workflow, owned by the Secretariat moderators, for every page type editors
create (issue 12): an editor submits a news item, the moderator is told, sees it, approves it.
Wagtail sends the notices, once, in each recipient's language (issue 13)."""

import pytest
from django.core import mail
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState

from portal.factories import StandardPageFactory
from portal.moderation import WAGTAIL_DEFAULT_WORKFLOW, WORKFLOW_NAME, ensure_moderation_workflow
from portal.roles import SECRETARIAT_MODERATORS
from resources.factories import MNRPageFactory, NewsIndexPageFactory, ResourceIndexPageFactory
from resources.models import NewsPage
from tests.html import soup

pytestmark = pytest.mark.django_db

EMPTY_FORMSET = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0",
                 "MAX_NUM_FORMS": "1000"}  # fmt: skip


def news_form(**extra):
    data = {
        "title": "Summit in Nairobi",
        "slug": "summit-in-nairobi",
        "date": "2026-11-30",
        "summary": "The alliance meets in Nairobi.",
        "body-count": "0",
        "tags": "",
    }
    for prefix in ("related_resources", "comments"):
        data.update({f"{prefix}-{key}": value for key, value in EMPTY_FORMSET.items()})
    return {**data, **extra}


def test_every_page_type_uses_the_one_workflow_and_wagtails_default_is_retired(home_page):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    (task,) = [task.specific for task in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [SECRETARIAT_MODERATORS]
    news_index = NewsIndexPageFactory(parent=home_page)
    pages = [
        home_page,
        StandardPageFactory(parent=home_page),
        news_index,
        MNRPageFactory(parent=home_page),
        ResourceIndexPageFactory(parent=home_page),
    ]
    for page in pages:
        assert page.get_workflow() == workflow, page
    # Editors see one workflow name, not two near-identical ones.
    assert list(Workflow.objects.filter(active=True).values_list("name", flat=True)) == [
        WORKFLOW_NAME
    ]
    assert not Workflow.objects.get(name=WAGTAIL_DEFAULT_WORKFLOW).active


def test_the_step_is_idempotent_and_keeps_a_root_workflow_chosen_by_a_superuser(db):
    first = ensure_moderation_workflow()
    assert ensure_moderation_workflow() == first
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    root = Page.get_first_root_node()
    chosen = Workflow.objects.create(name="Board approval")
    WorkflowPage.objects.filter(page=root).update(workflow=chosen)
    ensure_moderation_workflow()
    assert WorkflowPage.objects.get(page=root).workflow == chosen


def test_a_review_in_progress_on_wagtails_default_is_cancelled_not_deleted(home_page, editor):
    default = Workflow.objects.get(name=WAGTAIL_DEFAULT_WORKFLOW)
    default.active = True
    default.save()
    page = StandardPageFactory(parent=home_page)
    page.save_revision(user=editor)
    state = default.start(page, editor)
    ensure_moderation_workflow()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert not Workflow.objects.get(pk=default.pk).active


def test_editor_submits_news_moderator_is_told_sees_it_and_approves_it(
    client, home_page, editor, moderator, django_capture_on_commit_callbacks
):
    news_index = NewsIndexPageFactory(parent=home_page)
    client.force_login(editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/add/resources/newspage/{news_index.pk}/",
            news_form(**{"action-submit": "Submit for moderation"}),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsPage.objects.get(slug="summit-in-nairobi")
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow.name == WORKFLOW_NAME

    # The moderator is e-mailed ...
    told = [m for m in mail.outbox if moderator.email in m.to]
    assert told and "Summit in Nairobi" in told[0].subject
    assert editor.email not in {address for m in mail.outbox for address in m.to}

    # ... sees the item waiting in their dashboard ...
    client.force_login(moderator)
    dashboard = soup(client.get("/admin/"))
    links = [a.get_text(" ", strip=True) for a in dashboard.select("a")]
    assert any("Summit in Nairobi" in text for text in links)

    # ... may edit it (it is not locked for them) ...
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert "Only reviewers for this task can edit" not in edit.content.decode()

    # ... and approves it, which publishes it.
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Good."}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_moderation_notices_go_once_in_each_recipients_language(
    client, home_page, editor, moderator, django_capture_on_commit_callbacks
):
    for person, language in ((editor, "ar"), (moderator, "fr")):
        person.language = language
        person.save(update_fields=["language"])
    news_index = NewsIndexPageFactory(parent=home_page)
    client.force_login(editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/pages/add/resources/newspage/{news_index.pk}/",
            news_form(**{"action-submit": "Submit for moderation"}),
            HTTP_ACCEPT_LANGUAGE="es",
        )
    # One notice to the moderator, in French, though the editor worked in Spanish.
    [told] = [m for m in mail.outbox if m.to == [moderator.email]]
    assert told.subject.startswith("La page «\u00a0Summit in Nairobi\u00a0» a été soumise")

    # The moderator approves; the editor is told in Arabic.
    page = NewsPage.objects.get(slug="summit-in-nairobi")
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
        )
    [approved] = [m for m in mail.outbox if m.to == [editor.email]]
    assert approved.subject == (
        'تمت الموافقة على الصفحة "Summit in Nairobi" في "Secretariat moderation".'
    )


def test_the_accounts_language_is_its_wagtail_profiles(editor):
    from wagtail.users.models import UserProfile

    editor.language = "es"
    editor.save(update_fields=["language"])
    assert UserProfile.get_for_user(editor).get_preferred_language() == "es"
    editor.last_name = "Changed"
    editor.save(update_fields=["last_name"])  # a save that leaves the language alone
    assert UserProfile.get_for_user(editor).get_preferred_language() == "es"
