"""What the backend's pages share: yes and no as icons, a service's refusal on its form, the
date drill-down within the campaign's years, people by name, search of a unit's records, and the
change history in words."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from campaign.models import Organisation
from campaign.validators import CAMPAIGN_START
from documents.models import Campaign

# import-export replaces `change_list_template` with its own, which extends the one set here: so
# the campaign's changelist (the calendar drill-down) stays under the import and export buttons.
CAMPAIGN_CHANGE_LIST = "admin/campaign/change_list.html"
# A table of rows at a desk, a card per row on a phone, every field labelled in both.
CARDS_TEMPLATE = "admin/campaign/edit_inline/tabular_cards.html"

EMPTY = "—"  # a value not given, as the backend's own fields and the history show it


def yes_no(value: bool) -> str:
    """Django's ✓ or ✗ icon, its text in the user's language (Django's own alt is True/False)."""
    return format_html(
        '<img src="{}" alt="{}">',
        static(f"admin/img/icon-{'yes' if value else 'no'}.svg"),
        gettext("Yes") if value else gettext("No"),
    )


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: next to its field, or above the form for a field the
    form does not show."""
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else NON_FIELD_ERRORS, errors)


class DateDrilldownMixin:
    """The date drill-down (`date_hierarchy`) within the campaign's years: a year, month or day
    outside them, typed into the address (`?held_on__year=9999`), made Django's admin fail with
    a server error; it is dropped, with a message, and the whole list shown."""

    def changelist_view(self, request, extra_context=None):
        field = self.date_hierarchy
        names = [f"{field}__{part}" for part in ("year", "month", "day")]
        given = [request.GET.get(name) for name in names]
        if field and any(given) and not _a_campaign_day(*given):
            self.message_user(
                request,
                _("There are no records on that date; all dates are shown."),
                messages.WARNING,
            )
            query = request.GET.copy()
            for name in names:
                query.pop(name, None)
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)


def _a_campaign_day(year, month, day) -> bool:
    """Whether the drill-down's year (month, day) names a real date in the campaign's years."""
    try:
        first = datetime.date(int(year), int(month or 1), int(day or 1))
    except (TypeError, ValueError):
        return False
    return CAMPAIGN_START.year <= first.year <= timezone.localdate().year


class PeopleByNameMixin:
    """录入人 and 审核人 as names. As read-only foreign keys the admin linked them to the user
    admin, which answers 403 to everyone but the campaign admin."""

    @admin.display(description=_("recorded by"))
    def recorded_by_name(self, obj):
        return str(obj.recorded_by) if obj.recorded_by_id else EMPTY

    @admin.display(description=_("reviewed by"))
    def reviewed_by_name(self, obj):
        return str(obj.reviewed_by) if getattr(obj, "reviewed_by_id", None) else EMPTY


class RecordSearchMixin:
    """Search of a unit's records by their own text and by their unit's name or code, in a form
    indexes can serve: the units matching a term are found first (their own index), then the
    records whose text matches or whose unit is one of them. Joined to the units in one OR, the
    search would read every record."""

    #: The record's own text fields searched, each trigram-indexed on PostgreSQL.
    search_fields: tuple[str, ...] = ()
    #: More units than this matching a term are searched through a subquery.
    UNITS_LISTED = 1000

    def get_search_results(self, request, queryset, search_term):
        for term in smart_split(search_term):
            term = unescape_string_literal(term) if term[0] in "\"'" else term
            units = Organisation.objects.filter(Q(name__icontains=term) | Q(code__iexact=term))
            ids = list(units.values_list("pk", flat=True)[: self.UNITS_LISTED + 1])
            matching = Q(organisation__in=ids if len(ids) <= self.UNITS_LISTED else units)
            for field in self.search_fields:
                matching |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(matching)
        return queryset, False


class ShortenedInWords(ObjDiffDisplay):
    """A long text's unchanged middle left out, saying so in the user's language."""

    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        left_out = ngettext(
            "[%(count)d character left out]", "[%(count)d characters left out]", num_skipped_chars
        ) % {"count": num_skipped_chars}
        return f"{prefix}{left_out}{suffix}"


class ChangesInWords(HistoricalRecordContextHelper):
    """Each change in the history as the form shows it: a choice by its label (已退回, not
    "returned"), yes or no, an empty value as a dash, dates as dates; never None or True."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):  # the learning points, as objects
            return value
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if field.flatchoices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime.datetime):
            return formats.localize(timezone.localtime(value))
        if isinstance(value, datetime.date):
            return formats.localize(value)
        return value

    def get_obj_diff_display(self):
        return ShortenedInWords(max_length=self.max_displayed_delta_change_chars)


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history in words, with the campaign's breadcrumbs (templates/admin/campaign)."""

    object_history_list_template = "admin/campaign/object_history_list.html"
    object_history_form_template = "admin/campaign/object_history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangesInWords(self.model, historical_record)


class CampaignFilter(admin.SimpleListFilter):
    """Records of one published campaign, chosen by its label (示例 marked); `of_campaign`
    says which records those are."""

    title = _("campaign")
    parameter_name = "campaign"

    def lookups(self, request, model_admin):
        return [(c.slug, c.label) for c in Campaign.objects.published()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return self.of_campaign(queryset, Campaign.objects.filter(slug=self.value()).first())

    def of_campaign(self, queryset, campaign):
        return queryset.filter(campaign=campaign)
