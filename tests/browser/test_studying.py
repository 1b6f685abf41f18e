"""Studying on a phone: a reader marks points studied, searches the decision, and reads a shared
reflection from the paragraph it quotes."""

import re

from playwright.sync_api import expect

from campaign.choices import ReflectionStatus
from documents.models import LearningPoint, Paragraph
from tests.browser.pages import sign_in
from tests.factories import REFLECTION_BODY, ReflectionFactory


def test_a_reader_marks_two_points_and_sees_two_of_four_after_reloading(phone, tree):
    page = phone
    sign_in(page, "reader")
    page.goto(page.base + "/c/li-bin-2019/decision/")
    expect(page.locator("#reading-progress")).to_contain_text("4 个学习要点中的 0 个")

    page.get_by_role("button", name="我已学习“政治品格”").click()
    expect(page).to_have_url(re.compile(r"/c/li-bin-2019/decision/#point-1-studied$"))
    page.get_by_role("button", name="我已学习“敬业精神”").click()
    # The mark is a form post; reload only once its answer has loaded, not in the middle of it.
    expect(page).to_have_url(re.compile(r"/c/li-bin-2019/decision/#point-3-studied$"))
    page.wait_for_load_state()
    page.reload()

    expect(page.locator("#reading-progress")).to_contain_text("4 个学习要点中的 2 个")
    expect(page.locator("#point-1-studied")).to_contain_text("你已标记“政治品格”为已学习")
    page.goto(page.base + "/c/li-bin-2019/")
    expect(page.locator("#reading-progress")).to_contain_text("4 个学习要点中的 2 个")


def test_a_search_lands_on_the_paragraph_that_says_it(phone, decision):
    page = phone
    page.goto(page.base + "/")
    page.get_by_role("searchbox").first.fill("工匠精神")
    page.get_by_role("searchbox").first.press("Enter")

    expect(page.locator("mark").first).to_have_text("工匠精神")
    found = page.locator(".search-paragraph a").first
    anchor = found.get_attribute("href").split("#")[1]
    found.click()

    expect(page).to_have_url(re.compile(rf"/c/li-bin-2019/decision/#{anchor}$"))
    expect(page.locator(f"#{anchor}")).to_contain_text("工匠精神")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_a_reader_opens_a_shared_reflection_from_the_paragraph_it_quotes(phone, tree):
    quoted = Paragraph.objects.get(number=2)
    shared = ReflectionFactory(
        organisation=tree.unit,
        point=LearningPoint.objects.get(number=3),
        quoted_paragraph=quoted,
        title="读第二段的体会",
        body=REFLECTION_BODY,
        status=ReflectionStatus.FEATURED,
        public_consent=True,
    )
    page = phone
    page.goto(page.base + "/c/li-bin-2019/decision/")

    page.get_by_role("link", name="1 篇公开的心得引用了第 2 段").click()
    page.get_by_role("link", name="读第二段的体会").click()

    expect(page).to_have_url(re.compile(rf"/reflections/{shared.pk}/$"))
    expect(page.locator("h1")).to_have_text("读第二段的体会")
    expect(page.locator("blockquote")).to_contain_text(quoted.text[:20])


def test_the_chosen_points_paragraph_comes_first_in_the_quoted_paragraph_list(phone, tree):
    page = phone
    sign_in(page, "organiser")
    page.goto(page.base + "/admin/campaign/reflection/add/")

    page.select_option("#id_point", label="3. 敬业精神")

    first = page.locator("#id_quoted_paragraph optgroup").first
    expect(first).to_have_attribute("label", "3. 敬业精神")
    page.select_option(
        "#id_quoted_paragraph", label=Paragraph.objects.get(number=6).opening_words(24)
    )
