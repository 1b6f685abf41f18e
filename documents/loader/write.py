"""Writes a checked campaign (`folder.CampaignData`) to the database: all of it or nothing, and
idempotently. Rows are matched by their numbers (a paragraph's, a point's, a fact's position)
within the campaign's decision, so a reload writes only what changed and the learning points
other records point at keep their primary keys. Nothing another record refers to is deleted: a
paragraph, point or fact the new files no longer have is refused while anything refers to it.

Every row written is kept in its history (django-simple-history) with who wrote it: `by`, or
the signed-in user of the request (simple_history's middleware), or no one for the command."""

import functools
from contextvars import ContextVar

from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.cache import forget
from documents.loader.folder import CampaignData, ParsedFact, ParsedPoint
from documents.loader.text import DecisionFormatError
from documents.models import Campaign, Document, LearningPoint, Paragraph, ProfileFact

_by: ContextVar = ContextVar("written_by", default=None)
# Refusals are read by campaign admins on the campaign's page as well as by the command: in
# their language, one whole sentence per kind of row (lazy: translated when raised).
_STILL_USED = {
    "paragraph": gettext_lazy(
        "Paragraph %(numbers)s cannot be removed: learning points, profile facts, reflections "
        "or readers' marks refer to it."
    ),
    "learning point": gettext_lazy(
        "Learning point %(numbers)s cannot be removed: sessions, reflections or readers' marks "
        "refer to it. Keep it, or change its short name."
    ),
    "profile fact": gettext_lazy(
        "Profile fact %(numbers)s cannot be removed: other records refer to it."
    ),
}
_MEANING_KEPT = gettext_lazy(
    "Learning point %(number)d would come to state another paragraph, yet sessions, "
    "reflections or readers' marks refer to it: points are numbered in order, so neither it "
    "nor a point before it can be unmarked."
)


@transaction.atomic
def write_campaign(data: CampaignData, *, by=None) -> dict[str, int]:
    """Create or update the campaign, its decision, points and profile; return how many rows of
    each were written. `by`: the user named in the history of the rows written."""
    token = _by.set(by)
    try:
        changed = _write(data)
    except IntegrityError as error:  # a rule the checks above did not foresee: still all or nothing
        # The database's own words stay in the traceback: they would be English on the page.
        raise DecisionFormatError(
            _("Campaign %(slug)s conflicts with what is already stored.") % {"slug": data.slug}
        ) from error
    finally:
        _by.reset(token)
    if any(changed.values()):
        # The public pages show the campaign as it is now; the portal's home lists it.
        transaction.on_commit(functools.partial(forget, data.slug))
    return changed


def _write(data: CampaignData) -> dict[str, int]:
    decision = data.decision
    changed = {"campaign": 0, "document": 0, "paragraphs": 0, "points": 0, "facts": 0}
    campaign = Campaign.objects.select_related("document").filter(slug=data.slug).first()
    document = _document_for(data, campaign)
    changed["document"] += _save_changes(
        document,
        slug=data.slug,
        number=decision.number,
        title=decision.title,
        issuers="\n".join(decision.issuers),
        issued_on=decision.issued_on,
        distribution=decision.distribution,
    )

    paragraphs = {p.number: p for p in document.paragraphs.all()}
    for number, text in enumerate(decision.paragraphs, start=1):
        paragraph = paragraphs.setdefault(number, Paragraph(document=document, number=number))
        changed["paragraphs"] += _save_changes(paragraph, text=text)
    changed["points"] += _write_points(document, data.points, paragraphs)
    changed["facts"] += _write_facts(document, data.facts, paragraphs)
    changed["paragraphs"] += _delete(
        document.paragraphs.filter(number__gt=len(decision.paragraphs)), "paragraph"
    )

    changed["campaign"] += _save_changes(
        campaign or Campaign(slug=data.slug, document=document),
        name=data.name,
        status=data.status,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        expected_start=data.expected_start,
        is_sample=data.is_sample,
        scope=data.scope,
        honours=data.honours,
    )
    return changed


def _document_for(data: CampaignData, campaign: Campaign | None) -> Document:
    """The campaign's decision; for a new campaign, its document if loaded without a campaign
    (before campaigns were data), else a new one. A number is one decision's only."""
    number = data.decision.number
    if campaign is not None:
        document = campaign.document
    else:
        document = Document.objects.filter(number=number).first() or Document()
    other = Campaign.objects.filter(document__number=number).exclude(slug=data.slug).first()
    if other is not None:
        raise DecisionFormatError(
            _(
                "Decision %(number)s is already loaded as campaign %(slug)s; one decision "
                "launches one campaign."
            )
            % {"number": number, "slug": other.slug}
        )
    return document


def _write_points(
    document: Document, points: list[ParsedPoint], paragraphs: dict[int, Paragraph]
) -> int:
    written = _delete(document.points.filter(number__gt=len(points)), "learning point")
    existing = {p.number: p for p in document.points.all()}
    todo = [
        (existing.get(p.number) or LearningPoint(document=document, number=p.number), p)
        for p in points
    ]
    _check_meaning_kept(todo, paragraphs)
    # A paragraph states one point: a point moving to a paragraph that another still holds
    # waits until that one has moved on.
    while todo:
        held = {row.paragraph_id for row, _point in todo if not row._state.adding}
        ready = [
            (row, point)
            for row, point in todo
            if paragraphs[point.paragraph_number].pk == row.paragraph_id
            or paragraphs[point.paragraph_number].pk not in held
        ]
        if not ready:
            raise DecisionFormatError(
                _("The learning points swap paragraphs with each other; move one at a time.")
            )
        for row, point in ready:
            written += _save_changes(
                row,
                heading=point.heading,
                short_name=point.short_name,
                paragraph=paragraphs[point.paragraph_number],
            )
        todo = [item for item in todo if item not in ready]
    return written


def _check_meaning_kept(todo: list, paragraphs: dict[int, Paragraph]) -> None:
    """Refuse to give a point that records refer to another meaning: rows are matched by their
    numbers, so a point dropped before others (say point 2 of 4) would hand its sessions,
    reflections and readers' marks to the next point's paragraph. A point may keep its
    paragraph with a corrected heading, or move with its heading (paragraphs inserted before
    it); never both at once."""
    for row, point in todo:
        if row._state.adding:
            continue
        moves = paragraphs[point.paragraph_number].pk != row.paragraph_id
        if moves and row.heading != point.heading and _referred([row]):
            raise DecisionFormatError(_MEANING_KEPT % {"number": row.number})


def _write_facts(
    document: Document, facts: list[ParsedFact], paragraphs: dict[int, Paragraph]
) -> int:
    written = _delete(document.profile_facts.filter(position__gt=len(facts)), "profile fact")
    existing = {f.position: f for f in document.profile_facts.all()}
    for position, fact in enumerate(facts, start=1):
        written += _save_changes(
            existing.get(position) or ProfileFact(document=document, position=position),
            kind=fact.kind,
            text=fact.text,
            paragraph=paragraphs[fact.paragraph_number],
        )
    return written


def _delete(rows: QuerySet, what: str) -> int:
    """Delete rows that nothing else refers to; refuse, naming them, when anything does."""
    rows = list(rows)
    if not rows:
        return 0
    if _referred(rows):
        numbers = ", ".join(str(getattr(row, "number", None) or row.position) for row in rows)
        raise DecisionFormatError(_STILL_USED[what] % {"numbers": numbers})
    for row in rows:
        _name_writer(row)
        row.delete()
    return len(rows)


def _referred(rows: list) -> bool:
    """Whether any other record refers to `rows` (all of one model)."""
    collector = Collector(using=router.db_for_write(type(rows[0])))
    try:
        collector.collect(rows)
        return _others(collector, type(rows[0]))
    except (ProtectedError, RestrictedError):
        return True


def _others(collector: Collector, model) -> bool:
    """Whether deleting what `collector` collected would delete or change rows of other models."""
    if any(objs for m, objs in collector.data.items() if m is not model):
        return True
    if any(qs.exists() for qs in collector.fast_deletes if qs.model is not model):
        return True
    return any(
        objs.exists() if isinstance(objs, QuerySet) else bool(objs)
        for updates in collector.field_updates.values()
        for objs in updates
    )


def _save_changes(instance, **values) -> int:
    """Save a new row, or only the fields that differ; 1 if anything was written, else 0."""
    dirty = [name for name, value in values.items() if getattr(instance, name, None) != value]
    for name in dirty:
        setattr(instance, name, values[name])
    _name_writer(instance)
    if instance._state.adding:
        instance.save()
        return 1
    if dirty:
        instance.save(update_fields=dirty)
    return int(bool(dirty))


def _name_writer(instance) -> None:
    """simple_history's documented way to name who changed a row."""
    if _by.get() is not None:
        instance._history_user = _by.get()
