"""Who may read the trail: the audit admin alone (accounts' `User.is_audit_admin`).

Asked of the role itself, never of `has_perm`: a campaign admin may be a superuser, to whom
Django grants every permission, and the people the trail watches must not read it.
"""


def may_read_trail(user) -> bool:
    return bool(getattr(user, "is_audit_admin", False))
