"""The directory in the Wagtail admin: moderating suggestions, importing a CSV file, and the
report of entries not verified for over a year."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from portal.regions import area_choices

from . import services
from .importer import import_csv
from .models import Category, DirectoryEntry, EntrySuggestion


class SuggestionPermissionPolicy(ModelPermissionPolicy):
    """Suggestions come from the public: nobody adds, copies or deletes one in the admin (the
    record of what was asked and decided stays); editors decide them."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


entry_policy = ModelPermissionPolicy(DirectoryEntry)
suggestion_policy = SuggestionPermissionPolicy(EntrySuggestion)


class EntryFilterSet(WagtailFilterSet):
    category = django_filters.ChoiceFilter(label=gettext_lazy("Category"), choices=Category.choices)
    scope = django_filters.ChoiceFilter(
        label=gettext_lazy("Serves"), choices=DirectoryEntry.Scope.choices
    )
    region = django_filters.ChoiceFilter(
        label=gettext_lazy("Region"), method="filter_region", choices=area_choices
    )
    is_demo = django_filters.BooleanFilter(label=gettext_lazy("Demo"))
    stale = django_filters.BooleanFilter(
        label=gettext_lazy("Not verified for over a year"), method="filter_stale"
    )

    class Meta:
        model = DirectoryEntry
        fields = ["category", "scope", "country", "is_demo"]

    def filter_region(self, queryset, name, value):
        from portal.regions import countries_in

        return queryset.filter(country__in=countries_in(value)) | queryset.filter(region=value)

    def filter_stale(self, queryset, name, value):
        if value is None:
            return queryset
        stale = DirectoryEntry.objects.stale().values("pk")
        return queryset.filter(pk__in=stale) if value else queryset.exclude(pk__in=stale)


class StaleEntriesView(ReportView):
    """Entries not verified for over a year, or never: what editors should check again."""

    page_title = gettext_lazy("Directory entries to verify again")
    header_icon = "time"
    index_url_name = "directory_stale"
    index_results_url_name = "directory_stale_results"
    permission_policy = entry_policy
    any_permission_required = ["change"]
    list_export = ["name", "category", "scope", "country", "region", "last_verified", "sources"]
    columns = [
        TitleColumn("name", label=gettext_lazy("Name"), url_name="directory_entries:edit"),
        Column("category", label=gettext_lazy("Category"), accessor="get_category_display"),
        Column("area_name", label=gettext_lazy("Serves")),
        DateColumn("last_verified", label=gettext_lazy("Last verified")),
    ]

    def get_queryset(self):
        return DirectoryEntry.objects.stale().order_by("last_verified", "country", "name")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, with a header row. A file with any bad row imports nothing."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file (import nothing)"), required=False
    )


def import_entries(request):
    """Upload a CSV file: the same import, and the same validation, as ``import_directory``."""
    if not entry_policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = import_csv(form.cleaned_data["file"].read(), dry_run=form.cleaned_data["dry_run"])
        if result.ok and not result.dry_run:
            messages.success(
                request,
                _(
                    "Imported %(rows)d rows: %(created)d new, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("directory_entries:index")
    return TemplateResponse(
        request,
        "directory/admin/import.html",
        {"form": form, "result": result, "page_title": _("Import directory entries")},
    )


class SuggestionReviewView(InspectView):
    template_name = "directory/admin/suggestion_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = self.object.status == EntrySuggestion.Status.PENDING and (
            suggestion_policy.user_has_permission(self.request.user, "change")
        )
        context["entry"] = self.object.entry
        return context


@require_POST
def decide_suggestion(request, pk, decision):
    if not suggestion_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    if not entry_policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    suggestion = get_object_or_404(EntrySuggestion, pk=pk)
    note = request.POST.get("note", "")[:2000]
    try:
        if decision == "approve":
            entry = services.approve_suggestion(suggestion, request.user, note)
            messages.success(
                request, _("Approved: “%(name)s” is published.") % {"name": entry.name}
            )
        elif decision == "reject":
            services.reject_suggestion(suggestion, request.user, note)
            messages.success(request, _("Rejected."))
        else:
            raise PermissionDenied
    except services.TransitionError:
        messages.error(request, _("This suggestion was already decided."))
    except ValidationError as exc:  # a suggestion that does not make a valid entry
        messages.error(
            request,
            _("It cannot be published as it is: %(error)s") % {"error": "; ".join(exc.messages)},
        )
    return redirect("directory_suggestions:inspect", pk)
