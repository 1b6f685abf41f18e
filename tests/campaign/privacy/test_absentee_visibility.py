"""Who was absent and why is seen only by the unit's organisers and its district and campaign
admins: never by a reader, a visitor, or an organiser of another unit, on no page and in no file."""

import io
import zipfile

import pytest
from django.urls import reverse

from campaign.choices import AbsenceReason
from tests.factories import StudySessionFactory

NAME, NOTE = "欧阳缺席", "住院手术"


@pytest.fixture
def session(tree):
    return StudySessionFactory(
        organisation=tree.unit,
        title="有缺席的活动",
        absentees=[(NAME, AbsenceReason.SICK, NOTE)],
        recorded_by=tree.organiser,
    )


def pages(session) -> list[str]:
    """Every page and file that shows a session's absentees, and the public pages."""
    return [
        reverse("admin:campaign_studysession_change", args=[session.pk]),
        reverse("admin:campaign_studysession_changelist"),
        reverse("campaign:session-record", args=[session.pk]),
        reverse("campaign:session-records") + f"?organisation={session.organisation_id}",
        reverse("campaign:reports"),
        reverse("campaign:unit-ledger", args=[session.organisation_id]),
        reverse("campaign:summary-csv"),
        reverse("documents:home"),
        reverse("campaign:showcase"),
        # Searched by part of the name and of the note (the page repeats the words searched).
        reverse("campaign:search") + f"?q={NAME[:2]}",
        reverse("campaign:search") + f"?q={NOTE[:2]}",
    ]


def shown(response) -> str:
    """What a response lets its reader see: a page's text, or the text inside a Word file or a
    ZIP of them, or a spreadsheet."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            inner = [archive.read(name) for name in archive.namelist()]
        texts = []
        for part in inner:
            if part.startswith(b"PK"):
                with zipfile.ZipFile(io.BytesIO(part)) as docx:
                    texts += [docx.read(n).decode("utf-8", "replace") for n in docx.namelist()]
            else:
                texts.append(part.decode("utf-8", "replace"))
        return "\n".join(texts)
    return body.decode("utf-8", "replace")


@pytest.mark.parametrize("who", ["reader", "outsider", None])
def test_no_page_or_file_shows_the_absentee_to_those_outside_the_unit(
    client_as, client, session, who
):
    if who:
        client = client_as(who)
    for url in pages(session):
        response = client.get(url)
        text = shown(response)
        assert NAME not in text, (who, url)
        assert NOTE not in text, (who, url)


@pytest.mark.parametrize("who", ["organiser", "district_admin", "campaign_admin"])
def test_the_units_organiser_and_its_admins_see_the_absentee_and_the_reason(
    client_as, session, who
):
    client = client_as(who)
    form = client.get(reverse("admin:campaign_studysession_change", args=[session.pk]))
    record = client.get(reverse("campaign:session-record", args=[session.pk]))

    assert NAME in shown(form) and NOTE in shown(form)
    assert f"{NAME}（病假：{NOTE}）" in shown(record)


def test_an_organiser_of_another_unit_cannot_pick_the_absentee_for_a_make_up(
    client_as, session, tree
):
    client = client_as("outsider")

    response = client.get(
        reverse("admin:campaign_studysession_add") + f"?organisation={tree.unit.pk}"
    )

    assert NAME not in shown(response)
