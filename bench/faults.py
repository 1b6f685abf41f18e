"""`make faults`: the scale-out path under load, with PostgreSQL restarted in the middle.

Two app servers (gunicorn as production runs it) over one PostgreSQL database of their own
(`campaign_faults`, made afresh) and a throwaway Redis shared as their cache, on loopback. Fifty
organisers record sessions through both servers, as a browser does it (a form with its one-time
token, sent again after a 503 or a broken connection, as a person presses 保存 again), readers
read the public pages and a load balancer polls `/healthz` on both. Half-way, PostgreSQL is
restarted. Then the database is compared with what the servers acknowledged.

Prints the requests, the answers by status, p95 by kind, rows acknowledged vs found, duplicates,
rows without their history, and the time to recover; exits 1 if a row was lost or doubled, a row
lacks its history, or any answer was a 500. Bounded (`--seconds`, default 60) and stops by
itself. It restarts the machine's PostgreSQL: run it on a development machine, not in CI.
"""

import argparse
import collections
import contextlib
import datetime
import os
import random
import shutil
import socket
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

DATABASE = "postgres://postgres@127.0.0.1:5432/campaign_faults"
TITLE = "故障演练"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def redis():
    port = free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
    )


class Record:
    """What every request got: its kind, its status (0: no answer) and its time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []  # (kind, status, seconds, when)
        self.acknowledged = set()

    def add(self, kind, status, seconds):
        with self.lock:
            self.answers.append((kind, status, seconds, time.monotonic()))


def organiser(base, cookies, unit, points, record, stop, number, think):
    from bench.measure import Client

    client = Client(base, cookies=cookies)
    client.get("/admin/campaign/studysession/add/")  # the CSRF cookie
    count = 0
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
            "absentees": "",
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
            start = time.perf_counter()
            try:
                answer = client.post("/admin/campaign/studysession/add/", form)
                status = answer.status
            except OSError:
                status = 0
            record.add("organiser save", status, time.perf_counter() - start)
            if status == 302:
                with record.lock:
                    record.acknowledged.add(title)
                break
            time.sleep(0.5)
        stop.wait(random.uniform(0.5, 1.5) * think)  # the next form takes a while to fill in


def reader(base, record, stop):
    from bench.measure import Client

    client = Client(base)
    pages = ["/decision/", "/li-bin/", "/"]
    n = 0
    while not stop.is_set():
        n += 1
        start = time.perf_counter()
        try:
            status = client.get(pages[n % 3]).status
        except OSError:
            status = 0
        record.add("reader page", status, time.perf_counter() - start)
        stop.wait(random.uniform(0.5, 1.5))


def balancer(bases, record, stop, health):
    from bench.measure import Client

    clients = [Client(base) for base in bases]
    while not stop.is_set():
        for index, client in enumerate(clients):
            start = time.perf_counter()
            try:
                status = client.get("/healthz").status
            except OSError:
                status = 0
            record.add("/healthz", status, time.perf_counter() - start)
            health.append((time.monotonic(), index, status))
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

    import psycopg

    with psycopg.connect(DATABASE.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS campaign_faults WITH (FORCE)")
    ensure_database(DATABASE)
    with contextlib.ExitStack() as stack:
        work = ROOT
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="campaign-faults-")))
        media = scratch / "media"
        media.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            **ENV,
            "DJANGO_SETTINGS_MODULE": "campaign.conf.settings",
            "DATABASE_URL": DATABASE,
            "REDIS_URL": stack.enter_context(redis()),
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

        from bench.measure import serve

        bases = [stack.enter_context(serve(env, workers=2))[0] for _ in range(2)]
        record, stop, health = Record(), threading.Event(), []
        threads = [
            threading.Thread(
                target=organiser,
                args=(bases[n % 2], cookies, str(unit.pk), points, record, stop, n, args.think),
            )
            for n, (_user, unit, cookies) in enumerate(people)
        ]
        threads += [
            threading.Thread(target=reader, args=(bases[n % 2], record, stop))
            for n in range(args.readers)
        ]
        threads.append(threading.Thread(target=balancer, args=(bases, record, stop, health)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 2)
        restart_began = time.monotonic()
        restart_postgres()
        restart_ended = time.monotonic()
        time.sleep(args.seconds / 2)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

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
        f"\nFault drill: 2 servers, {args.organisers} organisers (a form every ~{args.think:g} s "
        f"each), {args.readers} readers, "
        f"{args.seconds} s, PostgreSQL restarted at {args.seconds // 2} s "
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
    print(
        "recovery (restart began → /healthz 200 again): "
        + ", ".join(f"server {n + 1} {seconds:.1f} s" for n, seconds in enumerate(recovered))
        + " (no server restarted)"
    )
    failed = lost or duplicates or without_history or five_hundreds
    print(
        "\nresult:",
        "FAILED" if failed else "passed: nothing lost, doubled or without history; no 500",
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
