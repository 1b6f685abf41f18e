"""The forms of starting a campaign (`starting`): the decision's file or text, then every field
the reader found, for the campaign admin to correct before the draft is written."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.loader.folder import CampaignData, ParsedPoint
from documents.loader.text import ParsedDecision, propose_points, short_name_of
from documents.models import MOST_POINTS, Campaign, Document, LearningPoint
from documents.reading import UnreadableDecision, read_decision
from documents.reading.files import ACCEPTED

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_SERIAL = re.compile(r"(\d{4})\D+(\d+)\s*号$")


class DecisionUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The decision's file"),
        required=False,
        help_text=gettext_lazy("Word (.docx), text (.txt) or a PDF with a text layer."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste its text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if self.errors:
            return cleaned
        if upload is None and not text.strip():
            raise ValidationError(_("Upload the decision's file or paste its text."))
        try:
            cleaned["decision"] = read_decision(upload=upload, text=text)
        except UnreadableDecision as refused:
            self.add_error("file" if upload is not None else "text", refused)
        return cleaned


class DraftForm(forms.Form):
    """The decision as read, and the campaign it starts; every field may be corrected."""

    issuers = forms.CharField(
        label=gettext_lazy("Issuing bodies"),
        help_text=gettext_lazy("One issuing body per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=Document._meta.get_field("number").max_length,
    )
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=Document._meta.get_field("title").max_length
    )
    issued_on = forms.DateField(label=gettext_lazy("Date issued"), widget=_DATE)
    distribution = forms.CharField(
        label=gettext_lazy("Distribution line"),
        required=False,
        max_length=Document._meta.get_field("distribution").max_length,
        help_text=gettext_lazy("Such as （此件发至……）; empty when the decision has none."),
    )
    paragraphs = forms.CharField(
        label=gettext_lazy("Paragraphs"),
        help_text=gettext_lazy(
            "The body as it will be published: paragraphs separated by a blank line."
        ),
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    slug = forms.SlugField(
        label=gettext_lazy("Address"),
        max_length=Campaign._meta.get_field("slug").max_length,
        help_text=gettext_lazy(
            "Letters, digits and hyphens: the campaign's pages are /c/<address>/."
        ),
    )
    name = forms.CharField(
        label=gettext_lazy("Name of the campaign"),
        max_length=Campaign._meta.get_field("name").max_length,
    )
    opens_on = forms.DateField(label=gettext_lazy("Opens on"), widget=_DATE)

    CAMPAIGN_FIELDS = ("slug", "name", "opens_on")

    def decision_fields(self) -> list:
        return [field for field in self if field.name not in self.CAMPAIGN_FIELDS]

    def campaign_fields(self) -> list:
        return [self[name] for name in self.CAMPAIGN_FIELDS]

    @staticmethod
    def initial_from(decision: ParsedDecision) -> dict:
        serial = _SERIAL.search(decision.number)
        return {
            "issuers": "\n".join(decision.issuers),
            "number": decision.number,
            "title": decision.title,
            "issued_on": decision.issued_on,
            "distribution": decision.distribution,
            "paragraphs": "\n\n".join(decision.paragraphs),
            "slug": "-".join(serial.groups()) if serial else "",
            "name": decision.title[: Campaign._meta.get_field("name").max_length],
            "opens_on": timezone.localdate(),
        }

    def clean_issuers(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["issuers"].splitlines() if line.strip()]

    def clean_paragraphs(self) -> list[str]:
        # A paragraph's lines are one paragraph (a line break typed inside it is not kept).
        blocks = re.split(r"\n\s*\n", self.cleaned_data["paragraphs"].strip())
        return ["".join(line.strip() for line in block.splitlines()) for block in blocks]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Campaign.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another campaign has this address; choose another."))
        return slug

    def clean_number(self) -> str:
        number = self.cleaned_data["number"]
        taken = Campaign.objects.filter(document__number=number).first()
        if taken is not None:
            raise ValidationError(
                _("This decision already starts the campaign “%(name)s”.") % {"name": taken.name}
            )
        return number

    def paragraph_list(self) -> list[tuple[int, str]]:
        """(number, opening words) of the paragraphs as the form now holds them."""
        if self.is_bound and "paragraphs" in getattr(self, "cleaned_data", {}):
            paragraphs = self.cleaned_data["paragraphs"]
        else:
            raw = self.data.get("paragraphs") if self.is_bound else self.initial.get("paragraphs")
            paragraphs = [p for p in re.split(r"\n\s*\n", (raw or "").strip()) if p]
        return [
            (n, text[:24] + ("…" if len(text) > 24 else "")) for n, text in enumerate(paragraphs, 1)
        ]


class PointForm(forms.Form):
    """A learning point: a row left empty is none (so a proposed point is dropped by clearing
    it)."""

    paragraph = forms.IntegerField(label=gettext_lazy("Paragraph §"), min_value=1, required=False)
    heading = forms.CharField(
        label=gettext_lazy("Heading"),
        required=False,
        max_length=LearningPoint._meta.get_field("heading").max_length,
        help_text=gettext_lazy("The words the paragraph opens with, as written."),
    )
    short_name = forms.CharField(
        label=gettext_lazy("Short name"),
        required=False,
        max_length=LearningPoint._meta.get_field("short_name").max_length,
    )

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.get(name) for name in self.fields):
            for name in self.fields:
                if cleaned.get(name) in (None, ""):
                    self.add_error(name, forms.Field.default_error_messages["required"])
        return cleaned


class BasePointFormSet(forms.BaseFormSet):
    # The corrected paragraphs (`DraftForm.clean_paragraphs`), set before `is_valid`; None
    # while they are themselves wrong, so that the points are not judged against them.
    paragraphs: list[str] | None = None

    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("paragraph")]

    def clean(self):
        if any(self.errors) or self.paragraphs is None:
            return
        last = 0
        for form in self.forms:
            if not form.cleaned_data.get("paragraph"):
                continue
            number, heading = form.cleaned_data["paragraph"], form.cleaned_data["heading"]
            if number > len(self.paragraphs):
                form.add_error(
                    "paragraph",
                    _("There is no paragraph %(number)d; the decision has %(count)d.")
                    % {"number": number, "count": len(self.paragraphs)},
                )
            elif number <= last:
                form.add_error(
                    "paragraph",
                    _("List the points in the order of their paragraphs, one per paragraph."),
                )
            elif not self.paragraphs[number - 1].startswith(heading):
                form.add_error(
                    "heading",
                    _("The heading must be the words paragraph %(number)d opens with.")
                    % {"number": number},
                )
            last = max(last, number)

    def points(self) -> list[ParsedPoint]:
        return [
            ParsedPoint(n, row["heading"], row["short_name"].strip(), row["paragraph"])
            for n, row in enumerate(self.rows(), start=1)
        ]


PointFormSet = forms.formset_factory(
    PointForm, formset=BasePointFormSet, extra=2, max_num=MOST_POINTS, validate_max=True
)


def proposed_points(decision: ParsedDecision) -> list[dict]:
    """The formset's first rows: the paragraphs opening 一是…, 二是…, with short names guessed."""
    return [
        {
            "paragraph": point["paragraph"],
            "heading": decision.headings[point["paragraph"]],
            "short_name": short_name_of(decision.headings[point["paragraph"]])[:20],
        }
        for point in propose_points(decision)
    ]


def draft_data(form: DraftForm, points: BasePointFormSet) -> CampaignData:
    """What `write_campaign` writes: a draft, the whole city its scope until the admin sets one."""
    data = form.cleaned_data
    return CampaignData(
        slug=data["slug"],
        name=data["name"],
        status=Campaign.Status.DRAFT,
        opens_on=data["opens_on"],
        closes_on=None,
        is_sample=False,
        scope={},
        honours="",
        decision=ParsedDecision(
            issuers=data["issuers"],
            number=data["number"],
            title=data["title"],
            paragraphs=data["paragraphs"],
            issued_on=data["issued_on"],
            distribution=data["distribution"],
            headings={p.paragraph_number: p.heading for p in points.points()},
        ),
        points=points.points(),
        facts=[],
    )
