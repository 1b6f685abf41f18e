"""The backend in a real browser: an organiser logs a session with a photo, a district admin
approves a reflection."""

import re

from playwright.sync_api import expect

from campaign.choices import ReflectionStatus
from campaign.models import StudySession
from tests.browser.pages import sign_in
from tests.factories import ReflectionFactory, StudySessionFactory
from tests.samples import PNG


def test_organiser_logs_a_session_with_a_photo_and_cannot_open_another_units(phone, tree, tmp_path):
    foreign = StudySessionFactory(organisation=tree.other, title="徐汇的学习活动")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "organiser")

    page.goto(page.base + "/admin/")
    page.get_by_role("link", name="记录学习活动").click()
    expect(page.locator("#select2-id_organisation-container")).to_have_text("黄浦单位一")
    page.fill("#id_title", "学习李斌同志先进事迹专题会")
    page.select_option("#id_format", label="集中学习")
    page.get_by_label("1. 政治品格").check()
    page.get_by_label("3. 敬业精神").check()
    page.fill("#id_participants", "25")
    page.fill("#id_party_members", "12")
    page.set_input_files("#id_attachments-0-file", str(photo))
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("学习李斌同志先进事迹专题会")
    expect(page.locator("#result_list")).to_contain_text("学习李斌同志先进事迹专题会")
    expect(page.locator("#result_list")).not_to_contain_text("徐汇的学习活动")
    session = StudySession.objects.get(title="学习李斌同志先进事迹专题会")
    assert sorted(session.points.values_list("number", flat=True)) == [1, 3]
    assert session.organisation == tree.unit
    assert session.recorded_by == tree.organiser
    attachment = session.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("现场照片.png", "image/png")

    response = page.goto(f"{page.base}/admin/campaign/studysession/{foreign.pk}/change/")
    assert response.status == 404
    response = page.goto(f"{page.base}{attachment.download_url()}")
    assert response.status == 200
    assert response.body() == PNG


def test_district_admin_approves_a_reflection(phone, tree):
    reflection = ReflectionFactory(organisation=tree.unit, title="学习敬业精神的体会")
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "district_admin")

    page.goto(page.base + "/admin/campaign/reflection/")
    row = page.locator("#result_list tr").filter(has_text="学习敬业精神的体会")
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "approve")
    page.get_by_role("button", name=re.compile("执行")).click()

    expect(page.locator(".messagelist")).to_contain_text("已将 1 篇心得体会标记为“已通过”")
    reflection.refresh_from_db()
    assert reflection.status == ReflectionStatus.APPROVED
    assert reflection.reviewed_by == tree.district_admin


def test_the_reflection_form_says_how_long_the_text_must_be_and_counts_it(phone, tree):
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "organiser")

    page.goto(page.base + "/admin/campaign/reflection/add/")
    expect(page.locator(".form-row.field-body")).to_contain_text("至少 200 字（不计空格）")
    page.fill("#id_body", "学习 李斌\n精神")

    expect(page.locator("#id_body-count")).to_have_text("已写 6 字，还需 194 字。")
    page.fill("#id_body", "学" * 200)
    expect(page.locator("#id_body-count")).to_have_text("已写 200 字，字数已够。")
