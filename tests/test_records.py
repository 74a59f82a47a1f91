from stancemap.records import Article, Caption, Piece


def test_records_article_json_has_contract_fields():
    a = Article(id="a1", text="Body.", captions=(Caption("A photo.", "Jane Roe/Agency"),))
    assert list(a.to_json()) == [
        "article",
        "title",
        "date",
        "url",
        "site",
        "author",
        "original_source",
        "language",
        "text",
        "captions",
        "removed",
    ]
    assert a.to_json()["captions"] == [{"text": "A photo.", "credit": "Jane Roe/Agency"}]


def test_records_raw_offset_maps_clean_text_back_into_the_file():
    raw = "MENU\nFirst line.\nShare this\nSecond line.\n"
    text = "First line.\nSecond line."
    pieces = (Piece(0, 5, 12), Piece(12, 28, 12))
    a = Article(id="a", text=text, raw=raw, pieces=pieces)
    for i, ch in enumerate(text):
        assert raw[a.raw_offset(i)] == ch
    start = text.index("Second")
    assert raw[a.raw_offset(start) : a.raw_offset(start) + 6] == "Second"


def test_records_statement_json_has_contract_fields_and_reads_back():
    from stancemap.records import Span, Statement

    s = Statement(
        article="a1",
        content=Span("tolls would rise", 10, 26),
        kind="indirect",
        speaker="Mara Lindqvist",
        speaker_kind="person",
        speaker_mention=Span("she", 0, 3),
        cue=Span("said", 4, 8),
        role="finance director",
        date="2024-03-11",
    )
    out = s.to_json()
    assert list(out) == [
        "article",
        "speaker",
        "speaker_kind",
        "speaker_mention",
        "cue",
        "content",
        "kind",
        "role",
        "anonymous",
        "date",
    ]
    assert out["content"] == {"text": "tolls would rise", "start": 10, "end": 26}
    assert Statement.from_json(out) == s
