"""What each role may do, as data: the one table the admin's permission checks read.

Where a role may act is `campaign.querysets` (scope); what it may do is here. The backend answers
Django's `user.has_perm` from this table, so the admin, its buttons and its views all agree.
"""

from django.contrib.auth.backends import BaseBackend

from accounts.models import Role

_RECORDS = {
    f"campaign.{action}_{model}"
    for model in ("studysession", "absentee", "sessionattachment", "reflection")
    for action in ("view", "add", "change", "delete")
}
_ORGANISATIONS = {f"campaign.{action}_organisation" for action in ("add", "change", "delete")}
# The admin's export and import buttons (IMPORT_EXPORT_*_PERMISSION_CODE); scope still applies.
_EXPORTS = {f"campaign.export_{model}" for model in ("organisation", "studysession", "reflection")}
_IMPORTS = {f"campaign.import_{model}" for model in ("organisation", "studysession")}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CAMPAIGN_ADMIN: frozenset(
        _RECORDS
        | _ORGANISATIONS
        | _EXPORTS
        | _IMPORTS
        | {"campaign.view_organisation", "campaign.review_reflection"}
        | {"campaign.view_reminderlog"}
        | {f"accounts.{action}_user" for action in ("view", "add", "change", "delete")}
    ),
    Role.DISTRICT_ADMIN: frozenset(
        _RECORDS
        | _ORGANISATIONS
        | _EXPORTS
        | _IMPORTS
        | {"campaign.view_organisation", "campaign.review_reflection"}
        | {"campaign.view_reminderlog"}
    ),
    Role.ORGANISER: frozenset(_RECORDS | _EXPORTS | {"campaign.view_organisation"}),
    Role.READER: frozenset(),
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
