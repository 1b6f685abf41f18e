"""A reflection's point among those of the open campaigns that call its unit, grouped by
campaign (its own point kept), and the reflections' list filtered by campaign and point."""

import re

from django.urls import reverse

from campaign.choices import District, ExemptionReason
from campaign.models import Exemption, Reflection
from documents.models import Campaign
from tests.campaign.campaigns import conftest as campaigns
from tests.campaign.entries import REFLECTION_BODY, post_reflection
from tests.factories import ReflectionFactory
from tests.forms import admin_form

sample = campaigns.sample  # the second campaign, beside Li Bin's
li_bin = campaigns.li_bin

ADD = reverse("admin:campaign_reflection_add")


def reflection_form(unit, *, point, title="学习的体会") -> dict:
    """The admin's reflection form as posted (the tests' own: two campaigns have a point 1)."""
    return {
        "organisation": unit.pk,
        "session": "",
        "point": point.pk,
        "title": title,
        "body": REFLECTION_BODY,
        "author_name": "王五",
        "author_position": "班组长",
        "quoted_paragraph": "",
        "_save": "1",
    }


def optgroups(html: str, select: str) -> list[str]:
    field = re.search(rf'<select name="{select}".*?</select>', html, re.DOTALL).group(0)
    return re.findall(r'<optgroup label="([^"]*)"', field)


def test_the_point_is_picked_among_each_open_campaigns_points(client_as, tree, li_bin, sample):
    html = client_as("organiser").get(ADD).content.decode()

    assert optgroups(html, "point") == ["示例学习活动", "向李斌同志学习"]
    form = admin_form(client_as("organiser").get(ADD))
    assert form.fields["point"].queryset.count() == 4 + 7
    quoted = optgroups(html, "quoted_paragraph")
    assert "1. 通读原文" in quoted and "1. 政治品格" in quoted
    assert "示例学习活动：其他段落" in quoted and "向李斌同志学习：其他段落" in quoted


def test_a_campaign_not_calling_the_unit_is_not_offered_nor_saved(client_as, tree, li_bin, sample):
    sample.scope = {"districts": [District.XUHUI]}
    sample.save()
    Exemption.objects.create(
        campaign=li_bin, organisation=tree.other, reason=ExemptionReason.MERGED
    )
    client = client_as("organiser")

    html = client.get(ADD).content.decode()
    outside = sample.document.points.get(number=1)
    response = post_reflection(client, reflection_form(tree.unit, point=outside))

    assert optgroups(html, "point") == ["向李斌同志学习"]
    assert "point" in admin_form(response).errors
    assert not Reflection.objects.exists()
    campaign_admin = client_as("campaign_admin")
    form = admin_form(campaign_admin.get(ADD, {"organisation": tree.other.pk}))
    assert set(form.fields["point"].queryset) == set(sample.document.points.all())


def test_a_reflection_keeps_its_point_of_a_closed_campaign(client_as, tree, li_bin, sample):
    point = sample.document.points.get(number=3)
    reflection = ReflectionFactory(organisation=tree.unit, point=point, recorded_by=tree.organiser)
    Campaign.objects.filter(pk=sample.pk).update(status=Campaign.Status.CLOSED)
    url = reverse("admin:campaign_reflection_change", args=[reflection.pk])
    client = client_as("organiser")

    html = client.get(url).content.decode()
    response = post_reflection(
        client, reflection_form(tree.unit, title="改过的题目", point=point), reflection
    )

    assert optgroups(html, "point") == ["向李斌同志学习", "示例学习活动"]
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert (reflection.title, reflection.point) == ("改过的题目", point)


def test_the_list_is_filtered_by_campaign_and_by_point(client_as, tree, li_bin, sample):
    ReflectionFactory(organisation=tree.unit, title="李斌", point=li_bin.document.points.first())
    on_sample = ReflectionFactory(
        organisation=tree.unit, title="示例", point=sample.document.points.get(number=2)
    )
    client = client_as("district_admin")
    url = reverse("admin:campaign_reflection_changelist")

    def titles(query):
        response = client.get(url, query)
        return [r.title for r in response.context["cl"].result_list]

    assert titles({"campaign": "sample-2026"}) == ["示例"]
    assert titles({"campaign": "li-bin-2019"}) == ["李斌"]
    assert titles({"point": on_sample.point_id}) == ["示例"]
    html = client.get(url).content.decode()
    assert "示例学习活动：2. 联系实际" in html
