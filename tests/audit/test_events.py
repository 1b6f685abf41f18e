"""Each security event writes exactly one entry, with who, from where and what: sign-in (right
and wrong), the pause after failures, sign-out, passwords, accounts and their roles, exports and
downloads of names, imports and exemptions."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse

from accounts.audit.actions import Action
from accounts.audit.models import AuditEvent
from accounts.audit.trail import AuditWriteError
from accounts.models import Role
from campaign import services
from campaign.choices import ExemptionReason
from campaign.models import Exemption, Organisation, SessionAttachment
from tests.audit.conftest import entries
from tests.campaign.campaigns.campaign_page import page_url
from tests.campaign.campaigns.conftest import draft, sample  # noqa: F401
from tests.campaign.campaigns.test_publish_close import mark_points
from tests.campaign.exchange.spreadsheets import export, import_file, organisation_rows
from tests.factories import PASSWORD, StudySessionFactory, UserFactory
from tests.samples import PNG, upload

BROWSER = "Mozilla/5.0 (Linux; Android 14) 示例浏览器"
ADDRESS = {"REMOTE_ADDR": "203.0.113.7", "headers": {"User-Agent": BROWSER}}


def sign_in(client, login: str, password: str):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **ADDRESS)


# --- Signing in and out ------------------------------------------------------------------------


def test_a_sign_in_is_one_entry_with_the_user_the_address_and_the_browser(client, db):
    zhang = UserFactory(username="zhang")

    assert sign_in(client, "zhang", PASSWORD).status_code == 302

    (entry,) = entries(Action.SIGN_IN)
    assert (entry.user, entry.username, entry.ip_address, entry.user_agent) == (
        zhang,
        "zhang",
        "203.0.113.7",
        BROWSER,
    )
    assert not entries(Action.SIGN_IN_FAILED)


def test_a_wrong_password_is_one_failed_entry_naming_the_login_tried(client, db):
    UserFactory(username="zhang")

    sign_in(client, "zhang", "wrong-password")

    (entry,) = entries(Action.SIGN_IN_FAILED)
    assert (entry.user, entry.username, entry.ip_address) == (None, "zhang", "203.0.113.7")
    assert "wrong-password" not in str(entry.details)
    assert not entries(Action.SIGN_IN)


def test_an_attempt_during_the_pause_is_recorded_as_refused(client, db):
    UserFactory(username="zhang")
    for _ in range(5):
        sign_in(client, "zhang", "wrong-password")

    paused = sign_in(client, "zhang", PASSWORD)

    assert paused.status_code == 429
    assert len(entries(Action.SIGN_IN_FAILED)) == 5
    (entry,) = entries(Action.SIGN_IN_PAUSED)
    assert (entry.username, entry.ip_address) == ("zhang", "203.0.113.7")
    assert not entries(Action.SIGN_IN)


def test_signing_out_is_one_entry(client, db):
    zhang = UserFactory(username="zhang")
    sign_in(client, "zhang", PASSWORD)

    client.post(reverse("account_logout"), **ADDRESS)

    (entry,) = entries(Action.SIGN_OUT)
    assert (entry.user, entry.ip_address) == (zhang, "203.0.113.7")


# --- Passwords and accounts ----------------------------------------------------------------------


def test_a_password_reset_by_mail_is_one_entry(client, db, mailoutbox):
    li = UserFactory(username="li", email="li@example.com")
    client.post(reverse("account_reset_password"), {"email": "li@example.com"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]

    client.post(form_url, {"password1": "a-new-password-2019", "password2": "a-new-password-2019"})

    (entry,) = entries(Action.PASSWORD_RESET)
    assert entry.target == "li"
    li.refresh_from_db()
    assert li.check_password("a-new-password-2019")


def test_a_password_set_by_a_campaign_admin_is_one_entry_naming_both(client_as, tree):
    client = client_as("campaign_admin")
    url = reverse("admin:auth_user_password_change", args=[tree.reader.pk])

    client.post(
        url,
        {"password1": "a-new-password-2019", "password2": "a-new-password-2019"},
        **ADDRESS,
    )

    (entry,) = entries(Action.PASSWORD_CHANGE)
    assert (entry.user, entry.target, entry.ip_address) == (
        tree.campaign_admin,
        "reader",
        "203.0.113.7",
    )


def user_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "role": user.role,
        "organisation": user.organisation_id or "",
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_superuser": "",
        **changes,
    }
    return {key: value for key, value in data.items() if value != ""}


def test_an_account_made_in_the_backend_is_one_entry_by_its_maker(client_as, tree):
    client = client_as("campaign_admin")

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "wang",
            "email": "wang@example.com",
            "role": Role.ORGANISER,
            "organisation": tree.sibling.pk,
            "usable_password": "true",
            "password1": "a-new-password-2019",
            "password2": "a-new-password-2019",
        },
        **ADDRESS,
    )

    assert response.status_code == 302
    (entry,) = entries(Action.ACCOUNT_CREATE)[-1:]
    assert (entry.user, entry.target, entry.ip_address) == (
        tree.campaign_admin,
        "wang",
        "203.0.113.7",
    )
    assert (entry.details["role"], entry.details["unit"]) == ("organiser", "HP-GH-02")


def test_a_role_and_unit_given_in_the_backend_is_one_entry_with_before_and_after(client_as, tree):
    client = client_as("campaign_admin")
    reader = tree.reader
    url = reverse("admin:accounts_user_change", args=[reader.pk])

    response = client.post(
        url, user_form(reader, role=Role.DISTRICT_ADMIN, organisation=tree.xuhui_body.pk)
    )

    assert response.status_code == 302
    (entry,) = entries(Action.ROLE_CHANGE)
    assert (entry.user, entry.target) == (tree.campaign_admin, "reader")
    assert entry.details == {"role": ["reader", "district_admin"], "unit": [None, "XH-GH"]}
    assert not entries(Action.ACCOUNT_DEACTIVATE)


def test_deactivating_an_account_is_one_entry(client_as, tree):
    client = client_as("campaign_admin")
    organiser = tree.organiser
    url = reverse("admin:accounts_user_change", args=[organiser.pk])

    client.post(url, user_form(organiser, is_active=""))

    (entry,) = entries(Action.ACCOUNT_DEACTIVATE)
    assert (entry.user, entry.target) == (tree.campaign_admin, "organiser")
    assert not entries(Action.ROLE_CHANGE)


def test_saving_an_account_unchanged_writes_no_role_entry(tree):
    tree.organiser.last_name = "王"
    tree.organiser.save()
    tree.organiser.save(update_fields=["last_login"])
    assert not entries(Action.ROLE_CHANGE)
    assert not entries(Action.ACCOUNT_DEACTIVATE)


# --- Exports, downloads, imports ---------------------------------------------------------------


def test_an_export_of_sessions_is_one_entry_with_its_rows_and_filters(client_as, tree):
    StudySessionFactory(organisation=tree.unit, absentees=[("张三", "sick", "")])
    StudySessionFactory(organisation=tree.sibling)  # not the unit the search asks for
    StudySessionFactory(organisation=tree.other)  # out of the district admin's reach
    client = client_as("district_admin")

    rows, _ = export(client, "studysession", "csv", query="?q=HP-GH-01")

    (entry,) = entries(Action.EXPORT)
    assert entry.user == tree.district_admin
    assert entry.target == "campaign.studysession"
    assert entry.details["rows"] == len(rows) == 1
    assert entry.details["format"] == "csv"
    assert entry.details["filters"] == {"q": "HP-GH-01"}


def test_a_summary_download_is_one_entry_with_its_rows_and_period(client_as, tree):
    StudySessionFactory(organisation=tree.unit)
    response = client_as("district_admin").get(reverse("campaign:summary-csv"))
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    (entry,) = entries(Action.DOWNLOAD)
    assert (entry.user, entry.target) == (tree.district_admin, "summary.csv")
    assert entry.details["rows"] == len(lines) - 1  # every line but the headers
    assert entry.details["start"] and entry.details["end"]


def test_a_meeting_record_download_is_one_entry(client_as, tree):
    session = StudySessionFactory(organisation=tree.unit)
    client_as("organiser").get(reverse("campaign:session-record", args=[session.pk]))

    (entry,) = entries(Action.DOWNLOAD)
    assert (entry.user, entry.target, entry.details) == (
        tree.organiser,
        "meeting_record.docx",
        {"rows": 1, "session": session.pk},
    )


def test_a_zip_of_meeting_records_is_one_entry_with_its_count(client_as, tree):
    for _ in range(3):
        StudySessionFactory(organisation=tree.unit)
    query = {"organisation": tree.unit.pk}
    response = client_as("organiser").get(reverse("campaign:session-records"), query)
    b"".join(response.streaming_content)

    (entry,) = entries(Action.DOWNLOAD)
    assert (entry.user, entry.details["rows"]) == (tree.organiser, 3)
    assert entry.details["filters"] == {"organisation": str(tree.unit.pk)}


def test_opening_a_sign_in_sheet_is_one_entry(client_as, tree):
    sheet = SessionAttachment(
        session=StudySessionFactory(organisation=tree.unit), file=upload("签到表.png", PNG)
    )
    sheet.save()

    client_as("district_admin").get(sheet.download_url(), **ADDRESS)

    (entry,) = entries(Action.DOWNLOAD)
    assert (entry.user, entry.target, entry.ip_address) == (
        tree.district_admin,
        "签到表.png",
        "203.0.113.7",
    )
    assert entry.details == {"session": sheet.session_id, "rows": 1}


def test_an_import_is_one_entry_with_the_file_its_rows_and_outcome(client_as, tree):
    client = client_as("district_admin")
    content = organisation_rows(
        ["HP-GH-03", "黄浦单位三", "基层工会", "黄浦", "HP-GH", "是"],
        ["HP-GH-04", "黄浦单位四", "基层工会", "黄浦", "HP-GH", "是"],
    )

    import_file(client, "organisation", content, name="新单位.csv")

    assert Organisation.objects.filter(code__in=["HP-GH-03", "HP-GH-04"]).count() == 2
    (entry,) = entries(Action.IMPORT)
    assert (entry.user, entry.target) == (tree.district_admin, "新单位.csv")
    assert {key: entry.details[key] for key in ("rows", "outcome", "new", "errors")} == {
        "rows": 2,
        "outcome": "done",
        "new": 2,
        "errors": 0,
    }


# --- Exemptions --------------------------------------------------------------------------------


def test_an_exemption_and_its_removal_are_one_entry_each(client_as, tree, sample):  # noqa: F811
    client = client_as("district_admin")
    client.post(
        reverse("admin:campaign_exemption_add"),
        {
            "campaign": sample.pk,
            "organisation": tree.team.pk,
            "reason": ExemptionReason.MERGED,
            "note": "",
            "_save": "1",
        },
        **ADDRESS,
    )
    exemption = Exemption.objects.get()
    client.post(reverse("admin:campaign_exemption_delete", args=[exemption.pk]), {"post": "yes"})

    added, removed = entries(Action.EXEMPTION)
    assert (added.user, added.target, added.ip_address) == (
        tree.district_admin,
        "HP-GH-01-1",
        "203.0.113.7",
    )
    assert added.details == {"operation": "add", "campaign": sample.slug, "reason": "merged"}
    assert removed.details["operation"] == "delete"


def test_an_exemption_the_trail_cannot_record_is_not_saved(tree, sample, monkeypatch):  # noqa: F811
    def broken(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEvent, "save", broken)
    exemption = Exemption(campaign=sample, organisation=tree.team, reason=ExemptionReason.MERGED)

    with pytest.raises(AuditWriteError):
        services.exemption_save(exemption, by=tree.district_admin)

    assert not Exemption.objects.exists()


def test_a_sign_in_goes_on_when_the_trail_cannot_be_written(client, db, monkeypatch):
    UserFactory(username="zhang")

    def broken(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEvent, "save", broken)

    assert sign_in(client, "zhang", PASSWORD).status_code == 302


def test_behind_the_proxy_the_entry_has_the_clients_address(client, db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # deploy/nginx.conf appends the address it saw
    UserFactory(username="zhang")

    client.post(
        reverse("account_login"),
        {"login": "zhang", "password": "wrong-password"},
        REMOTE_ADDR="127.0.0.1",
        headers={"X-Forwarded-For": "10.0.0.1, 198.51.100.23"},  # the first one is forged
    )

    (entry,) = entries(Action.SIGN_IN_FAILED)
    assert entry.ip_address == "198.51.100.23"


# --- Campaigns, personal data --------------------------------------------------------------------


def test_publishing_and_closing_a_campaign_are_one_entry_each(client_as, tree, draft):  # noqa: F811
    client = client_as("campaign_admin")
    mark_points(client, draft, {3: "通读原文"})

    assert client.post(page_url(draft, "publish")).status_code == 302
    assert client.post(page_url(draft, "close")).status_code == 302

    assert [(e.user, e.target, e.details["status"]) for e in entries(Action.CAMPAIGN)] == [
        (tree.campaign_admin, draft.slug, "open"),
        (tree.campaign_admin, draft.slug, "closed"),
    ]


def test_a_run_of_the_anonymisation_is_one_entry_with_its_counts_and_no_name(tree):
    StudySessionFactory(
        organisation=tree.unit,
        held_on=datetime.date(2020, 5, 6),
        absentees=[("张三", "sick", "住院")],
    )

    call_command("anonymise_personal_data", stdout=io.StringIO())

    (entry,) = entries(Action.ANONYMISE)
    assert entry.user is None
    assert entry.details["absentees"] == 1
    assert "张三" not in str(entry.details) and "住院" not in str(entry.details)


def test_a_download_of_ones_own_data_is_one_entry(client_as, tree):
    client_as("organiser").get(reverse("campaign:my-data-download"))

    (entry,) = entries(Action.DOWNLOAD)
    assert (entry.user, entry.target) == (tree.organiser, "own personal data")
