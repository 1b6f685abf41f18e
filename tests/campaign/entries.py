"""Sessions and reflections as users write them: through the service, and as the admin's forms
post them. The forms carry valid data by default; a test overrides what it is about."""

import datetime

from django.urls import reverse
from django.utils import timezone

from campaign.choices import ReflectionStatus, SessionFormat
from campaign.models import Organisation, Reflection, SessionAttachment, StudySession
from campaign.services import session_record
from documents.models import LearningPoint
from tests.factories import REFLECTION_BODY, StudySessionFactory
from tests.samples import PNG, upload

CHINESE = "".join(REFLECTION_BODY.split()).replace("，", "").replace("、", "").replace("。", "")


def chinese(count: int) -> str:
    """Exactly `count` Chinese characters."""
    text = (CHINESE * (count // len(CHINESE) + 1))[:count]
    assert len(text) == count
    return text


def padded(text: str) -> str:
    """The text with spaces, tabs, newlines and full-width spaces between its characters."""
    fillers = [" ", "\n", "  ", "\t", "\u3000", "\r\n"]
    return "".join(char + fillers[i % len(fillers)] for i, char in enumerate(text))


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def record(tree, point, **overrides) -> StudySession:
    """A session of the tree's unit recorded by its organiser through the service."""
    arguments = {
        "by": tree.organiser,
        "organisation": tree.unit,
        "held_on": yesterday(),
        "title": "学习李斌同志先进事迹",
        "format": SessionFormat.GROUP_STUDY,
        "points": [point],
        "participants": 20,
        "party_members": 8,
    }
    return session_record(**{**arguments, **overrides})


def unsaved_session(tree, **overrides) -> StudySession:
    fields = {
        "organisation": tree.unit,
        "held_on": yesterday(),
        "title": "学习李斌同志先进事迹",
        "format": SessionFormat.GROUP_STUDY,
        "participants": 20,
        "party_members": 8,
    }
    return StudySession(**{**fields, **overrides})


def unsaved_reflection(tree, point, **overrides) -> Reflection:
    fields = {
        "organisation": tree.unit,
        "point": point,
        "author_name": "张三",
        "title": "学习李斌的体会",
        "body": chinese(200),
    }
    return Reflection(**{**fields, **overrides})


def session_counts() -> tuple[int, int, int]:
    """Sessions, their history rows and attachments: what a refused save must leave as it was."""
    return (
        StudySession.objects.count(),
        StudySession.history.count(),
        SessionAttachment.objects.count(),
    )


def session_form(
    organisation: Organisation,
    *,
    title: str = "学习李斌同志先进事迹",
    points=(1,),
    attachment=None,
    **overrides,
) -> dict:
    """The admin's session form as posted; `points` by number, `attachment` an uploaded file."""
    data = {
        "organisation": organisation.pk,
        "held_on": yesterday().isoformat(),
        "title": title,
        "format": SessionFormat.GROUP_STUDY,
        "points": [p.pk for p in LearningPoint.objects.filter(number__in=points)],
        "participants": "20",
        "party_members": "8",
        "absence_note": "",
        "absentees-TOTAL_FORMS": "0",
        "absentees-INITIAL_FORMS": "0",
        "absentees-MIN_NUM_FORMS": "0",
        "absentees-MAX_NUM_FORMS": "1000",
        "host": "李老师",
        "venue": "职工之家",
        "summary": "学习李斌同志先进事迹。",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "_save": "1",
    }
    if attachment is not None:
        data.update(
            {
                "attachments-TOTAL_FORMS": "1",
                "attachments-0-id": "",
                "attachments-0-session": "",
                "attachments-0-kind": "photo",
                "attachments-0-file": attachment,
            }
        )
    return {**data, **overrides}


def reflection_form(
    organisation: Organisation, *, title: str = "学习李斌的体会", session=None, **overrides
) -> dict:
    """The admin's reflection form as posted. `status` and `return_reason` are fields for
    reviewers only; for others they are not in the form and are ignored."""
    data = {
        "organisation": organisation.pk,
        "session": session.pk if session else "",
        "point": LearningPoint.objects.get(number=1).pk,
        "title": title,
        "body": REFLECTION_BODY,
        "author_name": "王五",
        "author_position": "班组长",
        "public_consent": "on",
        "quoted_paragraph": "",
        "status": ReflectionStatus.SUBMITTED,
        "return_reason": "",
        "_save": "1",
    }
    return {**data, **overrides}


def post_session(client, data, session=None):
    """Post the add form, or the change form of `session`."""
    if session is None:
        return client.post(reverse("admin:campaign_studysession_add"), data)
    return client.post(reverse("admin:campaign_studysession_change", args=[session.pk]), data)


def post_reflection(client, data, reflection=None):
    """Post the add form, or the change form of `reflection`."""
    if reflection is None:
        return client.post(reverse("admin:campaign_reflection_add"), data)
    return client.post(reverse("admin:campaign_reflection_change", args=[reflection.pk]), data)


def attachment_of(organisation: Organisation) -> SessionAttachment:
    """A photo of a session of `organisation`, stored."""
    attachment = SessionAttachment(
        session=StudySessionFactory(organisation=organisation), file=upload("签到表.png", PNG)
    )
    attachment.save()
    return attachment
