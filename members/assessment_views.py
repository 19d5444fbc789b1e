"""The MNR self-assessment in the member area: /dashboard/assessments/.

Only the member's contacts and the secretariat read an assessment; anyone else gets a 404 (they
do not learn it exists). Every response is private and never stored (``never_cache``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import ratelimit, services
from .assessment_forms import AnswerForm, PublicationForm, StartForm
from .models import Assessment, AssessmentDocument
from .services.assessments import answers_by_capability, current_year


def _limited(request, action):
    if request.method == "POST" and not ratelimit.allow(request, action, limit=600):
        return ratelimit.too_many(request)
    return None


def _readable(request, pk):
    """The assessment ``pk`` if the signed-in person may read it; a 404 otherwise."""
    assessment = get_object_or_404(Assessment.objects.select_related("member"), pk=pk)
    if not services.can_view(request.user, assessment):
        raise Http404
    return assessment


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@never_cache
def assessment_list(request):
    """The person's members that keep an assessment, each with its years; start this year's."""
    members = services.members_assessing(request.user)
    if request.method == "POST":
        if limited := _limited(request, "assessment"):
            return limited
        form = StartForm(request.POST)
        member = None
        if form.is_valid():
            member = next((m for m in members if m.slug == form.cleaned_data["member"]), None)
        if member is None:
            raise Http404
        try:
            assessment = services.start_assessment(member, actor=request.user)
        except services.MembershipError as exc:
            messages.error(request, str(exc))
            return redirect("members:assessments")
        return redirect("members:assessment", pk=assessment.pk)
    by_member = {member.pk: [] for member in members}
    for assessment in Assessment.objects.filter(member__in=members).order_by("-year"):
        by_member[assessment.member_id].append(assessment)
    year = current_year()
    rows = [
        {
            "member": member,
            "assessments": by_member[member.pk],
            "has_this_year": any(a.year == year for a in by_member[member.pk]),
        }
        for member in members
    ]
    return render(request, "members/assessment_list.html", {"rows": rows, "year": year})


@login_required
@never_cache
def assessment_detail(request, pk):
    """The assessment: a form while it is a draft (for the member's contacts), its answers once
    submitted (and for the secretariat)."""
    assessment = _readable(request, pk)
    can_edit = services.can_edit(request.user, assessment)
    answers = answers_by_capability(assessment)

    def forms_for(data=None, files=None):
        return [
            (
                answer,
                AnswerForm(
                    data,
                    files,
                    prefix=f"c{number}",
                    initial={
                        "level": answer.level,
                        "evidence": answer.evidence,
                        "links": answer.links,
                        "responsible_bodies": answer.responsible_bodies,
                        "priority": answer.priority,
                    },
                ),
            )
            for number, answer in answers.items()
        ]

    pairs = forms_for() if can_edit else []
    if request.method == "POST":
        if limited := _limited(request, "assessment"):
            return limited
        if not can_edit:
            if assessment.is_locked:
                messages.error(
                    request, _("This assessment is submitted: it can no longer be changed.")
                )
                return redirect("members:assessment", pk=assessment.pk)
            raise Http404
        pairs = forms_for(request.POST, request.FILES)
        if all(form.is_valid() for _answer, form in pairs):
            changes = {
                answer.capability.pk: form.changes() for answer, form in pairs if form.changes()
            }
            try:
                with transaction.atomic():
                    changed = services.save_answers(assessment, changes, actor=request.user)
                    documents = 0
                    for answer, form in pairs:
                        if form.cleaned_data.get("document"):
                            services.add_document(
                                assessment,
                                answer.capability.pk,
                                form.cleaned_data["document"],
                                actor=request.user,
                            )
                            documents += 1
                    if "submit" in request.POST:
                        services.submit_assessment(assessment, actor=request.user)
            except services.MembershipError as exc:
                messages.error(request, str(exc))
                return redirect("members:assessment", pk=assessment.pk)
            if "submit" in request.POST:
                messages.success(
                    request,
                    _("The %(year)s assessment is submitted. Here is its gap report.")
                    % {"year": assessment.year},
                )
                return redirect("members:assessment_report", pk=assessment.pk)
            messages.success(
                request,
                ngettext(
                    "Draft saved: %(count)s capability changed.",
                    "Draft saved: %(count)s capabilities changed.",
                    changed,
                )
                % {"count": changed}
                + (
                    " " + _("Documents added: %(count)s.") % {"count": documents}
                    if documents
                    else ""
                ),
            )
            return redirect("members:assessment", pk=assessment.pk)
        messages.error(request, _("Some answers need correcting; nothing was saved."))
    domains = {}
    for answer, form in pairs or [(answer, None) for answer in answers.values()]:
        domain = answer.capability.domain
        domains.setdefault(domain.pk, {"domain": domain, "items": []})["items"].append(
            {"answer": answer, "form": form}
        )
    context = {
        "assessment": assessment,
        "member": assessment.member,
        "can_edit": can_edit,
        "is_contact": services.assessments.is_contact(request.user, assessment.member),
        "domains": list(domains.values()),
        "publication_form": PublicationForm(
            initial={
                "publication": assessment.publication,
                "contactable": assessment.contactable,
            }
        ),
        "can_reopen": assessment.is_locked and services.is_secretariat(request.user),
    }
    return _private(render(request, "members/assessment_detail.html", context))


@login_required
@never_cache
def assessment_report(request, pk):
    """The gap report: printable (a print stylesheet) for a ministry to circulate."""
    assessment = _readable(request, pk)
    report = services.gap_report(assessment, request)
    return _private(
        render(
            request,
            "members/assessment_report.html",
            {"assessment": assessment, "member": assessment.member, **report},
        )
    )


@login_required
@never_cache
def assessment_history(request, pk):
    assessment = _readable(request, pk)
    edits = assessment.edits.select_related("user", "capability")[:500]
    return _private(
        render(
            request,
            "members/assessment_history.html",
            {"assessment": assessment, "member": assessment.member, "edits": edits},
        )
    )


@login_required
@require_POST
def assessment_publication(request, pk):
    assessment = _readable(request, pk)
    if not services.assessments.is_contact(request.user, assessment.member):
        raise Http404  # the secretariat reads an assessment; the member decides what it shows
    if limited := _limited(request, "assessment"):
        return limited
    form = PublicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to publish."))
        return redirect("members:assessment", pk=assessment.pk)
    try:
        services.set_publication(
            assessment,
            publication=form.cleaned_data["publication"],
            contactable=form.cleaned_data["contactable"],
            actor=request.user,
        )
    except services.MembershipError as exc:
        messages.error(request, str(exc))
        return redirect("members:assessment", pk=assessment.pk)
    messages.success(request, _("What you publish is saved."))
    return redirect("members:assessment", pk=assessment.pk)


@login_required
@never_cache
def assessment_document(request, pk, document_pk):
    """An evidence document, to those who may read the assessment only."""
    assessment = _readable(request, pk)
    document = get_object_or_404(AssessmentDocument, pk=document_pk, answer__assessment=assessment)
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=document.name or f"evidence-{document.pk}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
