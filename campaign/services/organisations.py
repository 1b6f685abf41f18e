"""Writes of organisations: the tree rules that depend on who writes, and the figures a move or
a change of kind or activity moves between groups."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from campaign.choices import ReflectionStatus
from campaign.models import Organisation, Reflection, StudySession
from campaign.permissions import may_add_top_level, may_move, move_refused
from campaign.querysets import reaches
from campaign.services import rollups
from campaign.services.reflections import showcase_changes

# Where a unit's figures are counted: a change moves its sessions and reflections between groups.
COUNTED_AS = ("parent_id", "district", "kind", "is_active")


def organisation_check(organisation: Organisation, *, by: User | None) -> None:
    """The tree rules that depend on who writes (the model's `clean` holds the others): only a
    campaign admin places an organisation at the top level or moves a body whose parent is out of
    their reach, and no one writes an organisation out of their own reach."""
    if by is None:
        return
    errors: dict[str, str] = {}
    if organisation.pk is not None:
        stored = Organisation.objects.select_related("parent").get(pk=organisation.pk)
        moved = (organisation.parent_id, organisation.district) != (
            stored.parent_id,
            stored.district,
        )
        if moved and not may_move(by, stored):
            errors["parent"] = move_refused(stored)
    if organisation.parent_id is None and not may_add_top_level(by):
        errors.setdefault(
            "parent",
            _("Only a campaign admin can add a top-level organisation: give its parent unit."),
        )
    if not errors and not reaches(by, organisation):
        errors["district"] = _("This organisation would be outside your reach.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_save(organisation: Organisation, *, by: User | None) -> Organisation:
    """Save an organisation that passed its model validation; the tree rules are checked again.

    A unit that moves (to another parent or district, which its units follow) or changes its
    kind or activity is counted in other groups: the roll-ups of its days are computed again.
    """
    organisation_check(organisation, by=by)
    stored = None
    if organisation.pk is not None:
        stored = Organisation.objects.filter(pk=organisation.pk).values(*COUNTED_AS, "name").first()
    organisation.save()
    if stored and (stored["name"], stored["is_active"]) != (
        organisation.name,
        organisation.is_active,
    ):
        # Public reflections name their unit, and an inactive unit's are no longer public.
        showcase_changes(organisation.reflections.filter(status=ReflectionStatus.FEATURED).exists())
    if stored and any(stored[name] != getattr(organisation, name) for name in COUNTED_AS):
        moved = Organisation.objects.within(organisation)
        if (stored["parent_id"], stored["district"]) == (
            organisation.parent_id,
            organisation.district,
        ):
            moved = moved.filter(pk=organisation.pk)  # kind or activity: the unit alone
        else:
            _copy_districts(moved)
        rollups.refresh(days=_days_of(moved), districts={stored["district"], organisation.district})
    return organisation


def _copy_districts(units) -> None:
    """The units' districts onto their sessions and reflections (`unit_district`), after a move."""
    district = Subquery(Organisation.objects.filter(pk=OuterRef("organisation")).values("district"))
    for model in (StudySession, Reflection):
        model.objects.filter(organisation__in=units).update(district=district)


def _days_of(units) -> set:
    """The days on which the units held sessions or recorded reflections (local time)."""
    days = set(
        StudySession.objects.filter(organisation__in=units)
        .order_by()
        .values_list("held_on", flat=True)
        .distinct()
    )
    zone = timezone.get_current_timezone()
    days.update(
        timezone.localtime(moment, zone).date()
        for moment in Reflection.objects.filter(organisation__in=units).values_list(
            "created_at", flat=True
        )
    )
    return days
