"""The Li Bin campaign's decision printed: an official document after GB/T 9704-2012 on A4 (static/css/print.css):
the type area 156 mm × 225 mm at 37 mm from the top and 28 mm from the left, 28 characters a line
and 22 lines a page, the issuing bodies 35 mm below the top of the type area, page numbers 7 mm
below it, nothing of the site's navigation. And on a phone, each paragraph's link a tap target of
at least 24 × 24 CSS px (WCAG 2.5.8)."""

import io
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pypdf
import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from documents.models import Document, Paragraph

PT = 72 / 25.4  # PDF points per mm
PX = 96 / 25.4  # CSS px per mm
TOP, LEFT, WIDTH, HEIGHT = 37, 28, 156, 225  # the type area (版心) on A4, in mm
A4_AT_96_DPI = {"width": 794, "height": 1123}
DECISION = "/c/li-bin-2019/decision/"


def require_cjk_font(page):
    """Without a Chinese font, Chromium draws blanks that are not text in the PDF (nor 1em wide)."""
    advance = page.evaluate(
        """() => {
            const probe = document.createElement('span');
            probe.textContent = '水'.repeat(10);
            probe.style.cssText = 'white-space: nowrap; letter-spacing: 0; font-size: 100px';
            document.querySelector('.doc-paragraph').append(probe);
            const width = probe.getBoundingClientRect().width / 10;
            probe.remove();
            return width;
        }"""
    )
    if abs(advance - 100) > 1:
        reason = "Chromium has no Chinese font (apt-get install fonts-noto-cjk)"
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(f"{reason}, and REQUIRE_BROWSER_TESTS is set")
        pytest.skip(reason)


@pytest.fixture
def a4(browser, live_server, decision):
    """The decision in a window as wide as A4 at 96 dpi."""
    context = browser.new_context(viewport=A4_AT_96_DPI, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + DECISION)
    require_cjk_font(page)
    yield page
    context.close()


@dataclass
class Line:
    """One line of text on a PDF page: its baseline and left edge, in mm from the page's top left."""

    top: float
    left: float
    text: str


def printed(page) -> tuple[pypdf.PdfReader, list[list[Line]]]:
    """The page printed to PDF as the browser's print would (headless Chromium), and its lines."""
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    pages = []
    for pdf_page in reader.pages:
        height = float(pdf_page.mediabox.height)
        rows: dict[int, Line] = {}

        def visit(text, cm, tm, font, size, rows=rows, height=height):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            row = rows.setdefault(round(y), Line((height - y) / PT, x / PT, ""))
            row.text += text.replace("\n", "")

        pdf_page.extract_text(visitor_text=visit)
        pages.append(sorted(rows.values(), key=lambda line: line.top))
    return reader, pages


def in_type_area(line: Line) -> bool:
    return line.top < TOP + HEIGHT


def normalized(text: str) -> str:
    """Full-width forms and Kangxi radicals folded (NFKC), whitespace gone."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def found(text: str, printed_text: str) -> bool:
    """Whether `text` is in the PDF's text. The PDF names some glyphs by the radical that looks the
    same (⼯ for 工, ⻛ for 风): NFKC folds the Kangxi radicals, and a radical of the supplement
    (U+2E80–2EFF), which NFKC leaves, may stand for any ideograph."""
    pattern = "".join(
        f"[{c}\u2e80-\u2eff]" if "\u4e00" <= c <= "\u9fff" else re.escape(c)
        for c in normalized(text)
    )
    return re.search(pattern, normalized(printed_text)) is not None


def test_decision_prints_whole_on_five_a4_pages(a4):
    reader, pages = printed(a4)

    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(595, 842)}  # A4, 210 mm × 297 mm, in points
    # Five: the head (the issuing bodies from 35 mm down, the number, the rule, the title) leaves
    # page 1 room for paragraph 1's 8 lines (paragraph 2 may not leave a single line behind);
    # paragraphs 2–8 fill pages 2–4, 22 lines of 28 characters each; paragraphs 9 and 10 (15
    # lines), the date and the distribution take page 5.
    assert len(pages) == 5
    text = "".join(line.text for page in pages for line in page if in_type_area(line))
    paragraphs = list(Paragraph.objects.order_by("number"))
    missing = [p.number for p in paragraphs if not found(p.text, text)]
    assert missing == [], "paragraphs cut off or missing in print"
    document = Document.objects.get(campaign__slug="li-bin-2019")
    assert found(document.issued_on_display, text)
    assert found(document.distribution, text)


def test_print_shows_no_navigation_of_the_site(a4):
    _, pages = printed(a4)

    text = "".join(line.text for page in pages for line in page)
    with translation.override("zh-hans"):
        site = [
            gettext("Skip to content"),
            gettext("Study Campaign Portal"),
            gettext("The decision"),  # the campaign's own navigation
            gettext("Sign in"),
            gettext("Language"),
            gettext("Switch"),
            gettext("Large text"),  # the reading mode's switch, and read aloud
            gettext("Read aloud"),
            gettext(
                "Each decision is reproduced as issued; everything a profile says of a person is "
                "quoted from the decision."
            ),
        ]
    assert [words for words in site if found(words, text)] == []
    assert "¶" not in text
    assert "English" not in text


def test_page_numbers_sit_7_mm_below_the_type_area_on_the_outside(a4):
    _, pages = printed(a4)

    for number, page in enumerate(pages, start=1):
        below = [line for line in page if not in_type_area(line)]
        assert [normalized(line.text) for line in below] == [f"—{number}—"]
        # The dashes (一字线) mid-height of 14 pt figures 7 mm below the type area: the baseline
        # a little lower, within one 14 pt em (4.9 mm); centred in the margin, it would be 19 mm.
        assert 7 < below[0].top - (TOP + HEIGHT) < 7 + 14 / PT, number
        # One character (14 pt, 4.9 mm) in from the outside edge: right on odd pages, left on even.
        if number % 2:
            assert LEFT + WIDTH - 30 < below[0].left < LEFT + WIDTH - 14 / PT, number
        else:
            assert below[0].left == pytest.approx(LEFT + 14 / PT, abs=0.5), number


def test_printed_body_keeps_a_grid_of_28_characters_and_22_lines(a4):
    _, pages = printed(a4)

    # Pages 2–4 carry only the body: each full, 22 lines.
    assert [sum(in_type_area(line) for line in page) for page in pages[1:4]] == [22, 22, 22]
    body = [line for page in pages for line in page if in_type_area(line) and line.left < 45]
    full_width = [
        normalized(line.text)
        for line in body
        if not re.search(r"[0-9A-Za-z ]", line.text) and line.left == pytest.approx(LEFT, abs=0.5)
    ]
    lengths = Counter(len(line) for line in full_width)
    # A line holds 28 characters; fewer only where a paragraph ends, or where a mark that may not
    # open a line (、，。) takes the character before it along to the next.
    assert max(lengths) == 28
    assert lengths.most_common(1)[0][0] == 28
    # A paragraph's first line: two cells of indent, then 26 characters.
    first_lines = [
        line for line in body if line.left == pytest.approx(LEFT + 2 * WIDTH / 28, abs=0.5)
    ]
    assert {len(normalized(line.text)) for line in first_lines} == {26}


def test_print_media_lays_out_28_characters_to_a_line_of_the_type_area(a4):
    a4.emulate_media(media="print")

    measured = a4.evaluate(
        """() => {
            const paragraph = document.querySelector('#p-1');
            const probe = document.createElement('span');
            probe.textContent = '国'.repeat(28);
            probe.style.cssText = 'display: inline-block; white-space: nowrap; text-indent: 0';
            paragraph.append(probe);
            const span = probe.getBoundingClientRect().width;
            probe.remove();
            // Paragraph 1 line by line: the characters sharing a top.
            const lines = [];
            const range = document.createRange();
            const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
            let top = null;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const box = range.getClientRects()[0];
                    if (top === null || box.top > top + 5) { lines.push(''); top = box.top; }
                    lines[lines.length - 1] += node.data[i];
                }
            }
            return {span, area: paragraph.getBoundingClientRect().width, lines};
        }"""
    )

    assert measured["area"] == pytest.approx(WIDTH * PX, abs=1)  # the type area, 156 mm
    assert measured["span"] == pytest.approx(measured["area"], abs=1)
    # Two cells of indent and 26 characters, then 28 a line (the seventh gives its 28th, 工, to
    # the next line: 、 may not open one).
    assert [len(line) for line in measured["lines"]] == [26, 28, 28, 28, 28, 28, 27, 24]
    assert "".join(measured["lines"]) == Paragraph.objects.get(number=1).text


def test_issuing_bodies_stand_35_mm_below_the_top_of_the_type_area(a4):
    a4.emulate_media(media="print")

    top = a4.evaluate(
        """() => {
            const first = document.querySelector('.doc-issuers span');
            const style = getComputedStyle(first);
            const halfLeading = (parseFloat(style.lineHeight) - parseFloat(style.fontSize)) / 2;
            const area = document.querySelector('.official-document').getBoundingClientRect().top;
            return first.getBoundingClientRect().top + halfLeading - area;
        }"""
    )

    assert top / PX == pytest.approx(35, abs=0.5)


def test_paragraph_links_are_24_px_tap_targets_on_a_phone(phone, decision):
    phone.goto(phone.base + DECISION)

    links = phone.locator(".doc-paragraph > a[href^='#p-']")
    expect(links).to_have_count(Paragraph.objects.count())
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    assert [b for b in boxes if b["width"] < 24 or b["height"] < 24] == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    links.nth(5).click()  # paragraph 6's ¶

    expect(phone).to_have_url(re.compile(r"/c/li-bin-2019/decision/#p-6$"))
    expect(phone.get_by_role("link", name="链接到第 6 段")).to_be_visible()
