"""The backend as it looks: in the portal's red, in a dark-mode browser too; its lists fitting a
screen (at 1280 px every column in view, without a scroll bar inside the list; on a 375 px phone
each row's title and its key figure, and no sideways scroll); its export page's "select all"."""

import pytest
from playwright.sync_api import expect

from documents.models import LearningPoint
from tests.browser.judges import signed_in
from tests.browser.pages import sign_in
from tests.factories import OrganisationFactory, ReflectionFactory, StudySessionFactory, UserFactory

# What the lists hold in real life: long titles and the long names of union branches.
LONG_TITLE = "深入学习贯彻《关于开展向李斌同志学习活动的决定》暨“学李斌、当先锋”主题党日活动"
LONG_UNIT = "上海市黄浦区南京东路街道社区党群服务中心联合工会委员会第一工会小组"

# Each list: its address, its title column and the columns a user must see beside it.
LISTS = {
    "sessions": ("/admin/campaign/studysession/", "标题", ["参加人数", "其中党员人数", "录入人"]),
    "reflections": ("/admin/campaign/reflection/", "标题", ["状态", "录入时间"]),
    "organisations": ("/admin/campaign/organisation/", "名称", ["代码", "上级单位"]),
    "users": ("/admin/accounts/user/", "用户名", ["角色", "单位"]),
}
# On a phone: the title and the one figure or fact that matters most.
ON_A_PHONE = {
    "sessions": "参加人数",
    "reflections": "状态",
    "organisations": "代码",
    "users": "角色",
}

MEASURE = """() => {
  const results = document.querySelector('#changelist .results');
  const box = results.getBoundingClientRect();
  const columns = {};
  for (const th of document.querySelectorAll('#result_list thead th')) {
    const at = th.getBoundingClientRect();
    const shown = at.width > 0 && at.left >= box.left - 1 && at.right <= box.right + 1
      && at.right <= window.innerWidth + 1;
    columns[th.innerText.trim()] = shown;
  }
  return {
    inner: [results.scrollWidth, results.clientWidth],
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    columns,
  };
}"""


@pytest.fixture
def realistic(tree):
    unit = OrganisationFactory(code="HP-NJDL-01", name=LONG_UNIT, parent=tree.huangpu_body)
    organiser = UserFactory(
        username="nanjing_east_organiser", first_name="晓明", last_name="欧阳", organisation=unit
    )
    for n in range(3):
        StudySessionFactory(
            organisation=unit,
            title=f"{LONG_TITLE}（第{n + 1}期）",
            points=list(LearningPoint.objects.all()),
            participants=1250,
            party_members=1024,
            recorded_by=organiser,
        )
        ReflectionFactory(organisation=unit, title=LONG_TITLE, author_name="欧阳晓明")


def measure(page, path: str) -> dict:
    page.goto(page.base + path)
    expect(page.locator("#result_list")).to_be_visible()
    return page.evaluate(MEASURE)


def test_at_1280_px_every_list_shows_its_columns_without_scrolling(phone, realistic):
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "campaign_admin")

    for name, (path, title, named) in LISTS.items():
        shown = measure(page, path)

        scroll, width = shown["inner"]
        assert scroll <= width, f"{name}: the list scrolls sideways ({scroll} > {width} px)"
        hidden = [column for column in [title, *named] if not shown["columns"].get(column)]
        assert not hidden, f"{name}: not in view: {hidden}"


def test_on_a_phone_each_row_shows_its_title_and_key_figure(phone, realistic):
    page = phone
    sign_in(page, "campaign_admin")

    for name, (path, title, _named) in LISTS.items():
        shown = measure(page, path)

        scroll, width = shown["page"]
        assert scroll <= width, f"{name}: the page scrolls sideways ({scroll} > {width} px)"
        hidden = [c for c in (title, ON_A_PHONE[name]) if not shown["columns"].get(c)]
        assert not hidden, f"{name}: not in view on a phone: {hidden}"


COLOURS = """() => {
  const colour = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
  return {
    header: colour('#header', 'backgroundColor'),
    caption: colour('.module caption', 'backgroundColor'),
    body: colour('body', 'backgroundColor'),
    text: colour('body', 'color'),
    link: colour('.breadcrumbs a', 'textDecorationLine'),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_backend_wears_the_portals_red_in_either_colour_scheme(
    browser, live_server, tree, scheme
):
    context = browser.new_context(color_scheme=scheme, locale="zh-CN")
    signed_in(context, live_server.url, tree.organiser)
    page = context.new_page()
    page.goto(live_server.url + "/admin/campaign/")

    colours = page.evaluate(COLOURS)

    red = "rgb(192, 0, 0)"  # site.css --red, the public pages' header
    assert colours == {
        "header": red,
        "caption": red,
        "body": "rgb(255, 255, 255)",
        "text": "rgb(31, 31, 31)",
        "link": "underline",
    }
    expect(page.locator("#site-name")).to_have_text("向李斌同志学习 · 活动管理后台")
    expect(page.locator(".theme-toggle")).to_have_count(0)
    context.close()


def test_select_all_on_the_export_page_clears_and_ticks_every_column(phone, tree):
    page = phone
    sign_in(page, "organiser")
    page.goto(page.base + "/admin/campaign/studysession/export/")
    columns = page.locator(".selectable-field-export-row input[type=checkbox]")
    expect(columns.first).to_be_checked()

    page.get_by_label("全选").uncheck()
    assert not any(box.is_checked() for box in columns.all())

    page.get_by_label("全选").check()
    assert all(box.is_checked() for box in columns.all())
