"""Importing organisations: units under one's own body, updates by code, the tree's rules and the
rules of who may place and move a body, all refused row by row with nothing imported."""

import pytest

from campaign.choices import District, OrganisationKind
from campaign.models import Organisation
from tests.campaign.exchange.spreadsheets import (
    Snapshot,
    bad_rows,
    export,
    import_file,
    organisation_rows,
    said,
    upload,
)


@pytest.mark.parametrize("role", ["campaign_admin", "district_admin"])
def test_an_exported_organisation_file_imports_unchanged(client_as, tree, role):
    client = client_as(role)
    _, content = export(client, "organisation", "xlsx")
    before = Snapshot.take()
    preview, _ = import_file(client, "organisation", content, "o.xlsx", "xlsx")
    assert preview.context["result"].totals["new"] == 0
    assert preview.context["result"].totals["update"] == 0
    assert Snapshot.take() == before


def test_district_admin_imports_units_under_their_body(client_as, tree):
    client = client_as("district_admin")
    content = organisation_rows(
        ["HP-GH-03", "黄浦单位三", "基层工会", "黄浦", "HP-GH", "是"],
        ["HP-GH-03-1", "黄浦单位三班组", "其他", "黄浦区", "HP-GH-03", ""],
    )
    import_file(client, "organisation", content)
    unit = Organisation.objects.get(code="HP-GH-03")
    team = Organisation.objects.get(code="HP-GH-03-1")
    assert (unit.parent, unit.kind, unit.district) == (
        tree.huangpu_body,
        OrganisationKind.UNION_BRANCH,
        District.HUANGPU,
    )
    assert team.parent == unit and team.path.startswith(unit.path) and team.depth == 4
    assert team.is_active


def test_campaign_admin_updates_a_unit_by_its_code(client_as, tree):
    client = client_as("campaign_admin")
    import_file(
        client,
        "organisation",
        organisation_rows(["HP-GH-02", "黄浦单位二（更名）", "基层工会", "黄浦", "HP-GH", "否"]),
    )
    tree.sibling.refresh_from_db()
    assert tree.sibling.name == "黄浦单位二（更名）"
    assert not tree.sibling.is_active
    assert Organisation.objects.count() == 7


BAD_ORGANISATIONS = {
    "parent out of reach": (
        ["HP-GH-09", "新单位", "基层工会", "徐汇", "XH-GH", "是"],
        ("No unit within your reach has the code", "您管理的单位中没有代码为"),
    ),
    "unknown parent": (
        ["HP-GH-09", "新单位", "基层工会", "黄浦", "NOPE", "是"],
        ("No unit within your reach has the code “NOPE”", "您管理的单位中没有代码为“NOPE”的单位"),
    ),
    "top level": (
        ["HP-GH-09", "新单位", "基层工会", "黄浦", "", "是"],
        (
            "Only a campaign admin can add a top-level organisation",
            "只有活动管理员可以新增顶级单位",
        ),
    ),
    "district of another parent": (
        ["HP-GH-09", "新单位", "基层工会", "徐汇", "HP-GH", "是"],
        ("单位所属区必须与上级单位一致（黄浦）", "单位所属区必须与上级单位一致（黄浦）"),
    ),
    "moving own body": (
        ["HP-GH", "黄浦区局（产业）工会", "区局（产业）工会", "黄浦", "XH-GH", "是"],
        ("Only a campaign admin can change the parent unit or district", "只有活动管理员可以修改"),
    ),
    "bad code": (
        ["黄浦 单位", "新单位", "基层工会", "黄浦", "HP-GH", "是"],
        ("只能使用字母、数字", "只能使用字母、数字"),
    ),
    "unknown district": (
        ["HP-GH-09", "新单位", "基层工会", "火星", "HP-GH", "是"],
        ("“火星” is not one of the choices", "“火星”不是可选的值"),
    ),
    "code of a unit out of reach": (
        ["XH-GH-01", "改名", "基层工会", "黄浦", "HP-GH", "是"],
        ("已存在", "已存在"),
    ),
    "too deep": (
        ["HP-GH-09", "新单位", "基层工会", "黄浦", "HP-GH-01-1", "是"],
        ("单位层级最多 4 级", "单位层级最多 4 级"),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ORGANISATIONS))
def test_a_bad_organisation_row_is_refused(client_as, tree, case):
    row, (english, chinese) = BAD_ORGANISATIONS[case]
    client = client_as("district_admin")
    before = Snapshot.take()
    response = upload(
        client,
        "organisation",
        organisation_rows(["HP-GH-08", "好单位", "基层工会", "黄浦", "HP-GH", "是"], row),
    )
    errors = bad_rows(response)
    assert list(errors) == [3], errors
    assert said(errors[3], english, chinese), errors[3]
    assert Snapshot.take() == before


def test_district_admin_renames_own_body_by_import(client_as, tree):
    client = client_as("district_admin")
    import_file(
        client,
        "organisation",
        organisation_rows(["HP-GH", "黄浦区总工会", "区局（产业）工会", "黄浦", "SH-ZGH", "是"]),
    )
    tree.huangpu_body.refresh_from_db()
    assert tree.huangpu_body.name == "黄浦区总工会"
    assert tree.huangpu_body.parent == tree.city


def test_campaign_admin_adds_a_top_level_body(client_as, tree):
    client = client_as("campaign_admin")
    import_file(
        client,
        "organisation",
        organisation_rows(["SH-NEW", "新的市级机关", "发文机关", "市级", "", "是"]),
    )
    body = Organisation.objects.get(code="SH-NEW")
    assert body.parent is None and body.depth == 1 and body.district == District.CITY


def test_an_organisation_import_is_logged_in_the_admin_log(client_as, tree):
    from django.contrib.admin.models import ADDITION, LogEntry

    client = client_as("district_admin")
    import_file(
        client,
        "organisation",
        organisation_rows(["HP-GH-05", "黄浦单位五", "其他", "黄浦", "HP-GH", "是"]),
    )
    entry = LogEntry.objects.get(object_id=str(Organisation.objects.get(code="HP-GH-05").pk))
    assert (entry.user, entry.action_flag) == (tree.district_admin, ADDITION)
