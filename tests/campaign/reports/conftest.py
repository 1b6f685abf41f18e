"""The small campaign every report test measures."""

import pytest

from documents.models import LearningPoint
from tests.campaign.records import days_ago
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
