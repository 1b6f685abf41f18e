"""Help for reviewers: reflections in their scope with nearly the same text (templated or copied),
and how much of a reflection is copied word for word from the decision.

Similarity is pg_trgm's on both databases: the trigrams of each word (a run of letters or digits,
padded as pg_trgm pads it) shared by the two texts, over all the trigrams of either (0–1).

- PostgreSQL, the whole of the user's scope: `body % text` (similarity at least the threshold,
  set for the search with SET LOCAL) through the GIN trigram index of migration 0013, most
  similar first: a few milliseconds for a text with few like it. The index lists every text that
  might be alike, so where there are a great many (a template copied city-wide; the benchmark,
  whose 500,000 texts are all alike, took 2.7 s, and texts sharing half their trigrams with
  another half a million took 30 s) the newest `RECENT_CANDIDATES` reflections in scope are
  compared instead, and the reviewer is told so: when the planner expects more than `INDEX_ROWS`
  alike, or the index takes longer than `INDEX_MILLISECONDS`.
- Elsewhere (SQLite: development and tests) the newest `RECENT_CANDIDATES` reflections in scope,
  compared in Python: bounded work.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import OperationalError, connections, transaction
from django.db.models import BooleanField, F, FloatField, Func, TextField, Value

from campaign.choices import ReflectionStatus
from campaign.models import Reflection
from campaign.models.reflections import REFLECTION_MIN_CHARACTERS
from documents.models import Paragraph

# Half of the two texts' trigrams in common: a copy with a few characters changed scores about
# 0.9, a text filled into the same template 0.6 and more, an original on the same point under 0.3.
SIMILARITY_THRESHOLD = 0.5
MATCHES_SHOWN = 5
# Without the index (SQLite), or where a great many reflections are alike (PostgreSQL: the index
# would list them all), the newest reflections in scope are compared, in Python.
RECENT_CANDIDATES = 500
# PostgreSQL: the index is read when the planner expects at most this many reflections city-wide
# to be alike; the candidates it lists are capped, each costs a read and a comparison.
INDEX_ROWS = 1000
INDEX_CANDIDATES = 1000
# ... and given this long; past it, the newest are compared instead.
INDEX_MILLISECONDS = 100
QUERY_CANCELED = "57014"  # PostgreSQL's error code for a statement past statement_timeout

# A copied run is at least this many letters in a row found in one paragraph of the decision.
COPIED_RUN = 8
# Flagged: at least half of the letters copied, in a reflection under twice the minimum length,
# so what is its own is under the minimum a reflection must have.
COPIED_SHARE_FLAGGED = 0.5
SHORT_CHARACTERS = 2 * REFLECTION_MIN_CHARACTERS

_WORD = re.compile(r"[^\W_]+")  # pg_trgm's words: letters and digits, punctuation splits them


@dataclass(frozen=True)
class Match:
    """Another reflection with nearly the same text, and how similar it is (0–1)."""

    id: int
    title: str
    unit: str
    author: str
    status: str
    created_at: datetime
    similarity: float

    @property
    def status_label(self) -> str:
        return ReflectionStatus(self.status).label

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def trigrams(text: str) -> set[str]:
    """The text's trigrams as pg_trgm counts them: lower case, each word padded with two spaces
    in front and one behind."""
    grams: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: set[str], b: set[str]) -> float:
    """pg_trgm's `similarity()` of two trigram sets: shared over all."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


class _Similar(Func):
    """`a % b`: pg_trgm's similarity at least `pg_trgm.similarity_threshold`; the index serves it."""

    arg_joiner = " %% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


_COLUMNS = ("pk", "title", "organisation__name", "author_name", "status", "created_at")


@dataclass(frozen=True)
class Found:
    """The matches, and whether only the newest `RECENT_CANDIDATES` reflections in scope were
    compared (`recent_only`) rather than the whole scope."""

    matches: list[Match]
    recent_only: bool


def near_duplicates(
    reflection: Reflection,
    user,
    *,
    limit: int = MATCHES_SHOWN,
    threshold: float = SIMILARITY_THRESHOLD,
) -> list[Match]:
    """The reflections the user may see whose text is most like this one's, most similar first:
    at most `limit`, each at least `threshold` similar. The reflection itself is never listed."""
    return search(reflection, user, limit=limit, threshold=threshold).matches


def search(
    reflection: Reflection,
    user,
    *,
    limit: int = MATCHES_SHOWN,
    threshold: float = SIMILARITY_THRESHOLD,
) -> Found:
    """`near_duplicates`, saying how far it looked."""
    if not trigrams(reflection.body):
        return Found([], recent_only=False)
    scope = Reflection.objects.visible_to(user).exclude(pk=reflection.pk)
    if connections[scope.db].vendor == "postgresql":
        matches = _nearest_indexed(reflection.body, scope, limit=limit, threshold=threshold)
        if matches is not None:
            return Found(matches, recent_only=False)
    return Found(_nearest_recent(reflection, scope, limit=limit, threshold=threshold), True)


def _nearest_indexed(body: str, scope, *, limit: int, threshold: float) -> list[Match] | None:
    """PostgreSQL: the index's answer over the whole scope, or None where it would list a great
    many texts: the planner expects more than `INDEX_ROWS` alike, or the search takes longer than
    `INDEX_MILLISECONDS` (texts that share half their trigrams with this one without being alike
    are listed by the index too, each to be compared and turned down)."""
    db = scope.db
    # SET LOCAL in a savepoint rolled back at the end (the search only reads): nothing of the
    # settings outlives it, inside a request's transaction or not.
    try:
        with transaction.atomic(using=db), connections[db].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true), "
                "set_config('enable_seqscan', 'off', true), "
                "set_config('statement_timeout', %s, true)",
                [f"{threshold:.3f}", f"{INDEX_MILLISECONDS}ms"],
            )
            matches = None
            if _estimated_alike(body, db) <= INDEX_ROWS:
                matches = [Match(*row) for row in indexed_matches(body, scope)[:limit]]
            transaction.set_rollback(True, using=db)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
            return None
        raise
    return matches


def _estimated_alike(body: str, using: str) -> int:
    """PostgreSQL: how many reflections, city-wide, the planner expects `body % text` to find
    (pg_trgm estimates it by trying the column's statistics sample): 1 to 10 ms at 500,000."""
    query = Reflection.objects.using(using).filter(_Similar(F("body"), _text(body))).values("pk")
    sql, params = query.query.sql_with_params()
    with connections[using].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _text(body: str) -> Value:
    return Value(body, output_field=TextField())


def indexed_matches(body: str, scope):
    """PostgreSQL: the rows of `scope` at least `pg_trgm.similarity_threshold` like `body`, most
    similar first. The candidates come from the GIN index alone, in a subquery of their own, so
    the scope cannot lead the planner to read and compare all of the scope's rows instead (12 s
    for a district of the benchmark). At most `INDEX_CANDIDATES` of them, city-wide: so many
    alike are rarely missed by the planner's estimate, which sends the search to the newest."""
    text = _text(body)
    candidates = Reflection.objects.filter(_Similar(F("body"), text)).order_by().values("pk")
    return (
        scope.filter(pk__in=candidates[:INDEX_CANDIDATES])
        .annotate(
            similarity=Func(F("body"), text, function="similarity", output_field=FloatField())
        )
        .order_by("-similarity", "-created_at", "-pk")
        .values_list(*_COLUMNS, "similarity")
    )


def _nearest_recent(reflection: Reflection, scope, *, limit: int, threshold: float) -> list[Match]:
    own = trigrams(reflection.body)
    rows = scope.order_by("-created_at", "-pk").values_list(*_COLUMNS, "body")[:RECENT_CANDIDATES]
    scored = []
    for *columns, body in rows:
        score = similarity(own, trigrams(body))
        if score >= threshold:
            scored.append(Match(*columns, similarity=score))
    # Most similar first; of equals, the newest (the order they were read in).
    scored.sort(key=lambda match: match.similarity, reverse=True)
    return scored[:limit]


def _letters(text: str) -> str:
    """The letters and digits of a text: spaces and punctuation do not make a copy original."""
    return "".join(_WORD.findall(text))


def copied_from_decision(reflection: Reflection, *, paragraphs: list[str] | None = None) -> float:
    """The share (0–1) of the reflection's letters that lie in runs of `COPIED_RUN` or more found
    word for word in one paragraph of the decision of its point (spaces and punctuation
    ignored)."""
    text = _letters(reflection.body)
    if len(text) < COPIED_RUN:
        return 0.0
    if paragraphs is None:
        paragraphs = list(
            Paragraph.objects.filter(document__points=reflection.point_id).values_list(
                "text", flat=True
            )
        )
    runs = set()
    for paragraph in paragraphs:
        letters = _letters(paragraph)
        runs.update(letters[i : i + COPIED_RUN] for i in range(len(letters) - COPIED_RUN + 1))
    covered = bytearray(len(text))
    for i in range(len(text) - COPIED_RUN + 1):
        if text[i : i + COPIED_RUN] in runs:
            covered[i : i + COPIED_RUN] = b"\x01" * COPIED_RUN
    return sum(covered) / len(text)


def is_short(reflection: Reflection) -> bool:
    """Under `SHORT_CHARACTERS`, counted as the minimum is (spaces not counted)."""
    return len("".join(reflection.body.split())) < SHORT_CHARACTERS


def review_help(reflection: Reflection, user) -> dict:
    """What templates/campaign/similar.html shows a reviewer of this reflection, as
    `review_help`: the near duplicates the user may see (`recent_only`: of the newest
    `recent_count` in scope only), and the share copied from the decision (`copied_flagged` when
    it is at least half of a short reflection)."""
    share = copied_from_decision(reflection)
    found = search(reflection, user)
    return {
        "matches": found.matches,
        "recent_only": found.recent_only,
        "recent_count": RECENT_CANDIDATES,
        "threshold_percent": round(SIMILARITY_THRESHOLD * 100),
        "copied_share": share,
        "copied_percent": round(share * 100),
        "copied_flagged": share >= COPIED_SHARE_FLAGGED and is_short(reflection),
        "short_characters": SHORT_CHARACTERS,
    }


def alike_on_session(
    body: str, session, user, *, exclude: int | None = None, threshold: float = SIMILARITY_THRESHOLD
) -> list[Match]:
    """The reflections on `session` the user may see (not `exclude`) whose text is at least
    `threshold` like `body`, most similar first: asked before a second one is saved."""
    own = trigrams(body)
    if session is None or not own:
        return []
    rows = (
        Reflection.objects.visible_to(user)
        .filter(session=session)
        .exclude(pk=exclude)
        .order_by("-created_at", "-pk")
        .values_list(*_COLUMNS, "body")[:RECENT_CANDIDATES]
    )
    scored = [
        Match(*columns, similarity=score)
        for *columns, text in rows
        if (score := similarity(own, trigrams(text))) >= threshold
    ]
    return sorted(scored, key=lambda match: match.similarity, reverse=True)
