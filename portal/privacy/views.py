"""/dashboard/privacy/: download your data, delete your account."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import DeleteAccountForm


@login_required
def overview(request):
    return render(
        request,
        "portal/privacy/overview.html",
        {"blockers": services.deletion_blockers(request.user)},
    )


@never_cache
@login_required
@reauthentication_required
def export(request):
    """The person's data as a JSON file, after they confirmed it is them."""
    data = services.export_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    filename = f"personal-data-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@reauthentication_required(allow_get=True)
def delete(request):
    """Explain what goes and what stays; on a confirmed POST (typed address and, when the last
    sign-in is not recent, allauth's reauthentication), delete the account and sign out."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    blockers = services.deletion_blockers(request.user)
    if request.method == "POST" and form.is_valid() and not blockers:
        try:
            services.delete_account(request.user)
        except services.AccountDeletionBlocked as exc:
            blockers = exc.messages
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for your work."))
            return redirect("/")
    return render(
        request,
        "portal/privacy/delete.html",
        {"form": form, "blockers": blockers},
        status=400 if request.method == "POST" else 200,
    )
