"""Photos and sign-in sheets: checked by content before anything is stored, and served only to
those who can see their session."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.models import SessionAttachment, StudySession
from tests.campaign.entries import (
    attachment_of,
    post_session,
    record,
    session_counts,
    session_form,
)
from tests.factories import StudySessionFactory
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


def test_a_pdf_is_downloaded_and_an_image_shown_in_a_sandbox(client_as, tree):
    """A PDF shown in the browser's viewer could run its JavaScript on the portal's origin."""
    pdf = SessionAttachment(
        session=StudySessionFactory(organisation=tree.unit), file=upload("签到表.pdf", PDF)
    )
    pdf.save()
    image = attachment_of(tree.unit)
    client = client_as("organiser")

    as_file = client.get(pdf.download_url())
    shown = client.get(image.download_url())

    assert as_file["Content-Disposition"].startswith("attachment;")
    assert as_file["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"].startswith("inline;")
    assert shown["Content-Security-Policy"] == "sandbox"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in shown["Cache-Control"]


def test_a_replaced_attachment_takes_the_new_files_type_and_name(client_as, tree):
    attachment = attachment_of(tree.unit)
    session = attachment.session
    data = session_form(tree.unit, title=session.title)
    data.update(
        {
            "held_on": session.held_on.isoformat(),
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "1",
            "attachments-0-id": str(attachment.pk),
            "attachments-0-session": str(session.pk),
            "attachments-0-kind": "sign_in_sheet",
            "attachments-0-file": upload("新签到表.pdf", PDF),
        }
    )

    response = post_session(client_as("organiser"), data, session=session)

    assert response.status_code == 302, admin_form(response).errors
    attachment.refresh_from_db()
    assert (attachment.original_name, attachment.content_type) == (
        "新签到表.pdf",
        "application/pdf",
    )
    assert attachment.size == len(PDF)
    response = client_as("organiser").get(attachment.download_url())
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_attachment_whose_file_is_missing_answers_404_and_names_the_file(
    client_as, tree, caplog
):
    """A second server without the shared media folder, or a database restored without its
    files: the reader is told, and the log says which file to look for."""
    attachment = attachment_of(tree.unit)
    attachment.file.storage.delete(attachment.file.name)

    response = client_as("organiser").get(attachment.download_url())

    assert response.status_code == 404
    assert "服务器上找不到它的文件" in response.content.decode()
    assert any(attachment.file.name in record.getMessage() for record in caplog.records)


def test_the_admins_object_links_tell_nothing_of_other_units_attachments(client_as, tree):
    """/admin/r/<type>/<id>/ redirected for any existing id and answered 404 for a missing one."""
    foreign = attachment_of(tree.other)
    kind = ContentType.objects.get_for_model(SessionAttachment).pk
    client = client_as("organiser")

    existing = client.get(f"/admin/r/{kind}/{foreign.pk}/")
    missing = client.get(f"/admin/r/{kind}/{foreign.pk + 1000}/")

    assert existing.status_code == missing.status_code == 404


def test_the_attachment_inputs_are_named_and_say_what_they_take(client_as, tree):
    html = client_as("organiser").get(reverse("admin:campaign_studysession_add")).content.decode()

    file_input = re.search(r'<input type="file" name="attachments-0-file"[^>]*>', html).group(0)
    kind_select = re.search(r'<select name="attachments-0-kind"[^>]*>', html).group(0)
    assert 'accept="image/jpeg,image/png,application/pdf,.jpeg,.jpg,.pdf,.png"' in file_input
    assert 'aria-label="文件"' in file_input
    assert 'aria-label="附件类型"' in kind_select
    assert "JPEG 或 PNG 照片，或 PDF 文件，不超过 10 MB" in html
