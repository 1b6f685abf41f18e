"""Reads the decision from the text extracted from its PDF and writes it to the database.

The text keeps the PDF's page breaks: a paragraph cut by one ends without closing punctuation and
goes on in the next block ("保持高度" / "一致"). `parse_decision` joins those and adds or rewords
nothing; `load_decision` writes the result idempotently, keeping the primary keys of the learning
points that other records point at.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from documents.cache import forget
from documents.models import DECISION_SLUG, Document, LearningPoint, Paragraph, ProfileFact

DATA_DIR = Path(__file__).resolve().parent / "data"
DECISION_FILE = DATA_DIR / "li-bin-decision.txt"
PROFILE_FILE = DATA_DIR / "profile.json"

# A paragraph that ends with none of these was cut by a page break.
_CLOSING = tuple("。！？；：”’）」")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_HEADING = re.compile(r"^\*\*(.+?)\*\*")
_POINT_ORDINALS = ("一是", "二是", "三是", "四是")


class DecisionFormatError(ValueError):
    """The data file does not have the shape of the decision."""


@dataclass(frozen=True)
class ParsedPoint:
    number: int
    heading: str
    short_name: str
    paragraph_number: int


@dataclass(frozen=True)
class ParsedDecision:
    issuers: list[str]
    number: str
    title: str
    paragraphs: list[str]
    points: list[ParsedPoint]
    issued_on: date
    distribution: str


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of its stripped lines."""
    blocks, current = [], []
    for line in text.splitlines():
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def join_page_breaks(pieces: list[str]) -> list[str]:
    paragraphs: list[str] = []
    carried = ""
    for piece in pieces:
        carried += piece
        if carried.endswith(_CLOSING):
            paragraphs.append(carried)
            carried = ""
    if carried:
        raise DecisionFormatError(f"The body ends in the middle of a sentence: {carried[-20:]!r}")
    return paragraphs


def short_name_of(heading: str) -> str:
    """政治品格 from 一是要学习李斌同志信念坚定、爱党爱国的政治品格。"""
    return heading.rstrip("。").rsplit("的", 1)[-1]


def parse_decision(text: str) -> ParsedDecision:
    blocks = _blocks(text)
    try:
        issuers, (number,), rule, (title,), *rest = blocks
    except ValueError:
        raise DecisionFormatError("Expected issuing bodies, number, rule and title.") from None
    if rule != ["---"] or not title.startswith("## "):
        raise DecisionFormatError("Expected a '---' rule and a '## ' title after the number.")

    date_index = next((i for i, b in enumerate(rest) if len(b) == 1 and _DATE.match(b[0])), None)
    if date_index is None or date_index + 1 >= len(rest):
        raise DecisionFormatError("Expected a date line and a distribution line after the body.")
    year, month, day = map(int, _DATE.match(rest[date_index][0]).groups())
    distribution = "".join(rest[date_index + 1])

    body = join_page_breaks(["".join(block) for block in rest[:date_index]])
    paragraphs, points = [], []
    for index, paragraph in enumerate(body, start=1):
        match = _HEADING.match(paragraph)
        if match:
            heading = match.group(1)
            ordinal = len(points) + 1
            if ordinal > 4 or not heading.startswith(_POINT_ORDINALS[ordinal - 1]):
                raise DecisionFormatError(f"Unexpected learning point heading: {heading!r}")
            points.append(ParsedPoint(ordinal, heading, short_name_of(heading), index))
            paragraph = heading + paragraph[match.end() :]
        paragraphs.append(paragraph)
    if len(points) != 4:
        raise DecisionFormatError(f"Expected four learning points, found {len(points)}.")

    return ParsedDecision(
        issuers=issuers,
        number=number,
        title=title.removeprefix("## ").strip(),
        paragraphs=paragraphs,
        points=points,
        issued_on=date(year, month, day),
        distribution=distribution,
    )


def parse_profile(data: dict, paragraphs: list[str]) -> list[tuple[str, str, int]]:
    """(kind, text, paragraph number) for each fact, each found in exactly one paragraph."""
    kinds = set(ProfileFact.Kind.values)
    facts = []
    for fact in data["facts"]:
        kind, text = fact["kind"], fact["text"]
        if kind not in kinds:
            raise DecisionFormatError(f"Unknown kind {kind!r} for profile fact {text!r}.")
        found = [n for n, paragraph in enumerate(paragraphs, start=1) if text in paragraph]
        if len(found) != 1:
            raise DecisionFormatError(
                f"Profile fact {text!r} must be quoted from exactly one paragraph; found {len(found)}."
            )
        facts.append((kind, text, found[0]))
    return facts


@transaction.atomic
def load_decision(
    *, decision_file: Path = DECISION_FILE, profile_file: Path = PROFILE_FILE
) -> dict[str, int]:
    """Create or update the decision, its points and the profile; return how many rows changed."""
    parsed = parse_decision(decision_file.read_text(encoding="utf-8"))
    facts = parse_profile(json.loads(profile_file.read_text(encoding="utf-8")), parsed.paragraphs)
    changed = {"document": 0, "paragraphs": 0, "points": 0, "facts": 0}

    document = Document.objects.filter(slug=DECISION_SLUG).first() or Document(slug=DECISION_SLUG)
    changed["document"] += _save_changes(
        document,
        number=parsed.number,
        title=parsed.title,
        issuers="\n".join(parsed.issuers),
        issued_on=parsed.issued_on,
        distribution=parsed.distribution,
    )

    paragraphs = {p.number: p for p in document.paragraphs.all()}
    for number, text in enumerate(parsed.paragraphs, start=1):
        paragraph = paragraphs.setdefault(number, Paragraph(document=document, number=number))
        changed["paragraphs"] += _save_changes(paragraph, text=text)

    points = {p.number: p for p in LearningPoint.objects.all()}
    for point in parsed.points:
        changed["points"] += _save_changes(
            points.get(point.number) or LearningPoint(number=point.number),
            heading=point.heading,
            short_name=point.short_name,
            paragraph=paragraphs[point.paragraph_number],
        )

    changed["facts"] += ProfileFact.objects.filter(position__gt=len(facts)).delete()[0]
    existing = {f.position: f for f in ProfileFact.objects.all()}
    for position, (kind, text, paragraph_number) in enumerate(facts, start=1):
        changed["facts"] += _save_changes(
            existing.get(position) or ProfileFact(position=position),
            kind=kind,
            text=text,
            paragraph=paragraphs[paragraph_number],
        )

    stale = document.paragraphs.filter(number__gt=len(parsed.paragraphs))
    changed["paragraphs"] += stale.delete()[0]
    if any(changed.values()):
        transaction.on_commit(forget)  # the public pages show the content as it is now
    return changed


def _save_changes(instance, **values) -> int:
    """Save a new row, or only the fields that differ; 1 if anything was written, else 0."""
    dirty = [name for name, value in values.items() if getattr(instance, name, None) != value]
    for name in dirty:
        setattr(instance, name, values[name])
    if instance._state.adding:
        instance.save()
        return 1
    if dirty:
        instance.save(update_fields=dirty)
    return int(bool(dirty))
