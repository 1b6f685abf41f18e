"""A campaign's folder of data files, read and checked before anything is written.

```
campaign.json        what the text alone does not say (below)
<text>.txt           the decision as extracted from its PDF (documents/loader/text.py)
<profile>.json       optional: the facts of the person the decision honours
```

campaign.json:
```json
{
  "slug": "li-bin-2019",
  "name": "向李斌同志学习",
  "text": "li-bin-decision.txt",
  "status": "open",
  "opens_on": "2019-04-03",
  "closes_on": null,
  "is_sample": false,
  "points": [{"paragraph": 4, "short_name": "政治品格"}, …],
  "profile": {"honours": "李斌同志", "facts": "profile.json"}
}
```
`name` defaults to the decision's title, `closes_on` to none (open-ended), `expected_start` (the
day by which each called unit should have held a first session) to none, `is_sample` to false,
`scope` (which organisations are called: `{"districts": [1], "kinds": ["union"], "under":
["<organisation code>"]}`, each list narrowing the one before) to `{}`, the whole city;
`profile` may be left out. Points are numbered in the order listed, from 1 to at most 12; each
names the paragraph that states it, which opens with a bold heading (the point's heading), and
every paragraph that opens with one states a point. The profile file holds
`{"facts": [{"kind": "honour", "text": "…"}, …]}`; each text must be found word for word in
exactly one paragraph.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from documents.loader.text import (
    DecisionFormatError,
    ParsedDecision,
    paragraphs_quoting,
    parse_decision,
)
from documents.models import (
    MOST_POINTS,
    Campaign,
    Document,
    LearningPoint,
    ProfileFact,
    scope_problem,
)

CAMPAIGN_FILE = "campaign.json"
_REQUIRED = {"slug", "text", "status", "opens_on", "points"}
_OPTIONAL = {"name", "closes_on", "expected_start", "is_sample", "scope", "profile", "_comment"}
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass(frozen=True)
class ParsedPoint:
    number: int
    heading: str
    short_name: str
    paragraph_number: int


@dataclass(frozen=True)
class ParsedFact:
    kind: str
    text: str
    paragraph_number: int


@dataclass(frozen=True)
class CampaignData:
    """Everything a folder says, checked: what `write_campaign` writes."""

    slug: str
    name: str
    status: str
    opens_on: date
    closes_on: date | None
    is_sample: bool
    scope: dict
    honours: str
    decision: ParsedDecision
    points: list[ParsedPoint]
    facts: list[ParsedFact]
    #: The day by which each called unit is expected to have held a first session, if any.
    expected_start: date | None = None


def read_campaign(folder: Path) -> CampaignData:
    """Read and check a campaign's folder; DecisionFormatError names the first thing wrong."""
    config = _read_json(folder, CAMPAIGN_FILE)
    if not isinstance(config, dict):
        raise DecisionFormatError(f"{CAMPAIGN_FILE}: expected an object {{…}}.")
    if missing := sorted(_REQUIRED - config.keys()):
        raise DecisionFormatError(f"{CAMPAIGN_FILE}: missing {', '.join(missing)}.")
    if unknown := sorted(config.keys() - _REQUIRED - _OPTIONAL):
        raise DecisionFormatError(
            f"{CAMPAIGN_FILE}: unknown key {', '.join(unknown)}; "
            f"it takes {', '.join(sorted(_REQUIRED | _OPTIONAL - {'_comment'}))}."
        )

    slug = config["slug"]
    if not isinstance(slug, str) or not _SLUG.match(slug) or len(slug) > 50:
        raise DecisionFormatError(
            f"{CAMPAIGN_FILE}: slug {slug!r} must be 1 to 50 letters, digits, '-' or '_'."
        )
    status = config["status"]
    if status not in Campaign.Status.values:
        raise DecisionFormatError(
            f"{CAMPAIGN_FILE}: status {status!r} must be one of {', '.join(Campaign.Status.values)}."
        )
    opens_on = _date(config, "opens_on")
    closes_on = _date(config, "closes_on") if config.get("closes_on") is not None else None
    if closes_on is not None and closes_on < opens_on:
        raise DecisionFormatError(f"{CAMPAIGN_FILE}: closes_on {closes_on} is before opens_on.")
    expected = config.get("expected_start")
    expected_start = _date(config, "expected_start") if expected is not None else None
    if expected_start is not None and expected_start < opens_on:
        raise DecisionFormatError(
            f"{CAMPAIGN_FILE}: expected_start {expected_start} is before opens_on."
        )
    is_sample = config.get("is_sample", False)
    if not isinstance(is_sample, bool):
        raise DecisionFormatError(f"{CAMPAIGN_FILE}: is_sample must be true or false.")
    scope = config.get("scope", {})
    if problem := scope_problem(scope):
        raise DecisionFormatError(f"{CAMPAIGN_FILE}: {problem}")

    decision = parse_decision(_read_text(folder, config["text"]))
    _check_lengths(decision)
    name = config.get("name", decision.title)
    if not isinstance(name, str) or not 0 < len(name) <= _max_length(Campaign, "name"):
        raise DecisionFormatError(f"{CAMPAIGN_FILE}: name must be text of 1 to 100 characters.")
    honours, facts = _profile(folder, config.get("profile"), decision)
    return CampaignData(
        slug=slug,
        name=name,
        status=status,
        opens_on=opens_on,
        closes_on=closes_on,
        is_sample=is_sample,
        scope=scope,
        honours=honours,
        decision=decision,
        points=_points(config["points"], decision),
        facts=facts,
        expected_start=expected_start,
    )


def _file(folder: Path, name) -> Path:
    """A file of the folder, named by a plain file name (never a path out of it)."""
    if not isinstance(name, str) or not name or Path(name).name != name:
        raise DecisionFormatError(f"{name!r} must be the name of a file in {folder}.")
    path = folder / name
    if not path.is_file():
        raise DecisionFormatError(f"{path} is not there.")
    return path


def _read_text(folder: Path, name) -> str:
    path = _file(folder, name)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DecisionFormatError(f"{path.name} is not UTF-8 text.") from None


def _read_json(folder: Path, name):
    text = _read_text(folder, name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DecisionFormatError(
            f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None


def _date(config: dict, key: str) -> date:
    value = config[key]
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DecisionFormatError(
            f"{CAMPAIGN_FILE}: {key} {value!r} must be a date written as YYYY-MM-DD."
        ) from None


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _check_lengths(decision: ParsedDecision) -> None:
    for name in ("number", "title", "distribution"):
        value, most = getattr(decision, name), _max_length(Document, name)
        if len(value) > most:
            raise DecisionFormatError(f"The decision's {name} is longer than {most} characters.")


def _points(points, decision: ParsedDecision) -> list[ParsedPoint]:
    if not isinstance(points, list) or not 1 <= len(points) <= MOST_POINTS:
        raise DecisionFormatError(
            f"{CAMPAIGN_FILE}: points must list 1 to {MOST_POINTS} points; "
            "`manage.py load_decision <folder> --propose` suggests them from the text."
        )
    parsed, last = [], 0
    for number, point in enumerate(points, start=1):
        where = f"{CAMPAIGN_FILE}: point {number}"
        if not isinstance(point, dict) or set(point) != {"paragraph", "short_name"}:
            raise DecisionFormatError(f'{where} must be {{"paragraph": …, "short_name": …}}.')
        paragraph, short_name = point["paragraph"], point["short_name"]
        if type(paragraph) is not int or not 1 <= paragraph <= len(decision.paragraphs):
            raise DecisionFormatError(
                f"{where}: paragraph {paragraph!r} is not one of the decision's "
                f"{len(decision.paragraphs)} paragraphs."
            )
        if paragraph <= last:
            raise DecisionFormatError(f"{where}: paragraph {paragraph} must come after {last}.")
        if paragraph not in decision.headings:
            raise DecisionFormatError(f"{where}: paragraph {paragraph} opens with no **heading**.")
        most = _max_length(LearningPoint, "short_name")
        if not isinstance(short_name, str) or not 0 < len(short_name.strip()) <= most:
            raise DecisionFormatError(f"{where}: short_name must be 1 to {most} characters.")
        heading = decision.headings[paragraph]
        if len(heading) > _max_length(LearningPoint, "heading"):
            raise DecisionFormatError(f"{where}: the heading of paragraph {paragraph} is too long.")
        parsed.append(ParsedPoint(number, heading, short_name.strip(), paragraph))
        last = paragraph
    if stray := sorted(set(decision.headings) - {p.paragraph_number for p in parsed}):
        raise DecisionFormatError(
            f"Paragraph {', '.join(map(str, stray))} opens with a **heading** but "
            f"{CAMPAIGN_FILE} names no point there."
        )
    return parsed


def _profile(folder: Path, profile, decision: ParsedDecision) -> tuple[str, list[ParsedFact]]:
    """(the person honoured, their facts), or ("", []) when the campaign has no profile."""
    if profile is None:
        return "", []
    if not isinstance(profile, dict) or set(profile) != {"honours", "facts"}:
        raise DecisionFormatError(
            f'{CAMPAIGN_FILE}: profile must be {{"honours": "…", "facts": "<file>.json"}}.'
        )
    honours = profile["honours"]
    if not isinstance(honours, str) or not 0 < len(honours) <= _max_length(Campaign, "honours"):
        raise DecisionFormatError(f"{CAMPAIGN_FILE}: profile honours must be a name.")
    data = _read_json(folder, profile["facts"])
    name = profile["facts"]
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list) or not data["facts"]:
        raise DecisionFormatError(f'{name}: expected {{"facts": [{{"kind": …, "text": …}}, …]}}.')
    kinds = ProfileFact.Kind.values
    facts = []
    for fact in data["facts"]:
        if not isinstance(fact, dict) or set(fact) != {"kind", "text"}:
            raise DecisionFormatError(f"{name}: each fact is {{'kind': …, 'text': …}}: {fact!r}.")
        kind, text = fact["kind"], fact["text"]
        if kind not in kinds:
            raise DecisionFormatError(
                f"{name}: unknown kind {kind!r} for profile fact {text!r}; "
                f"the kinds are {', '.join(kinds)}."
            )
        if not isinstance(text, str) or not 0 < len(text) <= _max_length(ProfileFact, "text"):
            raise DecisionFormatError(f"{name}: a fact's text must be 1 to 300 characters.")
        found = paragraphs_quoting(text, decision.paragraphs)
        if len(found) != 1:
            raise DecisionFormatError(
                f"{name}: profile fact {text!r} must be quoted from exactly one paragraph; "
                f"found {len(found)}."
            )
        facts.append(ParsedFact(kind, text, found[0]))
    return honours, facts
