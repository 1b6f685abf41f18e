"""The import pages on a phone: the preview and the error table scroll inside their own boxes, so
the page itself keeps the phone's width."""

from tests.browser.judges import signed_in
from tests.campaign.exchange.spreadsheets import csv_file, session_header, session_row

PHONE = {"width": 375, "height": 812}


def upload_on_a_phone(browser, live_server, user, tmp_path, rows):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    signed_in(context, live_server.url, user)
    page = context.new_page()
    page.goto(live_server.url + "/admin/campaign/studysession/import/")
    data = tmp_path / "学习活动.csv"
    data.write_bytes(csv_file([session_header(), *rows]))
    page.set_input_files("#id_import_file", str(data))
    page.select_option("#id_format", label="csv")
    page.get_by_role("button", name="提交").click()
    return page


def page_is_wider_than_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_the_preview_keeps_the_phone_width(browser, live_server, tree, tmp_path):
    long_title = "学习李斌同志先进事迹暨“弘扬劳模精神、工匠精神”专题学习会" * 2
    page = upload_on_a_phone(
        browser, live_server, tree.district_admin, tmp_path, [session_row(title=long_title)]
    )
    page.get_by_text("预览").first.wait_for()
    assert page.locator(".import-preview").is_visible()
    assert not page_is_wider_than_the_phone(page)
    page.context.close()


def test_the_error_table_keeps_the_phone_width(browser, live_server, tree, tmp_path):
    rows = [session_row(participants="二十"), session_row(code="NO-SUCH-UNIT")]
    page = upload_on_a_phone(browser, live_server, tree.district_admin, tmp_path, rows)
    page.locator(".import-errors").wait_for()
    assert page.locator(".import-errors tbody tr").count() == 2
    assert not page_is_wider_than_the_phone(page)
    page.context.close()
