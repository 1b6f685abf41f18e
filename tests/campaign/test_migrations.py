"""Migrations carry their own copy of the code they run (DESIGN rule 20), so a later change to the
app cannot change what an old migration does; these tests hold each copy to the live code it was
copied from, on the schema of its own migration."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from campaign.services import rollups

# Where 0008 starts from: documents 0002 and everything after campaign 0007 came later.
BEFORE_0008 = [
    ("campaign", "0007_unit_district_on_records"),
    ("documents", "0001_initial"),
    ("accounts", "0003_user_role_choice"),
]
AT_0008 = [("campaign", "0008_monthly_figures")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def migrate(targets=None):
    """Migrate the test database to `targets` (the latest when None); the models as they are there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def write_rows_at_0007(apps) -> dict:
    """Units of two groups, sessions of every kind the roll-ups tell apart and reflections near
    midnight in Shanghai, written through the models as they were at 0007."""
    Document, Paragraph, LearningPoint = (
        apps.get_model("documents", name) for name in ("Document", "Paragraph", "LearningPoint")
    )
    Organisation, StudySession, Reflection = (
        apps.get_model("campaign", name) for name in ("Organisation", "StudySession", "Reflection")
    )
    document = Document.objects.create(
        slug="li-bin",
        number="沪工总办〔2019〕60号",
        title="决定",
        issuers="市总工会",
        issued_on=datetime.date(2019, 4, 3),
        distribution="各区总工会",
    )
    points = {
        number: LearningPoint.objects.create(
            number=number,
            heading=f"要点{number}",
            short_name=f"要点{number}",
            paragraph=Paragraph.objects.create(document=document, number=number, text="……"),
        )
        for number in (1, 2, 3, 4)
    }

    def unit(code, district, kind, active=True):
        return Organisation.objects.create(
            code=code, name=code, kind=kind, district=district, path=f"{code}/", is_active=active
        )

    def session(unit, held_on, format, participants, party_members, numbers):
        # The point flags beside the points, as the services kept them at 0007.
        row = StudySession.objects.create(
            organisation=unit,
            district=unit.district,
            held_on=held_on,
            title="学习李斌同志事迹",
            format=format,
            participants=participants,
            party_members=party_members,
            **{f"covers_point_{n}": n in numbers for n in (1, 2, 3, 4)},
        )
        row.points.set([points[n] for n in numbers])

    def reflection(unit, number, status, created_at):
        row = Reflection.objects.create(
            organisation=unit,
            district=unit.district,
            point=points[number],
            status=status,
            return_reason="请联系本职工作" if status == "returned" else "",
            author_name="张三",
            title="心得",
            body="学习李斌同志" * 40,
        )
        # created_at is set on insert (auto_now_add); the test needs times near midnight.
        Reflection.objects.filter(pk=row.pk).update(created_at=created_at)

    units = {
        "a": unit("A", 1, "union_branch"),
        "c": unit("C", 1, "union_branch"),  # the same group as A
        "b": unit("B", 2, "sasac_unit", active=False),
    }
    march_1 = datetime.date(2026, 3, 1)
    session(units["a"], march_1, "group_study", 20, 10, {1, 2})
    session(units["a"], march_1, "discussion", 10, 5, {3})
    session(units["c"], march_1, "group_study", 12, 6, {1})
    session(units["a"], datetime.date(2026, 3, 31), "online", 8, 8, {1, 2, 3, 4})
    session(units["a"], datetime.date(2024, 4, 10), "other", 7, 0, {2})  # era 1, month 0
    session(units["a"], datetime.date(2019, 4, 3), "visit", 6, 2, {4})  # era 0, month 0
    session(units["a"], datetime.date(2019, 3, 29), "talk", 5, 1, {1})  # before the campaign
    session(units["b"], march_1, "party_lecture", 30, 3, {4})
    reflection(units["a"], 1, "approved", datetime.datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI))
    reflection(units["a"], 2, "submitted", datetime.datetime(2026, 3, 2, 0, 30, tzinfo=SHANGHAI))
    reflection(units["c"], 3, "returned", datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI))
    reflection(units["b"], 4, "featured", datetime.datetime(2026, 2, 28, 12, 0, tzinfo=SHANGHAI))
    return {key: row.pk for key, row in units.items()}


# The roll-ups as they are since 0016: per decision and per point, no column per point.
LATEST_ROLLUPS = (
    "DailyFigures",
    "MonthlyFigures",
    "DailyPointFigures",
    "MonthlyPointFigures",
    "UnitActivity",
)


def latest_rollup_rows(apps) -> dict:
    return {
        name: sorted(
            apps.get_model("campaign", name).objects.values_list(
                *(
                    field.attname
                    for field in apps.get_model("campaign", name)._meta.concrete_fields
                    if field.name != "id"
                )
            )
        )
        for name in LATEST_ROLLUPS
    }


@pytest.mark.django_db(transaction=True)
def test_0008_then_0016_keep_the_rollups_the_live_rebuild_computes():
    """0008 fills the roll-ups with its own copy of the code; 0016 turns their point columns
    into rows; 0022 fills the units' activity again, a row per decision; what an upgraded
    database then holds is what the live code computes from the raw rows."""
    try:
        units = write_rows_at_0007(migrate(BEFORE_0008))
        # The migration runs its own copy: the live code is not called.
        with mock.patch.object(rollups, "rebuild", side_effect=AssertionError("live code")):
            at_0008 = migrate(AT_0008)
        filled = figures_filled_at_0008(at_0008, units)

        with mock.patch.object(rollups, "rebuild", side_effect=AssertionError("live code")):
            latest = migrate()
        upgraded = latest_rollup_rows(latest)
        rollups.rebuild()
        rebuilt = latest_rollup_rows(latest)
    finally:
        migrate()  # the latest schema again, for the tests that follow

    assert upgraded == rebuilt
    assert all(upgraded.values())  # every table had rows to compare
    # Not merely two empty tables alike: the figures of the rows written above.
    assert filled == {
        # Sessions, participant-times and party members; those of point 1 and of group study.
        "huangpu_march_1": (3, 42, 21, 2, 32, 2, 32),
        # Reflections count on their day in Shanghai: 00:30 on 2 March is 1 March in UTC.
        "reflections_march_1": (1, 0, 1),
        "reflections_march_2": (0, 1, 0),
        "sessions_before_the_campaign": 1,
        # March 2026 in Huangpu: its days added up (1 and 31 March), with the reflections.
        "huangpu_march": (4, 50, 1, 1),
        # Unit A's months per point and era; none for its session of March 2019, before the campaign.
        "activity_of_a": [(0, 0, 0, 0, 1), (1, 1 << 23, 1 | 1 << 23, 1 << 23, 1 << 23)],
    }


def figures_filled_at_0008(apps, units) -> dict:
    Daily = apps.get_model("campaign", "DailyFigures")
    Monthly = apps.get_model("campaign", "MonthlyFigures")
    UnitActivity = apps.get_model("campaign", "UnitActivity")
    huangpu = Daily.objects.filter(district=1, kind="union_branch", active=True)
    march_1 = huangpu.get(day=datetime.date(2026, 3, 1))
    march_2 = huangpu.get(day=datetime.date(2026, 3, 2))
    reflections = ("reflections_point_1", "reflections_point_2", "approved_reflections")
    return {
        "huangpu_march_1": (
            march_1.sessions,
            march_1.participants,
            march_1.party_members,
            march_1.sessions_point_1,
            march_1.participants_point_1,
            march_1.sessions_group_study,
            march_1.participants_group_study,
        ),
        "reflections_march_1": tuple(getattr(march_1, name) for name in reflections),
        "reflections_march_2": tuple(getattr(march_2, name) for name in reflections),
        "sessions_before_the_campaign": huangpu.get(day=datetime.date(2019, 3, 29)).sessions,
        "huangpu_march": Monthly.objects.filter(
            district=1, kind="union_branch", active=True, month=datetime.date(2026, 3, 1)
        )
        .values_list("sessions", "participants", "reflections_point_1", "reflections_point_2")
        .get(),
        "activity_of_a": sorted(
            UnitActivity.objects.filter(organisation=units["a"]).values_list(
                "era", "point_1", "point_2", "point_3", "point_4"
            )
        ),
    }
