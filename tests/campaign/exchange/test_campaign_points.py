"""The learning points of a sessions file named by campaign (向李斌同志学习：政治品格；示例学习活动：
联系实际): a session covering two campaigns goes out and comes back unchanged, files written
before there were several campaigns still import, and a row whose points a campaign does not
take (not calling its unit, closed, unknown, or ambiguous) is refused by its row number, with
nothing imported."""

import datetime

import pytest
from django.utils import timezone

from campaign.choices import District, ExemptionReason
from campaign.exchange.point_cells import PointCells, write_cell
from campaign.models import Exemption, StudySession
from documents.models import Campaign
from tests.campaign.exchange.spreadsheets import (
    Snapshot,
    bad_rows,
    column,
    csv_file,
    export,
    import_file,
    page,
    said,
    session_header,
    session_row,
    upload,
    xlsx_file,
)
from tests.factories import StudySessionFactory


def points_of(campaign, *numbers):
    return list(campaign.document.points.filter(number__in=numbers).order_by("number"))


def numbers_by_campaign(session) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for point in session.points.select_related("document__campaign").order_by("number"):
        found.setdefault(point.document.campaign.slug, []).append(point.number)
    return found


def days_ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def refused(client, *rows) -> dict[int, str]:
    """Upload the rows (after the header): the rows refused, and nothing imported."""
    before = Snapshot.take()
    response = upload(client, "studysession", csv_file([session_header(), *rows]))
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None  # no way to confirm
    assert said(page(response), "Nothing has been imported.", "未导入任何数据")
    assert Snapshot.take() == before
    return bad_rows(response)


# --- Writing and reading the cell ---------------------------------------------------------------


def test_the_cell_names_each_campaign_then_its_points(tree, li_bin, sample):
    cells = PointCells.load()
    points = [*points_of(sample, 2), *points_of(li_bin, 3, 1)]

    cell = cells.write(points)

    assert cell == "向李斌同志学习：政治品格、敬业精神；示例学习活动：联系实际"
    assert cells.read(cell, unit=tree.unit) == [*points_of(li_bin, 1, 3), *points_of(sample, 2)]
    # By slug or plain name, numbers or short names, ASCII or full-width separators.
    read = cells.read("li-bin-2019: 1, 3; 示例学习活动：2", unit=tree.unit)
    assert read == [*points_of(li_bin, 1, 3), *points_of(sample, 2)]
    assert write_cell([], {}) == ""


def test_a_cell_without_a_campaign_is_the_points_of_the_one_that_has_them(tree, li_bin, sample):
    cells = PointCells.load()
    today = timezone.localdate()

    assert cells.read("政治品格、敬业精神", unit=tree.unit, day=today) == points_of(li_bin, 1, 3)
    assert cells.read("联系实际", unit=tree.unit, day=today) == points_of(sample, 2)
    # Before the sample opened, only Li Bin's campaign ran: its numbers are its own.
    long_ago = today - datetime.timedelta(days=100)
    assert cells.read("1；3", unit=tree.unit, day=long_ago) == points_of(li_bin, 1, 3)
    # Both run today and both have points 1 and 3.
    with pytest.raises(ValueError, match=r"向李斌同志学习.*示例学习活动"):
        cells.read("1,3", unit=tree.unit, day=today)


# --- Round trip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_session_covering_two_campaigns_exports_and_imports_unchanged(
    client_as, tree, li_bin, sample, file_format
):
    both = StudySessionFactory(
        organisation=tree.unit,
        title="学习《决定》暨示例学习活动启动会",
        participants=36,
        party_members=14,
        points=[*points_of(li_bin, 1, 3), *points_of(sample, 2, 7)],
    )
    StudySessionFactory(
        organisation=tree.sibling, title="政治品格专题学习", points=points_of(li_bin, 1)
    )
    client = client_as("district_admin")

    rows, content = export(client, "studysession", file_format)
    before = Snapshot.take()
    preview, done = import_file(client, "studysession", content, f"s.{file_format}", file_format)

    cells = {row[column("studysession", "title")]: row["学习要点"] for row in rows}
    assert cells == {
        both.title: "向李斌同志学习：政治品格、敬业精神；示例学习活动：联系实际、持之以恒",
        "政治品格专题学习": "向李斌同志学习：政治品格",
    }
    assert preview.context["result"].totals["skip"] == 2
    assert done.status_code == 302
    assert Snapshot.take() == before  # same points, no new history


def test_an_edited_cell_moves_a_session_between_campaigns_points(client_as, tree, li_bin, sample):
    session = StudySessionFactory(organisation=tree.unit, points=points_of(li_bin, 1))
    row = session_row(
        id=str(session.pk), title=session.title, points="向李斌同志学习：2；sample-2026：1、3"
    )

    import_file(client_as("district_admin"), "studysession", csv_file([session_header(), row]))

    assert numbers_by_campaign(session) == {"li-bin-2019": [2], "sample-2026": [1, 3]}


# --- Old files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_li_bin_file_written_before_there_were_several_campaigns_imports(
    client_as, tree, li_bin, sample, file_format
):
    """As the export wrote them until now: short names; numbers where only Li Bin's campaign ran
    on the day; a lone number from an Excel number cell."""
    rows = [
        session_header(),
        session_row("HP-GH-01", title="旧表一", points="政治品格、敬业精神"),
        session_row("HP-GH-02", title="旧表二", points="担当情怀，道德情操"),
        session_row("HP-GH-01", held_on=days_ago(90), title="旧表三", points="2；4"),
        session_row("HP-GH-02", held_on=days_ago(95), title="旧表四", points=3),
    ]
    content = csv_file(rows) if file_format == "csv" else xlsx_file(rows)

    import_file(
        client_as("district_admin"), "studysession", content, f"s.{file_format}", file_format
    )

    assert {
        session.title: numbers_by_campaign(session)
        for session in StudySession.objects.filter(title__startswith="旧表")
    } == {
        "旧表一": {"li-bin-2019": [1, 3]},
        "旧表二": {"li-bin-2019": [2, 4]},
        "旧表三": {"li-bin-2019": [2, 4]},
        "旧表四": {"li-bin-2019": [3]},
    }


# --- Rows refused -------------------------------------------------------------------------------


def test_a_row_naming_a_campaign_that_does_not_call_its_unit_is_refused(
    client_as, tree, li_bin, sample
):
    sample.scope = {"districts": [District.XUHUI]}
    sample.save()
    Exemption.objects.create(
        campaign=li_bin, organisation=tree.sibling, reason=ExemptionReason.MERGED
    )
    client = client_as("district_admin")

    errors = refused(
        client,
        session_row("HP-GH-01", title="好的一行", points="向李斌同志学习：1、3"),
        session_row("HP-GH-01", title="不在范围内", points="向李斌同志学习：1；示例学习活动：2"),
        session_row("HP-GH-02", title="已豁免", points="向李斌同志学习：4"),
    )

    assert sorted(errors) == [3, 4]  # the header is row 1 of the file
    assert column("studysession", "points") in errors[3]
    assert said(
        errors[3],
        "“示例学习活动” does not call 黄浦单位一",
        "“示例学习活动”的参加范围不包括黄浦单位一",
    )
    assert said(errors[4], "黄浦单位二 is exempt from “向李斌同志学习”", "黄浦单位二已免予参加")


def test_a_closed_campaign_takes_no_new_rows_but_its_sessions_round_trip(
    client_as, tree, li_bin, sample
):
    kept = StudySessionFactory(
        organisation=tree.unit, points=[*points_of(li_bin, 1), *points_of(sample, 5)]
    )
    client = client_as("district_admin")
    _, content = export(client, "studysession", "csv")
    Campaign.objects.filter(pk=sample.pk).update(status=Campaign.Status.CLOSED)

    preview, _ = import_file(client, "studysession", content)  # its points stay
    assert preview.context["result"].totals["skip"] == 1
    errors = refused(
        client,
        session_row(title="闭幕之后", points="示例学习活动：1"),
        session_row(title="旧写法", points="互帮互学"),  # the sample's, unnamed
        session_row(
            id=str(kept.pk), title=kept.title, points="向李斌同志学习：政治品格；示例学习活动：6"
        ),
    )

    assert sorted(errors) == [2, 3, 4]
    for row in (2, 3, 4):
        assert said(errors[row], "“示例学习活动” has closed", "“示例学习活动”已结束"), errors[row]
    assert numbers_by_campaign(kept) == {"li-bin-2019": [1], "sample-2026": [5]}


CELLS_REFUSED = {
    "unknown campaign": (
        "学雷锋活动：1",
        ("There is no campaign “学雷锋活动”", "没有名为“学雷锋活动”的学习教育"),
    ),
    "point the campaign lacks": (
        "向李斌同志学习：7",
        ("There is no learning point “7” in “向李斌同志学习”", "没有学习要点“7”"),
    ),
    "numbers both campaigns have": (
        "1、3",
        ("“1、3” could be the learning points of", "“1、3”可能是"),
    ),
    "a campaign without points": (
        "向李斌同志学习：",
        ("Name at least one learning point of “向李斌同志学习”", "请在“向李斌同志学习”之后"),
    ),
    "a draft campaign": (
        "draft-2026：1",
        ("There is no campaign “draft-2026”", "没有名为“draft-2026”的学习教育"),
    ),
}


@pytest.mark.parametrize("case", sorted(CELLS_REFUSED))
def test_a_cell_that_names_no_campaigns_points_is_refused(client_as, tree, li_bin, sample, case):
    cell, (english, chinese) = CELLS_REFUSED[case]
    if case == "a draft campaign":  # not published: as if it did not exist
        Campaign.objects.filter(pk=sample.pk).update(
            slug="draft-2026", status=Campaign.Status.DRAFT
        )

    errors = refused(
        client_as("district_admin"),
        session_row(title="好的一行", points="向李斌同志学习：政治品格"),
        session_row(title="有问题的一行", points=cell),
    )

    assert list(errors) == [3], errors
    assert said(errors[3], english, chinese), errors[3]
