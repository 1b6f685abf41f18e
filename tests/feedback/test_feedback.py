"""意见建议: any visitor sends an opinion or complaint without signing in, reads the answer by
the private link they got, and nobody else can; campaign admins answer in the backend, nobody
below them sees it there; sends are limited per address and in all, hostile input is escaped."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from campaign.feedback.models import Category, Opinion, Status
from tests.factories import UserFactory

TEXT = "学习专栏的决定原文在手机上字太小，希望能增加字号调整功能，方便老同志阅读。"


def send(client, text=TEXT, **fields):
    data = {"category": Category.OPINION, "text": text, "contact": "", "website": ""}
    return client.post(reverse("feedback:send"), {**data, **fields})


def token_of(response) -> str:
    """The token from the private link a send redirects to."""
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


def test_a_visitor_sends_an_opinion_without_signing_in(client, db):
    page = client.get(reverse("feedback:send"))
    assert page.status_code == 200
    assert "意见建议" in page.content.decode()

    response = send(client, category=Category.COMPLAINT, contact="13800000000")

    token = token_of(response)
    opinion = Opinion.objects.get()
    assert (opinion.category, opinion.text, opinion.contact, opinion.status) == (
        Category.COMPLAINT,
        TEXT,
        "13800000000",
        Status.RECEIVED,
    )
    # Only a hash of the link's token is kept.
    assert len(token) >= 40 and token not in opinion.token_hash
    reply = client.get(response["Location"])
    html = reply.content.decode()
    assert reply.status_code == 200
    assert TEXT in html and "尚未答复" in html and "请保存本页地址" in html
    assert reply["Cache-Control"].startswith("max-age=0") or "no-store" in reply["Cache-Control"]
    assert reply["Referrer-Policy"] == "no-referrer"


def test_every_page_links_to_the_opinions_page_in_its_footer(client, db):
    html = client.get(reverse("feedback:send")).content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert f'href="{reverse("feedback:send")}"' in footer


def test_the_link_shows_the_answer_once_a_campaign_admin_answered(client, tree):
    link = send(client)["Location"]
    opinion = Opinion.objects.get()
    admin = Client()
    admin.force_login(tree.campaign_admin)

    saved = admin.post(
        reverse("admin:feedback_opinion_change", args=[opinion.pk]),
        {
            "answer": "感谢您的建议，字号调整功能已列入下一版计划。",
            "status": Status.CLOSED,
            "_save": "1",
        },
    )

    assert saved.status_code == 302
    opinion.refresh_from_db()
    assert opinion.answered_by == tree.campaign_admin and opinion.answered_at is not None
    html = Client().get(link).content.decode()  # the sender, on another day: no session
    assert "字号调整功能已列入下一版计划" in html
    assert "已办结" in html


def test_an_answer_to_an_open_opinion_marks_it_answered(client, tree):
    send(client)
    opinion = Opinion.objects.get()
    client.force_login(tree.campaign_admin)

    client.post(
        reverse("admin:feedback_opinion_change", args=[opinion.pk]),
        {"answer": "已转交技术组处理。", "status": Status.RECEIVED, "_save": "1"},
    )

    opinion.refresh_from_db()
    assert opinion.status == Status.ANSWERED


def test_without_the_link_nobody_sees_the_opinion(client, tree):
    token = token_of(send(client))
    others = Client()
    others.force_login(tree.reader)

    for guess in [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        "x",
        Opinion.objects.get().token_hash,
    ]:
        assert others.get(reverse("feedback:reply", args=[guess])).status_code == 404
    assert TEXT not in others.get(reverse("feedback:send")).content.decode()


@pytest.mark.parametrize("role", ["organiser", "district_admin", "audit_admin", "reader"])
def test_only_campaign_admins_reach_the_opinions_in_the_backend(client_as, client, tree, role):
    send(Client())
    changelist = reverse("admin:feedback_opinion_changelist")
    opinion = Opinion.objects.get()

    if role == "audit_admin":
        denied = Client()
        denied.force_login(UserFactory(username="auditor", role=Role.AUDIT_ADMIN))
    else:
        denied = client_as(role)
    assert denied.get(changelist).status_code in (302, 403)
    assert denied.get(reverse("admin:feedback_opinion_change", args=[opinion.pk])).status_code in (
        302,
        403,
    )
    if role != "reader":
        assert "意见建议" not in denied.get(reverse("admin:index")).content.decode()

    client.force_login(tree.campaign_admin)
    assert client.get(changelist).status_code == 200


def test_the_backend_list_reads_many_opinions_in_a_few_queries(
    client, tree, django_assert_max_num_queries
):
    for _ in range(3):
        send(Client())
    client.force_login(tree.campaign_admin)
    url = reverse("admin:feedback_opinion_changelist")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(30):
        Opinion.objects.create(category=Category.OPINION, text=TEXT, token_hash=f"{_:064d}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_the_sixth_send_from_one_address_is_refused_with_429_in_chinese(client, db, settings):
    settings.FEEDBACK_LIMIT_PER_IP = 5
    for _ in range(5):
        assert send(client).status_code == 302

    refused = send(client)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert "发送的意见建议过多" in html and "分钟后再试" in html
    assert Opinion.objects.count() == 5
    # Another address may still send.
    assert send(Client(REMOTE_ADDR="192.0.2.7")).status_code == 302


def test_sends_from_many_addresses_stop_at_the_global_limit(db, settings):
    settings.FEEDBACK_LIMIT_GLOBAL = 3
    settings.FEEDBACK_LIMIT_PER_IP = 1
    flooder = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(10):  # refused after its first: the rest do not use up everyone's sends
        send(flooder)
    for n in range(2):
        assert send(Client(REMOTE_ADDR=f"192.0.2.{n + 1}")).status_code == 302

    assert send(Client(REMOTE_ADDR="198.51.100.9")).status_code == 429
    assert Opinion.objects.count() == 3


def test_hostile_input_is_escaped_for_the_sender_and_the_admin(client, tree):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> 请处理'
    link = send(client, text=hostile, contact="<b>me</b>")["Location"]
    opinion = Opinion.objects.get()
    assert opinion.text == hostile  # stored as written

    pages = [client.get(link)]
    admin = Client()
    admin.force_login(tree.campaign_admin)
    pages += [
        admin.get(reverse("admin:feedback_opinion_changelist")),
        admin.get(reverse("admin:feedback_opinion_change", args=[opinion.pk])),
    ]
    for page in pages:
        html = page.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>me</b>" not in html
        assert "&lt;script&gt;" in html


def test_a_filled_honeypot_sends_nothing(client, db):
    response = send(client, website="http://spam.example")

    assert response.status_code == 200
    assert "无法发送" in response.content.decode()
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "太小"}, "至少写 10 个字"),
        ({"text": "字" * 2001}, "最多写 2000 个字"),
        ({"contact": "1" * 101}, "最多写 100 个字"),
        ({"text": ""}, "请填写您的意见或投诉"),
        ({"category": "spam"}, "选择"),
    ],
)
def test_bad_input_is_refused_in_chinese_next_to_the_field(client, db, fields, message):
    response = send(client, **fields)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Opinion.objects.exists()


def test_ipv6_addresses_count_by_their_64_network(db, settings):
    settings.FEEDBACK_LIMIT_PER_IP = 1
    assert send(Client(REMOTE_ADDR="2001:db8:0:1::1")).status_code == 302

    assert send(Client(REMOTE_ADDR="2001:db8:0:1::beef")).status_code == 429
    assert send(Client(REMOTE_ADDR="2001:db8:0:2::1")).status_code == 302


def test_a_link_can_choose_the_category_of_a_request_about_personal_data(client, db):
    html = client.get(reverse("feedback:send") + "?category=personal_data").content.decode()

    assert '<option value="personal_data" selected>' in html
    unknown = client.get(reverse("feedback:send") + "?category=<x>").content.decode()
    assert '<option value="opinion" selected>' in unknown and "&lt;x&gt;" not in unknown


def test_the_privacy_rules_send_requests_about_ones_data_here(client, db):
    html = client.get(reverse("campaign:privacy")).content.decode()

    assert f'href="{reverse("feedback:send")}?category=personal_data"' in html
