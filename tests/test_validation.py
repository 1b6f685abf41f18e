"""Validation rules of the campaign records, checked where they are held.

Each rule is tried on the layers that hold it: the model (`full_clean`) or the service that
writes (`session_record`, `reflection_review`); the database constraint, by writing past the
model with `update`/`bulk_create`; and the admin form as its users post it. Messages are
translated, so the tests look at the field an error sits on and its code, never at wording.
"""

import datetime
import struct
import zlib
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Role, User
from campaign.choices import District, OrganisationKind, ReflectionStatus, SessionFormat
from campaign.models import Organisation, Reflection, SessionAttachment, StudySession
from campaign.services import reflection_review, session_record
from campaign.validators import MAX_ATTACHMENT_BYTES
from documents.models import LearningPoint
from tests.factories import (
    REFLECTION_BODY,
    OrganisationFactory,
    ReflectionFactory,
    StudySessionFactory,
)

# --- files ---------------------------------------------------------------------------------

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return PNG_MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png_bytes()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = "签到表：张三、李四、王五\n".encode()

ACCEPTED_FILES = [
    pytest.param("photo.png", PNG, "image/png", id="png"),
    pytest.param("photo.jpg", JPEG, "image/jpeg", id="jpeg"),
    pytest.param("sign-in.pdf", PDF, "application/pdf", id="pdf"),
]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def too_large_png() -> SimpleUploadedFile:
    content = PNG_MAGIC + b"\x00" * (MAX_ATTACHMENT_BYTES + 1 - len(PNG_MAGIC))
    assert len(content) == 10 * 1024 * 1024 + 1
    return upload("big.png", content)


REFUSED_FILES = [
    pytest.param(lambda: upload("photo.jpg", TEXT), "bad_content", id="text-renamed-jpg"),
    pytest.param(lambda: upload("photo.jpg", PNG), "extension_mismatch", id="png-named-jpg"),
    pytest.param(too_large_png, "too_large", id="over-10-MB"),
]


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- text ----------------------------------------------------------------------------------

CHINESE = "".join(REFLECTION_BODY.split()).replace("，", "").replace("、", "").replace("。", "")


def chinese(count: int) -> str:
    text = (CHINESE * (count // len(CHINESE) + 1))[:count]
    assert len(text) == count
    return text


def padded(text: str) -> str:
    """The text with spaces, tabs, newlines and full-width spaces between its characters."""
    fillers = [" ", "\n", "  ", "\t", "\u3000", "\r\n"]
    return "".join(char + fillers[i % len(fillers)] for i, char in enumerate(text))


# --- rendered admin pages --------------------------------------------------------------------


class _FieldErrors(HTMLParser):
    """Whether an element whose class names `field-NAME` holds an error list."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, name: str):
        super().__init__()
        self.token = f"field-{name}"
        self.depth = 0
        self.with_errors = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            if tag == "ul" and "errorlist" in classes:
                self.with_errors[-1] = True
            if tag not in self.VOID:
                self.depth += 1
        elif self.token in classes and tag not in self.VOID:
            self.depth = 1
            self.with_errors.append(False)

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1


def shows_error_in_row(response, name: str) -> bool:
    parser = _FieldErrors(name)
    parser.feed(response.content.decode())
    return any(parser.with_errors)


def codes(error: ValidationError, field: str) -> list:
    return [item.code for item in error.error_dict[field]]


def form_codes(form, field: str) -> list:
    return [item.code for item in form.errors.as_data()[field]]


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def point(tree) -> LearningPoint:
    return LearningPoint.objects.get(number=1)


@pytest.fixture
def organiser_client(client, tree):
    client.force_login(tree.organiser)
    return client


@pytest.fixture
def admin_client_(client, tree):
    """Signed in as the campaign admin (not Django's superuser `admin_client`)."""
    client.force_login(tree.campaign_admin)
    return client


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def record(tree, point, **overrides) -> StudySession:
    arguments = {
        "by": tree.organiser,
        "organisation": tree.unit,
        "held_on": yesterday(),
        "title": "学习李斌同志先进事迹",
        "format": SessionFormat.GROUP_STUDY,
        "points": [point],
        "participants": 20,
        "party_members": 8,
    }
    return session_record(**{**arguments, **overrides})


def unsaved_session(tree, **overrides) -> StudySession:
    fields = {
        "organisation": tree.unit,
        "held_on": yesterday(),
        "title": "学习李斌同志先进事迹",
        "format": SessionFormat.GROUP_STUDY,
        "participants": 20,
        "party_members": 8,
    }
    return StudySession(**{**fields, **overrides})


def session_counts() -> tuple[int, int, int]:
    return (
        StudySession.objects.count(),
        StudySession.history.count(),
        SessionAttachment.objects.count(),
    )


def session_form(tree, point, *, attachment=None, **overrides) -> dict:
    data = {
        "organisation": tree.unit.pk,
        "held_on": yesterday().isoformat(),
        "title": "学习李斌同志先进事迹",
        "format": SessionFormat.GROUP_STUDY,
        "points": [point.pk],
        "participants": "20",
        "party_members": "8",
        "absentees": "",
        "host": "",
        "venue": "",
        "summary": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "_save": "1",
    }
    if attachment is not None:
        data.update(
            {
                "attachments-TOTAL_FORMS": "1",
                "attachments-0-id": "",
                "attachments-0-session": "",
                "attachments-0-kind": "photo",
                "attachments-0-file": attachment,
            }
        )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_session(client, data):
    return client.post(reverse("admin:campaign_studysession_add"), data)


def admin_form(response):
    assert response.status_code == 200, "the form should be shown again"
    return response.context["adminform"].form


def attachment_form(response):
    assert response.status_code == 200, "the form should be shown again"
    (formset,) = [inline.formset for inline in response.context["inline_admin_formsets"]]
    assert formset.prefix == "attachments"
    return formset.forms[0]


# === session date ===========================================================================


def test_a_session_dated_tomorrow_fails_validation_on_held_on(tree):
    session = unsaved_session(tree, held_on=tomorrow())

    with pytest.raises(ValidationError) as caught:
        session.full_clean()

    assert set(caught.value.error_dict) == {"held_on"}
    assert codes(caught.value, "held_on") == ["future_date"]


def test_a_session_dated_today_passes_validation(tree):
    unsaved_session(tree, held_on=timezone.localdate()).full_clean()


def test_session_record_refuses_a_date_tomorrow_and_writes_nothing(tree, point):
    before = session_counts()

    with pytest.raises(ValidationError) as caught:
        record(tree, point, held_on=tomorrow())

    assert codes(caught.value, "held_on") == ["future_date"]
    assert session_counts() == before


def test_session_record_saves_a_session_held_today(tree, point):
    session = record(tree, point, held_on=timezone.localdate())

    session.refresh_from_db()
    assert session.held_on == timezone.localdate()
    assert list(session.points.all()) == [point]
    assert session.recorded_by == tree.organiser


def test_admin_refuses_a_session_dated_tomorrow_on_held_on(organiser_client, tree, point, media):
    before = session_counts()

    response = post_session(
        organiser_client, session_form(tree, point, held_on=tomorrow().isoformat())
    )

    form = admin_form(response)
    assert set(form.errors) == {"held_on"}
    assert form_codes(form, "held_on") == ["future_date"]
    assert str(form.errors["held_on"][0])
    assert shows_error_in_row(response, "held_on")
    assert not shows_error_in_row(response, "title")
    assert session_counts() == before


def test_admin_saves_a_session_dated_today(organiser_client, tree, point, media):
    response = post_session(
        organiser_client, session_form(tree, point, held_on=timezone.localdate().isoformat())
    )

    assert response.status_code == 302
    session = StudySession.objects.get()
    assert session.held_on == timezone.localdate()
    assert session.recorded_by == tree.organiser


# === participants and party members =========================================================


def test_more_party_members_than_participants_fails_validation_on_party_members(tree):
    session = unsaved_session(tree, participants=20, party_members=21)

    with pytest.raises(ValidationError) as caught:
        session.full_clean()

    assert set(caught.value.error_dict) == {"party_members"}
    assert caught.value.message_dict["party_members"][0]


def test_as_many_party_members_as_participants_passes_validation(tree):
    unsaved_session(tree, participants=20, party_members=20).full_clean()


def test_zero_participants_fails_validation_on_participants(tree):
    session = unsaved_session(tree, participants=0, party_members=0)

    with pytest.raises(ValidationError) as caught:
        session.full_clean()

    assert set(caught.value.error_dict) == {"participants"}
    assert codes(caught.value, "participants") == ["min_value"]


@pytest.mark.parametrize(
    ("numbers", "field"),
    [
        ({"participants": 20, "party_members": 21}, "party_members"),
        ({"participants": 0, "party_members": 0}, "participants"),
    ],
)
def test_session_record_refuses_bad_participation_numbers_and_writes_nothing(
    tree, point, numbers, field
):
    before = session_counts()

    with pytest.raises(ValidationError) as caught:
        record(tree, point, **numbers)

    assert set(caught.value.error_dict) == {field}
    assert caught.value.message_dict[field][0]
    assert session_counts() == before


def test_database_refuses_more_party_members_than_participants(tree):
    session = StudySessionFactory(organisation=tree.unit, participants=20, party_members=10)
    rows = StudySession.objects.filter(pk=session.pk)

    rows.update(party_members=F("participants"))  # equal is allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(party_members=F("participants") + 1)

    session.refresh_from_db()
    assert (session.participants, session.party_members) == (20, 20)


def test_database_refuses_zero_participants(tree):
    session = StudySessionFactory(organisation=tree.unit, participants=20, party_members=0)
    rows = StudySession.objects.filter(pk=session.pk)

    rows.update(participants=1)  # one is allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(participants=0)

    session.refresh_from_db()
    assert session.participants == 1


@pytest.mark.parametrize(
    "numbers",
    [{"participants": 5, "party_members": 6}, {"participants": 0, "party_members": 0}],
    ids=["party-members-over-participants", "zero-participants"],
)
def test_database_refuses_bulk_created_sessions_with_bad_numbers(tree, numbers):
    with pytest.raises(IntegrityError), transaction.atomic():
        StudySession.objects.bulk_create([unsaved_session(tree, **numbers)])

    assert not StudySession.objects.exists()


def test_admin_refuses_more_party_members_than_participants_on_party_members(
    organiser_client, tree, point, media
):
    before = session_counts()

    response = post_session(
        organiser_client, session_form(tree, point, participants="20", party_members="21")
    )

    form = admin_form(response)
    assert set(form.errors) == {"party_members"}
    assert str(form.errors["party_members"][0])
    assert shows_error_in_row(response, "party_members")
    assert session_counts() == before


def test_admin_refuses_zero_participants_on_participants(organiser_client, tree, point, media):
    before = session_counts()

    response = post_session(
        organiser_client, session_form(tree, point, participants="0", party_members="0")
    )

    form = admin_form(response)
    assert set(form.errors) == {"participants"}
    assert form_codes(form, "participants") == ["min_value"]
    assert shows_error_in_row(response, "participants")
    assert session_counts() == before


# === learning points ========================================================================


def test_session_record_refuses_a_session_without_a_learning_point(tree, point):
    before = session_counts()

    with pytest.raises(ValidationError) as caught:
        record(tree, point, points=[])

    assert set(caught.value.error_dict) == {"points"}
    assert caught.value.message_dict["points"][0]
    assert session_counts() == before


def test_admin_refuses_a_session_without_a_learning_point_on_points(
    organiser_client, tree, point, media
):
    before = session_counts()

    response = post_session(organiser_client, session_form(tree, point, points=None))

    form = admin_form(response)
    assert set(form.errors) == {"points"}
    assert form_codes(form, "points") == ["required"]
    assert str(form.errors["points"][0])
    assert shows_error_in_row(response, "points")
    assert session_counts() == before


# === attachments ============================================================================


@pytest.mark.parametrize(("make_file", "code"), REFUSED_FILES)
def test_session_record_refuses_a_bad_attachment_and_saves_no_session(
    tree, point, media, make_file, code
):
    before = session_counts()

    with pytest.raises(ValidationError) as caught:
        record(tree, point, attachments=[("photo", make_file())])

    assert codes(caught.value, "file") == [code]
    assert session_counts() == before
    assert stored_files(media) == []


def test_session_record_leaves_no_file_behind_when_a_later_attachment_is_refused(
    tree, point, media
):
    before = session_counts()

    with pytest.raises(ValidationError):
        record(
            tree,
            point,
            attachments=[("photo", upload("good.png", PNG)), ("photo", upload("bad.jpg", TEXT))],
        )

    assert session_counts() == before
    assert stored_files(media) == []


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED_FILES)
def test_session_record_saves_an_accepted_attachment_with_its_content_type(
    tree, point, media, name, content, content_type
):
    session = record(tree, point, attachments=[("photo", upload(name, content))])

    attachment = SessionAttachment.objects.get(session=session)
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    assert attachment.size == len(content)
    assert (media / attachment.file.name).read_bytes() == content


@pytest.mark.parametrize(("make_file", "code"), REFUSED_FILES)
def test_admin_refuses_a_bad_attachment_and_saves_neither_session_nor_file(
    organiser_client, tree, point, media, make_file, code
):
    before = session_counts()

    response = post_session(organiser_client, session_form(tree, point, attachment=make_file()))

    form = attachment_form(response)
    assert set(form.errors) == {"file"}
    assert form_codes(form, "file") == [code]
    assert str(form.errors["file"][0])
    assert not admin_form(response).errors
    assert shows_error_in_row(response, "file")
    assert session_counts() == before
    assert stored_files(media) == []


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED_FILES)
def test_admin_saves_the_session_with_an_accepted_attachment(
    organiser_client, tree, point, media, name, content, content_type
):
    response = post_session(
        organiser_client, session_form(tree, point, attachment=upload(name, content))
    )

    assert response.status_code == 302
    session = StudySession.objects.get()
    attachment = session.attachments.get()
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    assert attachment.size == len(content)
    assert stored_files(media) == [media / attachment.file.name]
    assert (media / attachment.file.name).read_bytes() == content


# === reflection text ========================================================================


def unsaved_reflection(tree, point, **overrides) -> Reflection:
    fields = {
        "organisation": tree.unit,
        "point": point,
        "author_name": "张三",
        "title": "学习李斌的体会",
        "body": chinese(200),
    }
    return Reflection(**{**fields, **overrides})


def test_a_reflection_of_199_characters_fails_validation_on_body(tree, point):
    reflection = unsaved_reflection(tree, point, body=chinese(199))

    with pytest.raises(ValidationError) as caught:
        reflection.full_clean()

    assert set(caught.value.error_dict) == {"body"}
    assert codes(caught.value, "body") == ["too_short"]


def test_spaces_and_newlines_do_not_count_towards_the_reflection_minimum(tree, point):
    body = padded(chinese(199))
    assert len(body) > 400
    reflection = unsaved_reflection(tree, point, body=body)

    with pytest.raises(ValidationError) as caught:
        reflection.full_clean()

    assert codes(caught.value, "body") == ["too_short"]
    assert caught.value.error_dict["body"][0].params == {"minimum": 200, "count": 199}


@pytest.mark.parametrize("body", [chinese(200), padded(chinese(200))], ids=["plain", "padded"])
def test_a_reflection_of_exactly_200_characters_passes_validation(tree, point, body):
    unsaved_reflection(tree, point, body=body).full_clean()


def reflection_form(tree, point, **overrides) -> dict:
    data = {
        "organisation": tree.unit.pk,
        "session": "",
        "point": point.pk,
        "title": "学习李斌的体会",
        "body": chinese(200),
        "author_name": "张三",
        "author_position": "",
        "quoted_paragraph": "",
        "_save": "1",
    }
    return {**data, **overrides}


def post_reflection(client, data):
    return client.post(reverse("admin:campaign_reflection_add"), data)


def test_admin_refuses_a_padded_reflection_of_199_characters_on_body(organiser_client, tree, point):
    response = post_reflection(
        organiser_client, reflection_form(tree, point, body=padded(chinese(199)))
    )

    form = admin_form(response)
    assert set(form.errors) == {"body"}
    assert form_codes(form, "body") == ["too_short"]
    assert str(form.errors["body"][0])
    assert shows_error_in_row(response, "body")
    assert not Reflection.objects.exists()


def test_admin_saves_a_padded_reflection_of_exactly_200_characters(organiser_client, tree, point):
    response = post_reflection(
        organiser_client, reflection_form(tree, point, body=padded(chinese(200)))
    )

    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert "".join(reflection.body.split()) == chinese(200)
    assert reflection.recorded_by == tree.organiser


# === reflection and its session =============================================================


def test_a_reflection_on_another_organisations_session_fails_validation_on_session(tree, point):
    session = StudySessionFactory(organisation=tree.other)
    reflection = unsaved_reflection(tree, point, organisation=tree.unit, session=session)

    with pytest.raises(ValidationError) as caught:
        reflection.full_clean()

    assert set(caught.value.error_dict) == {"session"}
    assert caught.value.message_dict["session"][0]


def test_a_reflection_on_its_own_organisations_session_passes_validation(tree, point):
    session = StudySessionFactory(organisation=tree.unit)

    unsaved_reflection(tree, point, organisation=tree.unit, session=session).full_clean()


def test_admin_refuses_a_reflection_on_another_units_session_on_session(
    organiser_client, tree, point
):
    # The team is within the organiser's reach, so this is a mistake, not tampering.
    session = StudySessionFactory(organisation=tree.team)

    response = post_reflection(
        organiser_client,
        reflection_form(tree, point, organisation=tree.unit.pk, session=session.pk),
    )

    form = admin_form(response)
    assert set(form.errors) == {"session"}
    assert str(form.errors["session"][0])
    assert shows_error_in_row(response, "session")
    assert not Reflection.objects.exists()


# === returning a reflection =================================================================


@pytest.fixture
def submitted(tree):
    return [ReflectionFactory(organisation=tree.unit), ReflectionFactory(organisation=tree.sibling)]


def review_state(reflections) -> list:
    return list(
        Reflection.objects.filter(pk__in=[r.pk for r in reflections])
        .order_by("pk")
        .values_list("status", "return_reason", "reviewed_by", "reviewed_at")
    )


@pytest.mark.parametrize("reason", ["", "  ", "\n\t　"])
def test_reflection_review_refuses_to_return_without_a_reason_and_changes_nothing(
    tree, submitted, reason
):
    before = (review_state(submitted), Reflection.history.count())

    with pytest.raises(ValidationError) as caught:
        reflection_review(
            reflections=Reflection.objects.all(),
            status=ReflectionStatus.RETURNED,
            by=tree.district_admin,
            reason=reason,
        )

    assert set(caught.value.error_dict) == {"return_reason"}
    assert caught.value.message_dict["return_reason"][0]
    assert (review_state(submitted), Reflection.history.count()) == before


def test_reflection_review_returns_with_the_reason_given(tree, submitted):
    count = reflection_review(
        reflections=Reflection.objects.all(),
        status=ReflectionStatus.RETURNED,
        by=tree.district_admin,
        reason="  请补充学习体会的具体事例。 ",
    )

    assert count == 2
    assert {(status, reason) for status, reason, *_ in review_state(submitted)} == {
        (ReflectionStatus.RETURNED, "请补充学习体会的具体事例。")
    }


def test_a_returned_reflection_without_a_reason_fails_validation_on_return_reason(tree, point):
    reflection = unsaved_reflection(
        tree, point, status=ReflectionStatus.RETURNED, return_reason=" \n "
    )

    with pytest.raises(ValidationError) as caught:
        reflection.full_clean()

    assert set(caught.value.error_dict) == {"return_reason"}
    assert caught.value.message_dict["return_reason"][0]


def test_database_refuses_a_returned_reflection_without_a_reason(tree, submitted):
    rows = Reflection.objects.filter(pk=submitted[0].pk)

    rows.update(status=ReflectionStatus.RETURNED, return_reason="理由")  # with a reason: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(return_reason="")

    assert rows.get().return_reason == "理由"


def test_database_refuses_bulk_creating_a_returned_reflection_without_a_reason(tree, point):
    reflection = unsaved_reflection(tree, point, status=ReflectionStatus.RETURNED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.bulk_create([reflection])

    assert not Reflection.objects.exists()


def return_action(client, reflections, reason=None):
    data = {
        "action": "return_with_reason",
        "_selected_action": [str(r.pk) for r in reflections],
    }
    if reason is not None:
        data.update({"apply": "1", "reason": reason})
    return client.post(reverse("admin:campaign_reflection_changelist"), data)


@pytest.mark.parametrize("reason", ["", "   "])
def test_admin_return_action_without_a_reason_shows_the_form_again_and_changes_nothing(
    client, tree, submitted, reason
):
    client.force_login(tree.district_admin)
    before = (review_state(submitted), Reflection.history.count())

    response = return_action(client, submitted, reason)

    assert response.status_code == 200
    form = response.context["form"]
    assert form_codes(form, "reason") == ["required"]
    assert str(form.errors["reason"][0])
    assert '<ul class="errorlist"' in response.content.decode()
    assert (review_state(submitted), Reflection.history.count()) == before


def test_admin_return_action_first_asks_for_the_reason(client, tree, submitted):
    client.force_login(tree.district_admin)
    before = review_state(submitted)

    response = return_action(client, submitted)

    assert response.status_code == 200
    assert not response.context["form"].is_bound
    assert review_state(submitted) == before


def test_admin_return_action_with_a_reason_returns_the_reflections(client, tree, submitted):
    client.force_login(tree.district_admin)

    response = return_action(client, submitted, "请结合本职工作谈体会。")

    assert response.status_code == 302
    assert [row[:3] for row in review_state(submitted)] == [
        (ReflectionStatus.RETURNED, "请结合本职工作谈体会。", tree.district_admin.pk)
    ] * 2


def test_admin_change_form_refuses_returned_status_without_a_reason_on_return_reason(
    client, tree, submitted, point
):
    client.force_login(tree.district_admin)
    reflection = submitted[0]
    before = review_state([reflection])
    data = reflection_form(
        tree,
        point,
        body=reflection.body,
        title=reflection.title,
        status=ReflectionStatus.RETURNED,
        return_reason="  ",
    )

    response = client.post(reverse("admin:campaign_reflection_change", args=[reflection.pk]), data)

    form = admin_form(response)
    assert set(form.errors) == {"return_reason"}
    assert str(form.errors["return_reason"][0])
    assert shows_error_in_row(response, "return_reason")
    assert review_state([reflection]) == before


# === organisation tree ======================================================================


def tree_state() -> dict:
    return {
        pk: (parent, path, depth)
        for pk, parent, path, depth in Organisation.objects.values_list(
            "pk", "parent", "path", "depth"
        )
    }


@pytest.mark.parametrize("new_parent", ["unit", "team"])
def test_placing_a_unit_under_itself_or_its_descendant_fails_validation_on_parent(tree, new_parent):
    unit = Organisation.objects.get(pk=tree.unit.pk)
    unit.parent = getattr(tree, new_parent)

    with pytest.raises(ValidationError) as caught:
        unit.full_clean()

    assert set(caught.value.error_dict) == {"parent"}
    assert caught.value.message_dict["parent"][0]


def test_a_fifth_level_fails_validation_on_parent(tree):
    assert tree.team.depth == 4
    below_team = Organisation(
        code="HP-GH-01-1-A", name="第五级", kind=OrganisationKind.OTHER, district=District.HUANGPU
    )
    below_team.parent = tree.team

    with pytest.raises(ValidationError) as caught:
        below_team.full_clean()

    assert set(caught.value.error_dict) == {"parent"}
    assert caught.value.message_dict["parent"][0]


def test_moving_a_subtree_so_that_its_leaves_reach_a_fifth_level_fails_validation(tree):
    # huangpu_body (2) ─ unit (3) ─ team (4): under xuhui_body the team would be at level 5.
    body = Organisation.objects.get(pk=tree.huangpu_body.pk)
    body.parent = tree.xuhui_body
    body.district = District.XUHUI

    with pytest.raises(ValidationError) as caught:
        body.full_clean()

    assert set(caught.value.error_dict) == {"parent"}


def test_a_unit_in_another_district_than_its_parent_body_fails_validation_on_district(tree):
    unit = Organisation(
        code="HP-GH-03",
        name="黄浦单位三",
        kind=OrganisationKind.UNION_BRANCH,
        district=District.XUHUI,
        parent=tree.huangpu_body,
    )

    with pytest.raises(ValidationError) as caught:
        unit.full_clean()

    assert set(caught.value.error_dict) == {"district"}
    assert caught.value.message_dict["district"][0]

    unit.district = District.HUANGPU
    unit.full_clean()


def test_a_body_directly_under_the_city_may_be_in_any_district(tree):
    Organisation(
        code="MH-GH",
        name="闵行区局（产业）工会",
        kind=OrganisationKind.DISTRICT_UNION,
        district=District.MINHANG,
        parent=tree.city,
    ).full_clean()


@pytest.mark.parametrize("code", ["HP 03", "黄浦03", " HP-03", "-HP-03"])
def test_a_code_with_spaces_or_chinese_fails_validation_on_code(tree, code):
    organisation = OrganisationFactory.build(code=code, parent=tree.huangpu_body)

    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()

    assert set(caught.value.error_dict) == {"code"}
    assert codes(caught.value, "code") == ["invalid"]


@pytest.mark.parametrize("depth", [0, 5])
def test_database_refuses_a_depth_outside_1_to_4(tree, depth):
    rows = Organisation.objects.filter(pk=tree.team.pk)

    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(depth=depth)

    assert rows.get().depth == 4


def test_database_refuses_bulk_creating_a_fifth_level(tree):
    organisation = OrganisationFactory.build(code="HP-GH-01-1-A", parent=tree.team, depth=5)

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.bulk_create([organisation])

    assert not Organisation.objects.filter(code="HP-GH-01-1-A").exists()


def test_moving_a_subtree_updates_path_and_depth_of_every_descendant(tree):
    extra = OrganisationFactory(code="HP-GH-02-1", parent=tree.sibling)  # not moved
    body = Organisation.objects.get(pk=tree.huangpu_body.pk)
    moved = Organisation.objects.filter(path__startswith=body.path).exclude(pk=body.pk)
    depths = dict(moved.values_list("pk", "depth"))
    assert len(depths) == 4  # unit, team, sibling, extra

    body.parent = None
    body.full_clean()
    body.save()

    assert (body.path, body.depth) == (f"/{body.pk}/", 1)
    for organisation in Organisation.objects.filter(pk__in=depths):
        assert organisation.path.startswith(body.path)
        assert organisation.path.endswith(f"/{organisation.pk}/")
        assert organisation.depth == depths[organisation.pk] - 1
        assert organisation.depth == organisation.path.count("/") - 1
        assert organisation.path == f"{organisation.parent.path}{organisation.pk}/"
    extra.refresh_from_db()
    assert extra.path == f"/{body.pk}/{tree.sibling.pk}/{extra.pk}/"
    assert Organisation.objects.get(pk=tree.city.pk).path == tree.city.path


def test_moving_a_unit_to_another_district_leaves_no_descendant_in_the_old_one(tree):
    unit = Organisation.objects.get(pk=tree.unit.pk)
    unit.parent = tree.xuhui_body
    unit.district = District.XUHUI
    unit.full_clean()
    unit.save()

    team = Organisation.objects.get(pk=tree.team.pk)
    assert team.path.startswith(unit.path)
    # The team must not be left in Huangpu under a Xuhui unit: either it moved along or the
    # move was refused.
    team.full_clean()


def test_database_refuses_a_role_that_needs_an_organisation_without_one(tree):
    User.objects.filter(pk=tree.reader.pk).update(organisation=None)  # a reader needs none
    for user in (tree.district_admin, tree.organiser):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=user.pk).update(organisation=None)
        user.refresh_from_db()
        assert user.organisation_id is not None


def test_database_refuses_bulk_creating_an_organiser_without_an_organisation(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(username="nobody", role=Role.ORGANISER)])

    assert not User.objects.filter(username="nobody").exists()


def test_an_organiser_without_an_organisation_fails_validation(tree):
    user = User(username="nobody", role=Role.ORGANISER, password="x")

    with pytest.raises(ValidationError) as caught:
        user.full_clean()

    assert set(caught.value.error_dict) == {"organisation"}
    assert caught.value.message_dict["organisation"][0]


# --- the organisation tree in the admin -------------------------------------------------------


def organisation_form(organisation: Organisation, **overrides) -> dict:
    data = {
        "code": organisation.code,
        "name": organisation.name,
        "kind": organisation.kind,
        "district": organisation.district,
        "parent": organisation.parent_id or "",
        "is_active": "on",
        "_save": "1",
    }
    return {**data, **overrides}


def new_unit(tree, **overrides) -> Organisation:
    fields = {
        "code": "HP-GH-03",
        "name": "黄浦单位三",
        "kind": OrganisationKind.UNION_BRANCH,
        "district": District.HUANGPU,
        "parent": tree.huangpu_body,
    }
    return Organisation(**{**fields, **overrides})


def change_organisation(client, organisation, **overrides):
    return client.post(
        reverse("admin:campaign_organisation_change", args=[organisation.pk]),
        organisation_form(organisation, **overrides),
    )


def add_organisation(client, organisation, **overrides):
    return client.post(
        reverse("admin:campaign_organisation_add"), organisation_form(organisation, **overrides)
    )


@pytest.mark.parametrize("new_parent", ["unit", "team"])
def test_admin_refuses_placing_a_unit_under_itself_or_its_descendant_on_parent(
    admin_client_, tree, new_parent
):
    before = tree_state()

    response = change_organisation(admin_client_, tree.unit, parent=getattr(tree, new_parent).pk)

    form = admin_form(response)
    assert set(form.errors) == {"parent"}
    assert shows_error_in_row(response, "parent")
    assert tree_state() == before


def test_admin_refuses_a_fifth_level_on_parent(admin_client_, tree):
    before = tree_state()

    response = add_organisation(admin_client_, new_unit(tree, code="HP-5"), parent=tree.team.pk)

    form = admin_form(response)
    assert set(form.errors) == {"parent"}
    assert shows_error_in_row(response, "parent")
    assert tree_state() == before


def test_admin_refuses_a_unit_in_another_district_than_its_parent_on_district(admin_client_, tree):
    before = tree_state()

    response = add_organisation(admin_client_, new_unit(tree, district=District.XUHUI))

    form = admin_form(response)
    assert set(form.errors) == {"district"}
    assert shows_error_in_row(response, "district")
    assert tree_state() == before


@pytest.mark.parametrize("code", ["HP 03", "黄浦03"])
def test_admin_refuses_a_code_with_spaces_or_chinese_on_code(admin_client_, tree, code):
    before = tree_state()

    response = add_organisation(admin_client_, new_unit(tree, code=code))

    form = admin_form(response)
    assert set(form.errors) == {"code"}
    assert form_codes(form, "code") == ["invalid"]
    assert shows_error_in_row(response, "code")
    assert tree_state() == before


def test_admin_adds_a_unit_under_its_district_body(admin_client_, tree):
    response = add_organisation(admin_client_, new_unit(tree))

    assert response.status_code == 302
    unit = Organisation.objects.get(code="HP-GH-03")
    assert (unit.path, unit.depth) == (f"{tree.huangpu_body.path}{unit.pk}/", 3)


def test_admin_moving_a_unit_moves_its_descendants(admin_client_, tree):
    response = change_organisation(admin_client_, tree.unit, parent=tree.city.pk)

    assert response.status_code == 302
    unit = Organisation.objects.get(pk=tree.unit.pk)
    team = Organisation.objects.get(pk=tree.team.pk)
    assert unit.path == f"{tree.city.path}{unit.pk}/"
    assert unit.depth == 2
    assert team.path.startswith(unit.path)
    assert team.path == f"{unit.path}{team.pk}/"
    assert team.depth == 3


# === deleting an organisation with sessions =================================================


def test_deleting_an_organisation_with_sessions_is_refused(tree):
    session = StudySessionFactory(organisation=tree.sibling)

    with pytest.raises(ProtectedError) as caught:
        Organisation.objects.get(pk=tree.sibling.pk).delete()

    assert session in caught.value.protected_objects
    assert Organisation.objects.filter(pk=tree.sibling.pk).exists()
    assert StudySession.objects.filter(pk=session.pk).exists()


def test_an_organisation_without_sessions_or_units_can_be_deleted(tree):
    Organisation.objects.get(pk=tree.sibling.pk).delete()

    assert not Organisation.objects.filter(pk=tree.sibling.pk).exists()


def test_admin_says_an_organisation_with_sessions_cannot_be_deleted_and_keeps_it(
    admin_client_, tree
):
    session = StudySessionFactory(organisation=tree.sibling)
    url = reverse("admin:campaign_organisation_delete", args=[tree.sibling.pk])

    page = admin_client_.get(url)
    posted = admin_client_.post(url, {"post": "yes"})

    for response in (page, posted):
        assert response.status_code == 200
        assert response.context["protected"]
        with translation.override("zh-hans"):
            title = gettext("Cannot delete %(name)s") % {"name": Organisation._meta.verbose_name}
        assert response.context["title"] == title
        assert str(session) in response.content.decode()
        assert 'id="deleted-objects"' in response.content.decode()
    assert Organisation.objects.filter(pk=tree.sibling.pk).exists()
    assert StudySession.objects.filter(pk=session.pk).exists()
