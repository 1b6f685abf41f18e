"""A session's absentees (缺席人员) as rows of its form, and the make-up sessions (补课) that
name them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign import services
from campaign.admin.common import CARDS_TEMPLATE
from campaign.exchange.absentee_cells import means_no_one
from campaign.models import Absentee, StudySession


class AbsenteeForm(forms.ModelForm):
    def has_changed(self):
        # A new row whose name says nobody (无, 没有, —) is no absentee: left out as an empty
        # row is, as the same word in a spreadsheet's cell is (absentee_cells.means_no_one).
        if self.instance.pk is None and means_no_one(self.data.get(self.add_prefix("name"))):
            return False
        return super().has_changed()


class AbsenteeFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """A name twice is said by `clean`, by name; Django's says “name” in English."""

    def _listed(self) -> list[forms.Form]:
        """The rows that name someone and are not marked for deletion."""
        return [
            form
            for form in self.forms
            if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        services.check_named_once(form.cleaned_data["name"] for form in self._listed())

    def rows(self) -> list[tuple[str, str, str]]:
        """The session's absentees as the form leaves them, as (name, reason, note): its rows
        that stay, new or changed (Django's forms have put their values on their objects), and
        any row stored meanwhile by someone else, which the form never showed."""
        shown = {form.instance.pk for form in self.initial_forms}
        staying = [absentee for absentee in self.get_queryset() if absentee.pk not in shown]
        staying += [form.instance for form in self._listed()]
        return [(a.name, a.reason, a.note) for a in staying]


class AbsenteeInline(admin.TabularInline):
    """Who was absent and why, one row each; whether they have made up shows beside them (it is
    recorded on the make-up session, which names whom it makes up for). Saved by the session's
    admin through `services.absentees_save`."""

    model = Absentee
    fk_name = "session"
    form = AbsenteeForm
    formset = AbsenteeFormSet
    template = CARDS_TEMPLATE
    fields = ["name", "reason", "note", "made_up_status"]
    readonly_fields = ["made_up_status"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("made_up_in")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in {"name", "reason", "note"}:
            field.widget.attrs["aria-label"] = capfirst(db_field.verbose_name)
        return field

    @admin.display(description=_("make-up"))
    def made_up_status(self, obj):
        if obj.pk is None:
            return ""
        if obj.made_up_in_id is None:
            return gettext("not yet made up")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:campaign_studysession_change", args=[obj.made_up_in_id]),
            gettext("made up on %(day)s")
            % {"day": formats.date_format(obj.made_up_in.held_on, "MONTH_DAY_FORMAT")},
        )


def makeup_label(absentee: Absentee) -> str:
    missed = absentee.session
    return gettext("%(day)s “%(title)s”: %(absentee)s") % {
        "day": formats.date_format(missed.held_on, "MONTH_DAY_FORMAT"),
        "title": missed.title,
        "absentee": absentee,
    }


class MadeUpField(forms.ModelMultipleChoiceField):
    """On a session's form: the absentees of the unit's earlier sessions whom it makes up for."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Makes up for"),
            queryset=Absentee.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "The absentees of this unit's earlier sessions who attended this session to make "
                "up for what they missed (补课). The list is of the unit chosen when the form "
                "opened."
            ),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return makeup_label(obj)


def makeup_choices(*, user, unit, session_pk):
    """The absentees of the unit's sessions in the user's scope who have not made up yet, or made
    up in the session `session_pk` (None for a new one); none for a unit that does not read."""
    try:
        unit = int(unit)
    except (TypeError, ValueError):
        return Absentee.objects.none()
    return (
        Absentee.objects.filter(
            session__in=StudySession.objects.visible_to(user).filter(organisation=unit)
        )
        .filter(Q(made_up_in__isnull=True) | Q(made_up_in=session_pk))
        .exclude(session=session_pk)
        .select_related("session")
        .order_by("-session__held_on", "session", "pk")
    )


def makeup_problems_on(form: forms.ModelForm, cleaned: dict) -> ValidationError | None:
    """The make-up rules, asked of the session as the form would save it."""
    if not (cleaned.get("organisation") and cleaned.get("held_on")):
        return None
    candidate = StudySession(
        pk=form.instance.pk, organisation=cleaned["organisation"], held_on=cleaned["held_on"]
    )
    chosen = [absentee.pk for absentee in cleaned.get("made_up", ())]
    problems = services.makeup_problems(candidate, chosen)
    return ValidationError(problems) if problems else None
