"""A reader's own progress through a campaign's points: marked by them, shown to them alone,
never recorded for anonymous readers and never counted per person anywhere public."""

from django.urls import reverse

from documents.models import StudiedPoint

HOME = "/c/li-bin-2019/"
DECISION = "/c/li-bin-2019/decision/"


def mark(client, number: int, studied: str = "1"):
    url = reverse("documents:mark-studied", args=["li-bin-2019", number])
    return client.post(url, {"studied": studied})


def test_a_signed_in_reader_marks_points_and_sees_their_progress(client_as, tree):
    client = client_as("reader")
    response = mark(client, 1)
    assert response.status_code == 302
    assert response["Location"] == "/c/li-bin-2019/decision/#point-1-studied"
    mark(client, 3)

    decision = client.get(DECISION).content.decode()
    home = client.get(HOME).content.decode()

    for page in (decision, home):
        assert "你已学习 4 个学习要点中的 2 个" in page
    assert "你已标记“政治品格”为已学习" in decision
    assert "我已学习“担当情怀”" in decision  # the button for a point not yet marked


def test_marking_twice_is_one_mark_and_undo_takes_it_back(client_as, tree):
    client = client_as("reader")
    mark(client, 2)
    mark(client, 2)
    assert StudiedPoint.objects.filter(user=tree.reader).count() == 1

    mark(client, 2, studied="0")

    assert not StudiedPoint.objects.filter(user=tree.reader).exists()
    assert "你已学习 4 个学习要点中的 0 个" in client.get(HOME).content.decode()


def test_progress_is_the_readers_own(client_as, client, tree):
    reader = client_as("reader")
    mark(reader, 1)
    reader.logout()

    other = client_as("organiser").get(DECISION).content.decode()
    assert "你已学习 4 个学习要点中的 0 个" in other
    client.logout()
    anonymous = client.get(DECISION).content.decode()
    assert "你已学习" not in anonymous
    assert "我已学习" not in anonymous


def test_anonymous_readers_cannot_mark_and_nothing_is_recorded(client, decision):
    response = mark(client, 1)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not StudiedPoint.objects.exists()


def test_marking_only_by_post(client_as, tree):
    response = client_as("reader").get(reverse("documents:mark-studied", args=["li-bin-2019", 1]))
    assert response.status_code == 405
    assert not StudiedPoint.objects.exists()


def test_an_unknown_point_is_not_found(client_as, tree):
    assert mark(client_as("reader"), 7).status_code == 404


def test_the_old_address_for_marking_still_marks_a_point_of_the_li_bin_campaign(client_as, tree):
    """A decision page opened before the move posts to the old address."""
    client = client_as("reader")

    response = client.post("/decision/points/2/studied/", {"studied": "1"})

    assert response["Location"] == "/c/li-bin-2019/decision/#point-2-studied"
    assert StudiedPoint.objects.get(user=tree.reader).point.short_name == "担当情怀"


def test_the_studied_button_posts_to_its_campaigns_address(client_as, tree):
    html = client_as("reader").get(DECISION).content.decode()

    assert 'action="/c/li-bin-2019/points/1/studied/"' in html
