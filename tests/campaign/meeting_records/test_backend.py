"""The meeting records in the backend: a button on each session, and an action for many."""

import io
import zipfile

from django.urls import reverse

from tests.campaign.meeting_records.reading import fields, open_docx
from tests.factories import StudySessionFactory


def test_a_sessions_form_offers_its_meeting_record(client_as, tree):
    session = StudySessionFactory(organisation=tree.unit)
    html = client_as("organiser").get(
        reverse("admin:campaign_studysession_change", args=[session.pk])
    )
    link = reverse("campaign:session-record", args=[session.pk])
    assert f'<a href="{link}">下载会议记录（Word）</a>' in html.content.decode()


def test_the_action_zips_the_records_of_the_selected_sessions_in_scope(client_as, tree):
    ours = [StudySessionFactory(organisation=tree.unit, title=f"本单位活动{n}") for n in range(3)]
    theirs = StudySessionFactory(organisation=tree.other, title="徐汇的活动")
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_studysession_changelist"),
        {
            "action": "download_records",
            "_selected_action": [ours[0].pk, ours[2].pk, theirs.pk],  # a posted id out of reach
        },
    )

    assert response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    titles = sorted(
        fields(open_docx(archive.read(name)))["会议主题"][0] for name in archive.namelist()
    )
    assert titles == ["本单位活动0", "本单位活动2"]
