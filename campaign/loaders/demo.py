"""The demo data set that `make run` loads: a second campaign, a sample made up for the demo
(data/sample-skills-2026/, marked 示例 throughout), a few dozen units under the district bodies,
their study sessions (a good share of those held while the sample runs study points of both
campaigns) and reflections, and an account for each role.

Idempotent: the sample campaign is loaded as `load_decision` loads any folder (nothing written
when it is up to date); units and accounts are found by code and username; a unit's sessions,
absentees, make-up sessions (补课) and reflections are made only when the unit itself is made, and
the sample's shared reflections only while it has none, so a second run writes nothing.
Passwords are set only when an account is created. The names are made up and marked 示例
(example); nothing here is a fact about Li Bin.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.two_factor.demo import DEMO_TOTP_SECRET, give_totp
from accounts.two_factor.required import needs_second_factor_by_role
from campaign.choices import (
    AbsenceReason,
    District,
    OrganisationKind,
    ReflectionStatus,
    SessionFormat,
)
from campaign.loaders.organisations import DISTRICT_CODES, district_body_code, district_stem
from campaign.models import Organisation, Reflection
from campaign.services import organisation_save, reflection_save, session_record
from documents.loader import load_decision
from documents.models import FIRST_CAMPAIGN_SLUG, Campaign, LearningPoint

DEMO_PASSWORD = "demo-2019-lb"  # noqa: S105  (printed for local development only)

DEMO_DISTRICTS = [
    District.HUANGPU,
    District.XUHUI,
    District.JINGAN,
    District.PUDONG,
    District.MINHANG,
    District.BAOSHAN,
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    description: str
    role: str
    organisation_code: str | None = None
    is_superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("admin", "campaign admin (superuser)", Role.CAMPAIGN_ADMIN, is_superuser=True),
    DemoAccount("huangpu", "district admin of 黄浦区", Role.DISTRICT_ADMIN, "HP-ZZB"),
    DemoAccount("organiser", "unit organiser of 黄浦区示例基层工会一", Role.ORGANISER, "HP-GH-01"),
    DemoAccount("xuhui", "unit organiser of 徐汇区示例基层工会一", Role.ORGANISER, "XH-GH-01"),
    DemoAccount("reader", "reader (signs in to read, no backend)", Role.READER),
]

NUMERALS = "一二三四"
TITLES = [
    "专题学习《关于深入开展向李斌同志学习的决定》",
    "学习李斌同志先进事迹座谈会",
    "“学李斌、当先锋”主题党日",
    "向李斌同志学习专题党课",
    "李斌同志先进事迹线上学习",
]

# Absentees: common names, made up; a reason, and what the other reasons were.
ABSENTEE_NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周婷", "吴刚"]
OTHER_REASONS = ["外出培训", "借调外单位", "轮休"]
# Units whose first session certainly has absentees, some of whom make up later: those of the
# demo organisers and one more, so each shows a make-up session (补课) and someone still owing one.
MAKE_UP_UNITS = {"HP-GH-01", "XH-GH-01", "JA-GZ-01"}
# Of the other units with a session two or more missed, the share that hold a make-up session.
MAKE_UP_SHARE = 0.3

# The sample campaign made up for the demo, and what its sessions and reflections say.
SAMPLE_FOLDER = Path(__file__).resolve().parent / "data" / "sample-skills-2026"
SAMPLE_SLUG = "sample-skills-2026"
# Of the sessions held while the sample runs, the share that study its points too (a separate
# random sequence, so the first campaign's part of the demo is what it was before the sample).
BOTH_SHARE = 0.6
BOTH_TITLE = "{title}暨“学技能、强本领”示例学习"
# The sample's shared reflections: (point number, unit code) each.
SAMPLE_SHOWCASE = [(1, "HP-GZ-01"), (2, "XH-GH-01"), (4, "PD-GZ-02")]


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    kind: str
    parent_code: str


def demo_units() -> list[DemoUnit]:
    """Two union branches and two SASAC units in each demo district, and one team below."""
    units = []
    for district in DEMO_DISTRICTS:
        code, stem = DISTRICT_CODES[district], district_stem(district)
        for n in (1, 2):
            units.append(
                DemoUnit(
                    f"{code}-GH-{n:02d}",
                    f"{stem}区示例基层工会{NUMERALS[n - 1]}",
                    OrganisationKind.UNION_BRANCH,
                    district_body_code(district, "GH"),
                )
            )
            units.append(
                DemoUnit(
                    f"{code}-GZ-{n:02d}",
                    f"{stem}区示例国企党委{NUMERALS[n - 1]}",
                    OrganisationKind.SASAC_UNIT,
                    district_body_code(district, "GZW"),
                )
            )
        units.append(
            DemoUnit(
                f"{code}-GH-01-1",
                f"{stem}区示例基层工会一·第一班组",
                OrganisationKind.UNION_BRANCH,
                f"{code}-GH-01",
            )
        )
    return units


def _reflection_body(point: LearningPoint) -> str:
    return (
        f"通过学习《关于深入开展向李斌同志学习的决定》，我对“{point.heading.rstrip('。')}”"
        "有了更深的体会。决定指出：" + point.body[:120] + "……"
        "结合本职工作，我将把学习体会落实到日常岗位上，对标先进、见贤思齐，"
        "在班组学习中带头交流，把学习成果转化为做好本职工作的实际行动。"
        "（示例数据：本文为演示用的心得体会，不代表任何真实个人。）"
    )


# For the showcase: a shared reflection on each point, each quoting a paragraph of the decision
# other than the point's own (point number: paragraph number, unit code).
SHOWCASE = {1: (1, "HP-GH-01"), 2: (3, "XH-GH-01"), 3: (2, "JA-GZ-01"), 4: (8, "PD-GH-01")}


def _demo_showcase(by_code, points) -> None:
    """Featured reflections whose (made-up) authors agreed to share them, quoting paragraphs."""
    for point in points:
        number, code = SHOWCASE[point.number]
        paragraph = point.paragraph.document.paragraphs.get(number=number)
        reflection_save(
            Reflection(
                organisation=by_code[code],
                point=point,
                author_name="示例作者",
                author_position="班组长",
                title=f"读决定第{number}段：学习李斌同志的{point.short_name}",
                body=(
                    f"决定第{number}段写道：“{paragraph.text[:80]}……”读到这里，我对"
                    f"“{point.heading.rstrip('。')}”有了更深的认识。" + _reflection_body(point)
                ),
                quoted_paragraph=paragraph,
                status=ReflectionStatus.FEATURED,
                public_consent=True,
            ),
            by=None,
        )


def _sample_reflection_body(point: LearningPoint) -> str:
    paragraph = point.paragraph
    return (
        f"示例决定第{paragraph.number}段写道：“{paragraph.text[:60]}……”"
        f"读到这里，我对“{point.heading.rstrip('。')}”有了更深的认识。"
        "我所在的示例班组结合这一要求，把岗位上的难点列成清单，每周安排一次练兵和交流，"
        "由技术骨干带着大家逐项攻关，把学到的方法用到日常操作中。"
        "下一步，我将继续对照决定的要求查找不足，和班组同事一起学技能、强本领。"
        "（示例数据：本文为演示用的心得体会，所述单位和个人均为虚构。）"
    )


def _demo_sample_showcase(by_code, sample_points) -> None:
    """Featured reflections on the sample's points, each quoting its point's paragraph, by
    made-up authors who agreed to share them: made while the sample has none."""
    if Reflection.objects.filter(point__in=sample_points).exists():
        return
    by_number = {point.number: point for point in sample_points}
    for number, code in SAMPLE_SHOWCASE:
        point, unit = by_number[number], by_code.get(code)
        if unit is None:  # a demo unit deleted since: its reflection is not made again
            continue
        reflection_save(
            Reflection(
                organisation=unit,
                point=point,
                author_name="示例作者",
                author_position="技术骨干",
                title=f"示例心得：在{point.short_name}中学技能、强本领",
                body=_sample_reflection_body(point),
                quoted_paragraph=point.paragraph,
                status=ReflectionStatus.FEATURED,
                public_consent=True,
            ),
            by=None,
        )


@dataclass(frozen=True)
class Sample:
    """The sample campaign, as loaded: its points, and the rows its loading wrote."""

    campaign: Campaign
    points: list[LearningPoint]
    written: dict[str, int]


def _load_sample() -> Sample:
    written = load_decision(SAMPLE_FOLDER)
    campaign = Campaign.objects.get(slug=SAMPLE_SLUG)
    points = list(
        LearningPoint.objects.filter(document=campaign.document_id).select_related("paragraph")
    )
    return Sample(campaign, points, written)


@transaction.atomic
def demo_load() -> tuple[int, list[tuple[DemoAccount, bool]], Sample]:
    """Create what is missing; return the number of units made, each account's state and the
    sample campaign."""
    points = list(
        LearningPoint.objects.filter(document__campaign__slug=FIRST_CAMPAIGN_SLUG).select_related(
            "paragraph"
        )
    )
    if len(points) != 4:
        raise RuntimeError("Load the decision first (manage.py load_decision).")
    sample = _load_sample()
    rng = random.Random(2019)  # noqa: S311  (made-up demo data, not security)
    both = random.Random(2026)  # noqa: S311  (the sample's share, apart from the first's sequence)
    today = timezone.localdate()
    by_code = {o.code: o for o in Organisation.objects.all()}
    made = 0
    for unit in demo_units():
        if unit.code in by_code:
            continue
        parent = by_code[unit.parent_code]
        organisation = organisation_save(
            Organisation(
                code=unit.code,
                name=unit.name,
                kind=unit.kind,
                district=parent.district,
                parent=parent,
            ),
            by=None,
        )
        by_code[unit.code] = organisation
        made += 1
        _demo_records(rng, organisation, points, today, both=both, sample=sample)
    if made:
        _demo_showcase(by_code, points)
    _demo_sample_showcase(by_code, sample.points)

    accounts = []
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "email": f"{account.username}@example.com",
                "role": account.role,
                "is_superuser": account.is_superuser,
                "organisation": by_code.get(account.organisation_code),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if needs_second_factor_by_role(user):
            give_totp(user, DEMO_TOTP_SECRET)
        accounts.append((account, created))
    return made, accounts, sample


def _demo_absentees(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """`count` absentees of a session, as (name, reason, note)."""
    absentees = []
    for name in rng.sample(ABSENTEE_NAMES, count):
        reason = rng.choice(AbsenceReason.values)
        note = rng.choice(OTHER_REASONS) if reason == AbsenceReason.OTHER else ""
        absentees.append((name, reason, note))
    return absentees


def _demo_records(
    rng: random.Random, organisation, points, today, *, both: random.Random, sample: Sample
) -> None:
    shows_make_up = organisation.code in MAKE_UP_UNITS
    # Some units have not started: they show up as gaps in the reports.
    count = rng.choice([0, 1, 2, 3, 4])
    missed_by_some = []
    for n in range(max(count, 1) if shows_make_up else count):
        participants = rng.randint(8, 60)
        fields = {
            "held_on": today - timedelta(days=rng.randint(0, 200)),
            "title": rng.choice(TITLES),
            "format": rng.choice(SessionFormat.values),
            "participants": participants,
            "party_members": rng.randint(0, participants),
        }
        studied = sorted(rng.sample(points, rng.randint(1, 3)), key=lambda point: point.number)
        # About half the sessions have absentees; a make-up unit's first has two or three.
        absent = rng.randint(2, 3) if shows_make_up and n == 0 else rng.choice([0, 0, 1, 2, 3])
        # Held while the sample runs: a good share study its points too, and count for both.
        if sample.campaign.runs_on(fields["held_on"]) and both.random() < BOTH_SHARE:
            chosen = both.sample(sample.points, both.randint(1, 2))
            studied = studied + sorted(chosen, key=lambda point: point.number)
            fields["title"] = BOTH_TITLE.format(title=fields["title"])
        session = session_record(
            by=None,
            organisation=organisation,
            points=studied,
            host="示例主讲人",
            venue="单位会议室",
            absentees=_demo_absentees(rng, absent),
            summary="学习决定原文，交流学习体会。（示例数据）",
            **fields,
        )
        if absent >= 2:
            missed_by_some.append(session)
        if n == 0:
            point = studied[0]
            status = rng.choice(ReflectionStatus.values)
            reflection = Reflection(
                organisation=organisation,
                session=session,
                point=point,
                author_name="示例作者",
                author_position="职工",
                title=f"学习李斌同志{point.short_name}的体会",
                body=_reflection_body(point),
                quoted_paragraph=point.paragraph,
                status=status,
                return_reason="请结合本职工作再具体一些。"
                if status == ReflectionStatus.RETURNED
                else "",
                public_consent=rng.random() < 0.5,
            )
            reflection_save(reflection, by=None)
    if missed_by_some and (shows_make_up or rng.random() < MAKE_UP_SHARE):
        _demo_make_up(rng, missed_by_some[0], today)


def _demo_make_up(rng: random.Random, missed, today) -> None:
    """A make-up session (补课) for all but the last of those who missed `missed`: the one left
    out shows an absentee who has not made up."""
    absentees = list(missed.absentees.order_by("pk"))[:-1]
    held_on = min(missed.held_on + timedelta(days=rng.randint(3, 14)), today)
    session_record(
        by=None,
        organisation=missed.organisation,
        held_on=held_on,
        title=f"补课：{missed.title}",
        format=SessionFormat.GROUP_STUDY,
        points=list(missed.points.all()),
        participants=len(absentees),
        party_members=rng.randint(0, len(absentees)),
        host="示例主讲人",
        venue="单位会议室",
        made_up=absentees,
        summary="组织缺席人员补学决定原文，谈学习体会。（示例数据）",
    )
