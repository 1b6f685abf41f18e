"""The audit admin reads, filters and exports the trail, and nothing else; the administrators it
watches (campaign admins, superusers among them) cannot read it; nobody can change it."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.audit.actions import Action
from accounts.audit.models import AuditEvent
from accounts.models import Role, User
from tests.audit.conftest import entries
from tests.factories import UserFactory

TRAIL = reverse("admin:audit_auditevent_changelist")
EXPORT = reverse("admin:audit_auditevent_export")


def write(count: int, **fields) -> list[AuditEvent]:
    return [
        AuditEvent.objects.create(
            **{"action": Action.EXPORT, "username": "zhang", "details": {"rows": 1}, **fields}
        )
        for _ in range(count)
    ]


def test_the_audit_admin_reads_the_trail(client, tree, auditor):
    (sign_in,) = write(1, action=Action.SIGN_IN_FAILED, username="=HYPERLINK(示例)")
    client.force_login(auditor)

    response = client.get(TRAIL)

    assert response.status_code == 200
    assert sign_in in response.context["cl"].result_list
    page = response.content.decode()
    assert "=HYPERLINK(示例)" in page and "登录失败" in page


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:campaign_studysession_changelist"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:campaign_exemption_changelist"),
        reverse("campaign:reports"),
        reverse("campaign:summary-csv"),
    ],
)
def test_the_audit_admin_sees_nothing_else(client, tree, auditor, url):
    client.force_login(auditor)
    assert client.get(url).status_code == 403


def test_the_audit_admins_backend_lists_the_trail_alone(client, tree, auditor):
    client.force_login(auditor)
    apps = client.get(reverse("admin:index")).context["app_list"]
    assert [(app["app_label"], [m["object_name"] for m in app["models"]]) for app in apps] == [
        ("audit", ["AuditEvent"])
    ]


@pytest.mark.parametrize("url", [TRAIL, EXPORT])
def test_campaign_admins_cannot_read_the_trail(client, tree, url):
    superuser = UserFactory(username="root", is_superuser=True)
    write(1)
    for admin in (tree.campaign_admin, superuser, tree.district_admin):
        client.force_login(admin)
        assert client.get(url).status_code == 403
    index = client.get(reverse("admin:index")).context["app_list"]
    assert "audit" not in {app["app_label"] for app in index}


def test_no_one_changes_or_deletes_an_entry_in_the_backend(client, tree, auditor):
    (entry,) = write(1)
    client.force_login(auditor)
    change = reverse("admin:audit_auditevent_change", args=[entry.pk])

    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(change, {"username": "someone"}).status_code == 403
    deleted = client.post(
        reverse("admin:audit_auditevent_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert AuditEvent.objects.get(pk=entry.pk).username == "zhang"
    assert client.get(change).status_code == 200  # read only


def test_the_trail_filters_by_user_action_and_date(client, tree, auditor):
    wanted = write(2, action=Action.SIGN_IN, username="zhang")
    write(2, action=Action.SIGN_IN, username="li")
    write(2, action=Action.EXPORT, username="zhang")
    client.force_login(auditor)

    response = client.get(
        TRAIL,
        {"q": "zhang", "action__exact": Action.SIGN_IN, "at__gte": "2020-01-01 00:00:00+08:00"},
    )

    assert list(response.context["cl"].result_list) == wanted[::-1]


def test_the_audit_admin_exports_the_filtered_trail_and_the_export_is_recorded(
    client, tree, auditor
):
    write(2, action=Action.SIGN_IN_FAILED, username="=cmd|' /C calc'!A0")
    write(3, action=Action.SIGN_IN)
    client.force_login(auditor)

    response = client.get(EXPORT, {"action__exact": Action.SIGN_IN_FAILED})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["时间", "用户", "操作"]
    assert [line[1:3] for line in lines] == [["'=cmd|' /C calc'!A0", "登录失败"]] * 2
    (recorded,) = entries(Action.AUDIT_EXPORT)
    assert recorded.user == auditor
    assert recorded.details == {"rows": 2, "filters": {"action__exact": "sign_in_failed"}}


def test_the_trail_reads_a_bounded_number_of_queries(
    client, tree, auditor, django_assert_max_num_queries
):
    client.force_login(auditor)
    write(3)
    with django_assert_max_num_queries(8) as few:
        client.get(TRAIL)
    write(90)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(TRAIL)
    assert len(response.context["cl"].result_list) == 100  # a full page
    assert response.context["cl"].result_count == AuditEvent.objects.count() > 93


# --- Who makes an audit admin --------------------------------------------------------------------


def test_a_campaign_admin_cannot_make_an_audit_admin(client_as, tree):
    client = client_as("campaign_admin")
    url = reverse("admin:accounts_user_change", args=[tree.reader.pk])
    data = {"username": "reader", "role": Role.AUDIT_ADMIN, "email": "reader@example.com"}

    response = client.post(url, {**data, "is_active": "on"})

    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    tree.reader.refresh_from_db()
    assert tree.reader.role == Role.READER


def test_a_campaign_admin_cannot_reach_an_audit_admins_account(client_as, tree, auditor):
    client = client_as("campaign_admin")
    change = client.get(reverse("admin:accounts_user_change", args=[auditor.pk]))
    assert change.status_code == 302  # the admin's "no such user", back to the index
    password = reverse("admin:auth_user_password_change", args=[auditor.pk])
    assert client.get(password).status_code == 404
    new_password = {"password1": "taken-over-2026", "password2": "taken-over-2026"}
    assert client.post(password, new_password).status_code == 404
    auditor.refresh_from_db()
    assert not auditor.check_password("taken-over-2026")
    listed = client.get(reverse("admin:accounts_user_changelist")).context["cl"].result_list
    assert auditor not in listed


def test_the_server_makes_an_audit_admin_who_then_reads_the_trail(client, tree, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "a-long-password-2026")
    call_command("audit_admin", "shenji", stdout=io.StringIO())

    auditor = User.objects.get(username="shenji")
    assert auditor.role == Role.AUDIT_ADMIN and auditor.is_staff and not auditor.is_superuser
    (made,) = entries(Action.ACCOUNT_CREATE)[-1:]
    assert (made.user, made.target, made.details["role"]) == (None, "shenji", "audit_admin")
    client.force_login(auditor)
    assert client.get(TRAIL).status_code == 200

    call_command("audit_admin", "shenji", "--deactivate", stdout=io.StringIO())
    assert entries(Action.ACCOUNT_DEACTIVATE)[-1].target == "shenji"
