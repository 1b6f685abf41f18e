"""What each user may see: one definition, used by the admin, the reports, exports and imports.

A campaign admin sees everything; a district admin every organisation of their organisation's
district; a unit organiser their organisation and every unit under it (a prefix of the
materialised path); a reader nothing of the backend. `scope_q` says it in SQL, `reaches` in
Python for an object already loaded; a test keeps the two in agreement.
"""

from __future__ import annotations

from typing import Protocol

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.models import Role

NOTHING = Q(pk__in=[])


class Placed(Protocol):
    """Where an organisation sits: all the scope rule looks at (an `Organisation`)."""

    district: int
    path: str


def scope_q(user, prefix: str = "", district: str = "") -> Q:
    """A filter for the rows within the user's reach; `prefix` leads to the Organisation, and
    `district` names the row's own copy of its unit's district, where it has one."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_campaign_admin:
        return Q()
    organisation = user.organisation
    if organisation is None:
        return NOTHING
    if user.role == Role.DISTRICT_ADMIN:
        return Q(**{district or f"{prefix}district": organisation.district})
    if user.role == Role.ORGANISER:
        return Q(**{f"{prefix}path__startswith": organisation.path})
    return NOTHING


def reaches(user, organisation: Placed) -> bool:
    """Whether `organisation` is within the user's reach (the same rule as `scope_q`)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_campaign_admin:
        return True
    own = user.organisation
    if own is None:
        return False
    if user.role == Role.DISTRICT_ADMIN:
        return organisation.district == own.district
    if user.role == Role.ORGANISER:
        return organisation.path.startswith(own.path)
    return False


def reaches_whole_districts(user) -> bool:
    """Whether the user's reach is made of whole districts: the city's (a campaign admin) or one
    district's (a district admin); an organiser's is their own units."""
    return user.is_campaign_admin or user.role == Role.DISTRICT_ADMIN


def district_of_reach(user) -> int | None:
    """The one district the user's reach lies in, or None for a reach of the whole city."""
    if user.is_campaign_admin or user.organisation is None:
        return None
    return user.organisation.district


def scope_of(campaign, organisations, prefix: str = "") -> Q:
    """A campaign's scope as a filter on organisations (`prefix` leads to the Organisation);
    the paths of the subtrees it names are read in one query."""
    scope = campaign.scope or {}
    q = Q()
    if districts := scope.get("districts"):
        q &= Q(**{f"{prefix}district__in": districts})
    if kinds := scope.get("kinds"):
        q &= Q(**{f"{prefix}kind__in": kinds})
    if codes := scope.get("under"):
        paths = organisations.objects.filter(code__in=codes).values_list("path", flat=True)
        under = NOTHING
        for path in paths:
            under |= Q(**{f"{prefix}path__startswith": path})
        q &= under
    return q


def scope_holds(campaign, unit: Placed, subtrees: tuple[str, ...] | None) -> bool:
    """`scope_of` in Python, for a unit already loaded (with its `kind`): `subtrees` are the
    paths of the organisations the scope's "under" names (None when it names none). A test keeps
    the two in agreement."""
    scope = campaign.scope or {}
    if (districts := scope.get("districts")) and unit.district not in districts:
        return False
    if (kinds := scope.get("kinds")) and unit.kind not in kinds:
        return False
    return subtrees is None or unit.path.startswith(subtrees)


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to an organisation, reached through `organisation_lookup`."""

    organisation_lookup = "organisation__"
    district_lookup = ""  # the row's copy of its unit's district (`unit_district`), if any

    def visible_to(self, user):
        return self.filter(scope_q(user, self.organisation_lookup, self.district_lookup))


class OrganisationQuerySet(ScopedQuerySet):
    organisation_lookup = ""

    def within(self, organisation: Placed) -> OrganisationQuerySet:
        """The organisation and everything under it: one indexed prefix match."""
        return self.filter(path__startswith=organisation.path)

    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def in_scope_of(self, campaign) -> OrganisationQuerySet:
        """The organisations a campaign's scope names (`Campaign.scope`): of its districts, of
        its kinds of body and under its subtrees, each list narrowing the one before; all of
        them for an empty scope."""
        return self.filter(scope_of(campaign, self.model))

    def called_by(self, campaign) -> OrganisationQuerySet:
        """Those a campaign calls to take part: in its scope and not exempt (`Exemption`)."""
        exemptions = self.model._meta.get_field("exemptions").related_model
        # NOT IN a subquery: PostgreSQL hashes the campaign's few exemptions once, where a
        # correlated NOT EXISTS probed the table for each of the city's units.
        exempt = exemptions.objects.filter(campaign=campaign).values("organisation")
        return self.in_scope_of(campaign).exclude(pk__in=exempt)


class StudySessionQuerySet(ScopedQuerySet):
    district_lookup = "district"

    def covering(self, point):
        """Sessions on `point` (a LearningPoint or its pk); EXISTS, so no duplicate rows."""
        through = self.model.points.through
        return self.filter(
            Exists(through.objects.filter(studysession=OuterRef("pk"), learningpoint=point))
        )

    def serving(self, campaign):
        """Sessions that covered a point of `campaign` (a Campaign, or None for none)."""
        if campaign is None:
            return self.none()
        through = self.model.points.through
        return self.filter(
            Exists(
                through.objects.filter(
                    studysession=OuterRef("pk"), learningpoint__document=campaign.document_id
                )
            )
        )

    def held_between(self, start, end):
        return self.filter(held_on__range=(start, end))


class ExemptionQuerySet(ScopedQuerySet):
    """Exemptions, within the reach of the unit exempted."""


class ReminderLogQuerySet(ScopedQuerySet):
    """Reminders, within the reach of the unit of the user they were sent to."""

    organisation_lookup = "recipient__organisation__"


class SessionAttachmentQuerySet(ScopedQuerySet):
    organisation_lookup = "session__organisation__"
    district_lookup = "session__district"


# The one rule of what is public: featured by a reviewer, its author agreed, its unit active.
# Nothing else (submitted, approved, returned, without consent) reaches a public page, count,
# search result or card. `Reflection.is_showcased` says the same of a loaded row.
SHOWCASED = Q(status="featured", public_consent=True)


class ReflectionQuerySet(ScopedQuerySet):
    """Reflections: scoped like sessions; their filters are plain field lookups."""

    district_lookup = "district"

    def showcased(self):
        """Those anyone may read, on the showcase, the decision and in search. The unit's
        activity as EXISTS, not a join: the showcase is read newest first along its own index,
        and a join let the planner start from the 100,000 units instead."""
        units = self.model._meta.get_field("organisation").related_model
        active = units.objects.filter(pk=OuterRef("organisation"), is_active=True)
        return self.filter(SHOWCASED, Exists(active))
