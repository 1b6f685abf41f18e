"""The roll-ups equal a live aggregation over the raw rows, whatever was written.

Random sessions, edits, deletions, reflections, reviews, moves of units to another parent or
district and deactivations go through the services, as the admin and imports write; then every
figure of the dashboard from the roll-ups must equal the same figure aggregated live from the
sessions and reflections, for each scope, period and filter, and the roll-ups must equal what
`rebuild()` computes from nothing.
"""

import datetime
import random

import pytest
from django.utils import timezone

from campaign import services
from campaign.choices import District, ReflectionStatus, SessionFormat
from campaign.models import (
    CAMPAIGN_START,
    DailyFigures,
    DailyPointFigures,
    MonthlyFigures,
    MonthlyPointFigures,
    Organisation,
    Reflection,
    StudySession,
    UnitActivity,
)
from campaign.reports.report import Report
from campaign.services import rollups
from documents.models import LearningPoint
from tests.factories import OrganisationFactory, ReflectionFactory, StudySessionFactory


def figures(report: Report) -> dict:
    """Everything the dashboard shows, in comparable form."""
    return {
        "headline": report.headline,
        "by_district": report.by_district(),
        "by_kind": report.by_kind(),
        "by_point": [{**row, "point": row["point"].number} for row in report.by_point()],
        "by_format": report.by_format(),
        "by_month": report.by_month(),
        "coverage": report.coverage_counts,
        **{
            f"list_{show}": sorted(report.coverage_units(show).values_list("pk", flat=True))
            for show in ("none", "missing", "silent")
        },
    }


def random_day(rng: random.Random) -> datetime.date:
    today = timezone.localdate()
    # Half of them in the last four months, where the edges of the periods below fall.
    if rng.random() < 0.5:
        return today - datetime.timedelta(days=rng.randint(0, 120))
    return CAMPAIGN_START + datetime.timedelta(days=rng.randint(0, (today - CAMPAIGN_START).days))


def write_randomly(tree, rng: random.Random, steps: int) -> None:
    points = list(LearningPoint.objects.all())
    units = [tree.unit, tree.team, tree.sibling, tree.other, tree.huangpu_body]
    units += [
        OrganisationFactory(parent=rng.choice([tree.huangpu_body, tree.xuhui_body]))
        for _ in range(4)
    ]
    admin = tree.campaign_admin
    for _ in range(steps):
        action = rng.choices(
            ["add", "edit", "delete", "reflect", "review", "move", "deactivate"],
            weights=[8, 4, 2, 3, 2, 1, 1],
        )[0]
        sessions = list(StudySession.objects.all())
        if action == "add" or not sessions:
            StudySessionFactory(
                organisation=rng.choice(units),
                held_on=random_day(rng),
                format=rng.choice(SessionFormat.values),
                participants=(n := rng.randint(1, 40)),
                party_members=rng.randint(0, n),
                points=rng.sample(points, rng.randint(1, 4)),
            )
        elif action == "edit":
            session = rng.choice(sessions)
            session.held_on = random_day(rng)
            session.organisation = rng.choice(units)
            session.participants = rng.randint(session.party_members or 1, 50)
            services.session_save(session, points=rng.sample(points, rng.randint(1, 4)), by=admin)
        elif action == "delete":
            services.session_delete(StudySession.objects.filter(pk=rng.choice(sessions).pk))
        elif action == "reflect":
            ReflectionFactory(
                organisation=rng.choice(units),
                point=rng.choice(points),
                status=rng.choice([ReflectionStatus.SUBMITTED, ReflectionStatus.FEATURED]),
            )
        elif action == "review":
            services.reflection_review(
                reflections=Reflection.objects.order_by("?")[:2],
                status=ReflectionStatus.APPROVED,
                by=admin,
            )
        elif action == "move":
            unit = Organisation.objects.get(pk=rng.choice(units[5:]).pk)  # the new units
            unit.parent = rng.choice([tree.huangpu_body, tree.xuhui_body])
            unit.district = unit.parent.district
            services.organisation_save(unit, by=admin)
        else:
            unit = Organisation.objects.get(pk=rng.choice(units).pk)
            unit.is_active = not unit.is_active
            services.organisation_save(unit, by=admin)


def periods(rng: random.Random) -> list[tuple[datetime.date, datetime.date | None]]:
    today = timezone.localdate()
    month = today.replace(day=1)
    some = [random_day(rng), random_day(rng)]
    return [
        (CAMPAIGN_START, None),  # the whole campaign, as the dashboard opens
        (month, None),  # this month so far: all edge
        ((month - datetime.timedelta(days=1)).replace(day=1), month - datetime.timedelta(1)),
        (today - datetime.timedelta(days=75), today - datetime.timedelta(days=20)),
        (min(some), max(some)),
    ]


@pytest.mark.parametrize("seed", [2019, 403, 60])
def test_rollup_figures_equal_a_live_aggregation(tree, seed):
    rng = random.Random(seed)
    write_randomly(tree, rng, steps=70)

    for user in (tree.campaign_admin, tree.district_admin):
        for start, end in periods(rng):
            for filters in ({}, {"district": District.HUANGPU}, {"kind": "union_branch"}):
                rolled = Report(user=user, start=start, end=end, **filters)
                live = Report(user=user, start=start, end=end, live=True, **filters)
                assert type(rolled.source).__name__ == "Rollups"

                assert figures(rolled) == figures(live), (user, start, end, filters)


@pytest.mark.parametrize("seed", [7, 8])
def test_rollups_kept_on_write_equal_a_rebuild_from_nothing(tree, seed):
    write_randomly(tree, random.Random(seed), steps=60)

    def stored():
        tables = [
            sorted(
                model.objects.values_list(*(f.name for f in model._meta.fields if f.name != "id"))
            )
            for model in (DailyFigures, MonthlyFigures, DailyPointFigures, MonthlyPointFigures)
        ]
        activity = sorted(
            UnitActivity.objects.values_list(
                *(f.attname for f in UnitActivity._meta.concrete_fields if f.name != "id")
            )
        )
        return (*tables, activity)

    kept = stored()
    rollups.rebuild()

    assert stored() == kept
    assert all(kept)  # there was something to compare
