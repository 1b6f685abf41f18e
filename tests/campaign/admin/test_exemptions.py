"""Exemptions (免予参加) in the backend: a district admin excuses units of their district from a
published campaign, a campaign admin any unit; organisers and readers do not see them. The
choices are scoped whatever is posted; each save is in the history, by whom; and an exempt unit
is neither counted in the campaign's report nor may record a session for it."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campaign import services
from campaign.choices import ExemptionReason
from campaign.models import Exemption, StudySession
from documents.models import Campaign
from tests.campaign.campaigns import conftest as campaigns
from tests.campaign.entries import post_session, session_form, yesterday
from tests.forms import admin_form, shows_error_in_row

sample = campaigns.sample  # the second campaign, beside Li Bin's
li_bin = campaigns.li_bin

ADD = reverse("admin:campaign_exemption_add")
LIST = reverse("admin:campaign_exemption_changelist")


def exemption_form(campaign, organisation, **overrides) -> dict:
    data = {
        "campaign": campaign.pk,
        "organisation": organisation.pk,
        "reason": ExemptionReason.MERGED,
        "note": "",
        "_save": "1",
    }
    return {**data, **overrides}


def summary_codes(client, campaign) -> list[str]:
    response = client.get(reverse("campaign:summary-csv"), {"campaign": campaign.slug})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[1] for row in list(csv.reader(io.StringIO(text)))[1:] if row[0] != "合计"]


# --- Who sees them ---------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("organiser", 403), ("reader", 302)])
def test_organisers_and_readers_cannot_see_exemptions(client_as, role, status, sample):
    client = client_as(role)

    for url in (LIST, ADD):
        assert client.get(url).status_code in (status, 403), (role, url)


def test_a_district_admin_lists_only_their_districts_exemptions(client_as, tree, sample):
    Exemption.objects.create(campaign=sample, organisation=tree.team, reason="merged")
    foreign = Exemption.objects.create(campaign=sample, organisation=tree.other, reason="dissolved")
    client = client_as("district_admin")

    response = client.get(LIST)

    assert response.status_code == 200
    assert [e.organisation for e in response.context["cl"].result_list] == [tree.team]
    change = reverse("admin:campaign_exemption_change", args=[foreign.pk])
    assert client.get(change).status_code == 404
    assert client.post(
        reverse("admin:campaign_exemption_delete", args=[foreign.pk]), {"post": "yes"}
    ).status_code in (403, 404)
    assert Exemption.objects.filter(pk=foreign.pk).exists()


def test_the_forms_choices_are_the_users_units_and_the_published_campaigns(
    client_as, tree, li_bin, sample
):
    Campaign.objects.filter(pk=sample.pk).update(status=Campaign.Status.DRAFT)

    form = admin_form(client_as("district_admin").get(ADD))

    assert set(form.fields["organisation"].queryset) == {
        tree.huangpu_body,
        tree.unit,
        tree.team,
        tree.sibling,
    }
    assert list(form.fields["campaign"].queryset) == [li_bin]


# --- Saving ----------------------------------------------------------------------------------


def test_a_district_admin_exempts_a_unit_of_their_district_with_history(client_as, tree, sample):
    client = client_as("district_admin")

    response = client.post(ADD, exemption_form(sample, tree.team))

    assert response.status_code == 302
    exemption = Exemption.objects.get()
    assert (exemption.campaign, exemption.organisation, exemption.created_by) == (
        sample,
        tree.team,
        tree.district_admin,
    )
    (row,) = exemption.history.all()
    assert (row.history_type, row.history_user, row.reason) == ("+", tree.district_admin, "merged")

    change = reverse("admin:campaign_exemption_change", args=[exemption.pk])
    client.post(change, exemption_form(sample, tree.team, reason="other", note="并入黄浦单位一"))
    client.post(reverse("admin:campaign_exemption_delete", args=[exemption.pk]), {"post": "yes"})

    assert not Exemption.objects.exists()
    rows = Exemption.history.filter(id=exemption.pk).order_by("history_date", "history_id")
    assert [(r.history_type, r.reason, r.history_user) for r in rows] == [
        ("+", "merged", tree.district_admin),
        ("~", "other", tree.district_admin),
        ("-", "other", tree.district_admin),
    ]
    history = client.get(reverse("admin:campaign_exemption_history", args=[exemption.pk]))
    assert history.status_code == 200


def test_another_districts_unit_posted_is_a_form_error_in_chinese_and_no_save(
    client_as, tree, sample
):
    response = client_as("district_admin").post(ADD, exemption_form(sample, tree.other))

    form = admin_form(response)
    assert "organisation" in form.errors
    assert "选择一个有效的选项" in form.errors["organisation"][0]
    assert shows_error_in_row(response, "organisation")
    assert not Exemption.objects.exists()
    assert not Exemption.history.exists()


def test_a_draft_campaign_posted_is_a_form_error_and_no_save(client_as, tree, sample):
    Campaign.objects.filter(pk=sample.pk).update(status=Campaign.Status.DRAFT)

    response = client_as("campaign_admin").post(ADD, exemption_form(sample, tree.team))

    assert "campaign" in admin_form(response).errors
    assert not Exemption.objects.exists()


def test_a_district_admin_cannot_move_their_exemption_to_another_district(client_as, tree, sample):
    exemption = Exemption.objects.create(campaign=sample, organisation=tree.team, reason="merged")
    change = reverse("admin:campaign_exemption_change", args=[exemption.pk])

    response = client_as("district_admin").post(change, exemption_form(sample, tree.other))

    assert "organisation" in admin_form(response).errors
    exemption.refresh_from_db()
    assert exemption.organisation == tree.team


def test_the_other_reason_needs_a_note(client_as, tree, sample):
    response = client_as("district_admin").post(
        ADD, exemption_form(sample, tree.team, reason=ExemptionReason.OTHER)
    )

    assert "note" in admin_form(response).errors
    assert not Exemption.objects.exists()


def test_a_campaign_admin_exempts_a_unit_anywhere(client_as, tree, sample):
    response = client_as("campaign_admin").post(ADD, exemption_form(sample, tree.other))

    assert response.status_code == 302
    assert Exemption.objects.get().created_by == tree.campaign_admin


def test_the_service_refuses_whom_the_user_does_not_reach(tree, sample):
    with pytest.raises(ValidationError) as refused:
        services.exemption_save(
            Exemption(campaign=sample, organisation=tree.other, reason="merged"),
            by=tree.district_admin,
        )
    assert "organisation" in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.exemption_save(
            Exemption(campaign=sample, organisation=tree.unit, reason="merged"), by=tree.organiser
        )

    foreign = services.exemption_save(
        Exemption(campaign=sample, organisation=tree.other, reason="merged"), by=None
    )
    with pytest.raises(PermissionDenied):
        services.exemption_delete(Exemption.objects.all(), by=tree.district_admin)
    assert Exemption.objects.filter(pk=foreign.pk).exists()


# --- What an exemption does ------------------------------------------------------------------


def test_an_exempt_unit_is_refused_a_session_and_left_out_of_the_campaigns_report(
    client_as, tree, li_bin, sample
):
    admin = client_as("district_admin")
    assert tree.sibling.code in summary_codes(admin, sample)
    admin.post(ADD, exemption_form(sample, tree.sibling, reason=ExemptionReason.DISSOLVED))
    assert Exemption.objects.filter(organisation=tree.sibling).exists()

    of_sample = [sample.document.points.get(number=1).pk]
    of_li_bin = [li_bin.document.points.get(number=1).pk]
    refused = post_session(admin, {**session_form(tree.sibling), "points": of_sample})
    allowed = post_session(admin, {**session_form(tree.sibling), "points": of_li_bin})

    assert shows_error_in_row(refused, "points")  # its points are no longer offered to it
    assert not admin_form(refused).fields["points"].queryset.filter(pk__in=of_sample).exists()
    with pytest.raises(ValidationError, match="黄浦单位二已免予参加“示例学习活动”"):
        services.session_points(
            sample.document.points.filter(number=1), unit=tree.sibling, held_on=yesterday()
        )
    assert allowed.status_code == 302
    assert StudySession.objects.filter(organisation=tree.sibling).count() == 1
    assert tree.sibling.code not in summary_codes(admin, sample)
    assert tree.sibling.code in summary_codes(admin, li_bin)
    registered = {
        campaign.slug: admin.get(reverse("campaign:reports"), {"campaign": campaign.slug}).context[
            "headline"
        ]["registered_units"]
        for campaign in (li_bin, sample)
    }
    assert registered == {"li-bin-2019": 4, "sample-2026": 3}  # 黄浦's four, less the exempt
