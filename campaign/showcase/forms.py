"""The showcase's filters and the search box, read from the query string (bookmarkable)."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.choices import District
from documents.models import LearningPoint, Paragraph

# A query must name something: two letters or digits at least (one Chinese character matches
# most of the corpus); longer than a sentence is not a search.
QUERY_MIN_CHARACTERS = 2
QUERY_MAX_LENGTH = 50
TOO_SHORT = _("Type at least two characters (letters or digits) to search.")


class ShowcaseFilterForm(forms.Form):
    point = forms.TypedChoiceField(
        label=_("Learning point"), required=False, coerce=int, empty_value=None
    )
    district = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None
    )
    paragraph = forms.TypedChoiceField(
        label=_("Paragraph"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, paragraphs: list[Paragraph], points: list[LearningPoint]):
        super().__init__(data)
        self.fields["point"].choices = [
            ("", _("All points")),
            *((p.number, str(p)) for p in points),
        ]
        self.fields["district"].choices = [("", _("All districts")), *District.choices]
        self.fields["paragraph"].choices = [
            ("", _("All paragraphs")),
            *((p.number, p.opening_words()) for p in paragraphs),
        ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=QUERY_MAX_LENGTH,
        strip=True,
        error_messages={"required": TOO_SHORT},
    )

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        meaningful = sum(unicodedata.category(c)[0] in "LN" for c in query)
        if meaningful < QUERY_MIN_CHARACTERS:
            raise forms.ValidationError(TOO_SHORT)
        return query
