"""The privacy pages: the rules (public), and the signed-in user's own data."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import audit
from accounts.audit.actions import Action
from campaign.privacy.own_data import own_data


def rules(request):
    """个人信息处理规则: what is kept, why, who sees it, for how long (the settings' actual values)
    and whom to ask."""
    return render(
        request,
        "campaign/privacy/rules.html",
        {
            "months": settings.PERSONAL_DATA_MONTHS,
            "contact": settings.PRIVACY_CONTACT,
            "complaints_url": complaints_url(),
        },
    )


def complaints_url() -> str:
    """Where a member asks for a copy, a correction or a deletion: the complaint channel
    (意见建议, the feedback app) with its category for personal data chosen."""
    return f"{reverse('feedback:send')}?category=personal_data"


@never_cache
@login_required
def my_data(request):
    """What the download holds, and the button."""
    return render(
        request,
        "campaign/privacy/my_data.html",
        {"contact": settings.PRIVACY_CONTACT, "complaints_url": complaints_url()},
    )


@never_cache
@login_required
def my_data_download(request):
    """The signed-in user's own data as a JSON file; only theirs, whatever the query says."""
    # Before the file is made, as every download of records: one that cannot be recorded does not leave.
    audit.record(request, Action.DOWNLOAD, target="own personal data", rows=1)
    body = json.dumps(own_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="personal-data-{day:%Y%m%d}.json"'
    return response
