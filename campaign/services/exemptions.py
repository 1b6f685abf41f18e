"""Writes of exemptions: a unit excused from a campaign (`Exemption`), by whom, and its history.

Who may exempt which unit is `permissions.may_exempt`'s; an exemption is of a published campaign
(a draft calls no one yet). Whether the unit is then called, counted and may record sessions for
the campaign is read from the exemptions themselves (`called_by`, `PointRule`): nothing is derived
here.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts import audit
from accounts.audit.actions import Action
from accounts.models import User
from campaign.models import Exemption, Organisation
from campaign.permissions import exempt_refused, may_exempt
from documents.models import Campaign


def exemption_problems(
    *, campaign: Campaign | None, organisation: Organisation | None, by: User | None
) -> ValidationError | None:
    """Why `by` may not exempt `organisation` from `campaign`, by field, or None: the rule the
    admin's form asks before saving, so that a refusal is shown next to its field."""
    errors = {}
    if organisation is not None and not may_exempt(by, organisation):
        errors["organisation"] = exempt_refused(organisation)
    if campaign is not None and campaign.status == Campaign.Status.DRAFT:
        errors["campaign"] = _("“%(campaign)s” is not published yet.") % {
            "campaign": campaign.label
        }
    return ValidationError(errors) if errors else None


@transaction.atomic
def exemption_save(exemption: Exemption, *, by: User | None) -> Exemption:
    """Save an exemption, new or changed, as `by`'s (a new one records who made it); refused,
    with a ValidationError by field, when `by` may not exempt its unit or the campaign is a
    draft, or when it is not valid (a second one of the unit, "other" without a note)."""
    if problems := exemption_problems(
        campaign=exemption.campaign, organisation=exemption.organisation, by=by
    ):
        raise problems
    if exemption.pk is not None:
        # The unit it was of, as stored, must be within reach too: no moving another's away.
        stored = Exemption.objects.select_related("organisation").get(pk=exemption.pk)
        if not may_exempt(by, stored.organisation):
            raise ValidationError({"organisation": exempt_refused(stored.organisation)})
    else:
        exemption.created_by = by
    exemption.full_clean()
    new = exemption.pk is None
    exemption._history_user = by  # simple_history's documented way to name who changed it
    exemption.save()
    audit.record(
        None,
        Action.EXEMPTION,
        user=by,
        target=exemption.organisation.code,
        operation="add" if new else "change",
        campaign=exemption.campaign.slug,
        reason=exemption.reason,
    )
    return exemption


@transaction.atomic
def exemption_delete(exemptions: QuerySet[Exemption], *, by: User | None) -> int:
    """Delete exemptions, each with its history row naming `by`; return how many. A unit out of
    `by`'s reach is refused (PermissionDenied) and nothing is deleted."""
    rows = list(exemptions.select_related("organisation", "campaign"))
    for exemption in rows:
        if not may_exempt(by, exemption.organisation):
            raise PermissionDenied(exempt_refused(exemption.organisation))
    for exemption in rows:
        exemption._history_user = by
        exemption.delete()
        audit.record(
            None,
            Action.EXEMPTION,
            user=by,
            target=exemption.organisation.code,
            operation="delete",
            campaign=exemption.campaign.slug,
            reason=exemption.reason,
        )
    return len(rows)
