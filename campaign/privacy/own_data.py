"""A user's own data, as the file they download (PIPL art. 45): their account, role and unit,
their reading progress marks and the reflections recorded under their account. Nothing of anyone
else: no session they recorded (its absentees are other people), no reviewer's account.

Reflections are those the user recorded (`recorded_by`): an author's name alone cannot say who
someone is (two 张伟 in one city), so a name is never matched against the account."""

import datetime

from django.utils import timezone

from campaign.models import Reflection
from documents.models import StudiedPoint


def _when(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def own_data(user) -> dict:
    """Everything the portal keeps about `user` that is theirs, as JSON-ready values. A fixed
    number of queries whatever the number of marks and reflections."""
    unit = user.organisation
    marks = (
        StudiedPoint.objects.filter(user=user)
        .select_related("point__document__campaign")
        .order_by("point__document", "point__number")
    )
    reflections = (
        Reflection.objects.filter(recorded_by=user)
        .select_related("organisation", "point", "session")
        .order_by("created_at", "pk")
    )
    return {
        "generated_at": _when(timezone.now()),
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": user.is_active,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "role": {"code": user.role, "name": str(user.get_role_display())},
        "organisation": {"code": unit.code, "name": unit.name} if unit else None,
        "reading_progress": [
            {
                "campaign": str(mark.point.document.campaign),
                "point": mark.point.number,
                "point_name": mark.point.short_name,
            }
            for mark in marks
        ],
        "reflections": [
            {
                "id": r.pk,
                "title": r.title,
                "author_name": r.author_name,
                "author_position": r.author_position,
                "organisation": r.organisation.name,
                "point": r.point.short_name,
                "session": str(r.session) if r.session else None,
                "text": r.body,
                "status": r.status,
                "public_consent": r.public_consent,
                "recorded_at": _when(r.created_at),
                "updated_at": _when(r.updated_at),
            }
            for r in reflections
        ],
    }
