"""A campaign's history beside its own changes (status, period, scope: simple_history's list):
the changes to its decision's text, points and profile, each with who and when. A published
text is never changed silently: every correction of a paragraph is listed, before and after."""

from django.utils.translation import gettext as _

from documents.models import Document, LearningPoint, Paragraph, ProfileFact

ADDED, CHANGED, REMOVED = "+", "~", "-"


def text_changes(document: Document) -> list[dict]:
    """The changes to the decision's paragraphs (corrections; not their first load), learning
    points and profile facts, the newest first: three queries."""
    rows = []
    for model, fields, describe in (
        (Paragraph, ("text",), _paragraph),
        (LearningPoint, ("short_name", "paragraph_id"), _point),
        (ProfileFact, ("kind", "text", "paragraph_id"), _fact),
    ):
        records = (
            model.history.filter(document_id=document.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = {}
        for record in records:
            before = previous.get(record.id)
            previous[record.id] = record
            if record.history_type == CHANGED and before is not None:
                if all(getattr(before, f) == getattr(record, f) for f in fields):
                    continue
            elif record.history_type == ADDED and model is Paragraph:
                continue  # the text as loaded is not a change
            rows.append(
                {
                    "when": record.history_date,
                    "who": str(record.history_user) if record.history_user_id else "—",
                    **describe(record, before),
                }
            )
    return sorted(rows, key=lambda row: row["when"], reverse=True)


def _paragraph(record, before) -> dict:
    what = _("Paragraph %(number)d corrected") % {"number": record.number}
    if record.history_type == REMOVED:
        what = _("Paragraph %(number)d removed") % {"number": record.number}
    return {"what": what, "before": before.text if before else "", "after": record.text}


def _point(record, before) -> dict:
    words = {
        ADDED: _("Learning point %(number)d marked"),
        CHANGED: _("Learning point %(number)d changed"),
        REMOVED: _("Learning point %(number)d unmarked"),
    }
    return {
        "what": words[record.history_type] % {"number": record.number},
        "before": before.short_name if before else "",
        "after": "" if record.history_type == REMOVED else record.short_name,
    }


def _fact(record, before) -> dict:
    words = {
        ADDED: _("Profile fact %(number)d added"),
        CHANGED: _("Profile fact %(number)d changed"),
        REMOVED: _("Profile fact %(number)d removed"),
    }
    return {
        "what": words[record.history_type] % {"number": record.position},
        "before": before.text if before else "",
        "after": "" if record.history_type == REMOVED else record.text,
    }
