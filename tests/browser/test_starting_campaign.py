"""Starting a campaign on a phone: a campaign admin uploads a decision's Word file, corrects the
title, and saves a draft, on a 375 px page that never scrolls sideways.
And a decision printed to PDF by the browser (its text layer) reads as the data file does."""

import html

from playwright.sync_api import expect

from documents.loader import DECISION_FILE, parse_decision
from documents.models import Campaign
from documents.reading import read_decision
from tests.browser.pages import sign_in
from tests.browser.test_decision_print import require_cjk_font
from tests.decisions import DOCX_TYPE, SEED, docx_bytes, upload

# A made-up decision (示例), laid out as a district union's are.
SAMPLE = [
    "上海市示例区总工会（示例）",
    "示例工〔2026〕3号",
    "关于开展向示例同志学习活动的决定",
    "各基层工会：",
    ("一是要学习示例同志爱岗敬业的职业精神。", "示例同志在一线岗位工作多年（示例）。"),
    ("二是要学习示例同志精益求精的工匠品格。", "示例同志带出了一支队伍（示例）。"),
    ("三是要学习示例同志无私奉献的道德情操。", "示例同志把经验传给了青年职工（示例）。"),
    "二〇二六年三月十三日",
    "（此件发至各基层工会）",
]


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_campaign_admin_starts_a_draft_from_a_word_file_on_a_phone(phone, tree):
    page = phone
    sign_in(page, "campaign_admin")
    page.goto(page.base + "/admin/")
    page.get_by_role("link", name="新建学习教育").click()
    no_sideways_scroll(page)
    page.get_by_label("决定原文文件").set_input_files(
        {"name": "决定.docx", "mimeType": DOCX_TYPE, "buffer": docx_bytes(SAMPLE)}
    )
    page.get_by_role("button", name="读取原文").click()

    expect(page.get_by_label("发文字号")).to_have_value("示例工〔2026〕3号")
    expect(page.get_by_label("成文日期")).to_have_value("2026-03-13")
    expect(page.get_by_label("发送范围")).to_have_value("（此件发至各基层工会）")
    expect(page.locator("#point-row-3").get_by_label("简称")).to_have_value("道德情操")
    no_sideways_scroll(page)
    page.locator("#id_title").fill("关于开展向示例同志学习活动的决定（示例）")
    page.get_by_label("地址").fill("shili-2026")
    page.get_by_label("学习教育名称").fill("向示例同志学习（示例）")
    page.get_by_role("button", name="存为草稿").click()

    expect(page.locator(".messagelist")).to_contain_text("已存为草稿")
    campaign = Campaign.objects.select_related("document").get(slug="shili-2026")
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.document.title == "关于开展向示例同志学习活动的决定（示例）"
    assert list(campaign.document.points.values_list("short_name", flat=True)) == [
        "职业精神",
        "工匠品格",
        "道德情操",
    ]


def test_a_pdf_printed_with_a_text_layer_reads_as_the_data_file(phone):
    """The seed's text as a page, printed by Chromium: the head read whole, the lines the page
    wrapped and the page breaks cut joined back, each point found. A PDF keeps no paragraph
    marks: a paragraph whose last line fills the width runs on into the next (the admin splits
    it on the review form), so the paragraphs read are runs of the data file's, nothing lost."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    shown = [line.replace("**", "").removeprefix("## ") for line in lines if line and line != "---"]
    page = phone
    page.set_content(
        '<html lang="zh-CN"><meta charset="utf-8"><body><div class="doc-paragraph">'
        + "".join(f"<p>{html.escape(line)}</p>" for line in shown)
        + "</div></body></html>"
    )
    require_cjk_font(page)
    pdf = page.pdf(format="A4")

    read = read_decision(upload=upload("决定.pdf", pdf, "application/pdf"))

    expected = parse_decision(DECISION_FILE.read_text(encoding="utf-8"))
    assert (read.issuers, read.number, read.title, read.issued_on, read.distribution) == (
        expected.issuers,
        expected.number,
        expected.title,
        expected.issued_on,
        expected.distribution,
    )
    assert "".join(read.paragraphs) == "".join(expected.paragraphs)  # not a character changed
    remaining = list(expected.paragraphs)
    for paragraph in read.paragraphs:  # each a run of whole paragraphs of the data file
        run = ""
        while run != paragraph:
            run += remaining.pop(0)
            assert paragraph.startswith(run)
    assert sorted(read.headings.values()) == sorted(expected.headings.values())
