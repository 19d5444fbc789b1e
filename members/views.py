"""Public and personal membership pages: /join/, /dashboard/, /members/."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model
from wagtail.models import Collection

from portal.forms import LanguageForm

from . import ratelimit, services
from .dashboard import sections_for
from .forms import (
    DETAIL_FIELDS,
    OPTIONAL_DETAILS,
    CommitmentForm,
    ContactsForm,
    DetailsForm,
    FurtherContactFormSet,
    InviteForm,
    KindForm,
    MemberFilterForm,
    MessageForm,
    ProfileForm,
    WithdrawForm,
)
from .models import (
    Application,
    ApplicationEvent,
    CommitmentStatement,
    ContactInvitation,
    MemberContact,
    MemberOrganisation,
)

STEP_NAMES = ["details", "contacts", "commitment", "summary"]


def _steps(current):
    labels = {
        "details": _("About you"),
        "contacts": _("Contacts"),
        "commitment": _("Commitment"),
        "summary": _("Check and submit"),
    }
    return [
        {"name": name, "label": labels[name], "current": name == current, "number": n}
        for n, name in enumerate(STEP_NAMES, start=1)
    ]


def error_summary(forms):
    """Every error of ``forms`` for the summary at the top of a page, linking to its field."""
    items = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append({"id": "", "label": "", "message": error})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            for error in errors:
                items.append({"id": bound.auto_id, "label": bound.label, "message": error})
        for error in getattr(form, "_formset_errors", []):
            items.append({"id": "", "label": "", "message": error})
    return items


def _posted(request):
    """The submitted data, even when empty (an empty POST still binds the form)."""
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _own_application(request, pk):
    """The signed-in person's application ``pk``; anyone else's is a 404."""
    return get_object_or_404(Application, pk=pk, applicant=request.user)


def _limited(request, action):
    if request.method == "POST" and not ratelimit.allow(request, action):
        return ratelimit.too_many(request)
    return None


# --- /join/ -----------------------------------------------------------------------------------


def join(request):
    if not request.user.is_authenticated:
        # An account comes first: say so, and keep /join/ as where sign-up and sign-in lead.
        return render(request, "members/join_account_first.html", {"next": request.path})
    if not services.has_verified_email(request.user):
        return render(request, "members/join_verify.html", status=403)
    if limited := _limited(request, "join"):
        return limited
    drafts = with_continue_step(
        Application.objects.filter(
            applicant=request.user, status=Application.Status.DRAFT
        ).order_by("-updated_at")
    )
    form = KindForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        app = Application.objects.create(applicant=request.user, kind=form.cleaned_data["kind"])
        return redirect("members:join_step", pk=app.pk, step="details")
    return render(
        request,
        "members/join_start.html",
        {
            "form": form,
            "drafts": drafts,
            "statement": CommitmentStatement.objects.current(),
        },
    )


@login_required
def join_step(request, pk, step):
    if step not in STEP_NAMES:
        raise Http404
    app = _own_application(request, pk)
    if not app.is_editable_by_applicant:
        messages.info(request, _("This application can no longer be changed."))
        return redirect(app)
    if limited := _limited(request, "join"):
        return limited
    handler = {
        "details": _details_step,
        "contacts": _contacts_step,
        "commitment": _commitment_step,
        "summary": _summary_step,
    }[step]
    response, context = handler(request, app)
    if response is not None:
        return response
    context.update(
        {
            "application": app,
            "steps": _steps(step),
            "step": step,
            "summary_errors": error_summary(context.get("forms", [])),
        }
    )
    return render(request, f"members/join_{step}.html", context)


def first_incomplete_step(app, statement):
    """The step where the applicant has something left to do (the summary when none)."""
    details = DETAIL_FIELDS[app.kind]
    if any(not getattr(app, name) for name in details if name not in OPTIONAL_DETAILS):
        return "details"
    if app.kind == Application.Kind.COUNTRY and not app.endorsement_letter:
        return "details"
    if any(not getattr(app, name) for name in ContactsForm.Meta.fields):
        return "contacts"
    if statement is None or app.commitment_id != statement.pk:
        return "commitment"
    return "summary"


def with_continue_step(applications):
    """``applications`` as a list, each draft with ``continue_step`` (``first_incomplete_step``)."""
    applications = list(applications)
    drafts = [app for app in applications if app.status == Application.Status.DRAFT]
    statement = CommitmentStatement.objects.current() if drafts else None
    for app in drafts:
        app.continue_step = first_incomplete_step(app, statement)
    return applications


def _next(app, step):
    if app.status == Application.Status.INFORMATION_REQUESTED:
        return redirect("members:join_step", pk=app.pk, step="summary")
    following = STEP_NAMES[STEP_NAMES.index(step) + 1]
    return redirect("members:join_step", pk=app.pk, step=following)


def _details_step(request, app):
    form = DetailsForm(_posted(request), _files(request), instance=app)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                app = form.save(commit=False)
                form.store_letter()
                app.save()
            duplicates = services.find_possible_duplicates(app)
            if duplicates["members"]:
                messages.warning(
                    request,
                    _(
                        "Already a member with a similar name or website: %(names)s. If you "
                        "act for it, ask its contacts to invite you rather than applying; "
                        "otherwise go on: the secretariat will check."
                    )
                    % {"names": ", ".join(m.name for m in duplicates["members"])},
                )
            return _next(app, "details"), {}
        form.save_valid_parts()
    return None, {"form": form, "forms": [form]}


def _contacts_step(request, app):
    data = _posted(request)
    form = ContactsForm(data, instance=app)
    if request.method == "GET" and not app.contact_email:
        form = ContactsForm(
            instance=app,
            initial={
                "contact_name": request.user.get_full_name(),
                "contact_email": request.user.email,
            },
        )
    formset = FurtherContactFormSet(data, instance=app, prefix="further")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                form.save()
                formset.save()
            return _next(app, "contacts"), {}
        if form.is_valid():  # keep the primary contact even when a further one is wrong
            form.save()
    return None, {"form": form, "formset": formset, "forms": [form, *formset.forms]}


def _commitment_step(request, app):
    statement = CommitmentStatement.objects.current()
    endorsed = statement is not None and app.commitment_id == statement.pk
    form = CommitmentForm(_posted(request), initial={"endorse": endorsed})
    if request.method == "POST" and form.is_valid():
        if statement is None:
            form.add_error(None, _("The statement of commitments is not published yet."))
        else:
            services.endorse_commitment(app, statement)
            return _next(app, "commitment"), {}
    return None, {"form": form, "forms": [form], "statement": statement}


def _summary_step(request, app):
    is_answer = app.status == Application.Status.INFORMATION_REQUESTED
    form = MessageForm(_posted(request)) if is_answer else None
    errors = services.submission_errors(app)
    if request.method == "POST":
        if form is not None and not form.is_valid():
            pass
        else:
            try:
                if is_answer:
                    services.answer_information_request(
                        app, actor=request.user, message=form.cleaned_data["message"]
                    )
                    messages.success(request, _("Thank you: your answer went to the secretariat."))
                else:
                    services.submit_application(app, actor=request.user)
                    messages.success(
                        request,
                        _("Your application is submitted. We sent you a confirmation by e-mail."),
                    )
                return redirect(app), {}
            except services.IncompleteApplication as exc:
                errors = exc.errors
            except services.MembershipError as exc:
                errors = [str(exc)]
    return None, {
        "errors": errors,
        "form": form,
        "forms": [form] if form else [],
        "is_answer": is_answer,
        "duplicates": services.find_possible_duplicates(app),
        "further_contacts": list(app.further_contacts.all()),
        "request_event": app.events.filter(action="request_information").last(),
    }


# --- /dashboard/ ------------------------------------------------------------------------------


@login_required
def dashboard(request):
    language_form = LanguageForm(instance=request.user)
    if request.method == "POST" and "save_language" in request.POST:
        language_form = LanguageForm(request.POST, instance=request.user)
        if language_form.is_valid():
            user = language_form.save()
            messages.success(
                request,
                _("The language of your e-mails is saved: %(language)s.")
                % {"language": get_language_info(user.language)["name_local"]},
            )
            return redirect("members:dashboard")
    latest = ApplicationEvent.objects.filter(
        application=OuterRef("pk"), visible_to_applicant=True
    ).order_by("-created_at")
    applications = with_continue_step(
        Application.objects.filter(applicant=request.user)
        .annotate(  # the latest message meant for the applicant, in the same query
            latest_message=Subquery(latest.values("message")[:1]),
            latest_message_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by("-updated_at")
    )
    emails = EmailAddress.objects.filter(user=request.user, verified=True).values("email")
    invitations = ContactInvitation.objects.filter(
        email__in=emails, accepted_at__isnull=True
    ).select_related("organisation")
    return render(
        request,
        "members/dashboard.html",
        {
            "applications": applications,
            "contacts": services.contacts_for_request(request),
            "invitations": [i for i in invitations if i.organisation.is_active],
            "language_form": language_form,
            "sections": sections_for(request),
        },
    )


@login_required
def application_detail(request, pk):
    app = _own_application(request, pk)
    events = app.events.filter(visible_to_applicant=True).select_related("actor")
    return render(
        request,
        "members/application_detail.html",
        {
            "application": app,
            "events": events,
            "withdraw_form": WithdrawForm(),
            "can_withdraw": Application.Status.WITHDRAWN
            in services.allowed_targets(app.status, services.APPLICANT),
            "further_contacts": list(app.further_contacts.all()),
        },
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    app = _own_application(request, pk)
    if limited := _limited(request, "application"):
        return limited
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The withdrawal could not be recorded. Please try again."))
        return redirect(app)
    try:
        services.withdraw_application(app, actor=request.user, message=form.cleaned_data["message"])
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(app)


# --- A member's contacts manage it ------------------------------------------------------------


def _own_organisation(request, slug):
    """The member ``slug`` and the signed-in person's contact for it; others get a 404."""
    contact = (
        MemberContact.objects.select_related("organisation")
        .filter(user=request.user, organisation__slug=slug)
        .first()
    )
    if contact is None:
        raise Http404
    return contact.organisation, contact


@login_required
def organisation_manage(request, slug):
    member, me = _own_organisation(request, slug)
    profile_form = ProfileForm(instance=member)
    invite_form = InviteForm()
    if request.method == "POST":
        if limited := _limited(request, "organisation"):
            return limited
        if "save_profile" in request.POST:
            profile_form = ProfileForm(request.POST, request.FILES, instance=member)
            if profile_form.is_valid():
                with transaction.atomic():
                    member = profile_form.save(commit=False)
                    logo = profile_form.cleaned_data.get("logo_file")
                    if logo:
                        member.logo = get_image_model().objects.create(
                            title=member.name,
                            file=logo,
                            collection=Collection.get_first_root_node(),
                        )
                    member.save()
                messages.success(request, _("The public profile is saved."))
                return redirect("members:organisation", slug=member.slug)
        elif "invite" in request.POST:
            invite_form = InviteForm(request.POST)
            if invite_form.is_valid():
                try:
                    services.invite_contact(
                        member,
                        email=invite_form.cleaned_data["email"],
                        name=invite_form.cleaned_data["name"],
                        invited_by=request.user,
                    )
                except services.MembershipError as exc:
                    invite_form.add_error("email", str(exc))
                else:
                    messages.success(
                        request,
                        _("Invitation sent to %(email)s.")
                        % {"email": invite_form.cleaned_data["email"]},
                    )
                    return redirect("members:organisation", slug=member.slug)
        elif "renew" in request.POST:
            try:
                services.renew_commitment(member, actor=request.user)
            except services.MembershipError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Thank you: the commitment is renewed for a year."))
            return redirect("members:organisation", slug=member.slug)
    contacts = member.contacts.select_related("user").order_by("-role", "user__email")
    return render(
        request,
        "members/organisation_manage.html",
        {
            "member": member,
            "me": me,
            "contacts": contacts,
            "invitations": member.invitations.filter(accepted_at__isnull=True),
            "profile_form": profile_form,
            "invite_form": invite_form,
            "summary_errors": error_summary([profile_form, invite_form]),
            "statement": CommitmentStatement.objects.current(),
        },
    )


@login_required
@require_POST
def contact_action(request, slug, contact_pk, action):
    member, _me = _own_organisation(request, slug)
    contact = get_object_or_404(MemberContact, pk=contact_pk, organisation=member)
    try:
        if action == "remove":
            services.remove_contact(member, actor=request.user, contact=contact)
            messages.success(
                request, _("%(person)s is no longer a contact.") % {"person": contact.user}
            )
        elif action == "primary":
            services.hand_over_primary(member, actor=request.user, contact=contact)
            messages.success(
                request, _("%(person)s is now the primary contact.") % {"person": contact.user}
            )
        else:
            raise Http404
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    if action == "remove" and contact.user_id == request.user.pk:
        return redirect("members:dashboard")
    return redirect("members:organisation", slug=member.slug)


@login_required
def invitation(request, token):
    try:
        invite = services.invitation_from_token(token)
    except services.MembershipError as exc:
        return render(request, "members/invitation.html", {"error": str(exc)}, status=400)
    if request.method == "POST":
        try:
            services.accept_invitation(invite, request.user)
        except services.MembershipError as exc:
            return render(
                request, "members/invitation.html", {"error": str(exc), "invitation": invite}
            )
        messages.success(
            request,
            _("You are now a contact of %(member)s.") % {"member": invite.organisation.name},
        )
        return redirect("members:organisation", slug=invite.organisation.slug)
    return render(request, "members/invitation.html", {"invitation": invite})


# --- /members/ --------------------------------------------------------------------------------

PER_PAGE = 24
LOGO_SPEC = "max-160x80"


def member_list(request):
    form = MemberFilterForm(request.GET or None)
    logos = get_image_model().objects.prefetch_renditions(LOGO_SPEC)
    members = (
        MemberOrganisation.objects.visible()
        .prefetch_related(Prefetch("logo", queryset=logos))
        .order_by("name")
    )
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        members = members.filter(**filters)
    page = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    counts = services.member_counts()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/member_list.html",
        {
            "form": form,
            "page_obj": page,
            "members": page.object_list,
            "counts": counts,
            "total": sum(c["count"] for c in counts),
            "filtered": bool(filters),
            "query": query.urlencode(),
        },
    )


def member_detail(request, slug):
    member = get_object_or_404(
        MemberOrganisation.objects.visible().select_related("logo"), slug=slug
    )
    summary = services.published_summary(member) if member.may_assess else None
    return render(
        request, "members/member_detail.html", {"member": member, "assessment_summary": summary}
    )
