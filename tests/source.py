"""Reading the decision's source text independently of the loader, for faithfulness checks."""

import re
from html.parser import HTMLParser
from pathlib import Path

PROJECT_SOURCE = (
    Path(__file__).resolve().parent.parent / "documents" / "data" / "li-bin-decision.txt"
)
SHARED_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "li-bin-decision.txt"


def source_body(path: Path = PROJECT_SOURCE) -> str:
    """Every character of the body (title to date, exclusive) in order, without markup or breaks."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## ")) + 1
    end = next(
        i for i, line in enumerate(lines) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line)
    )
    return "".join(line.strip() for line in lines[start:end]).replace("**", "")


VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class TextOf(HTMLParser):
    """Collects the text of the elements whose class list contains `css_class`, one per element."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in VOID_TAGS:
            return
        if self.depth:
            self.depth += 1
        elif self.css_class in classes:
            self.depth = 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data


def texts_of(html: str, css_class: str) -> list[str]:
    parser = TextOf(css_class)
    parser.feed(html)
    return [text.strip() for text in parser.texts]
