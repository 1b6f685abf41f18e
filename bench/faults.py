"""`make faults`: the scale-out path under load, with PostgreSQL restarted in the middle.

A PostgreSQL of its own (initdb in a temporary folder, on a free loopback port) with a streaming
replica made by pg_basebackup on another port, a throwaway Redis, and two app servers (gunicorn
as production runs it) sharing all three: reports read from the replica (DATABASE_REPLICA_URL).
Fifty organisers record sessions through both servers, as a browser does it (a form with its
one-time token, sent again after a 503 or a broken connection, as a person presses 保存 again)
and then read their own 汇总表, which must already count what they saved; district admins read
their dashboards (from the replica), readers the public pages, and a load balancer polls
`/healthz` on both servers. Half-way, the primary is restarted. Then the database is compared
with what the servers acknowledged.

Prints the requests, the answers by status, p95 by kind, rows acknowledged vs found, duplicates,
rows without their history, stale reads after a write, the reads the replica served and the time
to recover; exits 1 if a row was lost or doubled, a row lacks its history, a user's report missed
their own write, or any answer was a 500. Bounded (`--seconds`, default 60), loopback only, and
everything it starts is stopped and removed when it ends; the machine's own PostgreSQL is only
used for its binaries.
"""

import argparse
import collections
import contextlib
import csv
import datetime
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import ENV, ensure_database  # noqa: E402
from tests.second_factor import force_login_with_second_factor  # noqa: E402
from tests.servers import free_port, serve_redis  # noqa: E402

TITLE = "故障演练"
PG_BIN = Path("/usr/lib/postgresql") / sorted(os.listdir("/usr/lib/postgresql"))[-1] / "bin"


def as_postgres(command: list) -> list:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    command = [str(part) for part in command]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def pg(*command, **kwargs):
    return subprocess.run(as_postgres(list(command)), check=True, capture_output=True, **kwargs)


@contextlib.contextmanager
def postgres_pair(scratch: Path):
    """A primary and its streaming replica, each on a free loopback port; yields
    (primary port, replica port, restart the primary)."""
    folder = scratch / "pg"
    folder.mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    primary, replica = folder / "primary", folder / "replica"
    ports = free_port(), free_port()
    pg(PG_BIN / "initdb", "-D", primary, "-A", "trust", "-U", "postgres", "--no-sync")
    settings = (
        f"\nport = {ports[0]}\nlisten_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{folder}'\nmax_connections = 200\n"
        "wal_level = replica\nmax_wal_senders = 4\njit = off\n"
    )
    pg("sh", "-c", f"cat >> {primary}/postgresql.conf", input=settings.encode())
    hba = "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
    pg("sh", "-c", f"cat > {primary}/pg_hba.conf", input=hba.encode())
    started = []
    try:
        pg(PG_BIN / "pg_ctl", "-D", primary, "-l", folder / "primary.log", "-w", "start")
        started.append(primary)
        pg(
            PG_BIN / "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            ports[0],
            "-U",
            "postgres",
            "-D",
            replica,
            "-R",
            "-X",
            "stream",
        )
        pg("sh", "-c", f"echo 'port = {ports[1]}' >> {replica}/postgresql.conf")
        pg(PG_BIN / "pg_ctl", "-D", replica, "-l", folder / "replica.log", "-w", "start")
        started.append(replica)

        def restart():
            pg(
                PG_BIN / "pg_ctl",
                "-D",
                primary,
                "-m",
                "fast",
                "-w",
                "restart",
                "-l",
                folder / "primary.log",
            )

        yield ports[0], ports[1], restart
    finally:
        for data in reversed(started):
            subprocess.run(
                as_postgres([PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "stop"]),
                capture_output=True,
            )


def replica_transactions(port: int) -> int:
    import psycopg

    with psycopg.connect(f"postgres://postgres@127.0.0.1:{port}/campaign_faults") as replica:
        return replica.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = 'campaign_faults'"
        ).fetchone()[0]


class Record:
    """What every request got: its kind, its status (0: no answer) and its time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []  # (kind, status, seconds, when)
        self.acknowledged = set()
        self.stale_reads = 0  # a user's own report that missed what they had saved

    def add(self, kind, status, seconds):
        with self.lock:
            self.answers.append((kind, status, seconds, time.monotonic()))

    def timed(self, kind, request, *args):
        """Make one request (`request(*args)`) and record it; its answer, or None if none came."""
        start = time.perf_counter()
        try:
            answer = request(*args)
        except OSError:
            answer = None
        self.add(kind, answer.status if answer else 0, time.perf_counter() - start)
        return answer


def organiser(base, cookies, unit, code, points, record, stop, number, think):
    from bench.measure import Client

    client = Client(base, cookies=cookies)
    client.get("/admin/campaign/studysession/add/")  # the CSRF cookie
    count = saved = 0
    while not stop.is_set():
        count += 1
        title = f"{TITLE}-{number}-{count}"
        form = {
            "organisation": unit,
            "held_on": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
            "title": title,
            "format": "group_study",
            "points": points,
            "participants": "12",
            "party_members": "5",
            "absence_note": "",
            "absentees-TOTAL_FORMS": "0",
            "absentees-INITIAL_FORMS": "0",
            "absentees-MIN_NUM_FORMS": "0",
            "absentees-MAX_NUM_FORMS": "1000",
            "host": "",
            "venue": "",
            "summary": "故障演练中录入。",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "submission": str(uuid.uuid4()),
            "_save": "1",
        }
        while not stop.is_set():  # pressed again until it is saved, as a person would
            answer = record.timed(
                "organiser save", client.post, "/admin/campaign/studysession/add/", form
            )
            if answer and answer.status == 302:
                with record.lock:
                    record.acknowledged.add(title)
                saved += 1
                break
            time.sleep(0.5)
        if saved and not stop.is_set():  # my report counts what I just saved
            answer = record.timed("organiser's own 汇总表", client.get, "/reports/summary.csv")
            if answer and answer.status == 200:
                counted = sum(
                    int(row[5])
                    for row in csv.reader(io.StringIO(answer.text.lstrip("\ufeff")))
                    if len(row) > 5 and row[1] == code
                )
                if counted < saved:
                    with record.lock:
                        record.stale_reads += 1
        stop.wait(random.uniform(0.5, 1.5) * think)  # the next form takes a while to fill in


def reader(base, record, stop):
    from bench.measure import Client

    client = Client(base)
    pages = ["/c/li-bin-2019/decision/", "/c/li-bin-2019/profile/", "/"]
    n = 0
    while not stop.is_set():
        n += 1
        record.timed("reader page", client.get, pages[n % 3])
        stop.wait(random.uniform(0.5, 1.5))


def district_admin(base, cookies, record, stop):
    from bench.measure import Client

    client = Client(base, cookies=cookies)
    while not stop.is_set():
        record.timed("district dashboard", client.get, "/reports/")
        stop.wait(random.uniform(1, 3))


def balancer(bases, record, stop, health):
    from bench.measure import Client

    clients = [Client(base) for base in bases]
    while not stop.is_set():
        for index, client in enumerate(clients):
            answer = record.timed("/healthz", client.get, "/healthz")
            health.append((time.monotonic(), index, answer.status if answer else 0))
        time.sleep(0.25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--organisers", type=int, default=50)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument(
        "--think", type=float, default=5.0, help="seconds an organiser takes to fill a form"
    )
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is needed (apt-get install redis-server)")

    with contextlib.ExitStack() as stack:
        work = ROOT
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="campaign-faults-")))
        scratch.chmod(0o755)  # the postgres user reaches its folder inside
        primary_port, replica_port, restart_primary = stack.enter_context(postgres_pair(scratch))
        database = f"postgres://postgres@127.0.0.1:{primary_port}/campaign_faults"
        ensure_database(database)
        media = scratch / "media"
        media.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            **ENV,
            "DJANGO_SETTINGS_MODULE": "campaign.conf.settings",
            "DATABASE_URL": database,
            "DATABASE_REPLICA_URL": database.replace(str(primary_port), str(replica_port)),
            "REDIS_URL": stack.enter_context(serve_redis()),
            "MEDIA_ROOT": str(media),
            "STATIC_ROOT": str(scratch / "static"),
            "LOG_LEVEL": "ERROR",
        }
        os.environ.update(env)
        for command in (
            ["migrate", "--noinput"],
            ["load_decision"],
            ["load_organisations"],
            ["collectstatic", "--noinput"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=work,
                env=env,
                check=True,
                capture_output=True,
            )
        import django

        django.setup()
        from django.test import Client as DjangoClient

        from accounts.models import Role, User
        from campaign.models import Organisation, StudySession
        from documents.models import LearningPoint

        units = list(Organisation.objects.filter(depth__gte=2).order_by("pk")[: args.organisers])
        points = str(LearningPoint.objects.get(number=1).pk)
        people = []
        for number, unit in enumerate(units):
            user, _ = User.objects.update_or_create(
                username=f"faults-{number}",
                defaults={"role": Role.ORGANISER, "organisation": unit},
            )
            login = DjangoClient()
            login.force_login(user)
            people.append((user, unit, {"sessionid": login.cookies["sessionid"].value}))
        admins = []
        for number, body in enumerate(Organisation.objects.filter(depth=1).order_by("pk")[:4]):
            user, _ = User.objects.update_or_create(
                username=f"faults-district-{number}",
                defaults={"role": Role.DISTRICT_ADMIN, "organisation": body},
            )
            login = DjangoClient()
            force_login_with_second_factor(login, user)  # district admins: code included
            admins.append({"sessionid": login.cookies["sessionid"].value})
        from django.db import connections

        for connection in connections.all():
            connection.close()

        from bench.measure import serve

        bases = [stack.enter_context(serve(env, workers=2))[0] for _ in range(2)]
        record, stop, health = Record(), threading.Event(), []
        threads = [
            threading.Thread(
                target=organiser,
                args=(
                    bases[n % 2],
                    cookies,
                    str(unit.pk),
                    unit.code,
                    points,
                    record,
                    stop,
                    n,
                    args.think,
                ),
            )
            for n, (_user, unit, cookies) in enumerate(people)
        ]
        threads += [
            threading.Thread(target=district_admin, args=(bases[n % 2], cookies, record, stop))
            for n, cookies in enumerate(admins)
        ]
        threads += [
            threading.Thread(target=reader, args=(bases[n % 2], record, stop))
            for n in range(args.readers)
        ]
        threads.append(threading.Thread(target=balancer, args=(bases, record, stop, health)))
        started = time.monotonic()
        replica_before = replica_transactions(replica_port)
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 2)
        restart_began = time.monotonic()
        restart_primary()
        restart_ended = time.monotonic()
        time.sleep(args.seconds / 2)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        record.replica_reads = replica_transactions(replica_port) - replica_before

        from django.db import connection

        connection.close()
        found = collections.Counter(
            StudySession.objects.filter(title__startswith=TITLE).values_list("title", flat=True)
        )
        without_history = (
            StudySession.objects.filter(title__startswith=TITLE)
            .exclude(pk__in=StudySession.history.filter(history_type="+").values("id"))
            .count()
        )

    # Recovery: from the restart's start until both servers' /healthz answer 200 again.
    recovered = []
    for index in range(2):
        after = [
            when
            for when, server, status in health
            if server == index and when > restart_ended and status == 200
        ]
        recovered.append(min(after) - restart_began if after else float("inf"))
    return report(
        args, record, found, without_history, recovered, restart_ended - restart_began, started
    )


def report(args, record, found, without_history, recovered, restart_seconds, started) -> int:
    statuses = collections.Counter((kind, status) for kind, status, _s, _w in record.answers)
    kinds = sorted({kind for kind, *_ in record.answers})
    lost = record.acknowledged - set(found)
    duplicates = sum(count - 1 for count in found.values() if count > 1)
    unacknowledged = set(found) - record.acknowledged
    five_hundreds = sum(n for (kind, status), n in statuses.items() if status == 500)
    print(
        f"\nFault drill: 2 servers, a primary and its streaming replica, {args.organisers} organisers (a form every ~{args.think:g} s "
        f"each), {args.readers} readers, "
        f"{args.seconds} s, the primary restarted at {args.seconds // 2} s "
        f"(the restart took {restart_seconds:.1f} s)\n"
    )
    print("| requests | answers by status | p95 |")
    print("| --- | --- | ---: |")
    for kind in kinds:
        times = [s for k, _st, s, _w in record.answers if k == kind]
        by_status = ", ".join(
            f"{status or 'no answer'}: {n}"
            for (k, status), n in sorted(statuses.items())
            if k == kind
        )
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(f"| {kind} ({len(times)}) | {by_status} | {p95 * 1000:.0f} ms |")
    print()
    print(f"sessions acknowledged (302): {len(record.acknowledged)}; found: {sum(found.values())}")
    print(
        f"lost (acknowledged, not found): {len(lost)}; duplicates: {duplicates}; "
        f"saved but the answer lost (found, not acknowledged): {len(unacknowledged)}"
    )
    print(f"sessions without their history row: {without_history}")
    print(f"a user's own 汇总表 missing what they had just saved: {record.stale_reads}")
    print(f"transactions the replica served (reports): {record.replica_reads:,}")
    print(
        "recovery (restart began → /healthz 200 again): "
        + ", ".join(f"server {n + 1} {seconds:.1f} s" for n, seconds in enumerate(recovered))
        + " (no server restarted)"
    )
    failed = lost or duplicates or without_history or five_hundreds or record.stale_reads
    print(
        "\nresult:",
        "FAILED" if failed else "passed: nothing lost, doubled, stale or without history; no 500",
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
