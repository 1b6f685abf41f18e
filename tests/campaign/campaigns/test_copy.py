"""Copy from an earlier campaign: the short names of its points by order, its scope and the
length of its period; never its text. Nothing is saved until the admin saves."""

import datetime

from campaign.choices import District
from documents.models import Campaign, LearningPoint
from tests.campaign.campaigns.campaign_page import page_url, posted


def test_copying_fills_names_scope_and_period_length_but_never_the_text(client_as, draft, sample):
    Campaign.objects.filter(pk=sample.pk).update(
        scope={"districts": [District.HUANGPU], "under": ["HP-GH"]},
        opens_on=datetime.date(2026, 3, 1),
        closes_on=datetime.date(2026, 5, 30),  # 90 days
        expected_start=datetime.date(2026, 3, 31),  # 30 days in
    )
    client = client_as("campaign_admin")
    shown = client.get(page_url(draft), {"copy_from": sample.pk})
    assert shown.context["copied"] == sample
    form = shown.context["form"]
    assert form["districts"].value() == [District.HUANGPU]
    assert form["under"].value() == "HP-GH"
    assert form["closes_on"].value() == draft.opens_on + datetime.timedelta(days=90)
    assert form["expected_start"].value() == draft.opens_on + datetime.timedelta(days=30)
    rows = shown.context["paragraphs"].forms
    names = [row["short_name"].value() for row in rows if row["states_point"].value()]
    assert names == [
        "通读原文",
        "联系实际",
        "交流研讨",
        "学以致用",
        "互帮互学",
        "总结提高",
        "持之以恒",
    ]
    texts = [row["text"].value() for row in rows]
    assert texts == list(draft.document.paragraphs.values_list("text", flat=True))
    assert not LearningPoint.objects.filter(document=draft.document).exists()  # not saved yet

    assert client.post(page_url(draft), posted(shown)).status_code == 302
    saved = Campaign.objects.get(pk=draft.pk)
    assert saved.scope == {"districts": [District.HUANGPU], "under": ["HP-GH"]}
    assert list(saved.document.points.values_list("short_name", flat=True))[:2] == [
        "通读原文",
        "联系实际",
    ]
    assert saved.document.paragraphs.count() == draft.document.paragraphs.count()
