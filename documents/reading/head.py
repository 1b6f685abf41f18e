"""The head and foot of a decision among its lines, and its body split into paragraphs.

```
中共上海市委组织部            issuing bodies, one a line (all lines before the number)
上海市总工会
沪工总办〔2019〕60号          the number: 〔〕, [ ] or ［ ］, kept as written
关于深入开展向李斌同志        the title, on one line or more (until it ends with the kind of
学习的决定                    document: 决定, 通知, 意见, …, or a note after it: （试行）)
…body…                        paragraphs, with the loader's rules (`split_body`)
上海市总工会                  a signature repeating the issuing bodies: already in the head
2019年4月3日                  the date: 2019年4月3日 or 二〇一九年四月三日
（此件发至……）                the distribution line, if there is one
```
Whatever is not found is left empty for the admin to fill in; no wording is changed. The data
files' own markup (`---`, `## ` before the title) is read too.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from documents.loader.text import ORDINALS, ParsedDecision, split_body
from documents.reading.files import UnreadableDecision

# The head is short: the number or the title comes within this many lines, or not at all.
_HEAD_LINES = 12
_NUMBER = re.compile(r"^\S.{0,30}?[〔\[［]\s*\d{4}\s*[〕\]］]\s*第?\d{1,4}\s*号$")
_KINDS = (
    "决定",
    "决议",
    "通知",
    "通报",
    "意见",
    "办法",
    "方案",
    "规定",
    "细则",
    "要点",
    "报告",
    "批复",
    "公告",
    "通告",
    "纪要",
    "函",
)
_TITLE_LINE_MOST = 40
# A title ends with its kind of document, or with a note in brackets after it: …办法（试行）,
# …决定（示例）. Such a line ends with a bracket, yet is no sentence of the body.
_TITLE_END = re.compile(rf"(?:{'|'.join(_KINDS)})(?:[（(][^（）()]{{1,8}}[）)])?$")
_CLOSING = tuple("。！？；：”’）」")
_ARABIC_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
_CHINESE_DATE = re.compile(
    r"^([〇○零ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)


def read_lines(lines: list[str]) -> ParsedDecision:
    lines = [line for line in lines if line != "---"]
    issuers, number, start = _issuers_and_number(lines)
    title, start = _title(lines, start)
    issued_on, distribution, end = _foot(lines, start)
    body = _without_signature(lines[start:end], issuers)
    paragraphs, headings = split_body(body, strict=False)
    if not paragraphs:
        raise UnreadableDecision(
            _("No paragraphs of a decision were found in this text."), code="no_paragraphs"
        )
    return ParsedDecision(
        issuers=[_plain(line) for line in issuers],
        number=number,
        title=title,
        paragraphs=paragraphs,
        issued_on=issued_on,
        distribution=distribution,
        headings=headings | _ordinal_headings(paragraphs, headings),
    )


def _plain(line: str) -> str:
    """A head line without the bold markup a Word file's formatting gave it."""
    if line.startswith("**") and "**" in line[2:]:
        return line.replace("**", "", 2)
    return line


def _issuers_and_number(lines: list[str]) -> tuple[list[str], str, int]:
    """(issuing bodies, number, index of the line after them)."""
    for index, line in enumerate(lines[:_HEAD_LINES]):
        if _NUMBER.match(_plain(line)):
            return lines[:index], _plain(line), index + 1
    for index, line in enumerate(lines[:_HEAD_LINES]):
        plain = _plain(line)
        if plain.startswith(("## ", "关于")) and not _closes_sentence(plain):
            return lines[:index], "", index
    return [], "", 0


def _title(lines: list[str], start: int) -> tuple[str, int]:
    """(title, index of the first body line): the line at `start` and those that go on with it,
    short and unpunctuated, until it names its kind of document."""
    if start >= len(lines):
        return "", start
    first = _plain(lines[start])
    if _closes_sentence(first) or len(first) > _TITLE_LINE_MOST * 2:
        return "", start  # the body already: no title line
    title, end = first.removeprefix("## ").strip(), start + 1
    while (
        end < len(lines)
        and end - start < 3
        and not _TITLE_END.search(title)
        and len(_plain(lines[end])) <= _TITLE_LINE_MOST
        and not _closes_sentence(_plain(lines[end]))
        and _date(lines[end]) is None
    ):
        title += _plain(lines[end])
        end += 1
    return title, end


def _closes_sentence(line: str) -> bool:
    """Whether a line ends as the body's sentences do (a title's bracketed note does not)."""
    return line.endswith(_CLOSING) and not _TITLE_END.search(line)


def _date(line: str) -> date | bool | None:
    """The date a line states; None when it states none; False when it looks like a date but is
    not one (30 February), which the admin then writes."""
    line = _plain(line)
    if match := _ARABIC_DATE.match(line):
        year, month, day = map(int, match.groups())
    elif match := _CHINESE_DATE.match(line):
        year = int("".join(str(_DIGITS[c]) for c in match.group(1)))
        month, day = _chinese_number(match.group(2)), _chinese_number(match.group(3))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return False


def _chinese_number(text: str) -> int:
    """一 … 三十一."""
    tens, _ten, ones = text.rpartition("十")
    if not _ten:
        return _DIGITS[text]
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def _foot(lines: list[str], start: int) -> tuple[date | None, str, int]:
    """(date, distribution line, index where the body ends): the last date line, and the
    bracketed line after it; without a date, a closing 此件 line alone."""
    dated = [i for i in range(start, len(lines)) if _date(lines[i]) is not None]
    if dated:
        end = dated[-1]
        issued_on = _date(lines[end]) or None
        return issued_on, _distribution(lines, end + 1), end
    for index in range(len(lines) - 1, start - 1, -1):
        if _plain(lines[index]).startswith(("（此件", "(此件")):
            return None, _distribution(lines, index), index
    return None, "", len(lines)


def _distribution(lines: list[str], index: int) -> str:
    """The bracketed line at `index`, over as many lines as it runs (at most three), or ""."""
    if index >= len(lines) or not _plain(lines[index]).startswith(("（", "(")):
        return ""
    text = ""
    for line in lines[index : index + 3]:
        text += _plain(line)
        if text.endswith(("）", ")")):
            break
    return text


def _without_signature(body: list[str], issuers: list[str]) -> list[str]:
    """The body without the issuing bodies signed again under it (the head names them)."""
    signed = "".join("".join(line.split()) for line in issuers)
    while body and signed and "".join(body[-1].split()) in signed:
        body = body[:-1]
    return body


def _ordinal_headings(paragraphs: list[str], headings: dict[int, str]) -> dict[int, str]:
    """Where a text has no bold: paragraphs opening 一是…, 二是…, in order, each headed by its
    first sentence, as the points a campaign admin is offered."""
    found, count = {}, 0
    for number, paragraph in enumerate(paragraphs, start=1):
        if count == len(ORDINALS):
            break
        if number in headings:
            count += headings[number].startswith(f"{ORDINALS[count]}是")
            continue
        if paragraph.startswith(f"{ORDINALS[count]}是"):
            sentence = re.match(r"^[^。！？]*[。！？]", paragraph)
            if sentence and sentence.group() != paragraph:
                found[number] = sentence.group()
                count += 1
    return found
