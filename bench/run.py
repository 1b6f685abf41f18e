"""Benchmarks on PostgreSQL at city scale (not part of the test suite): `make bench`.

Fills a separate database (BENCH_DATABASE_URL, default campaign_bench on the local server) with
100,000 organisations, 1,000,000 study sessions and 200,000 reflections, then measures what users
wait for: the subtree query, and the backend's lists for each role. Prints a Markdown table.
Data is made once and reused; pass --rebuild to make it again.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campaign_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.conf.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-that-is-long-enough-to-pass-checks-123")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from campaign.choices import OrganisationKind  # noqa: E402
from campaign.models import Organisation, Reflection, StudySession  # noqa: E402

UNITS = 100_000
SESSIONS = 1_000_000
REFLECTIONS = 200_000


def ensure_database() -> None:
    import psycopg

    name = settings.DATABASES["default"]["NAME"]
    params = settings.DATABASES["default"]
    with psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def build(rebuild: bool) -> None:
    if rebuild:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    if Reflection.objects.exists():  # the last step: everything before it is there
        return
    call_command("load_decision", verbosity=0)
    call_command("load_organisations", verbosity=0)
    bodies = list(Organisation.objects.filter(depth=2))
    next_id = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    rows = []
    # Each district body gets units; every fourth unit has a team under it (depth 4).
    per_body = UNITS // len(bodies)
    for body in bodies:
        kind = (
            OrganisationKind.UNION_BRANCH
            if body.kind == OrganisationKind.DISTRICT_UNION
            else OrganisationKind.SASAC_UNIT
            if body.kind == OrganisationKind.DISTRICT_SASAC
            else OrganisationKind.OTHER
        )
        unit = None
        for n in range(per_body):
            pk = next_id
            next_id += 1
            if n % 4 == 3 and unit is not None:
                parent, depth = unit, 4
            else:
                parent, depth = body, 3
            org = Organisation(
                pk=pk,
                code=f"B{pk}",
                name=f"单位{pk}",
                kind=kind,
                district=body.district,
                parent_id=parent.pk,
                path=f"{parent.path}{pk}/",
                depth=depth,
            )
            rows.append(org)
            if depth == 3:
                unit = org
    Organisation.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('campaign_organisation','id'), %s)", [next_id]
        )
        cursor.execute(
            """
            WITH units AS (SELECT array_agg(id ORDER BY id) AS ids
                           FROM campaign_organisation WHERE depth >= 3)
            INSERT INTO campaign_studysession
              (organisation_id, held_on, title, format, host, venue, participants, party_members,
               absentees, summary, created_at, updated_at,
               covers_point_1, covers_point_2, covers_point_3, covers_point_4)
            SELECT units.ids[1 + (g::bigint * 7919) %% cardinality(units.ids)],
                   DATE '2019-04-03' + (random() * (CURRENT_DATE - DATE '2019-04-03'))::int,
                   'session ' || g,
                   (ARRAY['group_study', 'party_lecture', 'discussion', 'talk', 'visit',
                          'online', 'other'])[1 + g %% 7],
                   '', '', 5 + g %% 60, (g %% 60) / 2, '', '', now(), now(),
                   false, false, false, false
            FROM units, generate_series(1, %s) AS g
            """,
            [SESSIONS],
        )
        cursor.execute(
            """
            INSERT INTO campaign_studysession_points (studysession_id, learningpoint_id)
            SELECT s.id, lp.id FROM campaign_studysession s
            JOIN documents_learningpoint lp ON lp.number = 1 + (s.id %% 4)
               OR (s.id %% 3 = 0 AND lp.number = 1 + ((s.id + 1) %% 4))
            """,
            [],
        )
    # The points went in by SQL, past the service that keeps the sessions' point flags.
    through = StudySession.points.through.objects
    StudySession.objects.update(
        **{
            f"covers_point_{n}": Exists(
                through.filter(studysession=OuterRef("pk"), learningpoint__number=n)
            )
            for n in (1, 2, 3, 4)
        }
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO campaign_reflection
              (organisation_id, session_id, point_id, author_name, author_position, title, body,
               status, return_reason, public_consent, created_at, updated_at)
            SELECT s.organisation_id, s.id, (SELECT id FROM documents_learningpoint
                   WHERE number = 1 + (s.id %% 4)), 'author', '', 'reflection ' || s.id,
                   repeat('study ', 60), (ARRAY['submitted','approved','featured'])[1 + (s.id %% 3)],
                   '', false, s.held_on + time '10:00', s.held_on + time '10:00'
            FROM campaign_studysession s WHERE s.id %% 5 = 0 LIMIT %s
            """,
            [REFLECTIONS],
        )
        cursor.execute("ANALYZE")


def users() -> dict[str, User]:
    district_body = Organisation.objects.get(code="HP-GH")
    unit = Organisation.objects.filter(parent=district_body, depth=3).order_by("pk").first()
    made = {}
    for username, role, organisation, superuser in [
        ("bench-admin", Role.CAMPAIGN_ADMIN, None, True),
        ("bench-district", Role.DISTRICT_ADMIN, district_body, False),
        ("bench-organiser", Role.ORGANISER, unit, False),
    ]:
        made[username], _ = User.objects.update_or_create(
            username=username,
            defaults={"role": role, "organisation": organisation, "is_superuser": superuser},
        )
    return made


def timed(fn, repeat: int = 5) -> tuple[float, int]:
    """Median milliseconds over `repeat` runs (after one warm-up), and the queries of one run."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ensure_database()
    start = time.perf_counter()
    build(args.rebuild)
    print(
        f"data ready in {time.perf_counter() - start:.0f} s: "
        f"{Organisation.objects.count():,} organisations"
    )
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    # Pages are rendered in-process: no collectstatic manifest is needed to measure them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    accounts = users()
    rows = []

    body = Organisation.objects.get(code="HP-GH")
    with connection.cursor() as cursor:
        sql, params = Organisation.objects.within(body).values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    uses_index = "Index" in plan and "Seq Scan" not in plan
    ms, queries = timed(lambda: len(Organisation.objects.within(body).values_list("pk")))
    rows.append(
        (
            f"subtree of a district body ({Organisation.objects.within(body).count():,} units)",
            ms,
            queries,
            "index scan" if uses_index else "SEQ SCAN",
        )
    )

    client = Client()
    for username, user in accounts.items():
        client.force_login(user)
        for label, url in [
            ("sessions list", "/admin/campaign/studysession/"),
            ("sessions list, filtered by point", "/admin/campaign/studysession/?point=1"),
            (
                "sessions list, one month",
                "/admin/campaign/studysession/?held_on__year=2024&held_on__month=5",
            ),
            ("reflections list", "/admin/campaign/reflection/"),
        ]:

            def get(url=url):
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            ms, queries = timed(get)
            rows.append((f"{label} ({username})", ms, queries, ""))
        reset_queries()

    for username, user in accounts.items():
        client.force_login(user)

        def dashboard():
            assert client.get("/reports/").status_code == 200

        ms, queries = timed(dashboard, repeat=3)
        rows.append((f"dashboard, whole campaign ({username})", ms, queries, ""))

    client.force_login(accounts["bench-admin"])
    for extension in ("csv", "xlsx"):
        url = f"/reports/summary.{extension}"

        def download(url=url):
            response = client.get(url)
            return sum(len(chunk) for chunk in response.streaming_content)

        start = time.perf_counter()
        size = download()
        seconds = time.perf_counter() - start
        tracemalloc.start()
        download()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(
            (
                f"汇总表 {extension.upper()} of the whole city ({Organisation.objects.count():,} units)",
                seconds * 1000,
                None,
                f"{size / 1e6:.1f} MB file, peak Python memory {peak / 1e6:.1f} MB",
            )
        )

    print()
    print("| measurement | median ms | queries | note |")
    print("| --- | ---: | ---: | --- |")
    for label, ms, queries, note in rows:
        print(f"| {label} | {ms:.0f} | {queries if queries is not None else '—'} | {note} |")


if __name__ == "__main__":
    main()
