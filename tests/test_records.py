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
