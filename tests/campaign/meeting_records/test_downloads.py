"""Downloading meeting records: one session's Word file, and a ZIP of many streamed in bounded
memory and queries; both scoped like every list, neither kept by a cache, neither made in WeChat."""

import datetime
import io
import zipfile
from urllib.parse import unquote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from campaign.choices import AbsenceReason
from campaign.meeting_records import archive
from campaign.meeting_records.archive import RecordsZipError, records_zip_response
from campaign.models import StudySession
from documents.models import LearningPoint
from tests.campaign import entries
from tests.campaign.meeting_records.reading import fields, open_docx
from tests.factories import StudySessionFactory

WECHAT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x18003233) NetType/WIFI Language/zh_CN"
)
DAY = datetime.date(2025, 11, 24)


def record_url(session) -> str:
    return reverse("campaign:session-record", args=[session.pk])


def one_zip_url(session) -> str:
    return zip_url(ids=session.pk)


BOTH = pytest.mark.parametrize("url", [record_url, one_zip_url], ids=["record", "zip"])


def zip_url(**filters) -> str:
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return reverse("campaign:session-records") + (f"?{query}" if query else "")


def read_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def download_name(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# One session's record


def test_an_organiser_downloads_the_record_of_their_units_session(client_as, tree):
    session = StudySessionFactory(organisation=tree.unit, held_on=DAY, venue="礼堂")

    response = client_as("organiser").get(record_url(session))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="meeting-record-2025-11-24-{session.pk}.docx"'
    )
    assert download_name(response) == "学习会议记录-黄浦单位一-2025-11-24.docx"
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    record = fields(open_docx(response.content))
    assert (record["单位"], record["时间"], record["地点"]) == (
        ["黄浦单位一"],
        ["2025年11月24日"],
        ["礼堂"],
    )


def test_records_of_units_under_ones_own_can_be_downloaded(client_as, tree):
    session = StudySessionFactory(organisation=tree.team)
    assert client_as("organiser").get(record_url(session)).status_code == 200


@pytest.mark.parametrize("role", ["organiser", "district_admin", "reader"])
def test_another_units_record_is_not_found(client_as, tree, role):
    session = StudySessionFactory(organisation=tree.other)
    assert client_as(role).get(record_url(session)).status_code == 404


def test_a_missing_session_is_not_found(client_as, tree):
    missing = reverse("campaign:session-record", args=[999999])
    assert client_as("campaign_admin").get(missing).status_code == 404


@BOTH
def test_anonymous_users_are_sent_to_sign_in(client, tree, url):
    target = url(StudySessionFactory(organisation=tree.unit))

    response = client.get(target)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url


@BOTH
def test_in_wechat_both_downloads_are_the_open_in_browser_page(client_as, tree, monkeypatch, url):
    target = url(StudySessionFactory(organisation=tree.unit))

    def never(session):
        raise AssertionError("no record is made inside WeChat")

    monkeypatch.setattr("campaign.meeting_records.views.record_docx", never)
    monkeypatch.setattr(archive, "record_docx", never)

    response = client_as("organiser").get(target, headers={"user-agent": WECHAT})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "在浏览器打开" in page
    assert f'value="http://testserver{target}"' in page


# A ZIP of many


def test_a_district_admins_zip_holds_a_record_per_session_of_the_period(client_as, tree):
    ours = [
        StudySessionFactory(organisation=tree.unit, held_on=DAY, title="学习会"),
        StudySessionFactory(organisation=tree.unit, held_on=DAY, title="学习会"),
        StudySessionFactory(organisation=tree.sibling, held_on=DAY - datetime.timedelta(days=1)),
    ]
    StudySessionFactory(organisation=tree.unit, held_on=DAY - datetime.timedelta(days=30))
    StudySessionFactory(organisation=tree.other, held_on=DAY)  # another district

    response = client_as("district_admin").get(zip_url(start="2025-11-20", end="2025-11-24"))

    assert response["Content-Type"] == "application/zip"
    assert download_name(response).startswith("学习会议记录-")
    assert "no-store" in response["Cache-Control"]
    archive_file = read_zip(response)
    entries = archive_file.infolist()
    assert sorted(entry.filename for entry in entries) == sorted(
        f"{s.held_on:%Y-%m-%d}-{s.organisation.name}-{s.title}-{s.pk}.docx" for s in ours
    )
    assert all(entry.flag_bits & 0x800 for entry in entries)  # names in UTF-8, flagged
    for session in ours:
        name = f"{session.held_on:%Y-%m-%d}-{session.organisation.name}-{session.title}-{session.pk}.docx"
        record = fields(open_docx(archive_file.read(name)))
        assert record["单位"] == [session.organisation.name]
        assert record["时间"] == [
            f"{session.held_on.year}年{session.held_on.month}月{session.held_on.day}日"
        ]
        assert record["会议主题"] == [session.title]


def test_chosen_ids_outside_the_users_reach_are_left_out(client_as, tree):
    own = StudySessionFactory(organisation=tree.unit)
    foreign = StudySessionFactory(organisation=tree.other)

    response = client_as("organiser").get(zip_url(ids=f"{own.pk},{foreign.pk}"))

    assert [entry.filename.rsplit("-", 1)[1] for entry in read_zip(response).infolist()] == [
        f"{own.pk}.docx"
    ]


def test_the_organisation_filter_takes_the_unit_and_those_under_it(client_as, tree):
    StudySessionFactory(organisation=tree.sibling)
    units = {StudySessionFactory(organisation=o).pk for o in (tree.unit, tree.team)}

    response = client_as("district_admin").get(zip_url(organisation=tree.unit.pk))

    names = read_zip(response).namelist()
    assert {int(name.rsplit("-", 1)[1].removesuffix(".docx")) for name in names} == units


def test_an_organisation_outside_the_users_reach_is_refused(client_as, tree):
    StudySessionFactory(organisation=tree.other)
    assert client_as("organiser").get(zip_url(organisation=tree.other.pk)).status_code == 403


def test_readers_cannot_download_a_zip(client_as, tree):
    assert client_as("reader").get(zip_url()).status_code == 403


def test_more_sessions_than_a_zip_holds_are_refused_with_a_message(client_as, tree, monkeypatch):
    monkeypatch.setattr(archive, "MAX_RECORDS", 2)
    for _ in range(3):
        StudySessionFactory(organisation=tree.unit)
    changelist = "http://testserver" + reverse("admin:campaign_studysession_changelist") + "?q=1"

    response = client_as("organiser").get(zip_url(), headers={"referer": changelist})

    assert response.status_code == 302
    assert response.url == changelist
    assert message_texts(response) == [
        "一个压缩包最多包含 2 份会议记录，符合条件的学习活动超过了这个数量。请缩短时间段或减少单位，分批下载。"
    ]


def test_no_matching_session_is_explained(client_as, tree):
    response = client_as("organiser").get(zip_url(start="2025-01-01", end="2025-01-02"))

    assert response.url == reverse("admin:campaign_studysession_changelist")
    assert message_texts(response) == ["没有符合筛选条件的学习活动。"]


def test_unreadable_filters_are_explained_field_by_field(client_as, tree):
    response = client_as("organiser").get(zip_url(ids="1,x", start="someday"))

    assert response.url == reverse("admin:campaign_studysession_changelist")
    assert sorted(message_texts(response)) == [
        "学习活动：请填写学习活动的编号，以英文逗号分隔。",
        "开始日期：输入一个有效的日期。",
    ]


def recorded(tree, number: int, points, **fields) -> StudySession:
    """Session `number` of the tree's unit, on the number-th day before DAY, with an absentee."""
    return entries.record(
        tree,
        points[0],
        held_on=DAY - datetime.timedelta(days=number),
        title=f"第{number}次",
        points=points[: number % 4 + 1],
        absentees=[(f"缺席者{number}", AbsenceReason.SICK, "")],
        **fields,
    )


@pytest.mark.parametrize("count", [1, 25])
def test_the_zips_queries_do_not_grow_with_its_sessions(
    client_as, tree, count, django_assert_max_num_queries
):
    points = list(LearningPoint.objects.all())
    missed = None
    for number in range(count, 0, -1):  # the earliest first; each makes up for the one before
        made_up = list(missed.absentees.all()) if missed and number % 2 else []
        missed = recorded(tree, number, points, made_up=made_up)
    client = client_as("organiser")

    # The request's own: sign-in session, user, the user's and group permissions, the user's unit;
    # the ZIP's: the count, the sessions with their units, and for each chunk of them their
    # points, their absentees (with where they made up) and whom they make up for; the audit
    # entry (savepoint, insert, release).
    with django_assert_max_num_queries(13):
        response = client.get(zip_url())
        assert len(read_zip(response).namelist()) == count


def test_the_zips_records_show_absentees_and_make_ups(client_as, tree, monkeypatch):
    # A make-up and the session it makes up for in different fetches.
    monkeypatch.setattr(archive, "ROWS_PER_FETCH", 2)
    points = list(LearningPoint.objects.all())
    sessions = {number: recorded(tree, number, points) for number in (5, 4, 3)}
    sessions[1] = recorded(tree, 1, points, made_up=list(sessions[5].absentees.all()))

    archive_file = read_zip(client_as("organiser").get(zip_url()))

    def record_of(number):
        pk = sessions[number].pk
        name = next(name for name in archive_file.namelist() if name.endswith(f"-{pk}.docx"))
        return fields(open_docx(archive_file.read(name)))

    made_up_on = DAY - datetime.timedelta(days=1)
    assert record_of(5)["缺席人员及原因"] == [
        f"缺席者5（病假）——已于{made_up_on.year}年{made_up_on.month}月{made_up_on.day}日补课"
    ]
    assert record_of(4)["缺席人员及原因"] == ["缺席者4（病假）——尚未补课"]
    assert "补课人员" not in record_of(4)
    missed = sessions[5].held_on
    assert record_of(1)["补课人员"] == [
        f"缺席者5（补{missed.year}年{missed.month}月{missed.day}日《第5次》）"
    ]


def test_records_read_a_chunk_at_a_time_keep_their_own_points(client_as, tree, monkeypatch):
    monkeypatch.setattr(archive, "ROWS_PER_FETCH", 2)
    points = list(LearningPoint.objects.all())
    sessions = [
        StudySessionFactory(
            organisation=tree.unit, title=f"第{n}次", points=points[n % 4 : n % 4 + 1 + n % 2]
        )
        for n in range(5)
    ]

    archive_file = read_zip(client_as("organiser").get(zip_url()))

    for session in sessions:
        name = next(
            name for name in archive_file.namelist() if name.endswith(f"-{session.pk}.docx")
        )
        headings = fields(open_docx(archive_file.read(name)))["学习要点"]
        assert headings == [
            "向李斌同志学习：",
            *(point.heading for point in session.points.order_by("number")),
        ]


def test_the_zip_starts_before_every_record_is_made(client_as, tree, monkeypatch):
    for _ in range(3):
        StudySessionFactory(organisation=tree.unit)
    made = []
    original = archive.record_docx
    monkeypatch.setattr(
        archive, "record_docx", lambda session: made.append(session) or original(session)
    )

    response = client_as("organiser").get(zip_url())
    first = next(iter(response.streaming_content))

    assert first.startswith(b"PK\x03\x04")
    assert len(made) == 1


def test_the_admin_can_zip_its_changelists_queryset(tree):
    """As an admin action would: the list's own queryset, points already prefetched."""
    session = StudySessionFactory(organisation=tree.unit, title="a<b>&c\x01")
    sessions = StudySession.objects.visible_to(tree.organiser).prefetch_related("points")

    response = records_zip_response(sessions, "学习会议记录-选中.zip")

    assert download_name(response) == "学习会议记录-选中.zip"
    (name,) = read_zip(response).namelist()
    assert name.endswith(f"-a_b_&c-{session.pk}.docx")
    with pytest.raises(RecordsZipError, match="没有符合筛选条件的学习活动"):
        records_zip_response(sessions.filter(pk=0), "x.zip")
