"""Every page of every role speaks Chinese: no run of Latin words that is not data, in the text
a user sees or hears (visible text, visually hidden text, aria-label, title, placeholder, alt).

Data is taken out first: e-mail addresses, addresses and file names, the users' names and the
units' codes as stored, and what a page isolates as data in <bdi> (the parts of a password hash).
What is left may hold only the few names below, which are Latin in a Chinese interface too.
"""

import re
from html.parser import HTMLParser

from django.urls import reverse

from accounts.models import User
from campaign import services
from campaign.choices import ReflectionStatus
from campaign.models import Organisation, Reflection
from tests.factories import ReflectionFactory, StudySessionFactory

# Names of file formats and of a unit, in any case (the format lists say "xlsx"); and "English",
# the language switch's name for English, in English so that those who read it find it.
ALLOWED = {
    "xlsx",
    "csv",
    "docx",
    "doc",
    "wps",
    "txt",
    "pdf",
    "jpeg",
    "png",
    "mb",
    "excel",
    "word",
    "zip",
    "utf",
    "english",
}

LATIN_WORDS = re.compile(r"[A-Za-z]+(?:[ '’.\-][A-Za-z]+)*")
DATA = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|https?://\S+|(?<!\w)/[\w\-./?=&%#:]+"  # addresses and paths, not "Date/time"
    r"|[\w\-.]+\.(?:xlsx|csv|pdf|jpe?g|png)\b",  # file names
    re.IGNORECASE,
)
HEARD = ("aria-label", "title", "placeholder", "alt")
NOT_SHOWN = {"script", "style", "template", "textarea", "bdi"}  # textarea: what the user wrote


class Text(HTMLParser):
    """The words of a page a user can see or hear."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in NOT_SHOWN:
            self.skipping += 1
        self.parts += [attrs[name] for name in HEARD if attrs.get(name)]
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in NOT_SHOWN and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def latin_words(html: str, data: list[str]) -> set[str]:
    """The runs of Latin words on the page, once the given data is taken out."""
    parser = Text()
    parser.feed(html)
    found = set()
    for part in parser.parts:
        part = DATA.sub(" ", part)
        for item in data:
            part = part.replace(item, " ")
        found |= {words for words in LATIN_WORDS.findall(part) if words.lower() not in ALLOWED}
    return found


def records(tree) -> dict[str, int]:
    """A session edited once and a reflection returned and then resubmitted, so that their
    history pages list changes (a status among them)."""
    session = StudySessionFactory(
        organisation=tree.unit, title="学习李斌同志先进事迹专题会", recorded_by=tree.organiser
    )
    session.title, session.participants = "学习李斌同志先进事迹专题会（补记）", 25
    session.venue = "工会活动室"
    services.session_save(session, points=session.points.all(), by=tree.organiser)
    reflection = ReflectionFactory(
        organisation=tree.unit, title="学习敬业精神的体会", recorded_by=tree.organiser
    )
    services.reflection_review(
        reflections=Reflection.objects.filter(pk=reflection.pk),
        status=ReflectionStatus.RETURNED,
        by=tree.district_admin,
        reason="请补充本单位的做法。",
    )
    reflection.refresh_from_db()
    reflection.body += "我们班组结合岗位实际开展了讨论。"
    services.reflection_save(reflection, by=tree.organiser, changed=["body"])
    return {
        "session": session.pk,
        "session_version": session.history.earliest("history_date").history_id,
        "reflection": reflection.pk,
    }


def backend_pages(tree, ids) -> dict[str, list[str]]:
    session, reflection = ids["session"], ids["reflection"]
    organiser = [
        "/admin/",
        "/admin/campaign/",
        "/admin/campaign/studysession/",
        "/admin/campaign/studysession/?q=学习",
        "/admin/campaign/studysession/add/",
        f"/admin/campaign/studysession/{session}/change/",
        f"/admin/campaign/studysession/{session}/history/",
        f"/admin/campaign/studysession/{session}/history/{ids['session_version']}/",
        f"/admin/campaign/studysession/{session}/delete/",
        "/admin/campaign/studysession/export/",
        "/admin/campaign/reflection/",
        "/admin/campaign/reflection/add/",
        f"/admin/campaign/reflection/{reflection}/change/",
        f"/admin/campaign/reflection/{reflection}/history/",
        "/admin/campaign/reflection/export/",
        "/admin/campaign/organisation/",
        f"/admin/campaign/organisation/{tree.unit.pk}/change/",
        "/admin/password_change/",
        "/reports/",
        # The second factor's pages (allauth.mfa): offered to organisers, required of admins.
        "/accounts/2fa/",
        "/accounts/reauthenticate/",  # the password again, before a factor is added
    ]
    district = [*organiser, "/admin/campaign/studysession/import/"]
    campaign = [
        *district,
        "/admin/campaign/organisation/add/",
        "/admin/campaign/organisation/import/",
        "/admin/campaign/organisation/export/",
        "/admin/accounts/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{tree.organiser.pk}/change/",
        f"/admin/accounts/user/{tree.organiser.pk}/password/",
        "/admin/start-campaign/",
    ]
    return {"organiser": organiser, "district_admin": district, "campaign_admin": campaign}


READING = ["/", "/c/li-bin-2019/", "/c/li-bin-2019/decision/", "/c/li-bin-2019/profile/"]
PUBLIC = [*READING, "/accounts/login/", "/accounts/password/reset/"]


def test_every_page_of_every_role_is_in_chinese(client, client_as, tree):
    ids = records(tree)
    data = [
        *User.objects.values_list("username", flat=True),
        *Organisation.objects.values_list("code", flat=True),
    ]
    data.sort(key=len, reverse=True)  # "HP-GH-01-1" before "HP-GH-01"
    walks = {"anonymous": PUBLIC, "reader": READING, **backend_pages(tree, ids)}
    found = {}
    for role, paths in walks.items():
        client.logout()
        if role != "anonymous":
            client_as(role)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (role, path, response.status_code)
            if words := latin_words(response.content.decode(), data):
                found[f"{role} {path}"] = sorted(words)
    # A page reached by an action: the reason asked for when returning reflections.
    returned = client_as("district_admin").post(
        reverse("admin:campaign_reflection_changelist"),
        {"action": "return_with_reason", "_selected_action": [ids["reflection"]]},
    )
    if words := latin_words(returned.content.decode(), data):
        found["district_admin return_with_reason"] = sorted(words)

    assert not found, "\n".join(f"{page}: {', '.join(words)}" for page, words in found.items())


def test_the_walk_finds_latin_words_but_not_data():
    html = (
        '<p title="Select all">导出 XLSX：HP-GH-01 学习活动-20261125.xlsx</p>'
        '<script>var English = 1;</script><a href="/admin/">首页</a> organiser@example.com'
        '<th><span class="visually-hidden">Model name</span></th>'
    )

    assert latin_words(html, ["HP-GH-01"]) == {"Select all", "Model name"}
