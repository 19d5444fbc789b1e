"""One moderation workflow for every page editors create, owned by the Secretariat moderators.

Wagtail's own migrations leave a "Moderators approval" workflow on the root page, approved by
Wagtail's built-in "Moderators" group, which nobody here belongs to: an editor's news item
then reached no moderator and stayed locked. After every ``migrate`` (``portal.apps``) the
root page gets "Secretariat moderation" instead, which every page below it inherits, and
Wagtail's default is deactivated (``Workflow.deactivate``: its in-progress reviews are cancelled
and recorded, never deleted, so the editor submits them again to the new workflow).
"""

from django.db import transaction
from django.utils.translation import gettext_noop

from .roles import SECRETARIAT_MODERATORS

WORKFLOW_NAME = "Secretariat moderation"
TASK_NAME = "Approval by a secretariat moderator"
# Wagtail's default workflow, retired in favour of ours.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
# The library's own workflow before issue 12: renamed into the one workflow, so that its
# reviews in progress carry on.
EARLIER_LIBRARY_WORKFLOW = "Moderator approval"
_ = [gettext_noop(WORKFLOW_NAME), gettext_noop(TASK_NAME)]


@transaction.atomic
def ensure_moderation_workflow():
    """Idempotent: the workflow, its one task for the Secretariat moderators, on the root page.

    A workflow a superuser chose for the root page is kept, unless it is Wagtail's default.
    Returns the workflow.
    """
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    moderators, _created = Group.objects.get_or_create(name=SECRETARIAT_MODERATORS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([moderators])

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.filter(name=EARLIER_LIBRARY_WORKFLOW).first()
        if workflow is None:
            workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        else:
            workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.get_first_root_node()
    if root is not None:
        current = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
        if current is None or current.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
            WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
        # Pages below inherit it: an assignment of the same workflow lower down only repeats it.
        WorkflowPage.objects.filter(workflow=workflow).exclude(page=root).delete()
    for retired in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True):
        retired.deactivate()
    return workflow
