"""MNR self-assessments: who may read and write them, their workflow, and what they tell.

A member's contacts keep one assessment a year (country members always; other members when the
secretariat enables it). Every change of status goes through ``transition``, against
``ASSESSMENT_TRANSITIONS``; answers are saved per capability with the last change winning
(``save_answers`` writes only the fields a person actually changed, and records each change in
``AssessmentEdit``). A submitted assessment is locked; next year's starts from a copy of the
latest one.

Privacy: an assessment is read by its member's contacts and the secretariat (membership
reviewers and superusers) only (``can_view``). A member may publish a summary of a submitted
assessment (levels, or levels and evidence) on its member page; and name itself, where it agreed,
on the pages of the capabilities it is mature in. The secretariat's aggregates count an
unpublished assessment only in a figure to which at least ``AGGREGATE_THRESHOLD`` members
contribute.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import content_version
from resources.i18n import source_capabilities

from ..models import (
    MATURE_PHASES,
    TOP_PHASES,
    Assessment,
    AssessmentAnswer,
    AssessmentDocument,
    AssessmentEdit,
    MemberContact,
    MemberOrganisation,
    Phase,
)
from .errors import MembershipError, NotAllowed
from .reviewers import is_reviewer

Status = Assessment.Status
CONTACT, SECRETARIAT = "contact", "secretariat"

# (from, to) → (action, who may do it). Nothing else is possible.
ASSESSMENT_TRANSITIONS = {
    (Status.DRAFT, Status.SUBMITTED): ("submit", CONTACT),
    (Status.SUBMITTED, Status.DRAFT): ("reopen", SECRETARIAT),
}
# The fields of an answer that people edit, in the order of the form.
ANSWER_FIELDS = ("level", "evidence", "links", "responsible_bodies", "priority")
# An unpublished assessment counts in an aggregate figure only when at least this many members
# contribute to the figure.
AGGREGATE_THRESHOLD = 5
# Evidence documents: PDF only, at most this size.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


class AssessmentLocked(MembershipError):
    def __init__(self):
        super().__init__(_("This assessment is submitted: it can no longer be changed."))


class InvalidAssessmentTransition(MembershipError):
    def __init__(self, from_status, to_status):
        super().__init__(
            _("An assessment that is “%(from)s” cannot become “%(to)s”.")
            % {"from": Status(from_status).label, "to": Status(to_status).label}
        )


# --- Who ---------------------------------------------------------------------------------------
def is_secretariat(user):
    """Who reads every assessment and the aggregates: membership reviewers and superusers."""
    return is_reviewer(user)


def is_contact(user, member):
    if not user or not user.is_authenticated:
        return False
    return MemberContact.objects.filter(organisation=member, user=user).exists()


def can_view(user, assessment):
    # The member's contacts read it most: asked first, they need no question about groups.
    return is_contact(user, assessment.member) or is_secretariat(user)


def can_edit(user, assessment):
    return (
        not assessment.is_locked
        and assessment.member.may_assess
        and is_contact(user, assessment.member)
    )


def members_assessing(user, contacts=None):
    """The members ``user`` is a contact of that keep a self-assessment, by name; from
    ``contacts`` (their ``MemberContact`` rows with organisations, by name) when the caller has
    read them (``contacts_for_request``)."""
    if contacts is not None:
        return [contact.organisation for contact in contacts if contact.organisation.may_assess]
    members = MemberOrganisation.objects.active().filter(contacts__user=user)
    return [member for member in members.order_by("name") if member.may_assess]


# --- The workflow ------------------------------------------------------------------------------
def current_year():
    return timezone.localdate().year


def start_assessment(member, *, actor, year=None):
    """This year's (or ``year``'s) assessment of ``member``, started from a copy of its latest
    earlier one when there is one. Starting twice returns the same assessment."""
    if not member.may_assess:
        raise NotAllowed(_("This member does not keep an MNR self-assessment."))
    if not is_contact(actor, member):
        raise NotAllowed(_("Only the member's contacts can do this."))
    year = year or current_year()
    with transaction.atomic():
        existing = Assessment.objects.filter(member=member, year=year).first()
        if existing is not None:
            return existing
        previous = Assessment.objects.filter(member=member, year__lt=year).order_by("-year").first()
        assessment = Assessment.objects.create(
            member=member,
            year=year,
            created_by=actor,
            copied_from=previous,
            publication=previous.publication if previous else Assessment.Publication.PRIVATE,
            contactable=previous.contactable if previous else False,
        )
        if previous is not None:
            AssessmentAnswer.objects.bulk_create(
                AssessmentAnswer(
                    assessment=assessment,
                    capability_id=answer.capability_id,
                    updated_by=actor,
                    **{name: getattr(answer, name) for name in ANSWER_FIELDS},
                )
                for answer in previous.answers.all()
            )
        AssessmentEdit.objects.create(
            assessment=assessment,
            user=actor,
            action="copy" if previous else "start",
            changes={"copied_from": previous.year} if previous else {},
        )
    return assessment


def save_answers(assessment, changes, *, actor):
    """Write ``changes`` (``{capability id: {field: new value}}``, only the fields the person
    changed) to the draft: the last change wins per field of each capability, and a field
    nobody changed in this save keeps what another contact wrote meanwhile. Returns how many
    capabilities changed."""
    if not can_edit(actor, assessment):
        if assessment.is_locked:
            raise AssessmentLocked()
        raise NotAllowed(_("Only the member's contacts can do this."))
    changed = 0
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_locked:
            raise AssessmentLocked()
        for capability_id, fields in sorted(changes.items()):
            fields = {name: value for name, value in fields.items() if name in ANSWER_FIELDS}
            if not fields:
                continue
            answer, _created = AssessmentAnswer.objects.select_for_update().get_or_create(
                assessment=locked, capability_id=capability_id
            )
            recorded = {}
            for name, value in fields.items():
                before = getattr(answer, name)
                if before != value:
                    recorded[name] = [before, value]
                    setattr(answer, name, value)
            if not recorded:
                continue
            answer.updated_by = actor
            answer.save()
            AssessmentEdit.objects.create(
                assessment=locked, capability_id=capability_id, user=actor, changes=recorded
            )
            changed += 1
        if changed:
            locked.save(update_fields=["updated_at"])
    return changed


def transition(assessment, to_status, *, actor):
    key = (assessment.status, to_status)
    if key not in ASSESSMENT_TRANSITIONS:
        raise InvalidAssessmentTransition(assessment.status, to_status)
    action, who = ASSESSMENT_TRANSITIONS[key]
    if who == CONTACT and not is_contact(actor, assessment.member):
        raise NotAllowed(_("Only the member's contacts can do this."))
    if who == SECRETARIAT and not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat can do this."))
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != assessment.status:
            raise InvalidAssessmentTransition(locked.status, to_status)
        locked.status = to_status
        if to_status == Status.SUBMITTED:
            locked.submitted_at, locked.submitted_by = timezone.now(), actor
        locked.save()
        AssessmentEdit.objects.create(assessment=locked, user=actor, action=action)
        # Capability pages name members mature in them, member pages show published summaries.
        content_version.move_on_commit()
    return locked


def submit_assessment(assessment, *, actor):
    """Lock the assessment: what it says is this year's answer."""
    return transition(assessment, Status.SUBMITTED, actor=actor)


def reopen_assessment(assessment, *, actor):
    """The secretariat unlocks a submitted assessment (a member asked to correct it)."""
    return transition(assessment, Status.DRAFT, actor=actor)


def set_publication(assessment, *, publication, contactable, actor):
    """What the member shows others: a summary on its member page, its name on the pages of the
    capabilities it is mature in."""
    if not is_contact(actor, assessment.member):
        raise NotAllowed(_("Only the member's contacts can do this."))
    if publication not in Assessment.Publication.values:
        raise MembershipError(_("Choose what to publish."))
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        changes = {}
        if locked.publication != publication:
            changes["publication"] = [locked.publication, publication]
        if locked.contactable != contactable:
            changes["contactable"] = [locked.contactable, contactable]
        if not changes:
            return locked
        locked.publication, locked.contactable = publication, contactable
        locked.save(update_fields=["publication", "contactable", "updated_at"])
        AssessmentEdit.objects.create(
            assessment=locked, user=actor, action="publication", changes=changes
        )
        content_version.move_on_commit()
    return locked


def add_document(assessment, capability_id, upload, *, actor):
    """Keep an evidence document (a PDF) for one capability, privately."""
    if not can_edit(actor, assessment):
        if assessment.is_locked:
            raise AssessmentLocked()
        raise NotAllowed(_("Only the member's contacts can do this."))
    with transaction.atomic():
        answer, _created = AssessmentAnswer.objects.get_or_create(
            assessment=assessment, capability_id=capability_id
        )
        document = AssessmentDocument(answer=answer, name=upload.name[:200], uploaded_by=actor)
        document.file.save("evidence.pdf", upload, save=False)
        document.save()
        AssessmentEdit.objects.create(
            assessment=assessment,
            capability_id=capability_id,
            user=actor,
            action="document",
            changes={"document": [None, document.name]},
        )
    return document


# --- What an assessment tells ------------------------------------------------------------------
def answers_by_capability(assessment, *, with_history=True):
    """``{capability number: answer}``, every capability present (unsaved ones not started);
    ``with_history``, each with who last changed it and its documents."""
    saved = assessment.answers.all()
    if with_history:
        saved = saved.select_related("updated_by").prefetch_related("documents")
    saved = {answer.capability_id: answer for answer in saved}
    answers = {}
    for capability in source_capabilities().select_related("domain"):
        answer = saved.get(capability.pk) or AssessmentAnswer(
            assessment=assessment, capability=capability
        )
        answer.capability = capability
        answers[capability.number] = answer
    return answers


def previous_assessment(assessment):
    """The member's latest submitted assessment of an earlier year."""
    return (
        Assessment.objects.submitted()
        .filter(member_id=assessment.member_id, year__lt=assessment.year)
        .order_by("-year")
        .first()
    )


@dataclass
class Gap:
    answer: AssessmentAnswer
    resources_url: str = ""
    resources: list = field(default_factory=list)
    resource_total: int = 0
    members: list = field(default_factory=list)
    member_total: int = 0
    members_url: str = ""


# The members the gap report names under a gap; the capability page lists them all.
GAP_MEMBERS = 5
# The newest resources the gap report names under a gap; the library lists them all.
GAP_RESOURCES = 3


@dataclass(frozen=True)
class Helper:
    """A member mature in a capability, as the gap report names it."""

    pk: int
    name: str
    url: str


def gap_report(assessment, request=None):
    """The gaps (capabilities below the top two phases) in the member's priority order (high,
    medium, low, then unset; by capability number within each), each with the library's
    resources for it and the members mature in it that agreed to be contacted; the chart of
    each domain; progress against the previous submitted assessment."""
    answers = answers_by_capability(assessment, with_history=False)
    gaps = [answer for answer in answers.values() if answer.level not in TOP_PHASES]
    gaps.sort(key=lambda answer: (answer.priority or 99, answer.capability.number))
    help_by_number = capability_help(request)
    report = []
    for answer in gaps:
        found = help_by_number.get(answer.capability.number, {})
        others = [
            helper for helper in found.get("helpers", []) if helper.pk != assessment.member_id
        ]
        member_total = found.get("helper_total", 0) - (
            assessment.member_id in found.get("helper_ids", ())
        )
        report.append(
            Gap(
                answer=answer,
                resources_url=_absolute(found["library_url"], request)
                if found.get("library_url")
                else "",
                resources=found.get("resources", []),
                resource_total=found.get("resource_total", 0),
                members=others[:GAP_MEMBERS],
                member_total=member_total,
                members_url=_absolute(found["members_url"], request)
                if found.get("members_url")
                else "",
            )
        )
    previous = previous_assessment(assessment)
    return {
        "gaps": report,
        "domains": domain_charts(answers),
        "previous": previous,
        "progress": progress(answers, previous),
    }


def capability_help(request=None):
    """``{capability number: {...}}``: what the gap report offers under a gap in a capability,
    the same in every member's report: the library's newest resources for it (``resources``,
    as (title, address)), how many it has (``resource_total``) and its listing of them
    (``library_url``); the members mature in it that agreed to be contacted (``helpers``, the
    first ones by name, one more than a report names, as one of them may be the reader's own;
    ``helper_ids``, ``helper_total``) and the capability page's list of them all
    (``members_url``). Kept in the content cache per site and language: resources, pages,
    members and submitted assessments move the content version."""
    from resources.page_context import capability_page_urls, newest_resources_by_capability

    def compute():
        numbers = dict(source_capabilities().values_list("pk", "number"))
        newest = newest_resources_by_capability(GAP_RESOURCES, request)
        library = library_url(request)
        pages = capability_page_urls(request)
        # The capability pages' copy (``members_mature_in``), not a second computation.
        mature = members_mature_in(request=request)
        helpers = {numbers[pk]: members for pk, members in mature.items()}
        found = {}
        for number in numbers.values():
            resources, total = newest.get(number, ([], 0))
            members = helpers.get(number, [])
            found[number] = {
                "resources": [(page.title, page.get_url(request)) for page in resources],
                "resource_total": total,
                "library_url": f"{library}?capability={number}" if library else "",
                "helpers": [
                    Helper(pk=member.pk, name=member.name, url=member.get_absolute_url())
                    for member in members[: GAP_MEMBERS + 1]
                ],
                "helper_ids": frozenset(member.pk for member in members),
                "helper_total": len(members),
                "members_url": f"{pages[number]}#capability-members" if number in pages else "",
            }
        return found

    if request is None:
        return compute()
    return content_version.cached_per_site(request, "gap-report-help", compute)


def _absolute(url, request):
    """The full address (a printed report is read away from the site)."""
    return request.build_absolute_uri(url) if request is not None else url


def library_url(request=None):
    """The library's address, in the reader's language where it has a live translation."""
    from django.db.models import Case, Value, When

    from resources.i18n import reader_language
    from resources.models import ResourceIndexPage

    here = Case(When(locale__language_code=reader_language(), then=Value(0)), default=Value(1))
    library = ResourceIndexPage.objects.live().order_by(here, "path").first()
    return library.get_url(request) if library else ""


# The chart's geometry: one bar per capability, its length the level out of the top phase.
CHART_BAR_HEIGHT, CHART_GAP, CHART_LABEL_WIDTH, CHART_BAR_WIDTH = 22, 8, 40, 300


def domain_charts(answers):
    """For each domain, its capabilities' levels and the bars that draw them (an SVG chart the
    template renders next to a table of the same numbers)."""
    domains = {}
    for number, answer in sorted(answers.items()):
        domain = answer.capability.domain
        chart = domains.setdefault(
            domain.pk, {"domain": domain, "rows": [], "height": 0, "label_width": CHART_LABEL_WIDTH}
        )
        index = len(chart["rows"])
        y = index * (CHART_BAR_HEIGHT + CHART_GAP)
        chart["rows"].append(
            {
                "number": number,
                "name": answer.capability.name,
                "level": answer.level,
                "label": Phase(answer.level).label,
                "y": y,
                "text_y": y + CHART_BAR_HEIGHT - 6,
                "width": CHART_BAR_WIDTH * answer.level // Phase.MATURE,
                "gap": answer.level not in TOP_PHASES,
            }
        )
        chart["height"] = y + CHART_BAR_HEIGHT
    for chart in domains.values():
        chart["bar_height"] = CHART_BAR_HEIGHT
        chart["full_width"] = CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 10
        chart["bar_x"] = CHART_LABEL_WIDTH
        # The top two phases start here: a line marks the threshold.
        chart["threshold_x"] = CHART_LABEL_WIDTH + CHART_BAR_WIDTH * Phase.ESTABLISHED // 4
    return list(domains.values())


def progress(answers, previous):
    """What moved up and what moved down since ``previous`` (an earlier assessment)."""
    if previous is None:
        return None
    before = dict(previous.answers.values_list("capability_id", "level"))
    moved = {"up": [], "down": [], "same": 0}
    for answer in answers.values():
        was = before.get(answer.capability_id, Phase.NOT_STARTED)
        row = {
            "capability": answer.capability,
            "from": Phase(was).label,
            "to": Phase(answer.level).label,
        }
        if answer.level > was:
            moved["up"].append(row)
        elif answer.level < was:
            moved["down"].append(row)
        else:
            moved["same"] += 1
    return moved


def latest_submitted(members=None):
    """``{member id: assessment}``: each member's latest submitted assessment."""
    rows = Assessment.objects.submitted().filter(member__status=MemberOrganisation.Status.ACTIVE)
    if members is not None:
        rows = rows.filter(member__in=members)
    newest_year = rows.filter(member=OuterRef("member")).order_by("-year").values("year")[:1]
    latest = rows.filter(year=Subquery(newest_year)).select_related("member")
    return {assessment.member_id: assessment for assessment in latest}


def members_mature_in(capability_ids=None, request=None):
    """``{capability id: [member, …]}``: the active members whose latest submitted assessment is
    published, reports the capability in the top two phases and agrees to be contacted, by
    name. (An unpublished assessment never shows, not even through a name.) With a ``request``,
    read from the content cache: what changes it (submitting, reopening, publishing an
    assessment, a member's status) moves the content version."""
    if request is None:
        found = mature_members_by_capability()
    else:
        found = content_version.cached(request, "members-mature-in", mature_members_by_capability)
    if capability_ids is None:
        return found
    return {pk: found[pk] for pk in capability_ids if pk in found}


def mature_members_by_capability():
    latest = [
        assessment
        for assessment in latest_submitted().values()
        if assessment.contactable and assessment.is_published
    ]
    if not latest:
        return {}
    answers = AssessmentAnswer.objects.filter(
        assessment__in=[assessment.pk for assessment in latest], level__in=MATURE_PHASES
    )
    members = {assessment.pk: assessment.member for assessment in latest}
    found = defaultdict(list)
    for assessment_id, capability_id in answers.values_list("assessment_id", "capability_id"):
        found[capability_id].append(members[assessment_id])
    for listed in found.values():
        listed.sort(key=lambda member: member.name)
    return dict(found)


def published_summary(member):
    """The member's latest submitted, published assessment and its answers, or ``None``."""
    assessment = Assessment.objects.published().filter(member=member).order_by("-year").first()
    if assessment is None:
        return None
    answers = answers_by_capability(assessment)
    return {
        "assessment": assessment,
        "with_evidence": assessment.publication == Assessment.Publication.EVIDENCE,
        "domains": domain_charts(answers),
        "answers": list(answers.values()),
    }


# --- The secretariat's aggregates --------------------------------------------------------------
def aggregate(*, year=None, region=""):
    """Per capability: how many members reach each phase, from the submitted assessments of
    ``year`` (the latest year with one, by default) of members in ``region`` (all by default).

    A capability's figures count every contributing assessment when at least
    ``AGGREGATE_THRESHOLD`` members contribute; otherwise only the published ones, and with
    none of those the row has no figures (``counts`` is ``None``)."""

    submitted = Assessment.objects.submitted()
    if region:
        submitted = submitted.filter(member__region=region)
    if year is None:
        year = submitted.order_by("-year").values_list("year", flat=True).first()
    answers = AssessmentAnswer.objects.filter(
        assessment__in=submitted.filter(year=year)
    ).values_list("capability_id", "level", "assessment__publication")
    cells = defaultdict(lambda: {"all": [0] * len(Phase), "published": [0] * len(Phase)})
    for capability_id, level, publication in answers:
        cells[capability_id]["all"][level] += 1
        if publication != Assessment.Publication.PRIVATE:
            cells[capability_id]["published"][level] += 1
    rows = []
    for index, capability in enumerate(source_capabilities().select_related("domain")):
        cell = cells.get(capability.pk)
        counts, published_only = None, False
        contributors = sum(cell["all"]) if cell else 0
        if cell and contributors >= AGGREGATE_THRESHOLD:
            counts = cell["all"]
        elif cell and sum(cell["published"]):
            counts, published_only = cell["published"], True
        rows.append(
            {
                "capability": capability,
                "counts": counts,
                "total": sum(counts) if counts else 0,
                "top": sum(counts[phase] for phase in TOP_PHASES) if counts else 0,
                "published_only": published_only,
                "bars": _stacked_bars(counts),
                "y": index * AGGREGATE_ROW_HEIGHT,
            }
        )
    return {
        "year": year,
        "region": region,
        "rows": rows,
        "phases": Phase.choices,
        "chart_height": (len(rows) + 1) * AGGREGATE_ROW_HEIGHT,
    }


def aggregate_over_time(*, region=""):
    """``[(year, {capability id: row})]`` for every year with a submitted assessment, oldest
    first: how the number of members in the top two phases moved."""
    submitted = Assessment.objects.submitted()
    if region:
        submitted = submitted.filter(member__region=region)
    years = sorted(set(submitted.values_list("year", flat=True)))
    return [
        (year, {row["capability"].pk: row for row in aggregate(year=year, region=region)["rows"]})
        for year in years
    ]


AGGREGATE_BAR_WIDTH = 300
AGGREGATE_ROW_HEIGHT = 20
# One colour per phase, from not started (grey) to mature (green).
PHASE_COLOURS = ("#9ca3af", "#fcd34d", "#f59e0b", "#34d399", "#047857")


def _stacked_bars(counts):
    """The segments of a stacked bar: one per phase, as wide as its share."""
    if not counts or not sum(counts):
        return []
    total, x, segments = sum(counts), 0, []
    for phase, count in enumerate(counts):
        width = AGGREGATE_BAR_WIDTH * count // total
        segments.append(
            {
                "phase": phase,
                "label": Phase(phase).label,
                "count": count,
                "x": x,
                "width": width,
                "fill": PHASE_COLOURS[phase],
            }
        )
        x += width
    return segments
