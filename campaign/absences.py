"""Absentees as one line of text, for spreadsheets and for the free text they replaced.

A session's absentees are rows (`campaign.models.Absentee`: a name, a reason from a short list,
a note). In a spreadsheet cell they are one line in the form this module writes and reads back:
"张三（病假）；李四（其他：借调）". A make-up session's cell names whom it makes up for by the
date of the session they missed: "2026-03-05 张三；2026-03-05 李四".

`from_free_text` reads the free text units typed before absentees had rows ("张三：病假", one a
line), keeping whatever it cannot read as a name and reason for the session's note: nothing lost.
"""

import datetime
import re

from django.utils.translation import gettext as _
from django.utils.translation import override

from campaign.choices import AbsenceReason

NAME_MOST = 50
NOTE_MOST = 200
# Between absentees in one cell: full-width or ASCII semicolons, or new lines.
SEPARATORS = re.compile(r"[；;\r\n]+")
ONE = re.compile(
    r"^(?P<name>[^（(：:]+?)\s*[（(]\s*(?P<reason>[^：:）)]+?)\s*(?:[：:]\s*(?P<note>.*?))?\s*[）)]$"
)
MADE_UP = re.compile(r"^(?P<day>\d{4}-\d{1,2}-\d{1,2})\s+(?P<name>\S.*)$")


def reason_labels() -> dict[str, str]:
    """Each reason's Chinese label and its value: the sheet is in Chinese whatever the language."""
    with override("zh-hans"):
        return {str(label): value for value, label in AbsenceReason.choices}


def format_absentees(absentees) -> str:
    """Rows with `name`, `reason` and `note` as one cell: 张三（病假）；李四（其他：借调）."""
    with override("zh-hans"):
        labels = dict(AbsenceReason.choices)
        return "；".join(
            f"{a.name}（{labels[a.reason]}{'：' + a.note if a.note else ''}）" for a in absentees
        )


def _items(text: str) -> list[str]:
    """The cell split at its separators, but not within brackets: a note may hold a semicolon."""
    items, depth, current = [], 0, []
    for char in text or "":
        if char in "（(":
            depth += 1
        elif char in "）)" and depth:
            depth -= 1
        if depth == 0 and SEPARATORS.match(char):
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*items, "".join(current)]


def parse_absentees(text: str) -> list[tuple[str, str, str]]:
    """A cell of `format_absentees` as (name, reason, note) triples; ValueError says what is wrong,
    in the user's language."""
    labels = reason_labels()
    rows, seen = [], set()
    for item in _items(text):
        item = item.strip()
        if not item:
            continue
        match = ONE.match(item)
        if not match:
            raise ValueError(
                _("“%(item)s” is not “name (reason)”, e.g. 张三（病假） or 李四（其他：借调）.")
                % {"item": item}
            )
        name, reason, note = match["name"].strip(), match["reason"], (match["note"] or "").strip()
        if reason not in labels:
            raise ValueError(
                _("“%(item)s”: the reason is one of %(reasons)s.")
                % {"item": item, "reasons": "、".join(labels)}
            )
        if labels[reason] == AbsenceReason.OTHER and not note:
            raise ValueError(
                _("“%(item)s”: say what the other reason is, e.g. 李四（其他：借调）.")
                % {"item": item}
            )
        if len(name) > NAME_MOST or len(note) > NOTE_MOST:
            raise ValueError(
                _("“%(item)s”: a name has at most %(name)d characters and a note %(note)d.")
                % {"item": item, "name": NAME_MOST, "note": NOTE_MOST}
            )
        if name in seen:
            raise ValueError(_("%(name)s is named twice.") % {"name": name})
        seen.add(name)
        rows.append((name, labels[reason], note))
    return rows


def format_made_up(absentees) -> str:
    """Whom a make-up session makes up for (rows with `name` and `session.held_on`)."""
    return "；".join(f"{a.session.held_on:%Y-%m-%d} {a.name}" for a in absentees)


def parse_made_up(text: str) -> list[tuple[datetime.date, str]]:
    """A cell of `format_made_up` as (date missed, name) pairs; ValueError says what is wrong."""
    pairs = []
    for item in SEPARATORS.split(text or ""):
        item = item.strip()
        if not item:
            continue
        match = MADE_UP.match(item)
        try:
            day = datetime.date.fromisoformat(
                "-".join(part.zfill(2) for part in match["day"].split("-"))
            )
        except (TypeError, ValueError):
            raise ValueError(
                _("“%(item)s” is not “date missed name”, e.g. 2026-03-05 张三.") % {"item": item}
            ) from None
        pairs.append((day, match["name"].strip()))
    return pairs


# The old free text: a reason as units wrote it, and the reason it is. The words they wrote stay
# in the note whenever they differ from the label.
SAID = {
    "公差": AbsenceReason.BUSINESS,
    "出差": AbsenceReason.BUSINESS,
    "因公": AbsenceReason.BUSINESS,
    "公出": AbsenceReason.BUSINESS,
    "病假": AbsenceReason.SICK,
    "生病": AbsenceReason.SICK,
    "病": AbsenceReason.SICK,
    "事假": AbsenceReason.PERSONAL,
    "请假": AbsenceReason.PERSONAL,
}
LABELS = {
    AbsenceReason.BUSINESS: "公差",
    AbsenceReason.SICK: "病假",
    AbsenceReason.PERSONAL: "事假",
}
# "张三：病假", "张三 病假", "张三（出差）", "张三、李四：病假".
FREE = re.compile(
    r"^(?P<names>[\u4e00-\u9fff·]{2,5}(?:[、,，][\u4e00-\u9fff·]{2,5})*)\s*"
    r"(?:[：:]\s*(?P<said>[^（）()]{1,30})|\s+(?P<spaced>\S{1,30})|[（(](?P<braced>[^（）()]{1,30})[）)])$"
)


def from_free_text(text: str) -> tuple[list[tuple[str, str, str]], str]:
    """The old free text as (name, reason, note) rows and the lines it could not read, verbatim."""
    rows, kept, seen = [], [], set()
    for line in (text or "").splitlines():
        stripped = line.strip().rstrip("。；;，,")
        match = FREE.match(stripped)
        names = re.split(r"[、,，]", match["names"]) if match else []
        if not match or any(name in seen for name in names) or len(set(names)) < len(names):
            if line.strip():
                kept.append(line.rstrip())
            continue
        said = (match["said"] or match["spaced"] or match["braced"]).strip()
        reason = SAID.get(said, AbsenceReason.OTHER)
        note = "" if LABELS.get(reason) == said else said
        for name in names:
            seen.add(name)
            rows.append((name, reason, note[:NOTE_MOST]))
    return rows, "\n".join(kept)
