"""Starting a campaign in the backend: a campaign admin uploads the decision, corrects what was
read, and saves a draft; no one else reaches the pages; a refused file leaves nothing behind."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse

from documents.models import Campaign, Document
from tests.campaign.test_chinese_pages import latin_words
from tests.decisions import SEED, blank_pdf, li_bin_docx, upload, zipped
from tests.forms import shows_error_in_row

UPLOAD = reverse("start_campaign:upload")
REVIEW = reverse("start_campaign:review")


def review_data(response, **changes) -> dict:
    """The review form as the page shows it, with `changes` typed in."""
    form, points = response.context["form"], response.context["points"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, "")
        data[name] = field.widget.format_value(value) if value is not None else ""
    data["issued_on"] = str(form.initial["issued_on"] or "")
    data["opens_on"] = str(form.initial["opens_on"])
    management = points.management_form
    data.update({f"points-{k}": v for k, v in management.initial.items()})
    for index, point in enumerate(points.forms):
        for name in point.fields:
            data[f"points-{index}-{name}"] = point.initial.get(name, "")
    return {**data, **changes}


@pytest.fixture
def read_li_bin(client_as):
    """A campaign admin's client, and the review page of the Li Bin decision read from Word.
    (Li Bin's campaign is loaded by the fixtures: the test starts it again under a new number.)"""
    client = client_as("campaign_admin")
    response = client.post(UPLOAD, {"file": upload("决定.docx", li_bin_docx())})
    assert response.status_code == 200
    return client, response


def test_campaign_admin_reads_a_docx_corrects_a_field_and_saves_a_draft(read_li_bin):
    client, response = read_li_bin
    page = response.content.decode()
    assert "沪工总办〔2019〕60号" in page and "关于深入开展向李斌同志学习的决定" in page
    assert "政治品格" in page and "道德情操" in page  # the four points proposed, short-named
    assert not latin_words(page, ["campaign_admin"])  # the review form speaks Chinese
    data = review_data(
        response,
        number="沪工总办〔2019〕61号",  # the fixtures hold 60号 already
        title="关于深入开展向李斌同志学习的决定（更正）",
        slug="li-bin-again",
        name="再学李斌",
    )

    saved = client.post(REVIEW, data)

    assert saved.status_code == 302
    campaign = Campaign.objects.select_related("document").get(slug="li-bin-again")
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.document.title == "关于深入开展向李斌同志学习的决定（更正）"
    assert campaign.document.number == "沪工总办〔2019〕61号"
    assert campaign.document.paragraphs.count() == 10
    assert list(campaign.document.points.values_list("number", "short_name")) == [
        (1, "政治品格"),
        (2, "担当情怀"),
        (3, "敬业精神"),
        (4, "道德情操"),
    ]
    assert campaign.document.points.get(number=1).paragraph.number == 4
    assert LogEntry.objects.filter(object_id=str(campaign.pk), action_flag=ADDITION).exists()


def test_a_point_whose_heading_is_not_its_paragraphs_opening_is_refused(read_li_bin):
    client, response = read_li_bin
    data = review_data(
        response,
        number="沪工总办〔2019〕61号",
        slug="li-bin-again",
        **{"points-0-heading": "一是要"},
    )
    data["points-0-heading"] = "学习李斌"  # not the words paragraph 4 opens with

    shown = client.post(REVIEW, data)

    assert shown.status_code == 200
    assert shows_error_in_row(shown, "heading")
    assert not Campaign.objects.filter(slug="li-bin-again").exists()


def test_the_number_of_a_decision_already_started_is_refused(read_li_bin):
    client, response = read_li_bin
    shown = client.post(REVIEW, review_data(response, slug="li-bin-again"))  # 60号, Li Bin's
    assert shows_error_in_row(shown, "number")
    assert not Campaign.objects.filter(slug="li-bin-again").exists()


def test_an_address_in_use_is_refused_and_the_campaign_there_unchanged(read_li_bin):
    client, response = read_li_bin
    data = review_data(response, number="沪工总办〔2019〕61号", slug="li-bin-2019", name="覆盖")
    shown = client.post(REVIEW, data)
    assert shows_error_in_row(shown, "slug")
    assert Campaign.objects.get(slug="li-bin-2019").name == "向李斌同志学习"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("扫描件.pdf", blank_pdf(), "没有文字层"),
        (
            "决定.docx",
            zipped({"word/document.xml": b"<w:t>" + b" " * 20_000_000 + b"</w:t>"}),
            "解压",
        ),
    ],
)
def test_a_refused_file_leaves_no_row(client_as, name, content, message):
    client = client_as("campaign_admin")
    before = (Campaign.objects.count(), Document.objects.count())

    shown = client.post(UPLOAD, {"file": upload(name, content, "application/octet-stream")})

    assert shown.status_code == 200
    assert shows_error_in_row(shown, "file")
    assert message in shown.content.decode()
    assert (Campaign.objects.count(), Document.objects.count()) == before


def test_pasted_text_is_read_as_a_file_is(client_as):
    text = SEED.read_text(encoding="utf-8").replace("**", "").replace("## ", "")
    shown = client_as("campaign_admin").post(UPLOAD, {"text": text})
    assert shown.context["form"].initial["number"] == "沪工总办〔2019〕60号"
    assert len(shown.context["points"].initial) == 4


@pytest.mark.parametrize("role", ["district_admin", "organiser"])
def test_district_admins_and_organisers_cannot_start_a_campaign(client_as, role):
    client = client_as(role)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(REVIEW, {"slug": "x"}).status_code == 403
    assert "start-campaign" not in client.get(reverse("admin:index")).content.decode()


def test_readers_are_sent_to_sign_in(client_as):
    assert client_as("reader").get(UPLOAD).status_code == 302


def test_the_backend_index_links_campaign_admins_to_the_page(client_as):
    assert UPLOAD in client_as("campaign_admin").get(reverse("admin:index")).content.decode()


def test_the_backends_add_button_for_campaigns_opens_the_start_from_a_file(client_as):
    """The list's 增加 button starts from the decision's file, not from an empty model form."""
    answer = client_as("campaign_admin").get("/admin/documents/campaign/add/")

    assert answer.status_code == 302
    assert answer["Location"] == UPLOAD
    assert client_as("district_admin").get("/admin/documents/campaign/add/").status_code == 403
