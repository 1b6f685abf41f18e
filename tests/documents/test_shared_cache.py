"""The cache shared by the portal's processes, run for real: gunicorn's workers serve the public
pages from it, and a change of the decision made by another process (`load_decision` in a
deploy) reaches every worker, through the file cache of one server or the Redis of several."""

import contextlib
import time

import pytest

from documents.cache import LOCAL_SECONDS
from documents.loader import DECISION_FILE
from tests.documents.folders import li_bin_copy
from tests.servers import get, gunicorn, manage, production_env, redis_server

CHANGE = "（转发至此。此件发至"
DECISION = "/c/li-bin-2019/decision/"


@contextlib.contextmanager
def shared_by(backend: str):
    if backend == "files":
        yield {}
    else:
        with redis_server() as url:
            yield {"REDIS_URL": url}


@pytest.mark.parametrize("backend", ["files", "redis"])
def test_a_change_of_the_decision_reaches_every_worker(tmp_path, backend):
    text = DECISION_FILE.read_text(encoding="utf-8")
    changed = li_bin_copy(tmp_path / "changed", decision_text=text.replace("（此件发至", CHANGE, 1))

    with shared_by(backend) as extra:
        env = production_env(tmp_path, **extra)
        with gunicorn(env, workers=2) as base:
            # Enough requests that both workers have served the page from the cache.
            before = [get(base + DECISION).read().decode() for _ in range(20)]
            assert all("沪工总办〔2019〕60号" in page and CHANGE not in page for page in before)

            loaded = manage(env, "load_decision", str(changed))
            assert loaded.returncode == 0, loaded.stderr
            time.sleep(LOCAL_SECONDS + 0.2)  # the workers' own copies last this long (cache.py)

            after = [get(base + DECISION).read().decode() for _ in range(20)]

    assert all(CHANGE in page for page in after)
