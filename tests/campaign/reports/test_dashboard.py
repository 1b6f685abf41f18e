"""The dashboard at /reports/: what each role sees, the filters' messages, and its query count."""

import re

from django.urls import reverse

from campaign.reports.filters import ReportFilterForm
from documents.models import LearningPoint
from tests.campaign.entries import days_ago
from tests.factories import OrganisationFactory, ReflectionFactory, StudySessionFactory


def test_dashboard_shows_the_figures_and_the_missing_units(client_as, activity):
    client = client_as("district_admin")

    response = client.get(reverse("campaign:reports"), {"show": "none"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "参与情况报表" in html
    assert '<span class="figure-value">2<small> / 4</small>' in html
    assert '<span class="figure-value">38</span>' in html
    assert "黄浦单位二" in html  # the sibling has no session
    assert "徐汇单位一" not in html


def test_dashboard_explains_a_bad_period_next_to_the_field(client_as, activity):
    client = client_as("campaign_admin")

    response = client.get(reverse("campaign:reports"), {"start": "2024-05-01", "end": "2024-04-01"})

    form = response.context["form"]
    assert "end" in form.errors
    assert "结束日期早于开始日期" in response.content.decode()
    assert response.context["headline"]["sessions"] == 4  # falls back to the whole campaign


def test_district_choices_are_limited_to_the_users_district(activity):
    form = ReportFilterForm({"district": "2"}, user=activity.district_admin)

    assert not form.is_valid()
    assert [value for value, _label in form.fields["district"].choices] == ["", 1]


def test_readers_and_anonymous_users_get_no_report(client, client_as, activity):
    response = client.get(reverse("campaign:reports"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client = client_as("reader")
    assert client.get(reverse("campaign:reports")).status_code == 403
    assert client.get(reverse("campaign:summary-csv")).status_code == 403


def test_dashboard_queries_do_not_grow_with_the_data(
    client_as, activity, django_assert_max_num_queries
):
    client = client_as("campaign_admin")
    with django_assert_max_num_queries(26) as small:
        client.get(reverse("campaign:reports"))
    for _ in range(30):
        unit = OrganisationFactory(parent=activity.huangpu_body)
        StudySessionFactory(organisation=unit, points=list(LearningPoint.objects.all()[:2]))
        ReflectionFactory(organisation=unit)

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("campaign:reports"))


def test_a_period_beyond_the_campaigns_dates_reads_as_the_whole_campaign(client_as, activity):
    """?end=9999-12-31 made the dashboard fail with a server error; ?start=0001-01-01 walked
    two thousand years of months."""
    client = client_as("campaign_admin")

    response = client.get(reverse("campaign:reports"), {"start": "0001-01-01", "end": "9999-12-31"})

    assert response.status_code == 200
    assert response.context["headline"]["sessions"] == 4


def test_the_report_has_one_name(client_as, activity):
    client = client_as("district_admin")

    html = client.get(reverse("campaign:reports")).content.decode()

    assert "参与情况报表" in html and "统计报表" not in html


def test_a_district_filter_names_the_district_in_the_period_line(client_as, activity):
    html = client_as("campaign_admin").get(reverse("campaign:reports"), {"district": "1"})

    period = re.search(r'<p class="report-period">(.*?)</p>', html.content.decode(), re.S)
    assert "· 黄浦" in period.group(1)


def unit_row(html: str, code: str) -> dict[str, str]:
    """The figures of a unit's row in the coverage list, by their cells' classes."""
    row = re.search(
        rf'<tr>\s*<th scope="row">(?:(?!</th>).)*<span class="code">{code}</span>.*?</tr>',
        html,
        re.S,
    )
    return {
        name: value.strip()
        for name, value in re.findall(
            r'<td class="num ([a-z-]+)[^"]*"[^>]*>([^<]*)</td>', row.group(0)
        )
    }


def test_coverage_rows_show_absentee_times_and_those_made_up(
    client_as, absences, django_assert_max_num_queries
):
    """Sums per unit, never names: 3 absentee-times in the last 30 days, 2 of them made up."""
    client = client_as("district_admin")

    # No query more than the dashboard's guard allows: the sums come with the sessions'.
    with django_assert_max_num_queries(26):
        response = client.get(reverse("campaign:reports"), {"start": days_ago(30).isoformat()})
    html = response.content.decode()

    assert unit_row(html, "HP-GH-02") == {"sessions": "2", "absentees": "3", "made-up": "2"}
    assert unit_row(html, "HP-GH-01") == {"sessions": "1", "absentees": "0", "made-up": "0"}
    assert "张三" not in html and "赵六" not in html
    stats = dict(response.context["coverage_rows"])[absences.sibling]
    assert (stats.absentees, stats.made_up) == (3, 2)

    whole = client.get(reverse("campaign:reports")).content.decode()
    assert unit_row(whole, "HP-GH-02") == {"sessions": "3", "absentees": "4", "made-up": "3"}


def test_dashboard_before_any_decision_is_loaded_shows_nothing_studied(client_as, tree):
    LearningPoint.objects.all().delete()  # a new installation: units, but no decision's points

    response = client_as("campaign_admin").get(reverse("campaign:reports"), {"show": "none"})

    assert response.status_code == 200
    assert response.context["headline"]["participating_units"] == 0
    assert (
        response.context["coverage_counts"]["none"]
        == response.context["headline"]["registered_units"]
    )


def test_the_date_boxes_show_and_take_dates_as_2026_12_06_in_any_browser(client_as, activity):
    start = days_ago(30)

    html = (
        client_as("campaign_admin")
        .get(reverse("campaign:reports"), {"start": start.isoformat()})
        .content.decode()
    )

    # A text box, not the browser's date box, which shows its own language's format.
    box = re.search(r'<input[^>]*name="start"[^>]*>', html).group(0)
    assert 'type="text"' in box
    assert f'value="{start.isoformat()}"' in box
    assert 'placeholder="例：2026-12-06"' in box
    assert start.strftime("%Y-%m-%d") in re.search(
        r'class="report-period">(.*?)</p>', html, re.S
    ).group(1)


def test_the_coverage_table_and_its_section_have_names_of_their_own(client_as, activity):
    html = client_as("district_admin").get(reverse("campaign:reports")).content.decode()

    named_by = re.findall(r'aria-labelledby="([^"]+)"', html)
    assert len(named_by) == len(set(named_by))
    assert 'aria-label="各单位学习要点覆盖情况"' in html
