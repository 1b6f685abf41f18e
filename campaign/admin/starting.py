"""Starting a campaign in the backend (新建学习教育), for campaign admins only: the admin uploads
the decision's file or pastes its text, the reader (`documents.reading`) reads it, and every
field it read is shown in a form to correct before anything is saved; saving writes a draft
through the loader's one write path (`write_campaign`), with the points chosen.

Nothing is kept between the two steps but the form itself: the uploaded file lives in memory or
a temporary file for its request only, so a refused file leaves nothing behind; the review form
carries all the text it read, as fields the admin may change.

The pages sit under /admin/ (wired in `campaign.conf.urls`) and use the admin site's frame, its
sign-in and its staff check; `permissions.may_start_campaigns` keeps out everyone else (403).
"""

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.audit.actions import Action
from campaign.admin.starting_forms import (
    DecisionUploadForm,
    DraftForm,
    PointFormSet,
    draft_data,
    proposed_points,
)
from campaign.permissions import may_start_campaigns
from documents.loader.text import DecisionFormatError
from documents.loader.write import write_campaign
from documents.models import Campaign

app_name = "start_campaign"


def _campaign_admins_only(view):
    def checked(request, *args, **kwargs):
        if not may_start_campaigns(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return admin.site.admin_view(checked)


def _page(request, template: str, context: dict) -> TemplateResponse:
    return TemplateResponse(
        request,
        template,
        {**admin.site.each_context(request), "title": _("Start a campaign"), **context},
    )


def upload(request):
    """Step 1: the decision's file or text; read, it is shown as the review form (step 2)."""
    form = DecisionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        return _review_page(
            request,
            DraftForm(initial=DraftForm.initial_from(decision)),
            PointFormSet(initial=proposed_points(decision), prefix="points"),
        )
    return _page(request, "admin/campaign/start/upload.html", {"form": form})


@require_POST
def review(request):
    """Step 2: the corrected fields; valid, the draft is written, else shown again."""
    form = DraftForm(request.POST)
    points = PointFormSet(request.POST, prefix="points")
    if form.is_valid():
        points.paragraphs = form.cleaned_data["paragraphs"]
    if form.is_valid() and points.is_valid():
        try:
            with transaction.atomic():
                write_campaign(draft_data(form, points))
                campaign = Campaign.objects.get(slug=form.cleaned_data["slug"])
                LogEntry.objects.log_actions(
                    user_id=request.user.pk,
                    queryset=[campaign],
                    action_flag=ADDITION,
                    change_message=[{"added": {}}],
                    single_object=True,
                )
                audit.record(request, Action.CAMPAIGN, target=campaign.slug, status="draft")
        except DecisionFormatError:  # another admin took the address or number meanwhile
            form.add_error(None, _("Another campaign was saved with this address or number."))
        else:
            messages.success(
                request,
                _("The draft campaign “%(name)s” is saved; readers do not see it yet.")
                % {"name": campaign.name},
            )
            return redirect(_after_saving(campaign))
    return _review_page(request, form, points)


def _review_page(request, form: DraftForm, points) -> TemplateResponse:
    return _page(
        request,
        "admin/campaign/start/review.html",
        {"form": form, "points": points, "paragraph_list": form.paragraph_list()},
    )


def _after_saving(campaign: Campaign) -> str:
    """The campaign's own page in the backend where there is one, else the backend's index."""
    try:
        return reverse("admin:documents_campaign_change", args=[campaign.pk])
    except NoReverseMatch:
        return reverse("admin:index")


urlpatterns = [
    path("", _campaign_admins_only(upload), name="upload"),
    path("review/", _campaign_admins_only(review), name="review"),
]
