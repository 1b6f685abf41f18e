"""load_decision: the Li Bin 2019 campaign from documents/data/ exactly as before, any campaign
from a folder of data files, and a folder that is wrong refused with a message that says what is
wrong, loading nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from documents.loader import DECISION_FILE, DecisionFormatError, load_decision, parse_decision
from documents.models import Campaign, Document, LearningPoint, Paragraph, ProfileFact
from tests.documents.folders import (
    SAMPLE_POINTS,
    SAMPLE_TEXT,
    li_bin_copy,
    sample_campaign,
    sample_folder,
    write_folder,
)
from tests.factories import UserFactory
from tests.source import SHARED_SOURCE, source_body

# Where the PDF's page breaks cut a paragraph; each pair must come out joined.
PAGE_BREAKS = [
    ("整体水平的提升", "作出了重大贡献"),
    ("同以习近平同志为核心的党中央保持高度", "一致，坚定不移听党话"),
    ("在他的带领下，企业职工科技", "创新蓬勃发展"),
    ("加大", "对李斌同志先进事迹的宣传"),
]
NOTHING = {"campaign": 0, "document": 0, "paragraphs": 0, "points": 0, "facts": 0}


def test_loader_joins_each_page_break_into_one_paragraph():
    parsed = parse_decision(DECISION_FILE.read_text(encoding="utf-8"))

    assert len(parsed.paragraphs) == 10
    for before, after in PAGE_BREAKS:
        assert sum(before + after in p for p in parsed.paragraphs) == 1, before
    assert "".join(parsed.paragraphs) == source_body()


def test_the_li_bin_decision_loads_as_the_first_campaign_character_for_character(db):
    load_decision()

    campaign = Campaign.objects.select_related("document").get()
    assert (campaign.slug, campaign.name, campaign.status) == (
        "li-bin-2019",
        "向李斌同志学习",
        "open",
    )
    assert (str(campaign.opens_on), campaign.closes_on) == ("2019-04-03", None)
    assert not campaign.is_sample
    assert campaign.honours == "李斌同志"
    document = campaign.document
    assert document.number == "沪工总办〔2019〕60号"
    assert "".join(document.paragraphs.values_list("text", flat=True)) == source_body()
    assert list(document.points.values_list("number", "short_name", "paragraph__number")) == [
        (1, "政治品格", 4),
        (2, "担当情怀", 5),
        (3, "敬业精神", 6),
        (4, "道德情操", 7),
    ]
    assert document.profile_facts.count() == 23


def test_loading_twice_writes_nothing_and_keeps_learning_point_ids(decision):
    ids = list(LearningPoint.objects.values_list("pk", flat=True))

    changed = load_decision()

    assert changed == NOTHING
    assert list(LearningPoint.objects.values_list("pk", flat=True)) == ids
    assert Document.objects.count() == 1
    assert Paragraph.objects.count() == 10
    assert ProfileFact.objects.count() == 23


def test_load_decision_command_reports_what_it_did(db, capsys):
    call_command("load_decision")
    call_command("load_decision")

    out = capsys.readouterr().out
    assert "campaign 1, document 1, paragraphs 10, points 4, facts 23" in out
    assert "already up to date" in out


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason="../shared/seeds is not beside the project")
def test_project_carries_an_unchanged_copy_of_the_seed():
    assert DECISION_FILE.read_bytes() == SHARED_SOURCE.read_bytes()


def test_a_campaign_loads_from_any_folder_with_its_own_points_and_no_profile(decision, tmp_path):
    call_command("load_decision", str(sample_folder(tmp_path / "sample")))

    campaign = Campaign.objects.select_related("document").get(slug="sample-2026")
    assert campaign.is_sample
    assert (campaign.status, str(campaign.opens_on), str(campaign.closes_on)) == (
        "open",
        "2026-03-01",
        "2026-12-31",
    )
    assert campaign.honours == ""
    document = campaign.document
    assert document.title == "关于开展示例学习活动的决定（示例）"
    points = list(document.points.select_related("paragraph"))
    assert [p.short_name for p in points] == SAMPLE_POINTS
    assert [p.number for p in points] == list(range(1, 8))
    assert points[2].heading == "三是要学习交流研讨的方法。"
    # The page break inside point 3 is joined, and the bold markup is the only thing taken away.
    assert (
        points[2].paragraph.text
        == "三是要学习交流研讨的方法。以班组为单位开展讨论，相互启发，共同提高。"
    )
    assert not document.profile_facts.exists()
    assert decision.points.count() == 4  # the first campaign is untouched


def test_propose_prints_the_points_of_the_bold_headings(tmp_path, capsys):
    folder = sample_folder(tmp_path / "sample")

    call_command("load_decision", propose=str(DECISION_FILE))
    call_command("load_decision", propose=str(folder / "decision.txt"))

    first, second = capsys.readouterr().out.split('  "points": ')[1:]
    li_bin = json.loads(DECISION_FILE.with_name("campaign.json").read_text("utf-8"))
    assert json.loads(first) == li_bin["points"]
    assert [point["paragraph"] for point in json.loads(second)] == list(range(3, 10))


def test_a_paragraph_added_before_the_points_moves_them_and_keeps_their_ids(decision, tmp_path):
    ids = dict(decision.points.values_list("number", "pk"))
    text = DECISION_FILE.read_text("utf-8")
    text = text.replace("**一是", "（示例：测试插入的段落。）\n\n**一是", 1)
    points = [
        {"paragraph": n + 5, "short_name": p.short_name}
        for n, p in enumerate(decision.points.all())
    ]

    load_decision(li_bin_copy(tmp_path / "moved", decision_text=text, points=points))

    assert dict(decision.points.values_list("number", "pk")) == ids
    assert list(decision.points.values_list("paragraph__number", flat=True)) == [5, 6, 7, 8]
    assert decision.paragraphs.count() == 11


def li_bin_with_profile(folder, facts):
    folder = li_bin_copy(folder)
    (folder / "profile.json").write_text(json.dumps({"facts": facts}, ensure_ascii=False), "utf-8")
    return folder


BAD_FOLDERS = {
    "no campaign.json": (lambda f: f.mkdir(), "campaign.json is not there"),
    "not JSON": (
        lambda f: write_folder(f, {}, {"campaign.json": "{slug: sample}"}),
        "campaign.json is not valid JSON",
    ),
    "a key misspelt": (
        lambda f: sample_folder(f, closes="2026-12-31"),
        "unknown key closes",
    ),
    "no slug": (lambda f: sample_folder(f, slug=None), "missing slug"),
    "a slug with a space": (lambda f: sample_folder(f, slug="sample 2026"), "slug 'sample 2026'"),
    "an unknown status": (
        lambda f: sample_folder(f, status="running"),
        "status 'running' must be one of draft, open, closed",
    ),
    "a date in another format": (
        lambda f: sample_folder(f, opens_on="2026/03/01"),
        "opens_on '2026/03/01' must be a date written as YYYY-MM-DD",
    ),
    "closing before opening": (
        lambda f: sample_folder(f, closes_on="2026-01-01"),
        "closes_on 2026-01-01 is before opens_on",
    ),
    "no text file": (lambda f: sample_folder(f, text="missing.txt"), "missing.txt is not there"),
    "a text file outside the folder": (
        lambda f: sample_folder(f, text="../decision.txt"),
        "must be the name of a file in",
    ),
    "a truncated text": (
        lambda f: sample_folder(f, decision_text=SAMPLE_TEXT[: SAMPLE_TEXT.index("2026年3月1日")]),
        "Expected a date line and a distribution line",
    ),
    "a point on a paragraph with no heading": (
        lambda f: sample_folder(
            f,
            points=[{"paragraph": 2, "short_name": "目的"}] + sample_campaign()["points"],
        ),
        "point 1: paragraph 2 opens with no **heading**",
    ),
    "a heading that states no point": (
        lambda f: sample_folder(f, points=sample_campaign()["points"][:6]),
        "Paragraph 9 opens with a **heading** but campaign.json names no point there",
    ),
    "thirteen points": (
        lambda f: sample_folder(f, points=[{"paragraph": 3, "short_name": "一"}] * 13),
        "points must list 1 to 12 points",
    ),
    "a point without its short name": (
        lambda f: sample_folder(f, points=[{"paragraph": 3}]),
        'point 1 must be {"paragraph": …, "short_name": …}',
    ),
    "a profile fact the decision does not state": (
        lambda f: li_bin_with_profile(f, [{"kind": "honour", "text": "诺贝尔奖"}]),
        "profile fact '诺贝尔奖' must be quoted from exactly one paragraph; found 0",
    ),
    "a profile fact found in two paragraphs": (
        lambda f: li_bin_with_profile(f, [{"kind": "honour", "text": "李斌同志"}]),
        "found 10",
    ),
    "a profile fact of an unknown kind": (
        lambda f: li_bin_with_profile(f, [{"kind": "hobby", "text": "上海工匠"}]),
        "unknown kind 'hobby'",
    ),
}


@pytest.mark.parametrize("wrong", BAD_FOLDERS)
def test_a_wrong_folder_is_refused_with_a_message_naming_what_is_wrong(db, tmp_path, wrong):
    make, message = BAD_FOLDERS[wrong]
    make(tmp_path / "folder")

    with pytest.raises(DecisionFormatError) as refused:
        load_decision(tmp_path / "folder")

    assert message in str(refused.value)
    assert not Campaign.objects.exists()
    assert not Document.objects.exists()
    assert not Paragraph.objects.exists()


def test_the_command_refuses_a_wrong_folder_saying_so(db, tmp_path):
    folder = sample_folder(tmp_path / "sample", status="running")

    with pytest.raises(CommandError, match=r"status 'running'.*Nothing was loaded"):
        call_command("load_decision", str(folder))


def test_a_decision_already_loaded_cannot_launch_a_second_campaign(decision, tmp_path):
    with pytest.raises(DecisionFormatError, match="已用于活动 li-bin-2019"):
        load_decision(li_bin_copy(tmp_path / "again", slug="li-bin-again"))

    assert Campaign.objects.count() == 1


def test_a_refused_reload_leaves_the_campaign_as_it_was(sample, tmp_path):
    """All or nothing: the new title is written before the loader finds that point 7, which a
    reader marked studied, would go; the whole load is undone."""
    point = sample.document.points.get(number=7)
    point.studied_by.create(user=UserFactory())
    text = SAMPLE_TEXT.replace("（示例）", "（示例，修订）").replace("**七是", "七是")

    with pytest.raises(DecisionFormatError, match="学习要点 7 不能删除"):
        load_decision(
            sample_folder(
                tmp_path / "changed", decision_text=text, points=sample_campaign()["points"][:6]
            )
        )

    sample.document.refresh_from_db()
    assert sample.document.title == "关于开展示例学习活动的决定（示例）"
    assert sample.document.points.count() == 7


def test_a_point_nothing_refers_to_may_go_on_reload(sample, tmp_path):
    text = SAMPLE_TEXT.replace("**七是", "七是")

    changed = load_decision(
        sample_folder(
            tmp_path / "changed", decision_text=text, points=sample_campaign()["points"][:6]
        )
    )

    assert changed["points"] == 1
    assert sample.document.points.count() == 6
