"""The change history of study sessions, written for a whole batch in two statements.

Why raw SQL: a session's history must show its learning points as saved, and the points are a
many-to-many field. simple_history writes m2m history only from its signal handlers, one
session at a time; its bulk path (`bulk_create_with_history`, `bulk_update_with_history`) writes
no m2m history at all. An import of ten thousand sessions would otherwise need tens of
thousands of queries, or leave history rows without their points. So the rows are copied as
stored, sessions and their point links alike, by INSERT ... SELECT.
"""

from django.db import connection
from django.utils import timezone

from accounts.models import User
from campaign.models import StudySession


def record_history(sessions: list[StudySession], *, by: User | None, update: bool) -> None:
    """A history row for each session, and its learning points, as stored: two INSERT ... SELECT
    statements copying the sessions' rows, whatever their number."""
    if not sessions:
        return
    history = StudySession.history.model
    points = history.points.model
    copied = [
        field.column
        for field in history._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    moment = connection.ops.adapt_datetimefield_value(timezone.now())
    ids = [session.pk for session in sessions]
    marks = ", ".join(["%s"] * len(ids))
    link = StudySession.points.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} ({', '.join(copied)}, history_date, "  # noqa: S608
            "history_type, history_user_id, history_change_reason) "
            f"SELECT {', '.join(copied)}, %s, %s, %s, NULL FROM {StudySession._meta.db_table} "
            f"WHERE id IN ({marks})",
            [moment, "~" if update else "+", by.pk if by else None, *ids],
        )
        cursor.execute(
            f"INSERT INTO {points._meta.db_table} (id, studysession_id, learningpoint_id, "  # noqa: S608
            f"history_id) SELECT link.id, link.studysession_id, link.learningpoint_id, "
            f"h.history_id FROM {link} link JOIN {history._meta.db_table} h "
            "ON h.id = link.studysession_id AND h.history_date = %s "
            f"WHERE link.studysession_id IN ({marks})",
            [moment, *ids],
        )
