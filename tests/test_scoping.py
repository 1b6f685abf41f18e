import re
from django.urls import reverse
from tests.factories import StudySessionFactory, ReflectionFactory


def names(html):
    return sorted(set(re.findall(r'name="([^"]+)"', html)))


def test_explore(client, tree):
    for user in (tree.organiser, tree.district_admin):
        client.force_login(user)
        r = client.get(reverse("admin:campaign_studysession_add"))
        print(user.username, r.status_code, names(r.content.decode()))
        r = client.get(reverse("admin:campaign_reflection_add"))
        print(user.username, r.status_code, names(r.content.decode()))
    s = StudySessionFactory(organisation=tree.unit)
    r = client.get(reverse("admin:campaign_studysession_change", args=[s.pk]))
    print(r.status_code, names(r.content.decode()))
    client.force_login(tree.reader)
    r = client.get(reverse("admin:campaign_studysession_add"))
    print("reader", r.status_code, r.get("Location"))
    r = client.post(reverse("admin:campaign_studysession_add"), {})
    print("reader post", r.status_code, r.get("Location"))
