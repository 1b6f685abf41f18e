"""The campaign page's form: the campaign's own fields and scope (`CampaignForm`), its paragraphs,
each with its text (a correction) and whether it states a learning point with which short name
(`paragraph_formset`), and the facts of its profile (`fact_formset`). `check_together` applies
the rules that span them; every refusal is shown next to its field and nothing is saved."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.choices import District, OrganisationKind
from campaign.models import Organisation
from documents.loader.text import paragraphs_quoting
from documents.models import MOST_POINTS, Campaign, LearningPoint, Paragraph, ProfileFact

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _field(model, name: str, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class CampaignForm(forms.Form):
    name = _field(Campaign, "name")
    is_sample = _field(Campaign, "is_sample")
    opens_on = _field(Campaign, "opens_on", widget=DATE)
    closes_on = _field(Campaign, "closes_on", widget=DATE)
    expected_start = _field(Campaign, "expected_start", widget=DATE)
    districts = forms.TypedMultipleChoiceField(
        label=gettext_lazy("districts"),
        choices=District.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("kinds of body"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    under = forms.CharField(
        label=gettext_lazy("subtrees (organisation codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "The units under these organisations, one code per line. With no district, kind "
            "or subtree the campaign calls the whole city; each one given narrows the scope."
        ),
    )
    honours = _field(Campaign, "honours")

    def __init__(self, *args, campaign: Campaign, **kwargs):
        self.campaign = campaign
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_of(campaign: Campaign) -> dict:
        scope = campaign.scope or {}
        return {
            "name": campaign.name,
            "is_sample": campaign.is_sample,
            "opens_on": campaign.opens_on,
            "closes_on": campaign.closes_on,
            "expected_start": campaign.expected_start,
            "districts": scope.get("districts", []),
            "kinds": scope.get("kinds", []),
            "under": "\n".join(scope.get("under", [])),
            "honours": campaign.honours,
        }

    def clean_under(self) -> list[str]:
        codes = list(dict.fromkeys(self.cleaned_data["under"].replace(",", " ").split()))
        known = set(Organisation.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := [code for code in codes if code not in known]:
            raise ValidationError(
                _("No organisation has the code %(codes)s.") % {"codes": "、".join(unknown)}
            )
        return codes

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        expected = cleaned.get("expected_start")
        if opens is None and not self.campaign.is_draft:
            self.add_error("opens_on", _("A published campaign keeps its opening day."))
        if closes and opens and closes < opens:
            self.add_error("closes_on", _("The closing day comes before the opening day."))
        if expected and opens is None:
            self.add_error("opens_on", _("Give the opening day with the expected first session."))
        elif expected and expected < opens:
            self.add_error("expected_start", _("This day comes before the opening day."))
        elif expected and closes and expected > closes:
            self.add_error("expected_start", _("This day comes after the closing day."))
        return cleaned

    def campaign_fields(self) -> dict:
        """The campaign's own fields, as `campaign_edit` takes them."""
        data = self.cleaned_data
        scope = {key: data[key] for key in ("districts", "kinds", "under") if data[key]}
        names = ("name", "is_sample", "opens_on", "closes_on", "expected_start", "honours")
        return {**{name: data[name] for name in names}, "scope": scope}


class ParagraphForm(forms.Form):
    text = _field(Paragraph, "text", widget=forms.Textarea(attrs={"rows": 3}))
    states_point = forms.BooleanField(label=gettext_lazy("states a learning point"), required=False)
    short_name = _field(LearningPoint, "short_name", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("states_point") and not cleaned.get("short_name", "").strip():
            self.add_error("short_name", _("Give this learning point a short name."))
        return cleaned


class FactForm(forms.Form):
    kind = _field(ProfileFact, "kind")
    text = _field(ProfileFact, "text")


def paragraph_formset(count: int):
    """As many forms as the decision has paragraphs: a posted count is not trusted."""
    return forms.formset_factory(
        ParagraphForm,
        extra=0,
        min_num=count,
        max_num=count,
        absolute_max=count,
        validate_min=True,
        validate_max=True,
    )


FactFormSet = forms.formset_factory(FactForm, extra=2, can_delete=True, max_num=100)


def paragraph_initial(campaign: Campaign, texts: list[str], proposed: list[dict]) -> list[dict]:
    """Each paragraph's text, and its point: the stored ones, or for a campaign that has none
    yet those proposed from the text (一是要…, 二是要…), for the admin to check."""
    points = {
        p.paragraph.number: p.short_name
        for p in campaign.document.points.select_related("paragraph")
    }
    if not points:
        points = {p["paragraph"]: p["short_name"] for p in proposed}
    return [
        {"text": text, "states_point": number in points, "short_name": points.get(number, "")}
        for number, text in enumerate(texts, start=1)
    ]


def check_together(form: CampaignForm, paragraphs, facts) -> tuple[list, list] | None:
    """The rules across the forms, checked once each is valid: 1 to 12 points (none yet is a
    draft's right), each fact found word for word in exactly one (corrected) paragraph, a
    person named with the facts. Returns (points, facts) for `campaign_edit`, or None with
    the errors added next to their fields."""
    texts = [f.cleaned_data["text"] for f in paragraphs.forms]
    points = [
        (number, f.cleaned_data["short_name"].strip())
        for number, f in enumerate(paragraphs.forms, start=1)
        if f.cleaned_data["states_point"]
    ]
    ok = True
    if len(points) > MOST_POINTS or (not points and not form.campaign.is_draft):
        form.add_error(
            None,
            _("Mark 1 to %(most)d paragraphs that state a learning point.") % {"most": MOST_POINTS},
        )
        ok = False
    quoted = []
    for fact in facts.forms:
        data = fact.cleaned_data
        if not data or data.get("DELETE"):
            continue
        found = paragraphs_quoting(data["text"], texts)
        if len(found) != 1:
            fact.add_error(
                "text",
                _(
                    "A fact must be quoted word for word from exactly one paragraph; "
                    "it is found in %(count)d."
                )
                % {"count": len(found)},
            )
            ok = False
        else:
            quoted.append((data["kind"], data["text"], found[0]))
    if quoted and not form.cleaned_data.get("honours"):
        form.add_error("honours", _("Name the person the profile honours."))
        ok = False
    if form.cleaned_data.get("honours") and not quoted:
        form.add_error("honours", _("A profile needs at least one fact quoted from the text."))
        ok = False
    return (points, quoted) if ok else None
