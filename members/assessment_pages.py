"""What the self-assessments add to other pages: a section of /dashboard/ (the person's
assessments), the capability pages' "members that can help" (``resources.mnr_sections``), and a
member's published summary on its member page."""

from . import services
from .models import Assessment


def dashboard_assessments(request):
    """The person's members that keep an assessment, each with its latest; ``None`` when none."""
    members = services.members_assessing(
        request.user, contacts=services.contacts_for_request(request)
    )
    if not members:
        return None
    latest = {}
    for assessment in Assessment.objects.filter(member__in=members).order_by("-year"):
        latest.setdefault(assessment.member_id, assessment)
    return {"rows": [{"member": member, "latest": latest.get(member.pk)} for member in members]}


def capability_members(capability, request):
    """Members mature in ``capability`` that agreed to be contacted: public, submitted
    assessments only; ``None`` (no section) when there are none."""
    members = services.members_mature_in([capability.pk], request).get(capability.pk)
    if not members:
        return None
    return {"members": members}
