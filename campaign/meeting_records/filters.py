"""Which sessions a ZIP of meeting records holds, from the query string: chosen `ids`, or a
period (`start`, `end`) and a unit with the units under it (`organisation`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.forms import ScopedModelChoiceField
from campaign.meeting_records.archive import MAX_RECORDS, too_many_message
from campaign.models import Organisation
from campaign.validators import PeriodFormMixin


class RecordsFilterForm(PeriodFormMixin, forms.Form):
    """Every filter given applies (ids and a period narrow each other); none means every session
    within the user's reach, which the cap on a ZIP then refuses at city or district scale."""

    ids = forms.CharField(label=_("study sessions"), required=False)
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    organisation = ScopedModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user)

    def clean_ids(self) -> list[int]:
        raw = [part.strip() for part in self.cleaned_data["ids"].split(",")]
        ids = [part for part in raw if part]
        if not all(part.isascii() and part.isdigit() for part in ids):
            raise forms.ValidationError(
                _("Give the study sessions' numbers separated by commas."), code="invalid"
            )
        if len(ids) > MAX_RECORDS:
            raise forms.ValidationError(too_many_message(), code="too_many")
        return [int(part) for part in ids]

    def filter(self, sessions):
        """`sessions` (already scoped to the user) narrowed by the valid filters."""
        data = self.cleaned_data
        if data["ids"]:
            sessions = sessions.filter(pk__in=data["ids"])
        if data["start"]:
            sessions = sessions.filter(held_on__gte=data["start"])
        if data["end"]:
            sessions = sessions.filter(held_on__lte=data["end"])
        if data["organisation"]:
            sessions = sessions.filter(organisation__path__startswith=data["organisation"].path)
        return sessions
