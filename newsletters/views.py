from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from members.ratelimit import allow, too_many

from . import rendering, services
from .forms import PreferencesForm, SubscribeForm
from .models import NewsletterIssue, Subscriber, normalise


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    initial = {}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not allow(
            request, "newsletter_subscribe", limit=settings.NEWSLETTER_SUBSCRIBE_RATE_LIMIT
        ):
            return too_many(request)
        if request.POST.get("homepage"):
            # A bot: the same answer as everyone, and nothing sent.
            return redirect("newsletters:thanks")
        if form.is_valid():
            user = request.user if request.user.is_authenticated else None
            if user is not None and normalise(user.email) != normalise(form.cleaned_data["email"]):
                user = None
            services.subscribe(
                form.cleaned_data["email"],
                form.cleaned_data["topics"],
                language=translation.get_language(),
                user=user,
            )
            return redirect("newsletters:thanks")
    return render(request, "newsletters/subscribe.html", {"form": form})


def thanks(request):
    """The one answer to every subscription: never says whether the address was known."""
    return render(request, "newsletters/thanks.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscriber = services.pending_by_token(token)
    if subscriber is None:
        return render(request, "newsletters/confirm.html", {"expired": True}, status=410)
    if request.method == "POST":
        subscriber = services.confirm(token)
        preferences, _unsub = rendering.personal_links(subscriber.email)
        return render(
            request,
            "newsletters/confirm.html",
            {"confirmed": True, "preferences_url": preferences},
        )
    return render(request, "newsletters/confirm.html", {"subscriber": subscriber})


def _read(token):
    found = rendering.read_link_token(token)
    if found is None:
        raise Http404
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    email, _kind = _read(token)
    subscriber = services.subscriber_for(email)
    from members.models import MemberContact

    member_contact = MemberContact.objects.filter(
        user__email__iexact=email, organisation__status="active"
    ).exists()
    initial = {
        "status": (
            subscriber.status
            if subscriber and subscriber.status != Subscriber.Status.PENDING
            else Subscriber.Status.UNSUBSCRIBED
        ),
        "topics": list(subscriber.topics.all()) if subscriber else [],
        "bulletin": not (subscriber and subscriber.bulletin_opt_out),
    }
    form = PreferencesForm(request.POST or None, initial=initial, member_contact=member_contact)
    if request.method == "POST" and form.is_valid():
        services.update_preferences(
            email,
            topics=form.cleaned_data["topics"],
            status=form.cleaned_data["status"],
            bulletin=form.cleaned_data.get("bulletin") if member_contact else None,
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("newsletters:preferences", token=token)
    return render(
        request,
        "newsletters/preferences.html",
        {"form": form, "email": email, "subscriber": subscriber, "token": token},
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click: the mail provider POSTs ``List-Unsubscribe=One-Click`` with no session
    and no CSRF token; the signed token in the address is the credential. A GET (a person
    following the link) asks them to confirm with one button, so that a link scanner fetching
    the address unsubscribes nobody."""
    email, kind = _read(token)
    if request.method == "POST":
        services.unsubscribe(email, kind)
        return render(request, "newsletters/unsubscribed.html", {"email": email, "token": token})
    return render(
        request, "newsletters/unsubscribe.html", {"email": email, "kind": kind, "token": token}
    )


def _sent_public():
    return NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENT, public=True)


def archive(request):
    page = Paginator(_sent_public().order_by("-sent_at"), 20).get_page(request.GET.get("page"))
    return render(request, "newsletters/archive.html", {"page_obj": page})


def issue(request, slug):
    issue = get_object_or_404(_sent_public(), slug=slug)
    html = render_to_string(
        "newsletters/email/issue_content.html",
        rendering.context(issue, preferences_url="", unsubscribe_url=""),
        request=request,
    )
    return render(request, "newsletters/issue.html", {"issue": issue, "email_html": html})
