"""Measuring as a user waits: HTTP to gunicorn on loopback, run with the production settings.

`serve()` starts gunicorn (deploy/gunicorn.conf.py, two workers) on a free port with the
benchmark's environment, and the task worker; `Client` is a browser that keeps its connection and cookies;
`timings()` gives p50/p95 of a page; `wrk()` requests/s under concurrent load.
"""

import contextlib
import gzip
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from tests.servers import serve_gunicorn

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def serve(env: dict[str, str], *, workers: int = 2, timeout: int = 60):
    """gunicorn with the production configuration, and the task worker beside it (large
    imports), as production runs them; yields (base URL, server process)."""
    tasks = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with serve_gunicorn(
            env, workers=workers, ready_within=20, GUNICORN_TIMEOUT=str(timeout)
        ) as (base, server):
            yield base, server
    finally:
        tasks.terminate()
        tasks.wait(timeout=30)


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """A browser on one keep-alive connection, with its cookies, behind an HTTPS proxy."""

    def __init__(self, base: str, *, cookies: dict[str, str] | None = None):
        self.host, self.port = base.removeprefix("http://").split(":")
        self.cookies = dict(cookies or {})
        self.connection = None

    def _connect(self):
        self.connection = http.client.HTTPConnection(self.host, int(self.port), timeout=300)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        path = quote(path, safe="/?=&%:+,")  # a query in Chinese goes percent-encoded
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",  # as the TLS proxy in front of gunicorn says
            "Accept-Encoding": "gzip",
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self._connect()
            start = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                raw = response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - start
            break
        response_headers = {k.lower(): v for k, v in response.getheaders()}
        for cookie in response.msg.get_all("Set-Cookie") or ():
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        if response_headers.get("content-encoding") == "gzip":
            response_headers["x-wire-bytes"] = str(len(raw))
            raw = gzip.decompress(raw)
        return Response(response.status, response_headers, raw, seconds)

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(
        self, path: str, fields: dict, files: dict | None = None, referer: str = ""
    ) -> Response:
        """A form post with the CSRF token of the page it came from (`referer`)."""
        origin = f"https://{self.host}:{self.port}"
        fields = {"csrfmiddlewaretoken": self.csrf, **fields}
        headers = {"Origin": origin, "Referer": origin + (referer or path)}
        if files:
            boundary = uuid.uuid4().hex
            body = b""
            for name, value in fields.items():
                body += (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n"
                ).encode()
            for name, (filename, content) in files.items():
                body += (
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                    ).encode()
                    + content
                    + b"\r\n"
                )
            body += f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", path, body=body, headers=headers)

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")


def form_fields(html: str, form_marker: str) -> dict[str, str]:
    """The hidden inputs of the form whose opening tag contains `form_marker`."""
    start = html.index(form_marker)
    form = html[start : html.index("</form>", start)]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


@dataclass
class Timing:
    p50: float
    p95: float
    statuses: set[int]
    size: int


def timings(client: Client, path: str, *, repeat: int, warmup: int = 2) -> Timing:
    """Each request waited for in turn, as one user clicks: p50 and p95 in seconds."""
    for _ in range(warmup):
        client.get(path)
    seconds, statuses, size = [], set(), 0
    for _ in range(repeat):
        response = client.get(path)
        seconds.append(response.seconds)
        statuses.add(response.status)
        size = len(response.body)
    return Timing(statistics.median(seconds), percentile(seconds, 0.95), statuses, size)


def wrk(url: str, *, seconds: int, connections: int = 32, threads: int = 2) -> float:
    """Requests per second under `connections` concurrent clients; any non-2xx answer fails."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk; `make bench` does)")
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-H",
            "X-Forwarded-Proto: https",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def temporary_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="campaign-bench-"))
