"""Normal bad days, run for real: an upload cut off half-way, clients that stall in the middle of
an upload, the database out of reach, idle servers holding connections, and several writers on
the SQLite file a small unit runs the portal on."""

import contextlib
import importlib
import io
import socket
import subprocess
import sys
import time
import urllib.error

import psycopg
import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from campaign.models import StudySession
from tests.campaign.entries import session_form
from tests.samples import PNG, upload
from tests.servers import PROJECT, get, gunicorn, manage, production_env

# --- A cut-off upload -----------------------------------------------------------------------------


def post_through_wsgi(client, path: str, data: dict, *, cut_at: int | None = None):
    """POST through the WSGI application gunicorn runs (campaign.conf.wsgi), as the signed-in
    `client`, with the body ending after `cut_at` bytes as when the client goes away."""
    client.get(path)  # the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    body = encode_multipart(BOUNDARY, {**data, "csrfmiddlewaretoken": csrf})
    wsgi = importlib.import_module("campaign.conf.wsgi")
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": "; ".join(f"{k}={v.value}" for k, v in client.cookies.items()),
        "CONTENT_TYPE": MULTIPART_CONTENT,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body[:cut_at]),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    with own_connection_kept():
        b"".join(wsgi.application(environ, start_response))
    return answer["status"]


@pytest.fixture
def wsgi_env(monkeypatch):
    # campaign.conf.wsgi defaults DEBUG to off for gunicorn; keep this process's setting.
    monkeypatch.setenv("DEBUG", "1" if settings.DEBUG else "0")


@contextlib.contextmanager
def own_connection_kept():
    """As Django's test client does: a request must not close the test's own connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_an_upload_cut_off_half_way_saves_nothing(client_as, tree, point, wsgi_env):
    """The connection closed in the middle of a photo: the server used to save the session
    without it (302). Now the request is refused and nothing is saved; the same upload sent
    whole saves the session with its photo."""
    client = client_as("organiser")
    photo = PNG + b"\0" * 300_000
    path = reverse("admin:campaign_studysession_add")

    def form(title):
        return session_form(tree.unit, title=title, attachment=upload("现场照片.png", photo))

    whole = post_through_wsgi(client, path, form("完整上传"))
    cut = post_through_wsgi(client, path, form("中途断开"), cut_at=200_000)

    assert whole == 302
    assert StudySession.objects.get(title="完整上传").attachments.count() == 1
    assert cut >= 400
    assert not StudySession.objects.filter(title="中途断开").exists()


# --- Slow clients ---------------------------------------------------------------------------------


def stalled_upload(base: str) -> socket.socket:
    """A client that announces an 8 MB upload, sends its first kilobyte and stops."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(
        b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        # Past CSRF's origin and cookie checks, so that Django reads the body for the token.
        b"Origin: https://portal.example.org\r\nCookie: csrftoken=" + b"a" * 32 + b"\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 8000000\r\n\r\n"
        b'--b\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\n'
        + b"x"
        * 1000
    )
    return sock


def test_five_stalled_uploads_leave_the_site_answering(tmp_path):
    """With sync workers five stalled uploads held every worker and /healthz went unanswered;
    with threads they hold five threads, and the pages and /healthz keep answering."""
    env = production_env(tmp_path, REQUEST_BODY_TIMEOUT="60")  # stalled for the whole test
    with gunicorn(env, workers=2) as base:
        stalled = [stalled_upload(base) for _ in range(5)]
        try:
            time.sleep(0.5)  # let the server take them up
            health = get(base + "/healthz")
            decision = get(base + "/c/li-bin-2019/decision/")
        finally:
            for sock in stalled:
                sock.close()

    assert health.status == 200 and health.read() == b"ok"
    assert decision.status == 200 and "沪工总办〔2019〕60号" in decision.read().decode()


def test_a_stalled_upload_is_cut_off_and_saves_nothing(tmp_path):
    """A body silent for REQUEST_BODY_TIMEOUT seconds is refused, freeing its thread."""
    env = production_env(tmp_path, REQUEST_BODY_TIMEOUT="1")
    with gunicorn(env, workers=1) as base:
        stalled = stalled_upload(base)
        stalled.settimeout(10)
        try:
            answer = stalled.recv(12)
        finally:
            stalled.close()

    assert answer == b"HTTP/1.1 403"


# --- The database out of reach --------------------------------------------------------------------


def test_a_database_outage_answers_503_with_one_log_line_a_request(tmp_path):
    """It was the generic 500 page and three tracebacks a request: now 503 with Retry-After and
    a page saying the service is briefly unavailable, and one line in the log for each."""
    log = tmp_path / "gunicorn.log"
    unreachable = "postgres://postgres@127.0.0.1:9/unreachable"  # nothing listens on port 9
    paths = ["/c/li-bin-2019/decision/", "/c/li-bin-2019/profile/", "/"]
    with gunicorn(production_env(tmp_path), workers=1, log=log, DATABASE_URL=unreachable) as base:
        answers = []
        for path in paths:
            with pytest.raises(urllib.error.HTTPError) as caught:
                get(base + path)
            answers.append(caught.value)

    lines = log.read_text().splitlines()
    for path, answer in zip(paths, answers, strict=True):
        assert answer.code == 503
        assert answer.headers["Retry-After"] == "10"
        assert "服务暂时不可用" in answer.read().decode()
        assert len([line for line in lines if f"GET {path}: database unavailable" in line]) == 1
    assert "Traceback" not in log.read_text()


# --- Database connections -------------------------------------------------------------------------


@pytest.fixture
def throwaway_postgres():
    """A PostgreSQL database of the test's own (the server's, not the test transaction's)."""
    if connection.vendor != "postgresql":
        pytest.skip("connections of PostgreSQL")
    server = "postgres://postgres@127.0.0.1:5432/postgres"
    name = "campaign_connections_test"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_idle_servers_hold_no_database_connection(tmp_path, throwaway_postgres):
    """Idle workers kept their connections (CONN_MAX_AGE), so ten of them filled a small
    max_connections and sign-ins failed. A connection now lives for its request."""
    database = throwaway_postgres.rsplit("/", 1)[1]
    env = production_env(tmp_path, DATABASE_URL=throwaway_postgres)
    with gunicorn(env, workers=2) as base:
        for _ in range(10):
            assert get(base + "/healthz").status == 200
            assert get(base + "/c/li-bin-2019/profile/").status == 200
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres") as admin:
            for _ in range(50):  # a connection closes just after its response is sent
                held = admin.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [database]
                ).fetchone()[0]
                if held == 0:
                    break
                time.sleep(0.1)

    assert held == 0


# --- SQLite with several writers ------------------------------------------------------------------

WRITER = """
import threading, uuid
import django
django.setup()
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone

errors = []

def write():
    for _ in range(25):
        try:
            with transaction.atomic():  # read, then write: the pattern of every admin save
                Session.objects.count()
                Session.objects.create(
                    session_key=uuid.uuid4().hex, session_data="x", expire_date=timezone.now()
                )
        except Exception as error:
            errors.append(repr(error))
    connection.close()

threads = [threading.Thread(target=write) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(errors), errors[:1])
"""


def test_sqlite_takes_several_writers_at_once_without_losing_one(tmp_path):
    """Four processes of two threads each write 200 rows into one SQLite file at once: with
    Django's default (deferred) transactions many failed with "database is locked"."""
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--noinput").returncode == 0
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [writer.communicate(timeout=120) for writer in writers]

    assert [out.split(" ", 1)[0] for out, _ in outputs] == ["0"] * 4, outputs
    found = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.sessions.models import Session; from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(Session.objects.count(), c.fetchone()[0])",
    )
    assert found.stdout.strip().splitlines()[-1] == "200 wal"
