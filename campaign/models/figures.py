"""Roll-ups the reports read instead of a million sessions: derived data, kept by
`campaign.services.rollups` in the same transaction as every write, never edited.

- `DailyFigures`: what the units of one district and kind did on one day. A period's sums are
  the rows of its days, however many sessions there are: at most a few dozen rows a day.
- `UnitActivity`: which learning points a unit studied in each month of the campaign, a bit a
  month, so "which units studied in these months" reads one or two short rows per unit.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.choices import District, OrganisationKind, SessionFormat
from campaign.models.organisations import Organisation
from campaign.models.sessions import POINT_NUMBERS
from campaign.validators import CAMPAIGN_START

# Months are counted from the campaign's first (0) and kept in eras of five years: bit i of an
# era's mask is its month i, so a mask fits a 64-bit integer on every database.
ERA_MONTHS = 60


def month_index(day) -> int:
    """The month of `day`, counted from the campaign's first month (0)."""
    return (day.year - CAMPAIGN_START.year) * 12 + day.month - CAMPAIGN_START.month


def counter():
    return models.PositiveIntegerField(default=0)


class Figures(models.Model):
    """The sums of one (district, kind, active) group of units over a span of time."""

    district = models.PositiveSmallIntegerField(_("district"), choices=District.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    active = models.BooleanField(_("active"))

    sessions = counter()
    participants = counter()
    party_members = counter()
    # Sessions and participant-times of the sessions covering each point.
    sessions_point_1 = counter()
    sessions_point_2 = counter()
    sessions_point_3 = counter()
    sessions_point_4 = counter()
    participants_point_1 = counter()
    participants_point_2 = counter()
    participants_point_3 = counter()
    participants_point_4 = counter()
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
    # Reflections on each point, and those approved or featured.
    reflections_point_1 = counter()
    reflections_point_2 = counter()
    reflections_point_3 = counter()
    reflections_point_4 = counter()
    approved_reflections = counter()

    class Meta:
        abstract = True


class DailyFigures(Figures):
    """The sums of one (day, district, kind, active) group: sessions held that day and reflections
    recorded that day (Shanghai time) by the units of the group."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "district", "kind", "active"], name="daily_figures_group"
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
                fields=["month", "district", "kind", "active"], name="monthly_figures_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_district_display()} {self.get_kind_display()}"


COUNTERS = tuple(
    field.name for field in Figures._meta.fields if isinstance(field, models.PositiveIntegerField)
)
FORMATS = tuple(SessionFormat.values)


class UnitActivity(models.Model):
    """For one unit and one era (five years) of the campaign, for each learning point, a mask of
    the months with a session on it: bit i is the era's month i (a unit has no row for an era
    without sessions)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="activity",
        verbose_name=_("organisation"),
    )
    era = models.PositiveSmallIntegerField(_("era"))
    point_1 = models.BigIntegerField(default=0)
    point_2 = models.BigIntegerField(default=0)
    point_3 = models.BigIntegerField(default=0)
    point_4 = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("unit activity")
        verbose_name_plural = _("unit activity")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "era"], name="unit_activity_era"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.era}"


POINT_MASKS = tuple(f"point_{number}" for number in POINT_NUMBERS)
