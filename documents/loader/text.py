"""A decision's text as extracted from its PDF: the format `parse_decision` reads.

```
中共上海市委组织部            issuing bodies, one a line
上海市总工会

沪工总办〔2019〕60号          the document number

---

## 关于……的决定               the title

Body paragraphs, blank-line separated. **一是要学习……。**A paragraph that opens with a bold
heading can state a learning point.

2019年4月3日                  the date

（此件发至……）                the distribution line
```

The text keeps the PDF's page breaks: a paragraph cut by one ends without closing punctuation and
goes on in the next block ("保持高度" / "一致"). `parse_decision` joins those and adds or rewords
nothing; the bold markup of a heading is the only thing it takes away.
"""

import re
from dataclasses import dataclass, field
from datetime import date

# A paragraph that ends with none of these was cut by a page break.
_CLOSING = tuple("。！？；：”’）」")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_HEADING = re.compile(r"^\*\*(.+?)\*\*")
# How decisions count their points: 一是, 二是, … 十二是.
ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


class DecisionFormatError(ValueError):
    """A campaign's data files are not what the loader reads; the message says what is wrong."""


@dataclass(frozen=True)
class ParsedDecision:
    issuers: list[str]
    number: str
    title: str
    paragraphs: list[str]
    # None when a decision read from an uploaded file gave no date (the admin fills it in).
    issued_on: date | None
    distribution: str
    # {paragraph number: its bold opening heading}, for paragraphs that open with one.
    headings: dict[int, str] = field(default_factory=dict)


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


def join_page_breaks(pieces: list[str], *, strict: bool = True) -> list[str]:
    """Join the pieces a page break cut: one that ends without closing punctuation goes on in
    the next. A body ending mid-sentence is refused (`strict`), or kept as its last paragraph for
    an admin to look at (an uploaded file, `documents.reading`)."""
    paragraphs: list[str] = []
    carried = ""
    for piece in pieces:
        carried += piece
        if carried.endswith(_CLOSING):
            paragraphs.append(carried)
            carried = ""
    if carried and not strict:
        paragraphs.append(carried)
    elif carried:
        raise DecisionFormatError(f"The body ends in the middle of a sentence: {carried[-20:]!r}")
    return paragraphs


def split_body(pieces: list[str], *, strict: bool = True) -> tuple[list[str], dict[int, str]]:
    """(paragraphs, {paragraph number: heading}) of a body's pieces: those a page break cut
    joined, and the **bold** markup of an opening heading taken away; nothing else changed."""
    paragraphs, headings = [], {}
    for index, paragraph in enumerate(join_page_breaks(pieces, strict=strict), start=1):
        match = _HEADING.match(paragraph)
        if match:
            headings[index] = match.group(1)
            paragraph = match.group(1) + paragraph[match.end() :]
        paragraphs.append(paragraph)
    return paragraphs, headings


def parse_decision(text: str) -> ParsedDecision:
    blocks = _blocks(text)
    try:
        issuers, (number,), rule, (title,), *rest = blocks
    except ValueError:
        raise DecisionFormatError(
            "Expected issuing bodies, the document number, a '---' rule and the title, "
            "each a block of its own."
        ) from None
    if rule != ["---"] or not title.startswith("## "):
        raise DecisionFormatError("Expected a '---' rule and a '## ' title after the number.")

    date_index = next((i for i, b in enumerate(rest) if len(b) == 1 and _DATE.match(b[0])), None)
    if date_index is None or date_index + 1 >= len(rest):
        raise DecisionFormatError("Expected a date line and a distribution line after the body.")
    year, month, day = map(int, _DATE.match(rest[date_index][0]).groups())
    try:
        issued_on = date(year, month, day)
    except ValueError:
        raise DecisionFormatError(f"{rest[date_index][0]} is not a date.") from None
    distribution = "".join(rest[date_index + 1])

    paragraphs, headings = split_body(["".join(block) for block in rest[:date_index]])
    if not paragraphs:
        raise DecisionFormatError("The decision has no body between its title and its date.")

    return ParsedDecision(
        issuers=issuers,
        number=number,
        title=title.removeprefix("## ").strip(),
        paragraphs=paragraphs,
        issued_on=issued_on,
        distribution=distribution,
        headings=headings,
    )


def short_name_of(heading: str) -> str:
    """政治品格 from 一是要学习李斌同志信念坚定、爱党爱国的政治品格。"""
    return heading.rstrip("。").rsplit("的", 1)[-1]


def propose_points(parsed: ParsedDecision) -> list[dict]:
    """The points a campaign.json could name: the bold headings that count 一是, 二是, … in
    order, each with a short name guessed from its words (check them before loading)."""
    return _counted(parsed.headings)


def first_sentence(paragraph: str) -> str:
    """一是要学习通读原文的方法。 from a stored paragraph that opens with it: a point's heading,
    once the bold markup of the text file is gone."""
    end = paragraph.find("。")
    return paragraph[: end + 1] if end >= 0 else paragraph


def propose_stored_points(paragraphs: list[str]) -> list[dict]:
    """`propose_points` for a decision already stored: the paragraphs (numbered from 1) whose
    first sentence counts 一是, 二是, … in order."""
    return _counted({n: first_sentence(text) for n, text in enumerate(paragraphs, start=1)})


def _counted(headings: dict[int, str]) -> list[dict]:
    proposed = []
    for paragraph, heading in sorted(headings.items()):
        if len(proposed) == len(ORDINALS):
            break
        if heading.startswith(f"{ORDINALS[len(proposed)]}是"):
            proposed.append({"paragraph": paragraph, "short_name": short_name_of(heading)[:20]})
    return proposed


def paragraphs_quoting(text: str, paragraphs: list[str]) -> list[int]:
    """The numbers (from 1) of the paragraphs holding `text` word for word. A profile fact is
    accepted only when this names exactly one: the rule of data files and the backend alike."""
    return [n for n, paragraph in enumerate(paragraphs, start=1) if text in paragraph]
