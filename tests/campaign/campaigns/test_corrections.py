"""A published text is never changed silently: a correction from the backend is written by the
one write path, recorded in the history (who, when, what) and shown on the public page."""

import re

from django.urls import reverse

from documents.models import Paragraph
from tests.campaign.campaigns.campaign_page import page_url, posted
from tests.factories import StudySessionFactory


def test_a_correction_of_a_published_paragraph_is_recorded_and_shown(
    client, client_as, li_bin, tree, django_capture_on_commit_callbacks
):
    paragraph = li_bin.document.paragraphs.get(number=9)
    old = paragraph.text
    corrected = old.replace("全市各级宣传部门", "全市各级宣传部门（更正）")
    assert corrected != old
    decision = reverse("documents:decision", args=[li_bin.slug])
    assert old in client.get(decision).content.decode()  # now cached for anonymous readers

    admin = client_as("campaign_admin")
    shown = admin.get(page_url(li_bin))
    with django_capture_on_commit_callbacks(execute=True):  # the cached pages are forgotten
        response = admin.post(page_url(li_bin), posted(shown, texts={9: corrected}))
    assert response.status_code == 302, response.context and response.context["form"].errors

    assert Paragraph.objects.get(pk=paragraph.pk).text == corrected
    last, before = Paragraph.history.filter(id=paragraph.pk).order_by("-history_date")[:2]
    assert (last.history_type, last.history_user, last.text) == (
        "~",
        tree.campaign_admin,
        corrected,
    )
    assert before.text == old

    history = admin.get(page_url(li_bin, "history")).content.decode()
    assert "（更正）" in history and "campaign_admin" in history

    client.logout()
    assert "全市各级宣传部门（更正）" in client.get(decision).content.decode()
    # Only the paragraph changed: the points and facts kept their rows.
    assert li_bin.document.points.count() == 4


def test_a_correction_that_breaks_a_profile_fact_is_refused(client_as, li_bin):
    fact = li_bin.document.profile_facts.select_related("paragraph").first()
    number = fact.paragraph.number
    text = fact.paragraph.text.replace(fact.text, "")
    admin = client_as("campaign_admin")
    shown = admin.get(page_url(li_bin))
    response = admin.post(page_url(li_bin), posted(shown, texts={number: text}))
    assert response.status_code == 200
    assert Paragraph.objects.get(pk=fact.paragraph.pk).text != text


def test_removing_a_point_that_sessions_use_is_refused_wholly_in_chinese(client_as, li_bin, tree):
    """The write path's refusal is the admin's to read: no English reason after the Chinese."""
    StudySessionFactory(organisation=tree.unit, points=[li_bin.document.points.get(number=4)])
    marked = {p.paragraph.number: p.short_name for p in li_bin.document.points.all()}
    last = max(marked)
    admin = client_as("campaign_admin")
    shown = admin.get(page_url(li_bin))
    response = admin.post(
        page_url(li_bin), posted(shown, points={n: s for n, s in marked.items() if n != last})
    )

    assert response.status_code == 200
    [refusal] = response.context["form"].non_field_errors()
    assert refusal.startswith("未保存任何内容：学习要点 4 不能删除")
    assert not re.search("[A-Za-z]", refusal), refusal
    assert refusal in response.content.decode()
    assert li_bin.document.points.count() == 4


def test_unmarking_a_point_before_one_that_sessions_use_is_refused(client_as, li_bin, tree):
    """Points are numbered in order: unmarking point 2 would hand its sessions to the paragraph
    of point 3. The page refuses, and the session keeps the point it was recorded on."""
    second = li_bin.document.points.select_related("paragraph").get(number=2)
    session = StudySessionFactory(organisation=tree.unit, points=[second])
    marked = {p.paragraph.number: p.short_name for p in li_bin.document.points.all()}
    del marked[second.paragraph.number]
    admin = client_as("campaign_admin")
    response = admin.post(page_url(li_bin), posted(admin.get(page_url(li_bin)), points=marked))

    assert response.status_code == 200
    [refusal] = response.context["form"].non_field_errors()
    assert refusal.startswith("未保存任何内容：学习要点 2 已被学习活动记录")
    kept = session.points.select_related("paragraph").get()
    assert (kept.short_name, kept.paragraph.number) == (
        second.short_name,
        second.paragraph.number,
    )
    assert li_bin.document.points.count() == 4


def test_a_draft_without_records_may_unmark_any_point(client_as, draft):
    admin = client_as("campaign_admin")
    admin.post(
        page_url(draft), posted(admin.get(page_url(draft)), points={3: "甲", 4: "乙", 5: "丙"})
    )
    response = admin.post(
        page_url(draft), posted(admin.get(page_url(draft)), points={3: "甲", 5: "丙"})
    )
    assert response.status_code == 302
    rows = draft.document.points.select_related("paragraph").order_by("number")
    assert [(p.number, p.short_name, p.paragraph.number) for p in rows] == [
        (1, "甲", 3),
        (2, "丙", 5),
    ]
