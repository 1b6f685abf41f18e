"""Roll-ups the reports read instead of a million sessions: derived data, kept by
`campaign.services.rollups` in the same transaction as every write, never edited.

Figures are kept per decision (a session that studied points of two decisions counts, once, in
each) and per point; a new campaign needs no migration:

- `DailyFigures`: what the units of one district and kind did on one day for one decision. A
  period's sums are the rows of its days, however many sessions there are.
- `DailyPointFigures`: the same for one learning point: sessions, participants, reflections.
- `MonthlyFigures`, `MonthlyPointFigures`: a month's daily rows added up.
- `UnitActivity`: for one unit, one decision and one era, the months with a session on each of
  its points, a bit a month, so "which units studied in these months" reads one row per unit and
  era. It has a column for each point number a decision may have (1 to 12, a check on the points'
  table): one row per unit instead of one per point, as the whole-city dashboard reads them all.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.choices import District, OrganisationKind, SessionFormat
from campaign.models.organisations import Organisation
from campaign.validators import CAMPAIGN_START
from documents.models import MOST_POINTS

# Months are counted from the campaign's first (0) and kept in eras of five years: bit i of an
# era's mask is its month i, so a mask fits a 64-bit integer on every database.
ERA_MONTHS = 60


def month_index(day) -> int:
    """The month of `day`, counted from the campaign's first month (0)."""
    return (day.year - CAMPAIGN_START.year) * 12 + day.month - CAMPAIGN_START.month


def counter():
    return models.PositiveIntegerField(default=0)


class Group(models.Model):
    """A (district, kind, active) group of units: the grain of every roll-up."""

    district = models.PositiveSmallIntegerField(_("district"), choices=District.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    active = models.BooleanField(_("active"))

    class Meta:
        abstract = True


class Figures(Group):
    """The sums of one group's sessions and reflections for one decision over a span of time."""

    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("decision"),
    )
    sessions = counter()
    participants = counter()
    party_members = counter()
    # Sessions and participant-times of each format (SessionFormat's values).
    sessions_group_study = counter()
    sessions_party_lecture = counter()
    sessions_discussion = counter()
    sessions_talk = counter()
    sessions_visit = counter()
    sessions_online = counter()
    sessions_other = counter()
    participants_group_study = counter()
    participants_party_lecture = counter()
    participants_discussion = counter()
    participants_talk = counter()
    participants_visit = counter()
    participants_online = counter()
    participants_other = counter()
    # Reflections on the decision's points, and those approved or featured.
    reflections = counter()
    approved_reflections = counter()

    class Meta:
        abstract = True


class PointFigures(Group):
    """The sums of one group's sessions and reflections on one learning point."""

    point = models.ForeignKey(
        "documents.LearningPoint",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("learning point"),
    )
    sessions = counter()
    participants = counter()
    reflections = counter()

    class Meta:
        abstract = True


class DailyFigures(Figures):
    """The sums of one (day, district, kind, active) group for one decision: sessions held that
    day on any of its points and reflections recorded that day (Shanghai time) on them."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "day", "district", "kind", "active"],
                name="daily_figures_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_district_display()} {self.get_kind_display()}"


class MonthlyFigures(Figures):
    """The daily figures of one month added up (`month` is its first day): a period of whole
    months reads a thirtieth of the rows, its edges the days."""

    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "month", "district", "kind", "active"],
                name="monthly_figures_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_district_display()} {self.get_kind_display()}"


class DailyPointFigures(PointFigures):
    """The sums of one (day, district, kind, active) group on one learning point."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily figures of a learning point")
        verbose_name_plural = _("daily figures of learning points")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "day", "district", "kind", "active"],
                name="daily_point_figures_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.point_id} {self.get_district_display()}"


class MonthlyPointFigures(PointFigures):
    """The daily figures of one learning point in one month, added up."""

    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly figures of a learning point")
        verbose_name_plural = _("monthly figures of learning points")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "month", "district", "kind", "active"],
                name="monthly_point_figures_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.point_id} {self.get_district_display()}"


def _counters(model) -> tuple[str, ...]:
    return tuple(
        field.name for field in model._meta.fields if isinstance(field, models.PositiveIntegerField)
    )


COUNTERS = _counters(Figures)
POINT_COUNTERS = _counters(PointFigures)
FORMATS = tuple(SessionFormat.values)


def months_field(number: int) -> str:
    """The UnitActivity column of the months with a session on point `number`."""
    return f"months_{number}"


class UnitActivity(models.Model):
    """For one unit, one decision and one era (five years) of the campaign, the months with a
    session on each of the decision's points: bit i of `months_<n>` is the era's month i with a
    session on point n (a unit has no row for a decision and era without sessions); and the last
    day with one."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="activity",
        verbose_name=_("organisation"),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("decision"),
        db_index=False,  # the unique index below leads with it
    )
    era = models.PositiveSmallIntegerField(_("era"))
    # The era's last day with a session on the decision: "held one lately" without the sessions.
    last_held_on = models.DateField(_("last session"))
    months_1 = models.BigIntegerField(default=0)
    months_2 = models.BigIntegerField(default=0)
    months_3 = models.BigIntegerField(default=0)
    months_4 = models.BigIntegerField(default=0)
    months_5 = models.BigIntegerField(default=0)
    months_6 = models.BigIntegerField(default=0)
    months_7 = models.BigIntegerField(default=0)
    months_8 = models.BigIntegerField(default=0)
    months_9 = models.BigIntegerField(default=0)
    months_10 = models.BigIntegerField(default=0)
    months_11 = models.BigIntegerField(default=0)
    months_12 = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("unit activity")
        verbose_name_plural = _("unit activity")
        constraints = [
            # "Which units studied this decision's points in these months" reads the decision's
            # rows in unit order, from the index alone: each unit's eras are added up as they
            # come (a streamed GROUP BY), with no hash of 100,000 units to build.
            models.UniqueConstraint(
                fields=["document", "organisation", "era"],
                include=["last_held_on", *(months_field(n) for n in range(1, MOST_POINTS + 1))],
                name="unit_activity_decision_unit_era",
            ),
        ]
        indexes = [
            # The units that held a session lately (the silent ones are the others).
            models.Index(
                fields=["document", "last_held_on"],
                include=["organisation"],
                name="unit_activity_last_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.document_id}/{self.era}"
