"""The dashboard's filters (campaign, period, district, kind) and its coverage lists."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.campaigns import campaigns_of
from campaign.choices import District, OrganisationKind
from campaign.querysets import district_of_reach
from campaign.validators import CAMPAIGN_START, PeriodFormMixin

COVERAGE_LISTS = [
    ("all", _("All units")),
    ("none", _("No session yet")),
    ("missing", _("Missing a learning point")),
    ("silent", _("Silent for 30 days")),
]


class IsoDateInput(forms.DateInput):
    """A date box that shows and takes 2026-12-06 in any browser: a text box, since the
    browser's own date box shows its language's format (12/06/2026 in an English browser)."""

    input_type = "text"

    def __init__(self):
        super().__init__(
            format="%Y-%m-%d",
            attrs={"placeholder": _("e.g. 2026-12-06"), "size": 10},
        )


class ReportFilterForm(PeriodFormMixin, forms.Form):
    """The dashboard's filters, read from the query string so a view can be bookmarked."""

    campaign = forms.ChoiceField(label=_("Campaign"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    end = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())
    district = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.campaigns = campaigns_of(user)
        self.fields["campaign"].choices = [(c.slug, c.label) for c in self.campaigns]
        districts = District.choices
        own = district_of_reach(user)
        if own is not None:
            # A district admin or organiser has one district: offer only that one.
            districts = [(own, District(own).label)]
        self.fields["district"].choices = [("", _("All districts")), *districts]
        self.fields["kind"].choices = [("", _("All kinds")), *OrganisationKind.choices]

    def chosen_campaign(self):
        """The campaign asked for, else the user's current one (their first)."""
        slug = self.cleaned_data.get("campaign") if self.is_valid() else None
        chosen = [c for c in self.campaigns if c.slug == slug]
        return (chosen or self.campaigns or [None])[0]

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start and start > timezone.localdate():
            raise forms.ValidationError(_("The period cannot start in the future."))
        # Nothing happened before the decision: an earlier start means from the beginning.
        return max(start, CAMPAIGN_START) if start else start

    def clean_end(self):
        # Nothing has happened after today: a later end (up to 9999-12-31) means until today.
        end = self.cleaned_data["end"]
        return min(end, timezone.localdate()) if end else end
