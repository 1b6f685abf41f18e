"""The session a reflection is on, picked by its day, its unit and its title, a make-up session
(补课) told from the session it makes up: “2026-12-05 黄浦单位一：补课：学习李斌同志事迹（补课，补
2026-12-03的学习）” under “2026-12-03 黄浦单位一：学习李斌同志事迹”.

Django's autocomplete names each choice by `str()`; the picker asks a view of its own, the same
as Django's (the sessions' admin's scope and search), that names them so, a page in three
queries."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext

from campaign.forms import ScopedModelChoiceField
from campaign.models import Absentee, StudySession

URL_NAME = "campaign_reflection_session_picker"


def with_missed_day(sessions):
    """`sessions` with their units, and for a make-up the earliest day it makes up for
    (`missed_on`, None for any other session)."""
    missed = Absentee.objects.filter(made_up_in=OuterRef("pk")).order_by("session__held_on")
    return sessions.select_related("organisation").annotate(
        missed_on=Subquery(missed.values("session__held_on")[:1])
    )


def session_label(session: StudySession) -> str:
    """The day, the unit and the title; a make-up says so, and which day it makes up for."""
    label = gettext("%(day)s %(unit)s：%(title)s") % {
        "day": f"{session.held_on:%Y-%m-%d}",
        "unit": session.organisation.name,
        "title": session.title,
    }
    missed_on = getattr(session, "missed_on", None)
    if missed_on is None:
        return label
    return gettext("%(label)s (make-up for the session of %(day)s)") % {
        "label": label,
        "day": f"{missed_on:%Y-%m-%d}",
    }


class SessionPickerView(AutocompleteJsonView):
    def get_queryset(self):
        return with_missed_day(super().get_queryset())

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": session_label(obj)}


class SessionPicker(AutocompleteSelect):
    url_name = f"%s:{URL_NAME}"


class SessionChoiceField(ScopedModelChoiceField):
    """The chosen session, named as the picker names it (its queryset is scoped by the admin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = with_missed_day(self.queryset)

    def label_from_instance(self, obj):
        return session_label(obj)
