"""The benchmark's data set: a city of units, their sessions and reflections, built once.

Deterministic: every row is a function of its number (no random()), so two builds of the same
size on the same day are the same. Sessions fall on the campaign's days up to the day of the
build and on the units unevenly, as real units are (some study often, some never); one in five
has absentees, about half of them made up later. Rows go in by INSERT … SELECT and COPY, past
the service layer: so the point flags and the absentee counts are written in the same statement
(the absentees' rows then follow the same rule, so counts and rows agree), and the report
roll-ups are rebuilt from the raw rows at the end, as the migration that adds them does on a
live database. Then VACUUM ANALYZE, so the planner knows the tables.

Beside the Li Bin campaign, two sample campaigns (made up, marked 示例: bench/campaigns/), open
since 2024 and 2025, each with 300,000 sessions at city scale (3,000 small): two thirds new
sessions on its points alone, one third Li Bin sessions of its period that also covered its
points (the same rows, counted once in each campaign). A database built before the
samples gains them on the next run, without the Li Bin data being built again.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from campaign.choices import OrganisationKind
from campaign.loaders import demo
from campaign.models import CAMPAIGN_START, Organisation, Reflection
from documents.loader import load_decision
from documents.models import FIRST_CAMPAIGN_SLUG, Campaign, LearningPoint

# The demo's titles, and a few more.
TITLES = [
    *demo.TITLES,
    "班组学习会：对标李斌找差距",
    "工匠精神专题研讨",
    "学习决定精神交流会",
]
SUMMARIES = [
    "学习决定原文，交流学习体会。",
    "观看李斌同志先进事迹视频，开展讨论。",
    "结合岗位实际谈创新、谈担当。",
    "围绕四个学习要点逐条学习。",
]
# Absentees' names (a surname and a given name) and what "other" reasons were.
SURNAMES = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄"]
GIVEN_NAMES = ["伟", "芳", "敏", "静", "强", "磊", "军", "洁", "勇", "燕"]
OTHER_REASONS = ["借调", "外出培训", "值班"]
REFLECTION_SENTENCES = [
    "通过学习李斌同志的先进事迹，我深刻体会到信念坚定、爱党爱国的政治品格。",
    "李斌同志立足岗位、勇于创新，把工匠精神落实在每一道工序上。",
    "作为一名普通职工，我要对标先进、见贤思齐，在本职工作中做出成绩。",
    "我们班组将把学习成果转化为攻坚克难、提质增效的实际行动。",
    "学习李斌，就是要学习他敬业奉献、精益求精的职业精神。",
    "他带领团队突破关键技术，为企业发展作出了重要贡献，令人敬佩。",
    "在今后的工作中，我将坚持学习、勇于实践，不断提高技能水平。",
    "李斌同志无私传授技艺、培养青年人才，体现了高尚的道德情操。",
]


@dataclass(frozen=True)
class Scale:
    units: int
    sessions: int
    reflections: int
    #: Sessions on each sample campaign's points, a third of them Li Bin sessions too.
    sample_sessions: int

    @property
    def shared(self) -> int:
        return self.sample_sessions // 3


CITY = Scale(units=100_000, sessions=1_000_000, reflections=500_000, sample_sessions=300_000)
SMALL = Scale(units=1_000, sessions=10_000, reflections=5_000, sample_sessions=3_000)

# The sample campaigns' folders (documents/data/'s format), in the order they are built.
SAMPLES = Path(__file__).resolve().parent / "campaigns"
SAMPLE_SLUGS = ["sample-2024", "sample-2025"]
SAMPLE_TITLES = ["示例学习教育专题学习", "示例学习教育交流研讨", "示例学习教育集中学习"]
SAMPLE_SUMMARIES = ["逐段学习示例决定原文，交流体会。", "结合岗位实际讨论示例决定的要求。"]


def is_built(scale: Scale) -> bool:
    """Whether the Li Bin campaign's units, sessions and reflections are there."""
    return Reflection.objects.count() >= scale.reflections > 0 or (
        scale.reflections == 0 and Organisation.objects.count() > scale.units
    )


def sample_is_built(slug: str) -> bool:
    """Whether the sample campaign is loaded and has its sessions (written all or nothing)."""
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM campaign_studysession_points l "
            "JOIN documents_learningpoint lp ON lp.id = l.learningpoint_id "
            "WHERE lp.document_id = %s)",
            [campaign.document_id],
        )
        return cursor.fetchone()[0]


def build(scale: Scale, *, rebuild: bool = False) -> None:
    if rebuild:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    changed = False
    if not is_built(scale):
        call_command("load_decision", verbosity=0)
        call_command("load_organisations", verbosity=0)
        _units(scale)
        _sessions(scale)
        _reflections(scale)
        changed = True
    for number, slug in enumerate(SAMPLE_SLUGS):
        if not sample_is_built(slug):
            with transaction.atomic():
                load_decision(SAMPLES / slug)
                _sample_sessions(scale, Campaign.objects.get(slug=slug), number)
            changed = True
    if changed:
        call_command("rebuild_rollups", verbosity=0)
    tidy()


def tidy() -> None:
    """VACUUM ANALYZE, as autovacuum does on a live database after the bench's own writes (the
    imports it measures and deletes, an upgrade's migration): without it, index-only scans read
    the table again and the planner works from old statistics. This machine's PostgreSQL runs
    with autovacuum off, so the bench does it itself; on a clean database it takes seconds."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _units(scale: Scale) -> None:
    """Units under each district body, every fourth with a team under it (depth 4)."""
    bodies = list(Organisation.objects.filter(depth=2).order_by("pk"))
    per_body = scale.units // len(bodies)
    next_id = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    now = timezone.now().isoformat()
    kinds = {
        OrganisationKind.DISTRICT_UNION: OrganisationKind.UNION_BRANCH,
        OrganisationKind.DISTRICT_SASAC: OrganisationKind.SASAC_UNIT,
    }
    buffer = io.StringIO()
    for body in bodies:
        kind = kinds.get(body.kind, OrganisationKind.OTHER)
        unit_path = None
        for n in range(per_body):
            pk = next_id
            next_id += 1
            if n % 4 == 3 and unit_path is not None:
                parent_id, path, depth = int(unit_path.split("/")[-2]), f"{unit_path}{pk}/", 4
            else:
                parent_id, path, depth = body.pk, f"{body.path}{pk}/", 3
                unit_path = path
            buffer.write(
                f"{pk}\tB{pk}\t单位{pk}\t{kind}\t{body.district}\t{parent_id}\t{path}\t{depth}"
                f"\tt\t{now}\t{now}\n"
            )
    buffer.seek(0)
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY campaign_organisation (id, code, name, kind, district, parent_id, path, depth, "
            "is_active, created_at, updated_at) FROM STDIN"
        ) as copy:
            copy.write(buffer.read())
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('campaign_organisation', 'id'), %s)", [next_id]
        )


# A session's unit: units early in the tree are busier than late ones (h ** 1.6 of a hash in
# [0, 1)), so some units hold many sessions and most a few; one unit in seven (by a hash of its
# id, so in every district) holds none. Session g gets id g (ids first..last, past those already
# there), so its unit's next session of the batch (by day, then id: the one a make-up is recorded
# in) is known here.
# Every fifth session has 1–3 absentees; absentee k of session g made up in the unit's next
# session when g + k is even and there is a next session: (n + g % 2) / 2 of its n absentees.
SESSION_SQL = """
WITH units AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM campaign_organisation
    WHERE depth >= 3 AND (id * 7919) %% 100 < 85  -- 15 %% of units never hold a session
), numbered AS (
    SELECT g, ((g::bigint * 2654435761) %% 4294967296) / 4294967296.0 AS h,
           CASE WHEN g %% 5 = 0 THEN 1 + (g / 5) %% 3 ELSE 0 END AS absentees
    FROM generate_series(%(first)s, %(last)s) AS g
), placed AS (
    SELECT numbered.*, unit.id AS unit_id, unit.district,
           %(start)s::date + ((g::bigint * 40503) %% %(days)s)::int AS held_on
    FROM units CROSS JOIN numbered
    JOIN campaign_organisation unit
      ON unit.id = units.ids[1 + floor(cardinality(units.ids) * power(h, 1.6))::int]
)
INSERT INTO campaign_studysession
  (id, organisation_id, district, held_on, title, format, host, venue, participants,
   party_members, absence_note, summary, created_at, updated_at,
   absentee_count, made_up_count)
SELECT g, unit_id, district, held_on,
       (%(titles)s::text[])[1 + g %% cardinality(%(titles)s::text[])] || '（' || g || '）',
       (ARRAY['group_study', 'party_lecture', 'discussion', 'talk', 'visit', 'online',
              'other'])[1 + g %% 7],
       '', '', 5 + g %% 60, (g %% 60) / 2, '', (%(summaries)s::text[])[1 + g %% cardinality(%(summaries)s::text[])],
       now(), now(),
       absentees,
       CASE WHEN LEAD(g) OVER (PARTITION BY unit_id ORDER BY held_on, g) IS NULL THEN 0
            ELSE (absentees + g %% 2) / 2 END
FROM placed
ORDER BY g
"""

# The absentees the sessions' counts say, with the rule above for who made up where. Names are
# unique in a session (a different surname each), made up in a session of the same batch; "other" always says what it was. INSERT …
# SELECT rather than COPY: every row comes from the sessions as stored (their ids, their unit's
# next session), so nothing need travel to Python and back (400,000 rows in seconds at city scale).
ABSENTEE_SQL = """
INSERT INTO campaign_absentee (session_id, name, reason, note, made_up_in_id)
SELECT s.id,
       (%(surnames)s::text[])[1 + (s.id + k) %% 8]
         || (%(given)s::text[])[1 + (s.id / 5 + k) %% 10],
       (ARRAY['business', 'sick', 'personal', 'other'])[1 + (s.id / 10 + k) %% 4],
       CASE WHEN (s.id / 10 + k) %% 4 = 3
            THEN (%(other)s::text[])[1 + (s.id + k) %% 3] ELSE '' END,
       CASE WHEN (s.id + k) %% 2 = 0 THEN s.next_id END
FROM (
    SELECT id, absentee_count,
           LEAD(id) OVER (PARTITION BY organisation_id ORDER BY held_on, id) AS next_id
    FROM campaign_studysession
    WHERE id BETWEEN %(first)s AND %(last)s
) s
CROSS JOIN generate_series(1, s.absentee_count) AS k
WHERE s.absentee_count > 0
ORDER BY s.id, k
"""


def _insert_sessions(cursor, first: int, last: int, start: datetime.date, titles, summaries):
    """Sessions first..last (ids) held from `start` to today, and their absentees."""
    days = (timezone.localdate() - start).days + 1
    span = {"first": first, "last": last}
    cursor.execute(
        SESSION_SQL,
        {**span, "start": start, "days": days, "titles": titles, "summaries": summaries},
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('campaign_studysession', 'id'), %s)", [last]
    )
    cursor.execute(
        ABSENTEE_SQL,
        {**span, "surnames": SURNAMES, "given": GIVEN_NAMES, "other": OTHER_REASONS},
    )


# Sessions of a campaign's document (those of `sessions`, SQL of their ids) on its point
# 1 + id % P, every third on the next point too (P: its number of points).
POINTS_SQL = """
INSERT INTO campaign_studysession_points (studysession_id, learningpoint_id)
SELECT s.id, lp.id FROM ({sessions}) s JOIN documents_learningpoint lp
  ON lp.document_id = %(document)s
 AND (lp.number = 1 + s.id %% %(points)s
      OR (s.id %% 3 = 0 AND lp.number = 1 + (s.id + 1) %% %(points)s))
"""


def _link(cursor, document: int, sessions: str, params: dict) -> int:
    points = LearningPoint.objects.filter(document=document).count()
    cursor.execute(
        POINTS_SQL.format(sessions=sessions), {**params, "document": document, "points": points}
    )
    return cursor.rowcount


def _li_bin_document() -> int:
    return Campaign.objects.get(slug=FIRST_CAMPAIGN_SLUG).document_id


def _sessions(scale: Scale) -> None:
    with connection.cursor() as cursor:
        _insert_sessions(cursor, 1, scale.sessions, CAMPAIGN_START, TITLES, SUMMARIES)
        _link(cursor, _li_bin_document(), "SELECT id FROM campaign_studysession", {})


# The Li Bin sessions a sample also covered: held in its period, every other one (by id; the
# other parity for the next sample), the first `shared` of them by id (ids fall on every day).
SHARED_SQL = """
SELECT s.id FROM campaign_studysession s
WHERE s.held_on >= %(opens)s AND s.id %% 2 = %(parity)s AND EXISTS (
    SELECT 1 FROM campaign_studysession_points l
    JOIN documents_learningpoint p ON p.id = l.learningpoint_id
    WHERE l.studysession_id = s.id AND p.document_id = %(li_bin)s
)
ORDER BY s.id
LIMIT %(shared)s
"""


def _sample_sessions(scale: Scale, campaign: Campaign, number: int) -> None:
    """A sample campaign's sessions: new ones on its points alone, and Li Bin ones of its
    period that covered its points too (a third)."""
    new = scale.sample_sessions - scale.shared
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM campaign_studysession")
        first = cursor.fetchone()[0] + 1
        span = {"first": first, "last": first + new - 1}
        _insert_sessions(
            cursor, span["first"], span["last"], campaign.opens_on, SAMPLE_TITLES, SAMPLE_SUMMARIES
        )
        _link(
            cursor,
            campaign.document_id,
            "SELECT id FROM campaign_studysession WHERE id BETWEEN %(first)s AND %(last)s",
            span,
        )
        shared = {
            "opens": campaign.opens_on,
            "parity": number % 2,
            "li_bin": _li_bin_document(),
            "shared": scale.shared,
        }
        cursor.execute(f"SELECT COUNT(*) FROM ({SHARED_SQL}) s", shared)  # noqa: S608 (ours)
        found = cursor.fetchone()[0]
        if found < scale.shared:
            raise RuntimeError(
                f"{campaign.slug}: {found} Li Bin sessions to share, not {scale.shared}"
            )
        _link(cursor, campaign.document_id, SHARED_SQL, shared)


def _reflections(scale: Scale) -> None:
    """Every other session's unit writes one, recorded at 10:00 on the session's day."""
    body = "".join(REFLECTION_SENTENCES)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO campaign_reflection
              (organisation_id, district, session_id, point_id, author_name, author_position, title, body,
               quoted_paragraph_id, status, return_reason, public_consent, created_at, updated_at)
            SELECT s.organisation_id, s.district, s.id, lp.id, '作者' || s.id, '',
                   '学习李斌同志' || lp.short_name || '的体会（' || s.id || '）',
                   substr(%(body)s::text, (1 + (s.id %% 8) * 30)::int) || substr(%(body)s::text, 1, ((s.id %% 8) * 30)::int),
                   lp.paragraph_id, (ARRAY['submitted', 'approved', 'featured'])[1 + (s.id / 2) %% 3], '',
                   s.id %% 4 = 0, s.held_on + time '10:00', s.held_on + time '10:00'
            FROM campaign_studysession s
            JOIN documents_learningpoint lp
              ON lp.document_id = %(document)s AND lp.number = 1 + (s.id / 2) %% 4
            WHERE s.id %% 2 = 0
            ORDER BY s.id
            LIMIT %(reflections)s
            """,
            {"body": body, "reflections": scale.reflections, "document": _li_bin_document()},
        )


def today() -> datetime.date:
    return timezone.localdate()
