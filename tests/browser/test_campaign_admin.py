"""A campaign admin runs a campaign in the backend, end to end in a real browser: from a draft
(as the upload of a decision saves one), marks three points and the scope, previews it on a
375 px phone, publishes it; an organiser in scope sees its three points on the session form and
one out of scope does not; closed, it is no longer offered."""

import datetime

from playwright.sync_api import expect

from documents.loader import load_decision
from documents.models import Campaign, LearningPoint
from tests.browser.judges import barriers
from tests.browser.pages import sign_in
from tests.documents.folders import SAMPLE_TEXT, sample_folder

NAMES = ["通读原文", "联系实际", "交流研讨"]


def load_draft(folder) -> Campaign:
    opens = datetime.date.today() - datetime.timedelta(days=10)
    load_decision(
        sample_folder(
            folder,
            decision_text=SAMPLE_TEXT.replace("示例学发〔2026〕1号", "示例学发〔2026〕9号"),
            slug="draft-2026",
            name="示例草稿活动",
            status="draft",
            opens_on=opens.isoformat(),
            closes_on=None,
        )
    )
    campaign = Campaign.objects.get(slug="draft-2026")
    LearningPoint.objects.filter(document=campaign.document).delete()  # none marked yet
    return campaign


def session_form_groups(page):
    page.goto(page.base + "/admin/campaign/studysession/add/")
    groups = page.locator("#id_points > div")
    expect(groups.first).to_be_visible()
    return groups


def test_a_campaign_admin_marks_previews_publishes_and_closes_a_campaign(phone, tree, tmp_path):
    draft = load_draft(tmp_path / "draft")
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "campaign_admin")

    page.goto(f"{page.base}/admin/documents/campaign/")
    page.get_by_role("link", name="示例草稿活动").click()
    expect(page.locator(".campaign-status")).to_contain_text("草稿")
    assert not barriers(page)  # axe-core: no serious or critical barrier on the campaign's page
    # Seven paragraphs are proposed (一是要… to 七是要…): three are kept, named, and the scope
    # narrowed to 黄浦.
    for index in range(5, 9):
        page.get_by_label(f"第 {index + 1} 段阐述学习要点").uncheck()
    for index, name in enumerate(NAMES, start=3):
        page.get_by_label(f"第 {index} 段学习要点简称").fill(name)
    page.locator(".field-districts").get_by_label("黄浦", exact=True).check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messagelist")).to_contain_text("活动已保存")

    # The preview on a phone: marked as such, the three points, nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{page.base}/c/draft-2026/")
    expect(page.locator(".preview-banner")).to_contain_text("草稿预览")
    expect(page.locator(".point-list li")).to_have_count(3)
    expect(page.locator(".point-list")).to_contain_text("联系实际")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not barriers(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base}/admin/documents/campaign/{draft.pk}/change/")
    page.get_by_role("link", name="发布", exact=True).click()
    # The confirmation page, once loaded: axe on a page still navigating finds no document.
    confirm = page.get_by_role("button", name="是的，我确定")
    expect(confirm).to_be_visible()
    assert not barriers(page)
    confirm.click()
    expect(page.locator(".messagelist")).to_contain_text("已发布")
    expect(page.locator(".campaign-status")).to_contain_text("进行中")
    page.context.clear_cookies()

    # An organiser in scope (黄浦单位一) sees its three points; one out of scope (徐汇) does not.
    sign_in(page, "organiser")
    groups = session_form_groups(page)
    draft_group = groups.filter(has_text="示例草稿活动")
    expect(draft_group.locator("label:has(input)")).to_have_text(
        [f"{n}. {name}" for n, name in enumerate(NAMES, start=1)], use_inner_text=True
    )
    page.context.clear_cookies()
    sign_in(page, "outsider")
    groups = session_form_groups(page)
    expect(groups.filter(has_text="示例草稿活动")).to_have_count(0)
    page.context.clear_cookies()

    # Closed: the form offers it no more; its page stays, as an archive.
    sign_in(page, "campaign_admin")
    page.goto(f"{page.base}/admin/documents/campaign/{draft.pk}/change/")
    page.get_by_role("link", name="结束活动").click()
    page.get_by_role("button", name="是的，我确定").click()
    expect(page.locator(".campaign-status")).to_contain_text("已结束")
    page.context.clear_cookies()
    sign_in(page, "organiser")
    groups = session_form_groups(page)
    expect(groups.filter(has_text="向李斌同志学习")).to_have_count(1)
    expect(groups.filter(has_text="示例草稿活动")).to_have_count(0)
    page.goto(f"{page.base}/c/draft-2026/")
    expect(page.locator(".point-list li")).to_have_count(3)
