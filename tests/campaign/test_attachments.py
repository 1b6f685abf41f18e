"""Photos and sign-in sheets: checked by content before anything is stored, and served only to
those who can see their session."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.models import SessionAttachment, StudySession
from tests.campaign.records import (
    attachment_of,
    post_session,
    record,
    session_counts,
    session_form,
)
from tests.forms import admin_form, attachment_form, codes, form_codes, shows_error_in_row
from tests.samples import JPEG, PDF, PNG, TEXT, stored_files, too_large_png, upload

ACCEPTED_FILES = [
    pytest.param("photo.png", PNG, "image/png", id="png"),
    pytest.param("photo.jpg", JPEG, "image/jpeg", id="jpeg"),
    pytest.param("sign-in.pdf", PDF, "application/pdf", id="pdf"),
]


REFUSED_FILES = [
    pytest.param(lambda: upload("photo.jpg", TEXT), "bad_content", id="text-renamed-jpg"),
    pytest.param(lambda: upload("photo.jpg", PNG), "extension_mismatch", id="png-named-jpg"),
    pytest.param(too_large_png, "too_large", id="over-10-MB"),
]


# --- Checked before anything is stored ---------------------------------------------------------


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
    client_as, tree, point, media, make_file, code
):
    client = client_as("organiser")
    before = session_counts()

    response = post_session(client, session_form(tree.unit, attachment=make_file()))

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
    client_as, tree, point, media, name, content, content_type
):
    client = client_as("organiser")
    response = post_session(client, session_form(tree.unit, attachment=upload(name, content)))

    assert response.status_code == 302
    session = StudySession.objects.get()
    attachment = session.attachments.get()
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    assert attachment.size == len(content)
    assert stored_files(media) == [media / attachment.file.name]
    assert (media / attachment.file.name).read_bytes() == content


# --- Served only within scope --------------------------------------------------------------------


def test_organiser_cannot_download_another_units_attachment(client_as, tree):
    attachment = attachment_of(tree.other)
    client = client_as("organiser")

    response = client.get(reverse("campaign:attachment", args=[attachment.pk]))

    assert response.status_code == 404


def test_organiser_downloads_own_units_attachment(client_as, tree):
    attachment = attachment_of(tree.unit)
    client = client_as("organiser")

    response = client.get(reverse("campaign:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
