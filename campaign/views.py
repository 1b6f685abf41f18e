from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from campaign import charts, summary
from campaign.forms import COVERAGE_LISTS, ReportFilterForm
from campaign.models import SessionAttachment
from campaign.paginators import LargeTablePaginator
from campaign.querysets import scope_q

COVERAGE_PAGE_SIZE = 50


@login_required
def attachment(request, pk: int):
    """An attachment, to those who can see its session; anyone else gets 404."""
    item = get_object_or_404(
        SessionAttachment.objects.filter(scope_q(request.user, "session__organisation__")), pk=pk
    )
    return FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        filename=item.original_name,
        as_attachment=False,
    )


def _report_form(request) -> ReportFilterForm:
    if not request.user.has_perm("campaign.view_studysession"):
        raise PermissionDenied(_("Reports are for unit organisers and administrators."))
    return ReportFilterForm(request.GET or None, user=request.user)


@login_required
def dashboard(request):
    form = _report_form(request)
    report = form.report()
    show = request.GET.get("show", "all")
    if show not in dict(COVERAGE_LISTS):
        show = "all"
    page = LargeTablePaginator(report.coverage_units(show), COVERAGE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    units = list(page.object_list)
    stats = report.unit_stats([unit.pk for unit in units])
    by_district, by_point, by_month = report.by_district(), report.by_point(), report.by_month()
    query = request.GET.copy()
    for key in ("show", "page"):
        query.pop(key, None)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "report": report,
            "headline": report.headline,
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
        },
    )


@login_required
def summary_download(request, extension: str):
    report = _report_form(request).report()
    if extension == "csv":
        return summary.csv_response(report)
    organisation = request.user.organisation
    return summary.xlsx_response(report, filler=organisation.name if organisation else "上海市")
