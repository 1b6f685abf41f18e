"""Who may do what: the role table, and every question the portal asks of it.

Where a role may act is `campaign.querysets` (scope); what it may do is here. The backend answers
Django's `user.has_perm` from the table, so the admin, its buttons, the views and the services all
agree; code outside this module asks the predicates below rather than naming a permission or a
role itself.
"""

from django.contrib.auth.backends import BaseBackend
from django.utils.translation import gettext as _

from accounts.models import Role
from campaign.querysets import reaches
from documents.models import MANAGE_CAMPAIGNS_PERMISSION

_RECORDS = {
    f"campaign.{action}_{model}"
    for model in ("studysession", "absentee", "sessionattachment", "reflection")
    for action in ("view", "add", "change", "delete")
}
_ORGANISATIONS = {f"campaign.{action}_organisation" for action in ("add", "change", "delete")}
# The admin's export and import buttons (IMPORT_EXPORT_*_PERMISSION_CODE); scope still applies.
_EXPORTS = {f"campaign.export_{model}" for model in ("organisation", "studysession", "reflection")}
_IMPORTS = {f"campaign.import_{model}" for model in ("organisation", "studysession")}
# Exemptions from a campaign: a district admin's for their district, a campaign admin's anywhere.
_EXEMPTIONS = {f"campaign.{action}_exemption" for action in ("view", "add", "change", "delete")}
_USERS = {f"accounts.{action}_user" for action in ("view", "add", "change", "delete")}
# Campaigns (documents.Campaign): a district admin reads those touching their district; only a
# campaign admin starts, edits (and previews), publishes and closes them. None is ever deleted.
VIEW_CAMPAIGNS_PERMISSION = "documents.view_campaign"
# Starting a campaign from its decision's file (`may_start_campaigns`): campaign admins only.
START_CAMPAIGN_PERMISSION = "documents.add_campaign"
_CAMPAIGNS = {VIEW_CAMPAIGNS_PERMISSION, START_CAMPAIGN_PERMISSION, MANAGE_CAMPAIGNS_PERMISSION}
# 意见建议 (the feedback app): campaign admins read and answer them; nobody adds or deletes one.
_OPINIONS = {"feedback.view_opinion", "feedback.change_opinion"}

REVIEW_PERMISSION = "campaign.review_reflection"
# Reports and meeting records are for those who record sessions and those above them.
RECORDS_PERMISSION = "campaign.view_studysession"
# Exempting units from a campaign (`may_exempt`).
EXEMPT_PERMISSION = "campaign.add_exemption"

_ORGANISER = frozenset(_RECORDS | _EXPORTS | {"campaign.view_organisation"})
_DISTRICT_ADMIN = frozenset(
    _ORGANISER
    | _ORGANISATIONS
    | _IMPORTS
    | _EXEMPTIONS
    | {REVIEW_PERMISSION, "campaign.view_reminderlog", VIEW_CAMPAIGNS_PERMISSION}
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # A campaign admin: a district admin over the whole city, who also manages the accounts.
    Role.CAMPAIGN_ADMIN: _DISTRICT_ADMIN | _USERS | _CAMPAIGNS | _OPINIONS,
    Role.DISTRICT_ADMIN: _DISTRICT_ADMIN,
    Role.ORGANISER: _ORGANISER,
    Role.READER: frozenset(),
    # Nothing of the campaign's: the audit trail's pages ask for the role itself (audit/admin.py).
    Role.AUDIT_ADMIN: frozenset(),
}


class RoleBackend(BaseBackend):
    """Grants the permissions of the user's role (model level; scope is checked per object)."""

    def get_user_permissions(self, user_obj, obj=None) -> frozenset[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return frozenset()
        return ROLE_PERMISSIONS.get(user_obj.role, frozenset())

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        prefix = f"{app_label}."
        return any(perm.startswith(prefix) for perm in self.get_all_permissions(user_obj))


def may_see_records(user) -> bool:
    """Whether the user may open the participation reports and download meeting records (within
    their scope): unit organisers and administrators, not readers."""
    return user.has_perm(RECORDS_PERMISSION)


def may_start_campaigns(user) -> bool:
    """Whether the user may start a campaign from a decision's file (a draft, in the backend)."""
    return user.has_perm(START_CAMPAIGN_PERMISSION)


def may_review(user) -> bool:
    """Campaign and district admins approve, feature or return reflections."""
    return user is not None and user.has_perm(REVIEW_PERMISSION)


def may_exempt(user, organisation=None) -> bool:
    """Whether the user may exempt units from a campaign (`Exemption`), and, when given, this
    organisation: a campaign admin any unit, a district admin those of their district; organisers
    and readers none. None for `user` is the system itself, which may."""
    if user is None:
        return True
    if not user.has_perm(EXEMPT_PERMISSION):
        return False
    return organisation is None or reaches(user, organisation)


def exempt_refused(organisation) -> str:
    """What a user who may not exempt the organisation (`may_exempt`) is told."""
    return _("You cannot exempt “%(name)s”: it is not within your reach.") % {
        "name": organisation.name
    }


def may_manage_campaigns(user) -> bool:
    """Whether the user may start, edit, preview, publish and close campaigns: campaign admins."""
    return user.has_perm(MANAGE_CAMPAIGNS_PERMISSION)


def may_see_campaigns(user) -> bool:
    """Whether the user may read the backend's campaign pages (those within reach,
    `campaigns.campaigns_of`): campaign and district admins."""
    return user.has_perm(VIEW_CAMPAIGNS_PERMISSION)


def may_move(user, organisation) -> bool:
    """Whether the user may change where the organisation sits (its parent and district).

    Only where its parent is within the user's reach: a district admin may rename their own
    district body, but its parent is a city-level body out of their reach, so they may not move
    it. `organisation` is as stored (the admin's object, an import's row before the file sets it);
    None for `user` is the system itself (loaders), which may.
    """
    if user is None or organisation.pk is None or organisation.parent_id is None:
        return True
    return reaches(user, organisation.parent)


def may_add_top_level(user) -> bool:
    """Whether the user may place an organisation at the top of the tree (no parent): the city's
    bodies are the campaign admin's."""
    return user.is_campaign_admin


def move_refused(organisation) -> str:
    """What a user who may not move the organisation (`may_move`) is told when they try."""
    return _("Only a campaign admin can change the parent unit or district of “%(name)s”.") % {
        "name": organisation.name
    }
