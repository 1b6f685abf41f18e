"""A session is entered once and counts, once, in each campaign it served (最多报一次)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaign.choices import District, ExemptionReason
from campaign.models import Exemption
from campaign.reports import summary
from campaign.reports.report import Report
from documents.models import Campaign
from tests.factories import StudySessionFactory


def points_of(campaign, *numbers):
    return list(campaign.document.points.filter(number__in=numbers))


def test_a_session_covering_two_campaigns_counts_once_in_each(tree, li_bin, sample):
    StudySessionFactory(
        organisation=tree.unit,
        participants=12,
        points=[*points_of(li_bin, 1), *points_of(sample, 2, 5)],
    )
    StudySessionFactory(
        organisation=tree.other, participants=7, party_members=0, points=points_of(sample, 1)
    )

    for live in (None, True):
        of_li_bin = Report(user=tree.campaign_admin, campaign=li_bin, live=live)
        of_sample = Report(user=tree.campaign_admin, campaign=sample, live=live)
        assert of_li_bin.headline["sessions"] == 1
        assert of_li_bin.headline["participants"] == 12
        assert of_sample.headline["sessions"] == 2
        assert of_sample.headline["participants"] == 19
        assert [row["units"] for row in of_sample.by_point()] == [1, 1, 0, 0, 1, 0, 0]
        assert [row["units"] for row in of_li_bin.by_point()] == [1, 0, 0, 0]


def test_each_campaigns_summary_table_has_its_own_point_columns(tree, li_bin, sample):
    StudySessionFactory(
        organisation=tree.unit, points=[*points_of(li_bin, 1), *points_of(sample, 7)]
    )

    li_bin_rows = {
        row[1]: row for row in summary.rows(Report(user=tree.campaign_admin, campaign=li_bin))
    }
    sample_rows = {
        row[1]: row for row in summary.rows(Report(user=tree.campaign_admin, campaign=sample))
    }

    points = summary.COLUMN["已学习要点"]
    assert li_bin_rows["HP-GH-01"][5] == sample_rows["HP-GH-01"][5] == 1
    assert (li_bin_rows["HP-GH-01"][points], sample_rows["HP-GH-01"][points]) == (
        "政治品格",
        "持之以恒",
    )


def test_a_campaigns_report_counts_only_the_units_it_calls(tree, li_bin, sample):
    sample.scope = {"districts": [District.HUANGPU]}
    sample.save()
    Exemption.objects.create(campaign=sample, organisation=tree.team, reason=ExemptionReason.MERGED)

    called = Report(user=tree.campaign_admin, campaign=sample).headline["registered_units"]
    everyone = Report(user=tree.campaign_admin, campaign=li_bin).headline["registered_units"]

    assert (called, everyone) == (3, 7)  # 黄浦: its body, unit and sibling; not the exempt team


def test_a_unit_outside_a_campaigns_scope_cannot_record_for_it(tree, sample):
    sample.scope = {"districts": [District.HUANGPU]}
    sample.save()

    with pytest.raises(ValidationError) as refused:
        StudySessionFactory(organisation=tree.other, points=points_of(sample, 1))

    assert "参加范围不包括徐汇单位一" in str(refused.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"status": Campaign.Status.CLOSED}, "已结束"),
        ({"status": Campaign.Status.DRAFT}, "尚未发布"),
    ],
)
def test_a_closed_or_draft_campaign_takes_no_new_session(tree, sample, change, expected):
    Campaign.objects.filter(pk=sample.pk).update(**change)

    with pytest.raises(ValidationError, match=expected):
        StudySessionFactory(organisation=tree.unit, points=points_of(sample, 1))


def test_a_session_before_a_campaign_opened_cannot_count_for_it(tree, sample):
    before = sample.opens_on - datetime.timedelta(days=1)

    with pytest.raises(ValidationError, match="开始，晚于本次活动日期"):
        StudySessionFactory(organisation=tree.unit, held_on=before, points=points_of(sample, 1))


def test_an_exempt_unit_cannot_record_for_the_campaign(tree, sample):
    Exemption.objects.create(
        campaign=sample, organisation=tree.unit, reason=ExemptionReason.DISSOLVED
    )

    with pytest.raises(ValidationError, match="已免予参加"):
        StudySessionFactory(organisation=tree.unit, points=points_of(sample, 1))


def test_a_closed_campaigns_session_can_still_be_corrected(tree, li_bin, sample):
    from campaign import services

    session = StudySessionFactory(organisation=tree.unit, points=points_of(sample, 1))
    Campaign.objects.filter(pk=sample.pk).update(status=Campaign.Status.CLOSED)
    session.refresh_from_db()
    session.title = "更正后的标题"

    services.session_save(session, points=[*points_of(sample, 1), *points_of(li_bin, 2)], by=None)

    session.refresh_from_db()
    assert session.title == "更正后的标题"
    assert session.points.count() == 2


def test_a_reflection_is_on_a_point_of_a_campaign_that_calls_its_unit(tree, sample):
    from tests.factories import ReflectionFactory

    sample.scope = {"districts": [District.HUANGPU]}
    sample.save()

    ReflectionFactory(organisation=tree.unit, point=points_of(sample, 2)[0])
    with pytest.raises(ValidationError, match="参加范围不包括徐汇单位一"):
        ReflectionFactory(organisation=tree.other, point=points_of(sample, 2)[0])
