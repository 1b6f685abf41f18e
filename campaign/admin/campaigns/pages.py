"""The campaigns in the backend (documents.Campaign): their list, each campaign's page (points,
profile, corrections of its text, scope, period, copy from an earlier campaign), its preview
link, publishing and closing with a confirmation, and its history.

Only campaign admins change anything (`permissions.may_manage_campaigns`); district admins read
the published campaigns whose scope touches their district (`campaigns.campaigns_of`), so that
they know what their units are called to do; organisers and readers see nothing of it. Every
write goes through the loader's one write path (`documents.loader.edit`), which keeps the
history: who, when, what.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.audit.actions import Action
from campaign.admin.campaigns.forms import (
    CampaignForm,
    FactFormSet,
    check_together,
    paragraph_formset,
    paragraph_initial,
)
from campaign.admin.campaigns.history import text_changes
from campaign.admin.common import HistoryAdmin
from campaign.campaigns import campaign_order, campaigns_of
from campaign.choices import District, OrganisationKind
from campaign.permissions import may_manage_campaigns, may_see_campaigns, may_start_campaigns
from documents.loader.edit import (
    campaign_close,
    campaign_edit,
    campaign_publish,
    copied_from,
    publish_problems,
)
from documents.loader.text import DecisionFormatError, propose_stored_points
from documents.models import Campaign


@admin.register(Campaign)
class CampaignAdmin(HistoryAdmin):
    list_display = ["label", "status", "opens_on", "closes_on", "expected_start", "scope_words"]
    list_display_links = ["label"]
    list_filter = ["status"]
    list_select_related = ["document"]
    search_fields = ["name", "slug", "document__number"]
    # The campaign's page; the add page stays Django's (the upload of a decision replaces it).
    campaign_page_template = "admin/documents/campaign/campaign_form.html"
    object_history_template = "admin/documents/campaign/object_history.html"

    # Who sees what.

    def get_queryset(self, request):
        campaigns = super().get_queryset(request).annotate(point_count=Count("document__points"))
        user = request.user
        if may_manage_campaigns(user):
            return campaigns.order_by(*campaign_order())
        if may_see_campaigns(user):
            return campaigns.filter(pk__in=[c.pk for c in campaigns_of(user)])
        return campaigns.none()

    def has_module_permission(self, request):
        return may_see_campaigns(request.user)

    def has_view_permission(self, request, obj=None):
        return may_see_campaigns(request.user)

    def has_change_permission(self, request, obj=None):
        return may_manage_campaigns(request.user)

    def has_add_permission(self, request):
        return may_start_campaigns(request.user)

    def add_view(self, request, form_url="", extra_context=None):
        """A campaign starts from its decision's file or text (`campaign.admin.starting`)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("start_campaign:upload"))

    def has_delete_permission(self, request, obj=None):
        return False  # sessions and reports refer to campaigns: they are closed, never deleted

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # missing, or out of reach: the same answer
            raise Http404("No such campaign within your reach.")
        return obj

    # The list.

    @admin.display(description=gettext_lazy("campaign"), ordering="name")
    def label(self, obj):
        return obj.label

    @admin.display(description=gettext_lazy("scope"))
    def scope_words(self, obj):
        return scope_in_words(obj.scope)

    # The campaign's page.

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/publish/", wrap(self.publish_view), name="documents_publish"),
            path("<path:object_id>/close/", wrap(self.close_view), name="documents_close"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        campaign = self.get_object(request, unquote(object_id))
        editable = self.has_change_permission(request, campaign)
        if request.method == "POST" and not editable:
            raise PermissionDenied
        document = campaign.document
        texts = list(document.paragraphs.order_by("number").values_list("text", flat=True))
        initial = CampaignForm.initial_of(campaign)
        paragraph_rows = paragraph_initial(campaign, texts, propose_stored_points(texts))
        copied = self._copy(request, campaign, initial, paragraph_rows) if editable else None
        facts_initial = [
            {"kind": f.kind, "text": f.text} for f in document.profile_facts.order_by("position")
        ]
        Paragraphs = paragraph_formset(len(texts))
        bound = request.POST if request.method == "POST" else None
        form = CampaignForm(bound, campaign=campaign, initial=initial)
        paragraphs = Paragraphs(bound, prefix="paragraphs", initial=paragraph_rows)
        # Posted facts are read as posted: compared with the stored ones, an unchanged fact
        # would count as an empty extra row and be dropped.
        facts = FactFormSet(bound, prefix="facts", initial=None if bound else facts_initial)
        if bound is not None and form.is_valid() and paragraphs.is_valid() and facts.is_valid():
            together = check_together(form, paragraphs, facts)
            if together is not None:
                points, quoted = together
                try:
                    changed = campaign_edit(
                        campaign,
                        by=request.user,
                        paragraphs=[f.cleaned_data["text"] for f in paragraphs.forms],
                        points=points,
                        facts=quoted,
                        **form.campaign_fields(),
                    )
                except DecisionFormatError as error:
                    form.add_error(None, _("Nothing was saved: %(why)s") % {"why": error})
                else:
                    if any(changed.values()):
                        self.message_user(request, _("The campaign was saved."), messages.SUCCESS)
                    else:
                        self.message_user(request, _("Nothing had changed."), messages.INFO)
                    return HttpResponseRedirect(request.path)
        if not editable:
            for each in [form, *paragraphs.forms, *facts.forms]:
                for field in each.fields.values():
                    field.disabled = True
        context = {
            **self.admin_site.each_context(request),
            "title": campaign.label,
            "opts": self.opts,
            "original": campaign,
            "campaign": campaign,
            "document": document,
            "form": form,
            "paragraphs": paragraphs,
            "facts": facts,
            "editable": editable,
            "copied": copied,
            "earlier": Campaign.objects.exclude(pk=campaign.pk).order_by(*campaign_order())
            if editable
            else [],
            "publish_problems": publish_problems(campaign) if campaign.is_draft else [],
            "has_view_permission": True,
            "has_change_permission": editable,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.campaign_page_template, context)

    def _copy(self, request, campaign, initial: dict, paragraph_rows: list[dict]):
        """?copy_from=<id>: the form filled from an earlier campaign, for the admin to check and
        save (nothing is saved until then)."""
        chosen = request.GET.get("copy_from")
        if not chosen or request.method != "GET":
            return None
        earlier = Campaign.objects.exclude(pk=campaign.pk).filter(pk=chosen).first()
        if earlier is None:
            return None
        marked = [n for n, row in enumerate(paragraph_rows, start=1) if row["states_point"]]
        copied = copied_from(earlier, campaign, marked)
        for number, name in copied["short_names"].items():
            paragraph_rows[number - 1]["short_name"] = name
        scope = copied["scope"]
        initial.update(
            districts=scope.get("districts", []),
            kinds=scope.get("kinds", []),
            under="\n".join(scope.get("under", [])),
        )
        for name in ("closes_on", "expected_start"):
            if name in copied:
                initial[name] = copied[name]
        return earlier

    # Publishing and closing, each confirmed.

    def publish_view(self, request, object_id):
        return self._status_view(
            request,
            object_id,
            act=campaign_publish,
            title=_("Publish this campaign?"),
            consequence=_(
                "Readers will see its pages, and the units in its scope will record sessions "
                "on its learning points."
            ),
            done=_("“%(name)s” is published."),
            refused=publish_problems,
        )

    def close_view(self, request, object_id):
        return self._status_view(
            request,
            object_id,
            act=campaign_close,
            title=_("Close this campaign?"),
            consequence=_(
                "No new session can be recorded for it. Its pages, reports and summary table "
                "(汇总表) stay readable as an archive."
            ),
            done=_("“%(name)s” is closed."),
            refused=lambda c: [] if c.is_open else [_("Only an open campaign can be closed.")],
        )

    def _status_view(self, request, object_id, *, act, title, consequence, done, refused):
        if not may_manage_campaigns(request.user):
            raise PermissionDenied
        campaign = self.get_object(request, unquote(object_id))
        change_url = reverse("admin:documents_campaign_change", args=[campaign.pk])
        if problems := refused(campaign):
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            with transaction.atomic():  # published or closed only if the trail records it
                act(campaign, by=request.user)
                campaign.refresh_from_db()
                audit.record(request, Action.CAMPAIGN, target=campaign.slug, status=campaign.status)
            self.message_user(request, done % {"name": campaign.label}, messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "consequence": consequence,
            "opts": self.opts,
            "original": campaign,
            "campaign": campaign,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/documents/campaign/confirm_status.html", context)

    def history_view(self, request, object_id, extra_context=None):
        campaign = self.get_object(request, unquote(object_id))
        extra = {"text_changes": text_changes(campaign.document), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=extra)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":  # reverting would skip the write path's rules
            raise PermissionDenied("Reverting to an old version is switched off.")
        self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)


def scope_in_words(scope: dict | None) -> str:
    """全市, or its districts, kinds of body and subtrees: 黄浦区 · 区局（产业）工会 · HP-GH."""
    scope = scope or {}
    if not any(scope.values()):
        return _("The whole city")
    districts = dict(District.choices)
    kinds = dict(OrganisationKind.choices)
    parts = [
        "、".join(str(districts.get(d, d)) for d in scope.get("districts", [])),
        "、".join(str(kinds.get(k, k)) for k in scope.get("kinds", [])),
        "、".join(scope.get("under", [])),
    ]
    return format_html("{}", " · ".join(part for part in parts if part))
