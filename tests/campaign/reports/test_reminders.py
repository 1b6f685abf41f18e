"""Private reminders by mail: each admin and organiser hears of their own units' gaps, at most
once a week, never of anyone else's, and what was sent is logged for admins."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaign.choices import District, ExemptionReason
from campaign.models import Exemption, ReminderLog
from campaign.reports.reminders import send_due
from documents.loader import load_decision
from documents.models import Campaign, LearningPoint
from tests.documents.folders import sample_folder
from tests.factories import StudySessionFactory


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def gaps(tree):
    """unit: a session 40 days ago on point 1 (silent, and missing three points); team: this
    week on all four points (no gap); sibling: nothing yet; 徐汇's other: silent too."""
    points = list(LearningPoint.objects.all())
    StudySessionFactory(organisation=tree.unit, held_on=days_ago(40), points=points[:1])
    StudySessionFactory(organisation=tree.team, held_on=days_ago(2), points=points)
    return tree


@pytest.fixture
def two_campaigns(gaps, tmp_path):
    """Beside Li Bin's (`gaps`), the tests' 示例 campaign of seven points, open for 60 days and
    calling 黄浦 only, of which 黄浦单位二 is exempt. team: all seven points this week; unit: one
    point ten days ago (not silent, six points missing)."""
    load_decision(sample_folder(tmp_path / "sample"))
    Campaign.objects.filter(slug="sample-2026").update(
        opens_on=days_ago(60), closes_on=None, scope={"districts": [District.HUANGPU]}
    )
    sample = Campaign.objects.get(slug="sample-2026")
    Exemption.objects.create(
        campaign=sample, organisation=gaps.sibling, reason=ExemptionReason.MERGED
    )
    points = list(sample.document.points.all())
    StudySessionFactory(organisation=gaps.team, held_on=days_ago(2), points=points)
    StudySessionFactory(organisation=gaps.unit, held_on=days_ago(10), points=points[:1])
    return sample


def mail_to(username: str, tree):
    address = getattr(tree, username).email
    return [message for message in mail.outbox if message.to == [address]]


def test_a_district_admin_hears_of_their_districts_units_and_nothing_else(gaps):
    send_due()

    (message,) = mail_to("district_admin", gaps)
    assert message.subject == "[向李斌同志学习] 本区学习活动提醒"
    body = message.body
    assert "黄浦单位二（HP-GH-02）：尚无学习活动" in body
    assert f"黄浦单位一（HP-GH-01）：最近一次活动 {days_ago(40):%Y-%m-%d}" in body
    assert "黄浦单位一（HP-GH-01）：尚未学习 担当情怀、敬业精神、道德情操" in body
    assert "黄浦单位一班组" not in body  # studied everything this week
    assert "徐汇" not in body
    assert "http://localhost:8000/reports/?show=silent" in body


def test_the_gaps_are_named_campaign_by_campaign_in_one_mail(gaps, two_campaigns):
    send_due()

    (message,) = mail_to("district_admin", gaps)
    assert message.subject == "[向李斌同志学习、示例学习活动] 本区学习活动提醒"
    li_bin, sample = message.body.split("【示例学习活动】")
    assert "【向李斌同志学习】" in li_bin
    assert "黄浦单位二（HP-GH-02）：尚无学习活动" in li_bin
    assert "黄浦单位一（HP-GH-01）：尚未学习 担当情怀、敬业精神、道德情操" in li_bin
    assert "http://localhost:8000/reports/?show=silent&campaign=li-bin-2019" in li_bin
    assert (
        "黄浦单位一（HP-GH-01）：尚未学习 联系实际、交流研讨、学以致用、互帮互学、总结提高、"
        "持之以恒" in sample
    )
    assert "黄浦单位一（HP-GH-01）：最近一次活动" not in sample  # studied ten days ago
    assert "黄浦单位二" not in sample  # exempt from the sample
    assert "黄浦单位一班组" not in sample  # studied everything this week
    assert "http://localhost:8000/reports/?show=silent&campaign=sample-2026" in sample
    assert "本提醒每人每 7 天至多一封" in sample  # one mail, ending once
    # 徐汇 is not called by the sample: its organiser hears of Li Bin's campaign only.
    (other,) = mail_to("outsider", gaps)
    assert other.subject == "[向李斌同志学习] 本单位学习活动提醒"
    assert "示例" not in other.body


def test_a_closed_campaign_is_not_reminded_of(gaps, two_campaigns):
    Campaign.objects.filter(pk=two_campaigns.pk).update(status=Campaign.Status.CLOSED)

    send_due()

    (message,) = mail_to("district_admin", gaps)
    assert message.subject == "[向李斌同志学习] 本区学习活动提醒"
    assert "示例" not in message.body


def test_a_unit_with_no_gap_in_any_campaign_is_not_reminded(gaps, two_campaigns):
    gaps.organiser.organisation = gaps.team  # all points of both campaigns this week
    gaps.organiser.save()

    send_due()

    assert mail_to("organiser", gaps) == []


def test_an_organiser_hears_of_their_own_unit_only(gaps):
    send_due()

    (message,) = mail_to("organiser", gaps)
    assert message.subject == "[向李斌同志学习] 本单位学习活动提醒"
    assert "黄浦单位一（HP-GH-01）" in message.body
    assert "黄浦单位二" not in message.body
    (other,) = mail_to("outsider", gaps)
    assert "徐汇单位一" in other.body and "黄浦" not in other.body


def test_no_mail_for_readers_campaign_admins_inactive_accounts_or_units_or_no_gap(gaps):
    gaps.outsider.is_active = False
    gaps.outsider.save()
    gaps.organiser.organisation = gaps.team  # a unit with no gap
    gaps.organiser.save()

    send_due()

    addressed = {address for message in mail.outbox for address in message.to}
    assert addressed == {gaps.district_admin.email}
    gaps.huangpu_body.is_active = False
    gaps.huangpu_body.save()
    ReminderLog.objects.all().delete()
    mail.outbox.clear()
    send_due()
    assert mail.outbox == []  # the district admin's own unit is no longer active


def test_never_the_same_person_twice_in_seven_days(gaps):
    first = send_due()
    again = send_due()

    assert len(first) == 3 and again == []
    ReminderLog.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    assert len(send_due()) == 3
    assert len(mail.outbox) == 6


def test_what_was_sent_is_logged_and_admins_see_it_in_their_scope(gaps, client_as):
    send_due()

    log = ReminderLog.objects.get(recipient=gaps.district_admin)
    assert log.email == gaps.district_admin.email
    assert log.subject == "[向李斌同志学习] 本区学习活动提醒"
    assert "黄浦单位二" in log.body
    page = client_as("district_admin").get(reverse("admin:campaign_reminderlog_changelist"))
    text = page.content.decode()
    assert gaps.organiser.email in text and gaps.outsider.email not in text
    everything = client_as("campaign_admin").get(reverse("admin:campaign_reminderlog_changelist"))
    assert gaps.outsider.email in everything.content.decode()
    assert (
        client_as("organiser").get(reverse("admin:campaign_reminderlog_changelist")).status_code
        == 403
    )


def test_the_command_dry_run_sends_and_logs_nothing(gaps, capsys):
    call_command("send_reminders", "--dry-run")

    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert "Would send 3 reminders" in capsys.readouterr().out


def test_a_failed_send_is_not_logged_so_tomorrow_tries_again(gaps, settings):
    settings.EMAIL_BACKEND = "tests.campaign.reports.test_reminders.BrokenBackend"
    with pytest.raises(ConnectionError):
        send_due()
    assert not ReminderLog.objects.exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP server unreachable")
