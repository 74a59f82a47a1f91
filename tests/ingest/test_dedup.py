"""Near-duplicates: republished, trimmed and lightly edited copies are grouped; other reports on the story are not.

The fixtures in tests/fixtures/dedup are one fictional wire story, three copies of it as other outlets would run
it (a new headline line and a syndication footer; a dropped paragraph; house-style edits), and two different pieces
on the same event (a reporter's own story that quotes the same council member, and an editorial).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.ingest.dedup import NUM_PERM, NearDuplicateIndex, from_bytes, shingles, signature, to_bytes

DEDUP = Path(__file__).resolve().parents[1] / "fixtures" / "dedup"
NAMES = ["wire", "republished", "trimmed", "edited", "own_report", "editorial"]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {n: (DEDUP / f"{n}.txt").read_text(encoding="utf-8") for n in NAMES}


def test_dedup_shingles_ignore_case_and_punctuation():
    assert shingles("The Council, voted!") == shingles("the council voted")
    assert shingles("one two three four") == {b"one two three", b"two three four"}
    assert shingles("short text") == {b"short text"}
    assert shingles(" ... ") == set()


@pytest.mark.parametrize("copy", ["republished", "trimmed", "edited"])
def test_dedup_copies_of_the_wire_story_match(texts: dict[str, str], copy: str):
    index = NearDuplicateIndex(threshold=0.8)
    index.add(1, signature(texts["wire"]))
    match = index.best_match(signature(texts[copy]))
    assert match is not None
    assert match.key == 1
    assert match.similarity >= 0.8


@pytest.mark.parametrize("other", ["own_report", "editorial"])
def test_dedup_other_reports_on_the_same_topic_do_not_match(texts: dict[str, str], other: str):
    index = NearDuplicateIndex(threshold=0.8)
    for key, name in enumerate(["wire", "republished", "trimmed", "edited"]):
        index.add(key, signature(texts[name]))
    assert index.best_match(signature(texts[other])) is None


def test_dedup_best_match_prefers_the_closest_copy(texts: dict[str, str]):
    index = NearDuplicateIndex(threshold=0.8)
    index.add(1, signature(texts["trimmed"]))
    index.add(2, signature(texts["wire"]))
    match = index.best_match(signature(texts["republished"]))
    assert match is not None
    assert match.key == 2


def test_dedup_signature_survives_its_stored_bytes(texts: dict[str, str]):
    sig = signature(texts["wire"])
    data = to_bytes(sig)
    assert len(data) == NUM_PERM * 4
    assert from_bytes(data).jaccard(sig) == 1.0
    with pytest.raises(ValueError, match="expected 128"):
        from_bytes(data[:-4])


def test_dedup_threshold_must_be_a_similarity():
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=1.5)
