"""The decision: loaded faithfully from its source, and shown as issued with its anchors."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.loader import (
    DECISION_FILE,
    DecisionFormatError,
    load_decision,
    parse_decision,
)
from documents.models import Document, LearningPoint, Paragraph, ProfileFact
from tests.source import SHARED_SOURCE, source_body, texts_of

# Where the PDF's page breaks cut a paragraph; each pair must come out joined.
PAGE_BREAKS = [
    ("整体水平的提升", "作出了重大贡献"),
    ("同以习近平同志为核心的党中央保持高度", "一致，坚定不移听党话"),
    ("在他的带领下，企业职工科技", "创新蓬勃发展"),
    ("加大", "对李斌同志先进事迹的宣传"),
]


def test_loader_joins_each_page_break_into_one_paragraph():
    parsed = parse_decision(DECISION_FILE.read_text(encoding="utf-8"))

    assert len(parsed.paragraphs) == 10
    for before, after in PAGE_BREAKS:
        assert sum(before + after in p for p in parsed.paragraphs) == 1, before
    assert "".join(parsed.paragraphs) == source_body()


def test_decision_page_shows_the_document_as_issued(client, decision):
    html = client.get(reverse("documents:decision")).content.decode()

    assert texts_of(html, "doc-issuers") == [
        "中共上海市委组织部中共上海市委宣传部上海市总工会中共上海市国有资产监督管理委员会委员会"
    ]
    assert texts_of(html, "doc-number") == ["沪工总办〔2019〕60号"]
    assert texts_of(html, "doc-title") == ["关于深入开展向李斌同志学习的决定"]
    assert texts_of(html, "doc-date") == ["2019年4月3日"]
    assert texts_of(html, "doc-distribution") == [
        "（此件发至各区党委组织部、各区党委宣传部、各区局（产业）工会、各区国资委）"
    ]


def test_rendered_body_matches_the_source_character_by_character(client, decision):
    html = client.get(reverse("documents:decision")).content.decode()
    rendered = "".join(texts_of(html, "doc-paragraph"))
    expected = source_body()

    mismatch = next(
        (i for i, (a, b) in enumerate(zip(rendered, expected, strict=False)) if a != b), None
    )
    assert mismatch is None, f"differs at {mismatch}: {rendered[mismatch:][:20]!r}"
    assert len(rendered) == len(expected)


def test_every_paragraph_and_learning_point_has_its_anchor(client, decision):
    html = client.get(reverse("documents:decision")).content.decode()

    for number in range(1, 11):
        assert f'id="p-{number}"' in html
    for number, short_name in enumerate(["政治品格", "担当情怀", "敬业精神", "道德情操"], start=1):
        assert f'<strong id="point-{number}" class="doc-point-heading">' in html
        point = LearningPoint.objects.get(number=number)
        assert point.short_name == short_name
        assert point.heading.endswith(f"的{short_name}。")


def test_decision_page_runs_a_fixed_number_of_queries(
    client, decision, django_assert_max_num_queries
):
    # The document, its paragraphs, and the count of shared reflections quoting each (one
    # GROUP BY): however many paragraphs or reflections.
    with django_assert_max_num_queries(3):
        client.get(reverse("documents:decision"))


def test_loading_twice_writes_nothing_and_keeps_learning_point_ids(decision):
    ids = list(LearningPoint.objects.values_list("pk", flat=True))

    changed = load_decision()

    assert changed == {"document": 0, "paragraphs": 0, "points": 0, "facts": 0}
    assert list(LearningPoint.objects.values_list("pk", flat=True)) == ids
    assert Document.objects.count() == 1
    assert Paragraph.objects.count() == 10
    assert ProfileFact.objects.count() == 23


def test_load_decision_command_reports_what_it_did(db, capsys):
    call_command("load_decision")
    call_command("load_decision")

    out = capsys.readouterr().out
    assert "paragraphs 10, points 4, facts 23" in out
    assert "already up to date" in out


def test_loader_refuses_a_profile_fact_the_decision_does_not_state(db, tmp_path):
    profile = tmp_path / "profile.json"
    profile.write_text('{"facts": [{"kind": "honour", "text": "诺贝尔奖"}]}', encoding="utf-8")

    with pytest.raises(DecisionFormatError, match="诺贝尔奖"):
        load_decision(profile_file=profile)

    assert not Document.objects.exists()


def test_loader_refuses_a_truncated_decision(db, tmp_path):
    truncated = tmp_path / "decision.txt"
    text = DECISION_FILE.read_text(encoding="utf-8")
    truncated.write_text(text[: text.index("**三是")], encoding="utf-8")

    with pytest.raises(DecisionFormatError):
        load_decision(decision_file=truncated)

    assert not Paragraph.objects.exists()


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason="../shared/seeds is not beside the project")
def test_project_carries_an_unchanged_copy_of_the_seed():
    assert DECISION_FILE.read_bytes() == SHARED_SOURCE.read_bytes()


def test_missing_decision_answers_404_not_500(client, db):
    assert client.get(reverse("documents:decision")).status_code == 404


def test_every_paragraph_ends_with_a_named_link_to_itself(client, decision):
    html = client.get(reverse("documents:decision")).content.decode()

    for number in range(1, 11):
        link = f'<a class="pilcrow" href="#p-{number}" aria-label="链接到第 {number} 段"></a></p>'
        assert link in html, number
