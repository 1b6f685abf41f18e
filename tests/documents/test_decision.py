"""The decision's page: shown as issued, character for character, with its anchors."""

from tests.source import source_body, texts_of

DECISION = "/c/li-bin-2019/decision/"


def test_decision_page_shows_the_document_as_issued(client, decision):
    html = client.get(DECISION).content.decode()

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
    html = client.get(DECISION).content.decode()
    rendered = "".join(texts_of(html, "doc-paragraph"))
    expected = source_body()

    mismatch = next(
        (i for i, (a, b) in enumerate(zip(rendered, expected, strict=False)) if a != b), None
    )
    assert mismatch is None, f"differs at {mismatch}: {rendered[mismatch:][:20]!r}"
    assert len(rendered) == len(expected)


def test_every_paragraph_and_learning_point_has_its_anchor(client, decision):
    html = client.get(DECISION).content.decode()

    for number in range(1, 11):
        assert f'id="p-{number}"' in html
    for number, short_name in enumerate(["政治品格", "担当情怀", "敬业精神", "道德情操"], start=1):
        assert f'<strong id="point-{number}" class="doc-point-heading">' in html
        point = decision.points.get(number=number)
        assert point.short_name == short_name
        assert point.heading.endswith(f"的{short_name}。")


def test_decision_page_runs_a_fixed_number_of_queries(
    client, decision, django_assert_max_num_queries
):
    # The document, its paragraphs, and the count of shared reflections quoting each (one
    # GROUP BY): however many paragraphs or reflections.
    with django_assert_max_num_queries(3):
        client.get(DECISION)


def test_missing_decision_answers_404_not_500(client, db):
    assert client.get(DECISION).status_code == 404


def test_every_paragraph_ends_with_a_named_link_to_itself(client, decision):
    html = client.get(DECISION).content.decode()

    for number in range(1, 11):
        link = f'<a class="pilcrow" href="#p-{number}" aria-label="链接到第 {number} 段"></a></p>'
        assert link in html, number
