"""意见建议 on a 390 px phone: from the footer to the form, a refused send with its message next
to the field, a send, and the answer read later by the private link; axe finds no serious or
critical barrier on any of these pages, and none scrolls sideways."""

from playwright.sync_api import expect

from campaign.feedback.models import Opinion, Status
from campaign.feedback.services import opinion_answer
from tests.browser.judges import barriers

WIDER_THAN_THE_SCREEN = "document.documentElement.scrollWidth > window.innerWidth"
TEXT = "学习专栏的决定原文在手机上字太小，希望能增加字号调整功能，方便老同志阅读。"
ANSWER = "感谢您的建议，字号调整功能已列入下一版计划。"


def test_a_visitor_sends_an_opinion_and_reads_the_answer_on_a_phone(browser, live_server, tree):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/")

    page.locator("footer").get_by_role("link", name="意见建议").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("意见建议")
    assert not barriers(page)

    page.get_by_role("button", name="发送").click()  # nothing written yet
    expect(page.get_by_text("请填写您的意见或投诉。")).to_be_visible()
    expect(page.get_by_label("您的意见或投诉")).to_have_attribute("aria-invalid", "true")
    assert not barriers(page)
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)

    page.get_by_label("类别").select_option(label="投诉")
    page.get_by_label("您的意见或投诉").fill(TEXT)
    page.get_by_label("联系方式（选填）").fill("13800000000")
    page.get_by_role("button", name="发送").click()

    expect(page.get_by_text("请保存本页地址")).to_be_visible()
    expect(page.get_by_text("尚未答复")).to_have_count(2)  # the status, and the answer's place
    link = page.url
    expect(page.get_by_label("本页的专属链接")).to_have_value(link)
    assert not barriers(page)
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    context.close()

    opinion = Opinion.objects.get()
    opinion_answer(opinion=opinion, answer=ANSWER, status=Status.CLOSED, by=tree.campaign_admin)

    later = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = later.new_page()
    page.goto(link)
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.locator(".feedback-status")).to_have_text("已办结")
    assert not barriers(page)
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    later.close()
