"""The participation dashboard and the 汇总表 downloads, for organisers and administrators."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import audit
from accounts.audit.actions import Action
from campaign.campaigns import points_by_campaign
from campaign.models import Organisation
from campaign.permissions import may_see_records
from campaign.replica import reports_from_replica
from campaign.reports import charts, expected, summary
from campaign.reports.filters import COVERAGE_LISTS, ReportFilterForm
from campaign.reports.ledger import ledger_campaigns, ledger_sessions
from campaign.reports.report import Report

COVERAGE_PAGE_SIZE = 50
LEDGER_PAGE_SIZE = 50


def report_for(request) -> tuple[ReportFilterForm, Report]:
    """The filters of the query string and the report they ask for. Invalid filters fall back to
    the whole campaign, and the form says why next to the field."""
    if not may_see_records(request.user):
        raise PermissionDenied(_("Reports are for unit organisers and administrators."))
    form = ReportFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    report = Report(
        user=request.user,
        campaign=form.chosen_campaign(),
        start=filters.get("start"),
        end=filters.get("end"),
        district=filters.get("district"),
        kind=filters.get("kind") or None,
    )
    return form, report


# A unit's figures are for its own people: never kept by a browser or a proxy (never_cache is
# "private, no-store").
@never_cache
@login_required
@reports_from_replica
def dashboard(request):
    form, report = report_for(request)
    show = request.GET.get("show", "all")
    if show not in dict(COVERAGE_LISTS):
        show = "all"
    paginator = Paginator(report.coverage_list(show), COVERAGE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    units = list(page.object_list)
    stats = report.unit_stats([unit.pk for unit in units])
    by_district, by_point, by_month = report.by_district(), report.by_point(), report.by_month()
    query = request.GET.copy()
    for key in ("show", "page"):
        query.pop(key, None)
    return render(
        request,
        "campaign/reports/dashboard.html",
        {
            "form": form,
            "report": report,
            "headline": report.headline,
            "late_units": expected.units_past_expected_start(report),
            "by_district": by_district,
            "by_kind": report.by_kind(),
            "by_point": by_point,
            "by_format": report.by_format(),
            "by_month": by_month,
            "district_bars": charts.bars(by_district, label="label", value="sessions"),
            "point_bars": charts.bars(
                [{"label": row["point"].short_name, "units": row["units"]} for row in by_point],
                label="label",
                value="units",
            ),
            "month_line": charts.line(by_month, value="sessions"),
            "coverage_counts": report.coverage_counts,
            "coverage_lists": COVERAGE_LISTS,
            "show": show,
            "page": page,
            "coverage_rows": [(unit, stats[unit.pk]) for unit in units],
            "filters": query.urlencode(),
            "page_query": f"{query.urlencode()}&show={show}&" if query else f"show={show}&",
        },
    )


@never_cache
@login_required
@reports_from_replica
def summary_download(request, extension: str):
    _form, report = report_for(request)
    audit.record(
        request,
        Action.DOWNLOAD,
        target=f"summary.{extension}",
        rows=report.headline["registered_units"],  # a row per unit (the XLSX's 合计 counts them)
        campaign=report.campaign.slug if report.campaign else None,
        start=report.start,
        end=report.until,
        district=report.district,
        kind=report.kind,
    )
    if extension == "csv":
        return summary.csv_response(report)
    organisation = request.user.organisation
    return summary.xlsx_response(report, filler=organisation.name if organisation else "上海市")


# Inside WeChat the file is never made: a page says to open the link in the system browser
# (campaign.conf.middleware.WeChatDownloadMiddleware).
summary_download.is_download = True


@never_cache
@login_required
@reports_from_replica
def unit_ledger(request, pk: int):
    """A unit's own ledger across campaigns, for those whose reach holds it (404 otherwise:
    whether another unit exists is not told)."""
    if not may_see_records(request.user):
        raise PermissionDenied(_("Reports are for unit organisers and administrators."))
    unit = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    page = Paginator(ledger_sessions(unit), LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaign/reports/ledger.html",
        {
            "unit": unit,
            "campaigns": ledger_campaigns(unit),
            "page": page,
            "rows": [(s, points_by_campaign(s.points.all())) for s in page.object_list],
        },
    )
