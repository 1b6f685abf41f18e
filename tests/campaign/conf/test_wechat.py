"""Downloads inside WeChat, whose browser cannot save files: a page that says to open the link in
the system browser, with the link to copy; every other browser gets the file as before."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaign.models import SessionAttachment
from tests.campaign.exchange.spreadsheets import RESOURCES, format_index
from tests.factories import StudySessionFactory
from tests.samples import PDF, PNG, upload

WECHAT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x18003233) NetType/WIFI Language/zh_CN"
)
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def says_open_in_browser(response, link: str) -> bool:
    page = response.content.decode()
    return (
        response.status_code == 200
        and response["Content-Type"].startswith("text/html")
        and "Content-Disposition" not in response
        and "在浏览器打开" in page
        and f'value="{link}"' in page
    )


def test_the_summary_in_wechat_is_a_page_with_its_link_and_is_never_made(client_as, tree):
    client = client_as("district_admin")
    url = reverse("campaign:summary-xlsx") + "?district=1"

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"user-agent": WECHAT})

    assert not [query for query in queries if "campaign_studysession" in query["sql"]]
    assert says_open_in_browser(response, f"http://testserver{url}")
    assert "no-store" in response["Cache-Control"]


def test_other_browsers_get_the_summary_file(client_as, tree):
    response = client_as("district_admin").get(
        reverse("campaign:summary-csv"), headers={"user-agent": SAFARI}
    )
    assert response["Content-Disposition"].startswith("attachment")


def test_a_pdf_attachment_in_wechat_is_the_page_and_a_photo_still_shows(client_as, tree):
    session = StudySessionFactory(organisation=tree.unit)
    pdf = SessionAttachment(session=session, file=upload("签到表.pdf", PDF))
    pdf.save()
    photo = SessionAttachment(session=session, file=upload("现场.png", PNG))
    photo.save()
    client = client_as("organiser")

    as_page = client.get(pdf.download_url(), headers={"user-agent": WECHAT})
    shown = client.get(photo.download_url(), headers={"user-agent": WECHAT})

    assert says_open_in_browser(as_page, f"http://testserver{pdf.download_url()}")
    assert shown["Content-Disposition"].startswith("inline")
    assert b"".join(shown.streaming_content) == PNG


def test_an_export_in_wechat_is_the_page_linking_back_to_the_export_form(client_as, tree):
    StudySessionFactory(organisation=tree.unit)
    client = client_as("district_admin")
    resource = RESOURCES["studysession"]
    data = {"format": format_index("xlsx"), "resource": "0"}
    data |= {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    form = "http://testserver" + reverse("admin:campaign_studysession_export")

    response = client.post(
        reverse("admin:campaign_studysession_export"),
        data,
        headers={"user-agent": WECHAT, "referer": form},
    )

    assert says_open_in_browser(response, form)


def test_a_referer_from_elsewhere_is_never_offered_as_the_link(client_as, tree):
    client = client_as("district_admin")
    resource = RESOURCES["studysession"]
    data = {"format": format_index("csv"), "resource": "0"}
    data |= {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}

    response = client.post(
        reverse("admin:campaign_studysession_export"),
        data,
        headers={"user-agent": WECHAT, "referer": "https://evil.example/phish"},
    )

    assert "evil.example" not in response.content.decode()
    assert says_open_in_browser(
        response, "http://testserver" + reverse("admin:campaign_studysession_export")
    )
