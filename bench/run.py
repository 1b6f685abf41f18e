"""`make bench`: the portal at city scale, measured the way a user waits.

Builds (once, reused; --rebuild to redo) a PostgreSQL database of 100,036 units, the Li Bin
campaign's 1,000,000 sessions and 500,000 reflections, and two open sample campaigns of 300,000
sessions each, a third of them Li Bin sessions too (`--scale small`: 1,000 units, 10,000 and
3,000 sessions, for CI; a database built before the samples gains them), serves
it with gunicorn as production runs it (deploy/gunicorn.conf.py, two workers, DEBUG off) on
loopback, and measures over HTTP, each figure beside its target and a reference taken in the same
run: public pages' requests/s against a constant Django view (wrk), p50/p95 of the dashboard and
the backend's pages per role (the session form with three open campaigns' points), each
campaign's dashboard and 汇总表 CSV against PostgreSQL's COPY of the same query, the
XLSX's time and the worker's peak memory, a 10,000-row import, and what a first visit to
/decision/ downloads. Prints one table and writes it to bench/results.md.
"""

import argparse
import datetime
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("BENCH_WORK_DIR") or Path(tempfile.gettempdir()) / "campaign-bench")
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_ROOT": str(WORK / "static"),
    "MEDIA_ROOT": str(WORK / "media"),
    "LOG_LEVEL": "WARNING",
}

SCALES = {"city": "campaign_bench", "small": "campaign_bench_small"}


def configure(scale: str) -> dict[str, str]:
    database = os.environ.get(
        "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{SCALES[scale]}"
    )
    env = {**os.environ, **ENV, "DATABASE_URL": database}
    os.environ.update(env)
    return env


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


class Table:
    def __init__(self):
        self.rows = []
        self.broken = []  # figures whose page or file did not work at all (not merely slow)

    def add(
        self,
        figure: str,
        measured: str,
        reference: str,
        target: str,
        met: bool | None,
        *,
        works: bool = True,
    ):
        mark = "—" if met is None else ("met" if met else "**missed**")
        self.rows.append((figure, measured, reference, target, mark))
        if not works:
            self.broken.append(figure)
        print(f"  {figure}: {measured} ({reference}) target {target}: {mark}", flush=True)

    def markdown(self) -> str:
        lines = [
            "| what a user waits for | measured | reference (same run) | target | |",
            "| --- | ---: | --- | --- | --- |",
        ]
        lines += [f"| {' | '.join(row)} |" for row in self.rows]
        return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=SCALES, default="city")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    env = configure(args.scale)
    quick = args.scale == "small"
    ensure_database(env["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    from bench import data, scenarios

    scale = data.CITY if args.scale == "city" else data.SMALL
    started = time.perf_counter()
    data.build(scale, rebuild=args.rebuild)
    print(f"data ready in {time.perf_counter() - started:.0f} s", flush=True)
    (WORK / "media").mkdir(parents=True, exist_ok=True)
    call_command("collectstatic", interactive=False, verbosity=0)

    table = Table()
    load_before = scenarios.load_average()
    scenarios.run_all(table, env, quick=quick)
    load_after = scenarios.load_average()

    facts = scenarios.facts()
    header = (
        f"Measured {datetime.date.today():%Y-%m-%d} on {facts['machine']}; PostgreSQL "
        f"{facts['postgres']}; {facts['units']:,} units, {facts['sessions']:,} sessions "
        f"(per campaign: {facts['campaigns']}), "
        f"{facts['reflections']:,} reflections. gunicorn with two threaded workers (gthread, 8 threads) on loopback, "
        f"DEBUG off. Load average (1/5/15 min) {load_before} before, {load_after} after."
    )
    print()
    print(header)
    print()
    print(table.markdown())
    if args.scale == "city":
        results = ROOT / "bench" / "results.md"
        text = results.read_text() if results.exists() else ""
        marker = "<!-- table -->"
        if marker in text:
            before, _old, after = re.split(r"<!-- table -->|<!-- /table -->", text, maxsplit=2)
            text = f"{before}{marker}\n{header}\n\n{table.markdown()}\n<!-- /table -->{after}"
        else:
            text = f"{marker}\n{header}\n\n{table.markdown()}\n<!-- /table -->\n"
        results.write_text(text)
        print(f"\nwritten to {results}")
    if table.broken:  # a page that errs fails the run (and CI); a slow one is reported above
        sys.exit("did not work: " + "; ".join(table.broken))


if __name__ == "__main__":
    main()
