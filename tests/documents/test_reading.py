"""Reading a decision from the file it was issued as: the head on real-looking layouts (made up,
marked 示例, except the Li Bin decision's seed), the body with the loader's rules, and each kind
of file the reader refuses, with its message in Chinese."""

import zipfile
from datetime import date

import pytest
from django.utils import translation

from documents.loader import DECISION_FILE, parse_decision
from documents.reading import UnreadableDecision, read_decision
from tests.decisions import SEED, blank_pdf, docx_bytes, li_bin_docx, upload, zipped

# A made-up notice of a district union (示例), laid out as such notices are: issuing body, number,
# a title over two lines, the addressees, numbered points, the body signed and dated.
SAMPLE_HEAD = ["上海市示例区总工会（示例）"]
SAMPLE_BODY = [
    "各基层工会：",
    "为学习示例同志的先进事迹（示例），现就有关事项通知如下。",
    "一是要学习示例同志爱岗敬业的职业精神。示例同志在一线岗位工作多年（示例）。",
    "二是要学习示例同志精益求精的工匠品格。示例同志带出了一支队伍（示例）。",
    "各基层工会要结合实际，认真组织学习。",
]


def sample_lines(*, number="示例工〔2024〕7号", date_line="2024年3月13日", distribution=None):
    lines = [
        *SAMPLE_HEAD,
        number,
        "关于开展向示例同志学习活动的",
        "通知",
        *SAMPLE_BODY,
        *SAMPLE_HEAD,  # signed again under the body
        date_line,
    ]
    return lines + ([distribution] if distribution else [])


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_head_of_a_notice_without_distribution_line():
    read = read_decision(text="\n".join(sample_lines()))
    assert read.issuers == SAMPLE_HEAD
    assert read.number == "示例工〔2024〕7号"
    assert read.title == "关于开展向示例同志学习活动的通知"  # its two lines, one title
    assert read.issued_on == date(2024, 3, 13)
    assert read.distribution == ""
    assert read.paragraphs == SAMPLE_BODY  # the signature is the head's issuing body, not body


def test_head_with_distribution_line_and_a_date_in_chinese_numerals():
    read = read_decision(
        text="\n".join(
            sample_lines(date_line="二〇二四年三月十三日", distribution="（此件发至各基层工会）")
        )
    )
    assert read.issued_on == date(2024, 3, 13)
    assert read.distribution == "（此件发至各基层工会）"
    assert read.paragraphs == SAMPLE_BODY


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("二〇一九年四月三日", date(2019, 4, 3)),
        ("二〇一九年四月十三日", date(2019, 4, 13)),
        ("二○二四年十二月三十一日", date(2024, 12, 31)),  # ○, as typed on many machines
        ("2019年4月3日", date(2019, 4, 3)),
    ],
)
def test_dates_as_decisions_write_them(date_line, expected):
    assert read_decision(text="\n".join(sample_lines(date_line=date_line))).issued_on == expected


def test_a_date_that_does_not_exist_is_left_for_the_admin():
    read = read_decision(text="\n".join(sample_lines(date_line="2024年2月30日")))
    assert read.issued_on is None
    assert read.paragraphs == SAMPLE_BODY


@pytest.mark.parametrize("number", ["示例工〔2024〕7号", "示例工[2024]7号", "示例工［2024］7号"])
def test_the_number_is_kept_as_written_whatever_its_brackets(number):
    read = read_decision(text="\n".join(sample_lines(number=number)))
    assert read.number == number
    assert read.issuers == SAMPLE_HEAD
    assert read.title == "关于开展向示例同志学习活动的通知"


def test_points_proposed_from_paragraphs_opening_yi_shi_er_shi():
    read = read_decision(text="\n".join(sample_lines()))
    assert read.headings == {
        3: "一是要学习示例同志爱岗敬业的职业精神。",
        4: "二是要学习示例同志精益求精的工匠品格。",
    }


def test_what_it_cannot_find_is_left_empty():
    read = read_decision(text="\n".join(SAMPLE_BODY))
    assert (read.issuers, read.number, read.title, read.issued_on, read.distribution) == (
        [],
        "",
        "",
        None,
        "",
    )
    assert read.paragraphs == SAMPLE_BODY


def test_a_docx_with_bold_headings():
    content = docx_bytes(
        [
            *SAMPLE_HEAD,
            "示例工〔2024〕7号",
            "关于开展向示例同志学习活动的通知",
            "各基层工会：",
            ("（一）提高认识。", "各基层工会要高度重视（示例）。"),
            ("一是要学习示例同志爱岗敬业的职业精神。", "示例同志在一线岗位工作多年（示例）。"),
            "2024年3月13日",
        ]
    )
    read = read_decision(upload=upload("通知.docx", content))
    assert read.title == "关于开展向示例同志学习活动的通知"
    assert read.paragraphs[1] == "（一）提高认识。各基层工会要高度重视（示例）。"
    assert read.headings == {2: "（一）提高认识。", 3: "一是要学习示例同志爱岗敬业的职业精神。"}


def test_a_txt_in_gb18030():
    content = "\r\n".join(sample_lines()).encode("gb18030")
    read = read_decision(upload=upload("通知.txt", content, "text/plain"))
    assert read.title == "关于开展向示例同志学习活动的通知"
    assert read.paragraphs == SAMPLE_BODY


def test_a_txt_in_utf8_with_a_bom():
    content = "\ufeff" + "\n".join(sample_lines())
    read = read_decision(upload=upload("通知.txt", content.encode(), "text/plain"))
    assert read.issuers == SAMPLE_HEAD


def test_li_bin_docx_gives_the_paragraphs_of_the_data_file():
    expected = parse_decision(DECISION_FILE.read_text(encoding="utf-8"))
    read = read_decision(upload=upload("决定.docx", li_bin_docx()))
    assert read.paragraphs == expected.paragraphs  # page-break pieces joined, nothing else
    assert read.headings == expected.headings
    assert (read.issuers, read.number, read.title, read.issued_on, read.distribution) == (
        expected.issuers,
        expected.number,
        expected.title,
        expected.issued_on,
        expected.distribution,
    )


def test_li_bin_seed_pasted_as_is_reads_as_the_loader_reads_it():
    text = SEED.read_text(encoding="utf-8")
    assert read_decision(text=text) == parse_decision(text)


# Refused files: each with its message in Chinese, and nothing read.


def refused(**kwargs) -> str:
    with pytest.raises(UnreadableDecision) as caught:
        read_decision(**kwargs)
    return caught.value.messages[0]


def test_scanned_pdf_with_no_text_is_refused():
    assert "没有文字层" in refused(upload=upload("扫描件.pdf", blank_pdf(), "application/pdf"))


def test_encrypted_pdf_is_refused():
    content = blank_pdf(password="示例")
    assert "加密" in refused(upload=upload("决定.pdf", content, "application/pdf"))


def test_damaged_pdf_is_refused():
    content = b"%PDF-1.7\n" + b"\x00\x01" * 100
    assert "已损坏" in refused(upload=upload("决定.pdf", content, "application/pdf"))


def test_empty_file_is_refused():
    assert "空" in refused(upload=upload("决定.docx", b""))


def test_oversized_file_is_refused(settings):
    settings.DECISION_UPLOAD_MAX_BYTES = 1024
    content = docx_bytes(["示例" * 2000])
    assert "文件超过 1.0\xa0KB" in refused(upload=upload("决定.docx", content))


def test_file_type_not_accepted_is_refused():
    message = refused(upload=upload("决定.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100))
    assert ".docx" in message


def test_zip_bomb_is_refused():
    content = zipped({"word/document.xml": b"<w:t>" + b" " * (20 * 1024 * 1024) + b"</w:t>"})
    assert "解压" in refused(upload=upload("决定.docx", content))


def test_archive_of_too_many_members_is_refused():
    content = zipped({f"word/media/{n}.xml": b"<a/>" for n in range(2001)})
    assert "解压" in refused(upload=upload("决定.docx", content))


def test_archive_with_a_bad_crc_is_refused():
    content = bytearray(zipped({"word/document.xml": b"<w:t>MARKER</w:t>"}, zipfile.ZIP_STORED))
    content[content.index(b"MARKER")] = ord("N")
    assert "已损坏" in refused(upload=upload("决定.docx", bytes(content)))


def test_zip_that_is_not_a_word_document_is_refused():
    content = zipped({"xl/workbook.xml": b"<workbook/>"})
    assert "已损坏" in refused(upload=upload("决定.docx", content))


def test_text_with_no_paragraphs_is_refused():
    text = "\n".join([*SAMPLE_HEAD, "示例工〔2024〕7号", "关于示例的通知", "2024年3月13日"])
    assert "段落" in refused(text=text)


def test_binary_text_is_refused():
    assert "不是文本" in refused(upload=upload("决定.txt", b"\x00\x01\x02", "text/plain"))


@pytest.mark.parametrize(
    ("title_lines", "title"),
    [
        (["关于开展向示例同志学习活动的决定（示例）"], "关于开展向示例同志学习活动的决定（示例）"),
        (["示例区职工学习活动管理办法（试行）"], "示例区职工学习活动管理办法（试行）"),
        (
            ["关于开展向示例同志学习活动的", "通知（示例）"],
            "关于开展向示例同志学习活动的通知（示例）",
        ),
    ],
)
def test_a_title_with_a_bracketed_note_after_its_kind_is_read_whole(title_lines, title):
    lines = [*SAMPLE_HEAD, "示例工〔2024〕7号", *title_lines, *SAMPLE_BODY, "2024年3月13日"]
    read = read_decision(text="\n".join(lines))
    assert (read.number, read.title, read.paragraphs) == ("示例工〔2024〕7号", title, SAMPLE_BODY)
