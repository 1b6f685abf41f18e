"""The meeting record (学习会议记录): every field of the session in the layout units file, A4 with
an official document's margins and typefaces, made whatever the text holds."""

import datetime

import pytest
from django.utils import translation
from docx.shared import Pt

from campaign.choices import AbsenceReason, SessionFormat
from campaign.meeting_records.word import record_docx, record_sessions
from campaign.models import StudySession
from documents.models import LearningPoint
from tests.campaign import entries
from tests.campaign.meeting_records.reading import (
    east_asian_font,
    fallback_fonts,
    fields,
    open_docx,
)
from tests.factories import StudySessionFactory

MINUTES = "会议内容\n（学习纪要）"  # the label, on two lines
SUMMARY = "　　一、传达学习了《决定》全文。\r\n\r\n二、大家结合岗位谈体会。\n三、下一步要求。"


DAY = datetime.date(2025, 11, 4)
LATER = datetime.date(2025, 11, 10)
ABSENT = "缺席人员及原因"
MADE_UP = "补课人员"


@pytest.fixture
def points(decision):
    return list(LearningPoint.objects.filter(number__in=[1, 3]))


@pytest.fixture
def session(tree, points):
    return entries.record(
        tree,
        points[0],
        held_on=DAY,
        title="学习李斌同志先进事迹专题会",
        format=SessionFormat.DISCUSSION,
        host="王书记",
        venue="三楼会议室",
        participants=23,
        party_members=11,
        absentees=[
            ("李四", AbsenceReason.BUSINESS, "出差"),
            ("王五", AbsenceReason.SICK, ""),
            ("赵六", AbsenceReason.OTHER, "借调"),
        ],
        absence_note="另有一人迟到半小时。\n\n  会后已补签到。",
        summary=SUMMARY,
        points=points,
    )


def make_up(tree, points, missed, *, held_on=LATER, **fields):
    """A make-up session (补课) of the tree's unit for the absentees `missed` of its earlier
    sessions."""
    fields = {"title": "补课：学习李斌同志先进事迹专题会", **fields}
    return entries.record(tree, points[0], held_on=held_on, made_up=missed, **fields)


def reread(session) -> StudySession:
    """The session as the downloads read it, its absentees and make-ups prefetched."""
    return record_sessions(StudySession.objects.filter(pk=session.pk)).get()


def labels(document) -> list[str]:
    return [row.cells[0].text for row in document.tables[0].rows]


def test_the_record_holds_every_field_of_the_session(session):
    document = open_docx(record_docx(session))
    record = fields(document)
    headings = list(
        LearningPoint.objects.filter(number__in=[1, 3]).values_list("heading", flat=True)
    )

    assert document.paragraphs[0].text == "学习会议记录"
    assert record["单位"] == ["黄浦单位一"]
    assert record["会议主题"] == ["学习李斌同志先进事迹专题会"]
    assert record["时间"] == ["2025年11月4日"]
    assert record["地点"] == ["三楼会议室"]
    assert record["主持人/主讲人"] == ["王书记"]
    assert record["形式"] == ["座谈交流"]
    assert record["参加人数"] == ["23人"]
    assert record["其中党员"] == ["11人"]
    assert record[ABSENT] == [
        "李四（公差：出差）——尚未补课",
        "王五（病假）——尚未补课",
        "赵六（其他：借调）——尚未补课",
        "另有一人迟到半小时。",
        "会后已补签到。",
    ]
    assert MADE_UP not in record  # not a make-up session
    assert record["学习要点"] == ["向李斌同志学习：", *headings]  # under their campaign
    assert headings[0].startswith("一是要学习李斌同志") and headings[1].startswith("三是")
    assert record[MINUTES] == [
        "一、传达学习了《决定》全文。",
        "二、大家结合岗位谈体会。",
        "三、下一步要求。",
    ]
    after_table = [p.text for p in document.paragraphs[1:] if p.text]
    assert after_table == ["记录人（签字）：＿＿＿＿＿＿", "日期：＿＿＿＿年＿＿月＿＿日"]


def test_a_session_of_two_campaigns_lists_each_campaigns_points_under_its_name(
    tree, li_bin, sample
):
    """Entered once, it counts in both campaigns (最多报一次): the record names each."""
    session = StudySessionFactory(
        organisation=tree.unit,
        title="学习《决定》暨示例学习活动启动会",
        points=[
            *sample.document.points.filter(number__in=[7, 2]),
            *li_bin.document.points.filter(number=2),
        ],
    )

    for read in (session, reread(session)):  # the session alone, or prefetched for a ZIP
        assert fields(open_docx(record_docx(read)))["学习要点"] == [
            "向李斌同志学习：",
            "二是要学习李斌同志不忘初心、胸怀大局的担当情怀。",
            "示例学习活动：",
            "二是要学习联系实际的方法。",
            "七是要学习持之以恒的方法。",
        ]


def test_the_record_is_in_chinese_whatever_the_interface_language(session):
    with translation.override("en"):
        content = record_docx(session)
    record = fields(open_docx(content))
    assert record["形式"] == ["座谈交流"]
    assert record[ABSENT][:2] == ["李四（公差：出差）——尚未补课", "王五（病假）——尚未补课"]


def test_absentees_who_made_up_say_when_and_the_others_that_they_have_not(tree, points, session):
    absent = {absentee.name: absentee for absentee in session.absentees.all()}
    make_up(tree, points, [absent["李四"], absent["赵六"]])

    record = fields(open_docx(record_docx(reread(session))))

    assert record[ABSENT] == [
        "李四（公差：出差）——已于2025年11月10日补课",
        "王五（病假）——尚未补课",
        "赵六（其他：借调）——已于2025年11月10日补课",
        "另有一人迟到半小时。",
        "会后已补签到。",
    ]


def test_a_make_up_session_names_whom_it_makes_up_for_below_the_absentees(tree, points, session):
    earlier = entries.record(
        tree,
        points[0],
        held_on=DAY - datetime.timedelta(days=20),
        title="专题学习《关于深入开展向李斌同志学习的决定》",
        absentees=[("钱七", AbsenceReason.PERSONAL, "")],
    )
    absent = {a.name: a for s in (session, earlier) for a in s.absentees.all()}
    makeup = make_up(
        tree,
        points,
        [absent["赵六"], absent["钱七"], absent["李四"]],
        absentees=[("孙八", AbsenceReason.SICK, "")],
    )

    document = open_docx(record_docx(reread(makeup)))
    record = fields(document)

    assert labels(document)[5:8] == [ABSENT, MADE_UP, "学习要点"]
    assert record[MADE_UP] == [  # by the session missed, the earliest first; 《》 nested as 〈〉
        "钱七（补2025年10月15日《专题学习〈关于深入开展向李斌同志学习的决定〉》）",
        "李四、赵六（补2025年11月4日《学习李斌同志先进事迹专题会》）",
    ]
    assert record[ABSENT] == ["孙八（病假）——尚未补课"]
    assert record["会议主题"] == ["补课：学习李斌同志先进事迹专题会"]
    assert record[MINUTES] == []
    # The session it makes up for keeps the plain form.
    assert labels(open_docx(record_docx(reread(session))))[5:7] == [ABSENT, "学习要点"]


def test_a_record_reads_the_session_without_a_prefetch_too(tree, points, session):
    made = make_up(tree, points, list(session.absentees.filter(name="王五")))

    assert fields(open_docx(record_docx(made)))[MADE_UP] == [
        "王五（补2025年11月4日《学习李斌同志先进事迹专题会》）"
    ]
    assert fields(open_docx(record_docx(session)))[ABSENT][1] == (
        "王五（病假）——已于2025年11月10日补课"
    )


def test_empty_fields_are_left_blank_to_fill_in_by_hand(tree):
    session = StudySessionFactory(organisation=tree.unit, host="", venue="", summary="")
    record = fields(open_docx(record_docx(session)))

    assert record["地点"] == []
    assert record["主持人/主讲人"] == []
    assert record[ABSENT] == []
    assert MADE_UP not in record
    assert record[MINUTES] == []


def test_the_page_is_a4_with_the_margins_of_an_official_document(session):
    section = open_docx(record_docx(session)).sections[0]

    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(margin.cm, 2) for margin in margins] == [3.7, 3.5, 2.8, 2.6]


def test_title_labels_and_text_have_their_chinese_typefaces_and_sizes(session):
    content = record_docx(session)
    document = open_docx(content)
    title = document.paragraphs[0]
    label = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    value = document.tables[0].rows[0].cells[1].paragraphs[0].runs[0]
    signature = next(p for p in document.paragraphs if p.text.startswith("记录人")).runs[0]

    assert title.alignment == 1  # centred
    assert (east_asian_font(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    assert (east_asian_font(label), label.font.size) == ("黑体", Pt(14))
    assert (east_asian_font(value), value.font.size) == ("仿宋_GB2312", Pt(14))
    assert (east_asian_font(signature), signature.font.size) == ("仿宋_GB2312", Pt(16))
    assert fallback_fonts(content) == {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋"}


def test_a_record_is_made_whatever_control_characters_or_markup_the_text_holds(tree, points):
    session = entries.record(
        tree,
        points[0],
        title="<b>学习</b> & 讨论\x01",
        venue="A&B <会议室>\x1f",
        host="张三\x0b李四",
        absentees=[
            ("赵六\x0c\x01", AbsenceReason.OTHER, "休假 & <调休>\x02"),
            ("<i>孙\n八</i>", AbsenceReason.SICK, ""),
        ],
        absence_note="\x03迟到 & <早退>",
        summary="第一段\x08<script>alert(1)</script>\n第二段 &amp; \ufffe",
    )
    makeup = make_up(
        tree,
        points,
        list(session.absentees.all()),
        held_on=session.held_on,
        title="补课：<b>学习</b> & 讨论\x01",
    )
    session.summary += "\x00"  # as another database might give it; PostgreSQL cannot store it

    record = fields(open_docx(record_docx(session)))
    made_up = fields(open_docx(record_docx(reread(makeup))))[MADE_UP]

    day = f"{session.held_on.year}年{session.held_on.month}月{session.held_on.day}日"
    assert record["会议主题"] == ["<b>学习</b> & 讨论"]
    assert record["地点"] == ["A&B <会议室>"]
    assert record["主持人/主讲人"] == ["张三 李四"]
    assert record[ABSENT] == [
        f"赵六（其他：休假 & <调休>）——已于{day}补课",
        f"<i>孙 八</i>（病假）——已于{day}补课",
        "迟到 & <早退>",
    ]
    assert made_up == [f"赵六、<i>孙 八</i>（补{day}《<b>学习</b> & 讨论》）"]
    assert record[MINUTES] == ["第一段<script>alert(1)</script>", "第二段 &amp;"]
