"""The writes of 意见建议: sending one, answering one."""

import secrets

from django.db import transaction
from django.utils import timezone

from campaign.feedback.models import Opinion, Status, hash_token


@transaction.atomic
def opinion_send(*, category: str, text: str, contact: str = "") -> tuple[Opinion, str]:
    """Keep a visitor's opinion; returns it and the token of its private link, which is shown
    to the sender once and stored only as a hash (an unguessable 256-bit secret)."""
    token = secrets.token_urlsafe(32)
    opinion = Opinion.objects.create(
        category=category, text=text, contact=contact, token_hash=hash_token(token)
    )
    return opinion, token


@transaction.atomic
def opinion_answer(*, opinion: Opinion, answer: str, status: str, by) -> Opinion:
    """An administrator's answer and status. Giving an answer marks a received opinion answered;
    the time and the answerer follow the answer's last change."""
    previous = Opinion.objects.filter(pk=opinion.pk).values_list("answer", flat=True).first()
    if answer.strip() and status == Status.RECEIVED:
        status = Status.ANSWERED
    if answer != previous:
        opinion.answered_at = timezone.now() if answer.strip() else None
        opinion.answered_by = by if answer.strip() else None
    opinion.answer = answer
    opinion.status = status
    opinion.save()
    return opinion
