"""Private reminders by mail (`manage.py send_reminders`, daily from cron).

Each district admin hears of the units of their district, each unit organiser of their own unit
and the units under it, that have had no session for 30 days or have a learning point not yet
studied: the dashboard's own lists ("silent", "missing"), so the mail and the page agree. One
mail names the gaps campaign by campaign: each open campaign the user works with
(`campaigns_of`), among the units it calls (exempt units are not reminded of it). Nobody
hears of anyone else's units, nothing is ranked, and nobody gets more than one reminder in
`QUIET_DAYS`. Inactive accounts and inactive units get none. What was sent is logged
(`ReminderLog`), for admins to see in the backend.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import ROLES_NEEDING_ORGANISATION, Role, User
from campaign.campaigns import campaigns_of
from campaign.models import ReminderLog
from campaign.reports.report import SILENT_DAYS, Report
from documents.models import Campaign

QUIET_DAYS = 7
# Units named in one mail, per list; the rest are counted, with the link to the dashboard.
NAMED_MOST = 30


@dataclass(frozen=True)
class Reminder:
    recipient: str  # the address
    subject: str
    body: str
    units: int  # how many units the reminder names


def recipients(now: datetime.datetime):
    """Active district admins and organisers of active units, with an address, who have had no
    reminder in the last QUIET_DAYS."""
    recent = ReminderLog.objects.filter(
        recipient=OuterRef("pk"), sent_at__gt=now - datetime.timedelta(days=QUIET_DAYS)
    )
    return (
        User.objects.filter(
            is_active=True,
            role__in=ROLES_NEEDING_ORGANISATION,  # those whose reach is their units
            organisation__is_active=True,
        )
        .exclude(email="")
        .exclude(Exists(recent))
        .select_related("organisation")
        .order_by("pk")
    )


def campaigns_to_remind(user: User) -> list[Campaign]:
    """The user's campaigns (`campaigns_of`) that are open and have begun: a closed or draft
    campaign, or one that opens later, has nothing to remind of."""
    today = timezone.localdate()
    return [c for c in campaigns_of(user) if c.is_open and c.opens_on <= today]


def gaps_in(user: User, campaign: Campaign) -> dict | None:
    """The units of the user's reach that `campaign` calls (in its scope, not exempt) with a gap
    in it, silent or missing one of its points; None when there is none."""
    report = Report(user=user, campaign=campaign)
    counts = report.coverage_counts
    if not (counts["silent"] or counts["missing"]):
        return None
    silent = report.coverage_page("silent", 0, NAMED_MOST)
    missing = report.coverage_page("missing", 0, NAMED_MOST)
    stats = report.unit_stats([unit.pk for unit in [*silent, *missing]])
    points = {point.number: point.short_name for point in report.points}

    def gaps(unit):
        unit_stats = stats[unit.pk]
        return {
            "unit": unit,
            "last_session": unit_stats.last_session,
            "not_studied": [name for n, name in points.items() if n not in unit_stats.points],
        }

    reports_url = f"{settings.PORTAL_URL}{reverse('campaign:reports')}"
    query = urlencode({"campaign": campaign.slug})
    return {
        "campaign": campaign,
        "silent": [gaps(unit) for unit in silent],
        "silent_more": counts["silent"] - len(silent),
        "missing": [gaps(unit) for unit in missing],
        "missing_more": counts["missing"] - len(missing),
        "silent_url": f"{reports_url}?show=silent&{query}",
        "missing_url": f"{reports_url}?show=missing&{query}",
        "units": {unit.pk for unit in [*silent, *missing]},
    }


def compose(user: User) -> Reminder | None:
    """The user's reminder, a part for each open campaign in which their units have a gap, or
    None when they have none."""
    parts = [
        part
        for campaign in campaigns_to_remind(user)
        if (part := gaps_in(user, campaign)) is not None
    ]
    if not parts:
        return None
    with translation.override("zh-hans"):  # the campaign's mail is Chinese, like its forms
        context = {
            "user": user,
            "district_admin": user.role == Role.DISTRICT_ADMIN,
            "silent_days": SILENT_DAYS,
            "quiet_days": QUIET_DAYS,
            "campaigns": parts,
            "campaign_names": "、".join(part["campaign"].label for part in parts),
        }
        subject = render_to_string("campaign/reminders/subject.txt", context).strip()
        body = render_to_string("campaign/reminders/body.txt", context)
    units = set().union(*(part["units"] for part in parts))
    return Reminder(user.email, subject, body, len(units))


def send_due(*, dry_run: bool = False) -> list[Reminder]:
    """Send each due reminder once; return what was (or, dry, would be) sent."""
    sent = []
    for user in recipients(timezone.now()):
        with transaction.atomic():
            # Two runs at once (a cron job started twice) take turns on the user's row, and the
            # second finds the first one's log.
            User.objects.select_for_update().filter(pk=user.pk).first()
            if not recipients(timezone.now()).filter(pk=user.pk).exists():
                continue
            reminder = compose(user)
            if reminder is None:
                continue
            sent.append(reminder)
            if dry_run:
                continue
            # Logged first, in the same transaction: a failed send rolls the log back.
            ReminderLog.objects.create(
                recipient=user,
                email=user.email,
                subject=reminder.subject,
                body=reminder.body,
                units=reminder.units,
            )
            send_mail(reminder.subject, reminder.body, None, [user.email])
    return sent
