"""Placing statement spans in the shown text and cutting it into marked segments."""

from __future__ import annotations

from stancemap.records import Span
from stancemap.web.highlight import CONTENT, SPEAKER, Mark, Placed, place, segments, shown_text

TEXT = "“We will oppose it,” said Katrin Vey. Vey said it again: we will oppose it."


def test_highlight_shown_text_is_the_raw_text_when_there_is_one() -> None:
    assert shown_text("clean", "raw text") == "raw text"
    assert shown_text("clean", None) == "clean"


def test_highlight_place_at_offsets_by_words_or_not_at_all() -> None:
    second = TEXT.rindex("we will oppose it")
    assert place(TEXT, Span("we will oppose it", second, second + 17)) == Placed(second, second + 17, True)
    # Offsets of another version of the text: placed where its words first occur, flagged.
    assert place(TEXT, Span("Katrin Vey", 3, 13)) == Placed(26, 36, False)
    assert place(TEXT, Span("Katrin Vey", 26, 999)) == Placed(26, 36, False)
    assert place(TEXT, Span("nowhere", 0, 7)) is None
    assert place(TEXT, None) is None
    assert place(TEXT, Span("", 0, 0)) is None


def test_highlight_segments_cover_the_text_once_with_overlapping_marks() -> None:
    marks = [
        Mark(1, CONTENT, 1, 18, focus=True),
        Mark(1, SPEAKER, 26, 36, focus=True),
        Mark(2, SPEAKER, 33, 36),  # a second statement's mention inside the first's
        Mark(3, CONTENT, 5, 999),  # out of range: left out
    ]
    found = segments(TEXT, marks)
    assert "".join(s.text for s in found) == TEXT
    by_text = {s.text: s for s in found}
    assert by_text["We will oppose it"].kinds == {CONTENT} and by_text["We will oppose it"].anchors == (1,)
    assert by_text["Katrin "].kinds == {SPEAKER} and by_text["Katrin "].statements == (1,)
    assert by_text["Vey"].statements == (1, 2) and by_text["Vey"].focus
    assert not [s for s in found if 3 in s.statements]
    assert segments("", []) == []
