"""The session form's learning points (and the reflection form's point): those of every open
campaign that calls the record's unit, grouped by campaign, so one session is entered once and
counts for each campaign it served (最多报一次). The rule itself is `services.PointRule`'s;
this module only offers and asks it."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from campaign import services
from campaign.models import Organisation
from documents.models import LearningPoint


def form_unit(form: forms.ModelForm, user) -> Organisation | None:
    """The unit posted, or the one the form opens with, if the user reaches it."""
    unit = form.data.get("organisation") if form.is_bound else form.initial.get("organisation")
    if unit is None and form.instance.pk is not None:
        unit = form.instance.organisation_id
    try:
        unit = int(unit)
    except (TypeError, ValueError):
        return None
    return Organisation.objects.visible_to(user).filter(pk=unit).first()


def point_choices(
    *, unit: Organisation | None, kept: set[int], rule: services.PointRule
) -> tuple[QuerySet[LearningPoint], list]:
    """The points of the open campaigns that call `unit` (all open ones while it is not chosen),
    and those in `kept` (what the record already had), as a queryset and as choices grouped
    under each campaign's name (its label, 示例 marked)."""
    documents = [campaign.document_id for campaign in rule.open_to(unit)]
    points = LearningPoint.objects.filter(Q(document__in=documents) | Q(pk__in=kept))
    groups: dict[int, list] = {document: [] for document in documents}
    for point in points.order_by("document", "number"):
        groups.setdefault(point.document_id, []).append((point.pk, str(point)))
    choices = [
        (rule.by_document[document].label, choices)
        for document, choices in groups.items()
        if choices and document in rule.by_document
    ]
    return points, choices


def offer_points(
    field: forms.ModelMultipleChoiceField,
    *,
    unit: Organisation | None,
    kept: set[int],
    rule: services.PointRule,
) -> None:
    """The session's points (`point_choices`), with a word on what they are."""
    field.queryset, field.choices = point_choices(unit=unit, kept=kept, rule=rule)
    if not field.choices:
        field.help_text = _("No open campaign calls this unit to take part.")
    elif len(field.choices) > 1:
        field.help_text = _(
            "A session that served several campaigns is entered once: tick the points of each."
        )
