"""The small campaign every report test measures."""

import pytest

from campaign.choices import AbsenceReason, SessionFormat
from campaign.services import session_record
from documents.models import LearningPoint
from tests.campaign.entries import days_ago
from tests.factories import ReflectionFactory, StudySessionFactory


@pytest.fixture
def activity(tree):
    """unit: two sessions (points 1+2, 3); team: one on all four; other (徐汇): one on point 4;
    sibling: nothing. Reflections: unit approved, team submitted, other featured."""
    points = {p.number: p for p in LearningPoint.objects.all()}
    StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(10),
        participants=20,
        party_members=10,
        points=[points[1], points[2]],
    )
    StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(40),
        participants=10,
        party_members=5,
        points=[points[3]],
    )
    StudySessionFactory(
        organisation=tree.team,
        held_on=days_ago(5),
        participants=8,
        party_members=8,
        points=list(points.values()),
    )
    StudySessionFactory(
        organisation=tree.other,
        held_on=days_ago(100),
        participants=30,
        party_members=3,
        points=[points[4]],
    )
    ReflectionFactory(organisation=tree.unit, status="approved")
    ReflectionFactory(organisation=tree.team, status="submitted")
    ReflectionFactory(organisation=tree.other, status="featured")
    return tree


@pytest.fixture
def absences(activity):
    """The sibling's absences, as its organiser records them. In the last 30 days: a session with
    three absentees (20 days ago), then a make-up (12 days ago) for two of them and for the one
    absentee of a session 60 days ago. So within 30 days: 3 absentee-times, 2 made up; over the
    whole campaign: 4 and 3."""
    points = list(LearningPoint.objects.filter(number=1))
    unit = activity.sibling
    common = {"by": activity.campaign_admin, "organisation": unit, "points": points}
    early = session_record(
        **common,
        held_on=days_ago(60),
        title="学习决定原文",
        format=SessionFormat.GROUP_STUDY,
        participants=9,
        absentees=[("赵六", AbsenceReason.OTHER, "借调")],
    )
    missed = session_record(
        **common,
        held_on=days_ago(20),
        title="学习李斌同志先进事迹",
        format=SessionFormat.DISCUSSION,
        participants=12,
        absentees=[
            ("张三", AbsenceReason.SICK, ""),
            ("李四", AbsenceReason.BUSINESS, ""),
            ("王五", AbsenceReason.PERSONAL, ""),
        ],
    )
    session_record(
        **common,
        held_on=days_ago(12),
        title="补课：学习李斌同志先进事迹",
        format=SessionFormat.GROUP_STUDY,
        participants=3,
        made_up=[
            *missed.absentees.filter(name__in=["张三", "李四"]),
            *early.absentees.all(),
        ],
    )
    return activity
