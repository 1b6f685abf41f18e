"""Reports from a replica (DATABASE_REPLICA_URL), run for real under gunicorn: the 汇总表 is read
from the replica, a lagging copy here, until the user writes something; from then on, for a
while, from the primary, so they see what they wrote. The backend always uses the primary.
(`make faults` does the same with a PostgreSQL streaming replica made by pg_basebackup.)"""

import csv
import io
import shutil
import urllib.error
import urllib.request

import pytest

from campaign.replica import ReplicaRouter
from tests.servers import gunicorn, manage, production_env

SET_UP = """
from accounts.models import Role, User
from campaign.models import Organisation
user = User.objects.create_user(
    "district", role=Role.DISTRICT_ADMIN, organisation=Organisation.objects.get(code="HP-GH")
)
"""

SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
from campaign.models import Organisation
from tests.factories import StudySessionFactory
from tests.second_factor import record_second_factor
user = User.objects.get(username="district")
StudySessionFactory(organisation=Organisation.objects.get(code="HP-GH"), title="新近录入")
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
record_second_factor(store, user)  # a district admin: signed in with the code
print(store.session_key)
"""


def sessions_of_the_district_body(base: str, cookie: str) -> int:
    request = urllib.request.Request(
        base + "/reports/summary.csv",
        headers={"X-Forwarded-Proto": "https", "Cookie": f"sessionid={cookie}"},
    )
    text = urllib.request.urlopen(request, timeout=30).read().decode("utf-8-sig")
    row = next(row for row in csv.reader(io.StringIO(text)) if row[1] == "HP-GH")
    return int(row[5])


def i_wrote_something(base: str, cookie: str) -> None:
    """Any successful form post counts as a write (here: choosing the interface language)."""
    request = urllib.request.Request(
        base + "/i18n/setlang/",
        data=b"language=zh-hans",
        headers={
            "X-Forwarded-Proto": "https",
            "Cookie": f"sessionid={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with pytest.raises(urllib.error.HTTPError) as redirected:  # not followed
        urllib.request.build_opener(NoRedirect).open(request)
    assert redirected.value.code == 302


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_reports_read_the_replica_until_the_user_writes(tmp_path):
    primary_file, replica_file = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{primary_file}")
    for command in (["migrate", "--noinput"], ["load_decision"], ["load_organisations"]):
        assert manage(env, *command).returncode == 0
    assert manage(env, "shell", "-c", SET_UP).returncode == 0
    shutil.copy(primary_file, replica_file)  # the replica, before the session below reaches it
    made = manage(env, "shell", "-c", SESSION)
    assert made.returncode == 0, made.stderr
    cookie = made.stdout.strip().splitlines()[-1]

    with gunicorn(env, DATABASE_REPLICA_URL=f"sqlite:///{replica_file}") as base:
        from_replica = sessions_of_the_district_body(base, cookie)
        i_wrote_something(base, cookie)
        from_primary = sessions_of_the_district_body(base, cookie)

    assert (from_replica, from_primary) == (0, 1)


def test_nothing_is_migrated_on_or_written_to_the_replica():
    router = ReplicaRouter()

    assert router.allow_migrate("replica", "campaign") is False
    assert router.allow_migrate("default", "campaign") is True
    assert router.db_for_write(object) is None
    assert router.db_for_read(object) is None  # outside a report view: the primary
