"""Report figures against values computed by hand on a small fixture, for each role."""

import datetime

import pytest

from campaign.reports.report import Report
from tests.campaign.entries import days_ago


def test_headline_figures_for_the_campaign_admin(activity):
    report = Report(user=activity.campaign_admin)

    assert report.headline == {
        "sessions": 4,
        "participants": 68,
        "party_members": 26,
        "participating_units": 3,
        "registered_units": 7,
        "reflections": 3,
        "approved_reflections": 2,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("district_admin", {"registered_units": 4, "participating_units": 2, "sessions": 3}),
        ("organiser", {"registered_units": 2, "participating_units": 2, "sessions": 3}),
        ("outsider", {"registered_units": 1, "participating_units": 1, "sessions": 1}),
    ],
)
def test_headline_figures_follow_the_scope(activity, role, expected):
    headline = Report(user=getattr(activity, role)).headline

    assert {key: headline[key] for key in expected} == expected


def test_district_admin_sees_their_districts_participants_and_reflections(activity):
    headline = Report(user=activity.district_admin).headline

    assert (headline["participants"], headline["party_members"]) == (38, 23)
    assert (headline["reflections"], headline["approved_reflections"]) == (2, 1)


def test_period_district_and_kind_filters(activity):
    admin = activity.campaign_admin

    assert Report(user=admin, start=days_ago(20)).headline["sessions"] == 2
    assert Report(user=admin, start=days_ago(20)).headline["participants"] == 28
    assert Report(user=admin, end=days_ago(50)).headline["sessions"] == 1
    xuhui = Report(user=admin, district=2).headline
    assert (xuhui["registered_units"], xuhui["sessions"]) == (2, 1)
    branches = Report(user=admin, kind="union_branch").headline
    assert (branches["registered_units"], branches["sessions"]) == (4, 4)


def test_breakdowns_by_district_point_and_format(activity):
    report = Report(user=activity.campaign_admin)

    districts = {row["label"]: row for row in report.by_district()}
    assert [row["value"] for row in report.by_district()] == [0, 1, 2]  # official order
    assert (districts["黄浦"]["registered_units"], districts["黄浦"]["participating_units"]) == (
        4,
        2,
    )
    assert (districts["黄浦"]["sessions"], districts["黄浦"]["participants"]) == (3, 38)
    assert (districts["徐汇"]["sessions"], districts["徐汇"]["participants"]) == (1, 30)
    assert [(row["point"].number, row["sessions"], row["units"]) for row in report.by_point()] == [
        (1, 2, 2),
        (2, 2, 2),
        (3, 2, 2),
        (4, 2, 2),
    ]
    assert {row["label"]: row["sessions"] for row in report.by_format()}["集中学习"] == 4
    months = report.by_month()
    assert sum(row["sessions"] for row in months) == 4
    assert months[0]["month"] == datetime.date(2019, 4, 1)


def test_coverage_lists(activity):
    report = Report(user=activity.campaign_admin)

    assert report.coverage_counts == {"all": 7, "none": 4, "missing": 2, "silent": 5}
    assert {u.code for u in report.coverage_units("none")} == {
        "SH-ZGH",
        "HP-GH",
        "XH-GH",
        "HP-GH-02",
    }
    assert {u.code for u in report.coverage_units("missing")} == {"HP-GH-01", "XH-GH-01"}
    assert {u.code for u in report.coverage_units("silent")} == {
        "SH-ZGH",
        "HP-GH",
        "XH-GH",
        "HP-GH-02",
        "XH-GH-01",
    }
    stats = report.unit_stats([activity.unit.pk, activity.sibling.pk])
    assert stats[activity.unit.pk].points == {1, 2, 3}
    assert stats[activity.unit.pk].last_session == days_ago(10)
    assert (stats[activity.unit.pk].sessions, stats[activity.unit.pk].reflections) == (2, 1)
    assert stats[activity.sibling.pk].sessions == 0


@pytest.mark.parametrize("show", ["all", "none", "missing", "silent"])
@pytest.mark.parametrize("size", [1, 2, 3])
def test_coverage_pages_run_through_the_districts_without_losing_a_unit(activity, show, size):
    report = Report(user=activity.campaign_admin)
    whole = [unit.code for unit in report.coverage_units(show)]
    pages = report.coverage_list(show)

    read = [unit.code for n in range(0, len(pages), size) for unit in pages[n : n + size]]

    assert len(pages) == len(whole)
    assert read == whole  # every unit once, in district order, across district boundaries
