"""Writes of reflections: recording, editing, review, deletion; and the public pages a change of
what is public reaches."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from campaign.choices import ReflectionStatus
from campaign.models import Organisation, Reflection
from campaign.permissions import may_review
from campaign.services import rollups
from campaign.services.points import reflection_point
from documents import cache as public_pages

REVIEW_STATUSES = (ReflectionStatus.APPROVED, ReflectionStatus.FEATURED, ReflectionStatus.RETURNED)


def showcase_changes(*showcased: bool) -> None:
    """When a public reflection appears, changes or goes (featured or not, consent given or
    withdrawn, its unit renamed or made inactive), the cached public pages that count or show
    them go too, once the write commits: earlier, another request could cache the old state
    again."""
    if any(showcased):
        transaction.on_commit(public_pages.forget)


@transaction.atomic
def reflection_save(
    reflection: Reflection, *, by: User | None, changed: Iterable[str] = ()
) -> Reflection:
    """Save a reflection written or edited in the portal (`changed`: the fields the user changed).

    A new one is recorded as `by`'s. An edit by someone who does not review reflections sends it
    back for review, a returned one included, its old review cleared; a reviewer's change of
    status or reason is recorded as their review.
    """
    changed = set(changed)
    kept = Reflection.objects.filter(pk=reflection.pk).values_list("point", flat=True).first()
    reflection_point(reflection.point, unit=reflection.organisation, kept=kept)
    if reflection._state.adding:
        reflection.recorded_by = by
    elif changed and by is not None and not may_review(by):
        # Sent back for review: the old review (a returned one's reason, its reviewer) no longer
        # applies and leaves the form; the history keeps it.
        reflection.set_review(status=ReflectionStatus.SUBMITTED, reason="", by=None, at=None)
    elif changed & {"status", "return_reason"}:
        reflection.set_review(
            status=reflection.status, reason=reflection.return_reason, by=by, at=timezone.now()
        )
    stored = Reflection.objects.filter(pk=reflection.pk)
    was_showcased = stored.showcased().exists()
    stored = stored.values_list("organisation", flat=True)
    units = {reflection.organisation_id, *stored}  # where it was counted, and where it is now
    reflection.district = Organisation.objects.values_list("district", flat=True).get(
        pk=reflection.organisation_id
    )
    reflection._history_user = by  # simple_history's documented way to name who changed it
    reflection.save()
    rollups.refresh(
        days={timezone.localtime(reflection.created_at).date()},
        districts=rollups.districts_of(units),
    )
    showcase_changes(was_showcased, reflection.is_showcased)
    return reflection


@transaction.atomic
def reflection_delete(reflections: QuerySet[Reflection]) -> int:
    """Delete reflections; return how many."""
    touched = list(reflections.values_list("created_at", "organisation"))
    showcased = reflections.showcased().exists()
    _total, deleted = reflections.delete()
    rollups.refresh(
        days={timezone.localtime(moment).date() for moment, _unit in touched},
        districts=rollups.districts_of({unit for _moment, unit in touched}),
    )
    showcase_changes(showcased)
    return deleted.get(Reflection._meta.label, 0)


@transaction.atomic
def reflection_review(
    *, reflections: QuerySet[Reflection], status: str, by: User, reason: str = ""
) -> int:
    """Approve, feature or return reflections (a reason is required to return); return the count."""
    if status not in REVIEW_STATUSES:
        raise ValueError(f"Not a review status: {status!r}")
    now = timezone.now()
    changed = list(reflections.select_for_update(of=("self",)).select_related("organisation"))
    showcased_before = [reflection.is_showcased for reflection in changed]
    for reflection in changed:  # a return needs a reason (set_review refuses one without)
        reflection.set_review(status=status, reason=reason, by=by, at=now)
    bulk_update_with_history(
        changed,
        Reflection,
        ["status", "return_reason", "reviewed_by", "reviewed_at", "updated_at"],
        default_user=by,
    )
    rollups.refresh(
        days={timezone.localtime(r.created_at).date() for r in changed},
        districts=rollups.districts_of({r.organisation_id for r in changed}),
    )
    showcase_changes(*showcased_before, *(reflection.is_showcased for reflection in changed))
    return len(changed)
