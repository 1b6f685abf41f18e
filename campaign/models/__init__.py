"""What the units did: organisations (a tree), study sessions with attachments, and reflections;
the campaigns' exemptions, the reports' roll-ups of them, the imports that brought them in, the add forms submitted and
the reminders sent.

One module per entity; everything is imported from here (`from campaign.models import …`).
"""

from campaign.models.exemptions import Exemption
from campaign.models.figures import (
    DailyFigures,
    DailyPointFigures,
    MonthlyFigures,
    MonthlyPointFigures,
    UnitActivity,
)
from campaign.models.form_submissions import FormSubmission
from campaign.models.imports import ImportJob
from campaign.models.organisations import MAX_DEPTH, Organisation
from campaign.models.recorded import Recorded
from campaign.models.reflections import (
    REFLECTION_MIN_CHARACTERS,
    RETURN_NEEDS_REASON,
    Reflection,
)
from campaign.models.reminder_log import ReminderLog
from campaign.models.sessions import (
    ABSENTEE_NAME_MOST,
    ABSENTEE_NOTE_MOST,
    COUNT_FIELDS,
    Absentee,
    SessionAttachment,
    StudySession,
)
from campaign.validators import CAMPAIGN_START

__all__ = [
    "ABSENTEE_NAME_MOST",
    "ABSENTEE_NOTE_MOST",
    "CAMPAIGN_START",
    "COUNT_FIELDS",
    "MAX_DEPTH",
    "REFLECTION_MIN_CHARACTERS",
    "RETURN_NEEDS_REASON",
    "Absentee",
    "DailyFigures",
    "DailyPointFigures",
    "Exemption",
    "FormSubmission",
    "ImportJob",
    "MonthlyFigures",
    "MonthlyPointFigures",
    "Organisation",
    "Recorded",
    "Reflection",
    "ReminderLog",
    "SessionAttachment",
    "StudySession",
    "UnitActivity",
]
