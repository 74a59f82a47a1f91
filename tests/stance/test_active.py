"""Active learning: `suggest` prefers uncertain statements whose labels reach further."""

from __future__ import annotations

from stancemap.records import Question
from stancemap.stance.active import suggest
from stancemap.stance.items import StanceItem
from stancemap.stance.judge import Judge

MAYOR = Question("okafor", "Maria Okafor should win the 2026 mayoral election.")
DOUBT = "Okafor has a plan for the harbour, but many doubt it"


def _item(article: str, speaker: str, text: str) -> StanceItem:
    return StanceItem(article, speaker, text, f"{article}#1")


def test_active_speaker_quoted_often_is_suggested_before_a_one_off_equally_uncertain():
    # The same sentence, so the same uncertainty: with nothing else said, the order is by key (Brask's "a1" first);
    # once the union speaks in three more articles, its statement comes first.
    pair = [_item("a1", "Lina Brask", DOUBT), _item("a2", "Harbour Workers Union", DOUBT)]
    assert suggest(Judge(MAYOR), pair, set(), 1)[0].item.speaker == "Lina Brask"
    union = [_item(f"u{i}", "Harbour Workers Union", f"The shift rota changed in week {i}") for i in range(3)]
    first = suggest(Judge(MAYOR), [*pair, *union], set(), 1)[0]
    assert first.item.speaker == "Harbour Workers Union" and first.reach == 4


def test_active_anonymous_sources_reach_only_their_own_statement():
    pool = [_item(f"a{i}", "anonymous: two aides", DOUBT) for i in range(3)]
    assert [s.reach for s in suggest(Judge(MAYOR), pool, set(), 3)] == [1]  # one: the others repeat its words
