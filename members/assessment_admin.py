"""The secretariat's view of the MNR self-assessments, in the Wagtail admin: aggregates across
members per capability and phase, by region and over time, with charts and CSV/XLSX exports;
the list of assessments (each opened in the member area, which lets the secretariat read it);
reopening a submitted assessment.

Membership reviewers and superusers only (``services.is_secretariat``). The aggregates follow
the five-member rule of ``services.aggregate``: the exports hold the same figures as the page.
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.regions import REGION_NAMES, region_choices

from . import services
from .assessment_forms import AggregateFilterForm
from .models import Assessment, Phase


def _require_secretariat(request):
    if not services.is_secretariat(request.user):
        raise PermissionDenied


class AssessmentOverviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "members/admin/assessment_overview.html"
    page_title = gettext_lazy("MNR self-assessments")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        _require_secretariat(request)
        return super().dispatch(request, *args, **kwargs)

    def filters(self):
        years = sorted(
            set(Assessment.objects.submitted().values_list("year", flat=True)), reverse=True
        )
        form = AggregateFilterForm(self.request.GET or None, years=years, regions=region_choices())
        year, region = None, ""
        if form.is_bound and form.is_valid():
            year, region = form.cleaned_data["year"], form.cleaned_data["region"]
        return form, year, region

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            _form, year, region = self.filters()
            table = services.aggregate(year=year, region=region)
            return export_aggregate(table, export)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, year, region = self.filters()
        table = services.aggregate(year=year, region=region)
        over_time = services.aggregate_over_time(region=region)
        capabilities = [row["capability"] for row in table["rows"]]
        context.update(
            {
                "form": form,
                "table": table,
                "region_name": REGION_NAMES.get(table["region"], ""),
                "threshold": services.AGGREGATE_THRESHOLD,
                "phases": Phase.choices,
                "years": [year for year, _rows in over_time],
                "over_time": [
                    {
                        "capability": capability,
                        "cells": [rows.get(capability.pk) for _year, rows in over_time],
                    }
                    for capability in capabilities
                ],
                "assessments": Assessment.objects.select_related("member").order_by(
                    "-year", "member__name"
                )[:500],
                "query": request_query(self.request),
            }
        )
        return context


def request_query(request):
    query = request.GET.copy()
    query.pop("export", None)
    return query.urlencode()


def aggregate_rows(table):
    """The table as rows of cells: a header, then one row per capability (blank figures where
    fewer than five members contribute and none published)."""
    header = [
        _("Capability number"),
        _("Capability"),
        *[str(label) for _value, label in Phase.choices],
        _("Members counted"),
        _("Published assessments only"),
    ]
    rows = [header]
    for row in table["rows"]:
        counts = row["counts"] or [""] * len(Phase.choices)
        rows.append(
            [
                row["capability"].number,
                row["capability"].name,
                *counts,
                row["total"] if row["counts"] else "",
                _("yes") if row["published_only"] else "",
            ]
        )
    return rows


def export_aggregate(table, kind):
    rows = aggregate_rows(table)
    name = (
        f"mnr-aggregate-{table['year'] or 'none'}{'-' + table['region'] if table['region'] else ''}"
    )
    if kind == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(table["year"] or "")[:31] or "MNR"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_POST
def assessment_reopen(request, pk):
    _require_secretariat(request)
    assessment = get_object_or_404(Assessment, pk=pk)
    try:
        services.reopen_assessment(assessment, actor=request.user)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The %(year)s assessment of %(member)s is a draft again.")
            % {"year": assessment.year, "member": assessment.member},
        )
    return redirect("mnr_assessments_admin:index")
