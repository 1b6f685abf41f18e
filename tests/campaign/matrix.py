"""The permission matrix, as data: one row per role (a user of the `tree` fixture), one column per
target organisation, and the outcome of each action on the records of that target."""

from django.http import HttpResponse
from django.urls import reverse

ALLOWED = "allowed"
REFUSED = "refused"
A, R = ALLOWED, REFUSED

# The target organisations of the `tree` fixture (attribute names), in the matrix's column order.
TARGETS = ("unit", "team", "sibling", "other")
ACTIONS = ("view", "add", "change", "delete")


# One row per role (an attribute of the `tree` fixture naming its user): the outcome of every
# action on study sessions and reflections of each target organisation. A role whose rights
# differ by action may map action names to such rows instead: {"view": (A, A, A, A), ...}.
# fmt: off
PERMISSION_MATRIX: dict[str, tuple[str, ...] | dict[str, tuple[str, ...]]] = {
    #                  unit  team  sibling  other
    "campaign_admin": (A,    A,    A,       A),
    "district_admin": (A,    A,    A,       R),
    "organiser":      (A,    A,    R,       R),
    "outsider":       (R,    R,    R,       A),   # the organiser of `other`, in 徐汇
    "reader":         (R,    R,    R,       R),
    "audit_admin":    (R,    R,    R,       R),   # the audit trail, and nothing else
}
# fmt: on


# The organisations (tree attributes) each role may pick for a record: its whole scope, not only
# the matrix's targets. None: the role is not let into the admin at all.
ORGANISATION_CHOICES: dict[str, set[str] | None] = {
    "campaign_admin": {
        "city",
        "huangpu_body",
        "xuhui_body",
        "unit",
        "team",
        "sibling",
        "other",
    },
    "district_admin": {"huangpu_body", "unit", "team", "sibling"},
    "organiser": {"unit", "team"},
    "outsider": {"other"},
    "reader": None,
    "audit_admin": None,
}


def outcome(role: str, action: str, target: str) -> str:
    row = PERMISSION_MATRIX[role]
    outcomes = row[action] if isinstance(row, dict) else row
    return dict(zip(TARGETS, outcomes, strict=True))[target]


def reachable_targets(role: str, action: str = "view") -> set[str]:
    return {target for target in TARGETS if outcome(role, action, target) == ALLOWED}


def assert_refused(response: HttpResponse, user) -> None:
    """A staff user is refused with 403 or 404; anyone else is sent to the admin's login."""
    if user.is_staff:
        assert response.status_code in (403, 404), response.status_code
    else:
        assert response.status_code == 302, response.status_code
        assert response.url.startswith(reverse("admin:login")), response.url
