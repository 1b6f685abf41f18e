"""Names past their retention period become 缺席者1, 作者1…; every figure stays as it was."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaign.choices import AbsenceReason, ReflectionStatus
from campaign.models import Absentee, Reflection, StudySession
from campaign.reports import summary
from campaign.reports.report import Report
from campaign.services.anonymisation import anonymise_before
from documents.models import LearningPoint
from tests.factories import ReflectionFactory, StudySessionFactory

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "霞"]
REASONS = [AbsenceReason.SICK, AbsenceReason.BUSINESS, AbsenceReason.PERSONAL]


def old_day(rng: random.Random) -> datetime.date:
    """A day of a year that is due whatever today is (three years back)."""
    year = timezone.localdate().year - 3
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def recent_day(rng: random.Random) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=rng.randrange(1, 200))


def run() -> str:
    from io import StringIO

    out = StringIO()
    call_command("anonymise_personal_data", stdout=out)
    return out.getvalue()


@pytest.fixture
def random_records(tree):
    """Sessions of three units over four years, with absentees (some made up later, across the
    retention boundary too) and reflections with and without consent, from a fixed seed."""
    rng = random.Random(20)
    points = list(LearningPoint.objects.filter(document__campaign__slug="li-bin-2019"))
    for unit in (tree.unit, tree.team, tree.other):
        days = sorted([old_day(rng) for _ in range(4)] + [recent_day(rng) for _ in range(3)])
        waiting: list[Absentee] = []
        for day in days:
            names = rng.sample([s + g for s in SURNAMES for g in GIVEN], rng.randrange(0, 4))
            made_up = [a for a in waiting if rng.random() < 0.5]
            session = StudySessionFactory(
                organisation=unit,
                held_on=day,
                participants=rng.randrange(5, 40),
                party_members=rng.randrange(0, 5),
                points=rng.sample(points, rng.randrange(1, 4)),
                absentees=[(n, rng.choice(REASONS), rng.choice(["", "住院手术"])) for n in names]
                + ([("钱其他", AbsenceReason.OTHER, "借调到区里")] if rng.random() < 0.5 else []),
                made_up=made_up,
                absence_note=rng.choice(["", "另有两人迟到：孙七、周八"]),
            )
            waiting = [a for a in waiting if a not in made_up] + list(session.absentees.all())
            ReflectionFactory(
                organisation=unit,
                session=session,
                point=session.points.first(),
                author_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                author_position="党支部书记",
                public_consent=rng.random() < 0.3,
                status=rng.choice(list(ReflectionStatus.values[:2])),
            )
    return tree


def figures(tree, client) -> dict:
    """Everything the dashboard and the 汇总表 show, for the city and for one district, from the
    raw rows and from the roll-ups, and the 汇总表 file as downloaded."""
    seen = {}
    for who in ("campaign_admin", "district_admin"):
        user = getattr(tree, who)
        for live in (True, None):
            report = Report(user=user, live=live)
            units = [unit.pk for unit in report.units()]
            seen[who, live] = (
                report.headline,
                report.by_district(),
                report.by_kind(),
                report.by_point(),
                report.by_format(),
                report.by_month(),
                report.coverage_counts,
                report.unit_stats(units),
                list(summary.rows(report)),
            )
    client.force_login(tree.campaign_admin)
    csv = client.get(reverse("campaign:summary-csv"))
    seen["csv"] = b"".join(csv.streaming_content)
    return seen


def test_anonymisation_keeps_every_figure_of_the_dashboard_and_the_summary(random_records, client):
    before = figures(random_records, client)
    assert Absentee.objects.filter(session__held_on__lt=anonymise_before(timezone.localdate()))

    run()

    assert figures(random_records, client) == before


def test_absentees_of_sessions_past_the_period_are_numbered_in_each_session(random_records):
    cut = anonymise_before(timezone.localdate())
    made_up_before = dict(Absentee.objects.values_list("pk", "made_up_in"))
    reasons_before = dict(Absentee.objects.values_list("pk", "reason"))

    run()

    for session in StudySession.objects.filter(held_on__lt=cut).prefetch_related("absentees"):
        names = [a.name for a in session.absentees.all()]  # in the order they were entered
        assert names == [f"缺席者{n}" for n in range(1, len(names) + 1)]
        assert all(a.note in ("", "（已匿名）") for a in session.absentees.all())
        assert session.absence_note == ""
    assert dict(Absentee.objects.values_list("pk", "made_up_in")) == made_up_before
    assert dict(Absentee.objects.values_list("pk", "reason")) == reasons_before


def test_recent_sessions_and_consenting_authors_keep_their_names(random_records):
    cut = anonymise_before(timezone.localdate())
    recent = list(
        Absentee.objects.filter(session__held_on__gte=cut).values_list("pk", "name", "note")
    )
    recent_notes = list(
        StudySession.objects.filter(held_on__gte=cut).values_list("pk", "absence_note")
    )
    kept = set(
        Reflection.objects.filter(public_consent=True).values_list("pk", "author_name")
    ) | set(Reflection.objects.filter(session__held_on__gte=cut).values_list("pk", "author_name"))
    assert recent and kept

    run()

    assert (
        list(Absentee.objects.filter(session__held_on__gte=cut).values_list("pk", "name", "note"))
        == recent
    )
    assert (
        list(StudySession.objects.filter(held_on__gte=cut).values_list("pk", "absence_note"))
        == recent_notes
    )
    pks = [pk for pk, _name in kept]
    assert set(Reflection.objects.filter(pk__in=pks).values_list("pk", "author_name")) == kept


def test_authors_who_did_not_consent_lose_their_names_in_the_history_too(random_records):
    cut = anonymise_before(timezone.localdate())
    due = Reflection.objects.filter(public_consent=False, session__held_on__lt=cut)
    old_names = set(due.values_list("author_name", flat=True))
    assert old_names

    run()

    for reflection in due:
        assert reflection.author_name.startswith("作者")
        assert reflection.author_position == ""
        assert {h.author_name for h in reflection.history.all()} == {reflection.author_name}
    for session in StudySession.objects.filter(held_on__lt=cut):
        assert {h.absence_note for h in session.history.all()} == {""}


def test_a_second_run_changes_nothing(random_records):
    run()
    absentees = list(Absentee.objects.values_list("pk", "name", "note"))
    reflections = list(Reflection.objects.values_list("pk", "author_name", "author_position"))
    history = list(Reflection.history.values_list("history_id", "author_name"))

    output = run()

    assert list(Absentee.objects.values_list("pk", "name", "note")) == absentees
    assert list(Reflection.objects.values_list("pk", "author_name", "author_position")) == (
        reflections
    )
    assert list(Reflection.history.values_list("history_id", "author_name")) == history
    assert "0 absentees' names replaced" in output
    assert "0 reflections' authors anonymised" in output
    assert "0 history rows rewritten" in output


def test_a_new_absentee_after_anonymisation_takes_the_next_number(tree):
    day = old_day(random.Random(1))
    session = StudySessionFactory(
        organisation=tree.unit,
        held_on=day,
        absentees=[("张三", AbsenceReason.SICK, ""), ("李四", AbsenceReason.PERSONAL, "")],
    )
    run()
    Absentee.objects.create(session=session, name="王五", reason=AbsenceReason.SICK)

    run()

    assert list(session.absentees.values_list("name", flat=True)) == [
        "缺席者1",
        "缺席者2",
        "缺席者3",
    ]


@pytest.mark.parametrize(
    ("today", "before"),
    [
        (datetime.date(2026, 12, 31), datetime.date(2024, 1, 1)),
        (datetime.date(2027, 1, 1), datetime.date(2025, 1, 1)),
    ],
)
def test_a_year_is_due_24_months_after_its_end(today, before):
    assert anonymise_before(today, 24) == before
