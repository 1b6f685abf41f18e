import base64
import re

from playwright.sync_api import expect

from campaign.choices import ReflectionStatus
from campaign.models import StudySession
from tests.factories import PASSWORD, ReflectionFactory, StudySessionFactory

# A 1 × 1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def sign_in(page, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.locator(".site-nav")).to_contain_text("退出")


def test_organiser_logs_a_session_with_a_photo_and_cannot_open_another_units(
    phone, tree, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
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
    response = page.goto(f"{page.base}{attachment.get_absolute_url()}")
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
