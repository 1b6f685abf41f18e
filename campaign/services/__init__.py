"""The one write path: every save of an organisation, a study session, its absentees, a
reflection or an exemption, from the admin's forms and actions, an import or a loader, goes
through these functions, so each rule of writing is written once, with the data derived from what
was written (the unit's district, absentee counts, history, the reports' roll-ups) in the same
transaction.
Keyword-only, typed, atomic. Callers read `services.session_save(...)`.

`by` is the user who writes; None is the system itself (`load_organisations`, `load_demo`), to
which the rules that depend on who writes do not apply. Who may write what is asked of
`campaign.permissions`; where, of `campaign.querysets`.

- `organisations`: the tree rules of who writes, and moves;
- `sessions`: sessions one or ten thousand at a time, and their deletion;
- `absences`: absentees and make-up sessions (补课), and their rules;
- `reflections`: reflections, their review, and the public pages they reach;
- `exemptions`: units excused from a campaign, by those who may excuse them;
- `points`: which campaigns' learning points a session may cover (`PointRule`);
- `history`: the sessions' change history for a whole batch;
- `rollups`: the report roll-ups, kept equal to the rows they sum.
"""

from campaign.services import rollups
from campaign.services.absences import (
    Absences,
    absentees_save,
    check_named_once,
    makeup_problems,
)
from campaign.services.exemptions import (
    exemption_delete,
    exemption_problems,
    exemption_save,
)
from campaign.services.organisations import organisation_check, organisation_save
from campaign.services.points import PointRule, session_points
from campaign.services.reflections import (
    reflection_delete,
    reflection_review,
    reflection_save,
)
from campaign.services.sessions import (
    session_delete,
    session_record,
    session_save,
    sessions_save,
)

__all__ = [
    "Absences",
    "PointRule",
    "absentees_save",
    "check_named_once",
    "exemption_delete",
    "exemption_problems",
    "exemption_save",
    "makeup_problems",
    "organisation_check",
    "organisation_save",
    "reflection_delete",
    "reflection_review",
    "reflection_save",
    "rollups",
    "session_delete",
    "session_points",
    "session_record",
    "session_save",
    "sessions_save",
]
