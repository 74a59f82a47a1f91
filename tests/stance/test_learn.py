"""Learning from labels: a handful of labels moves the judge toward them on statements it has not seen."""

from __future__ import annotations

import math

import pytest

from stancemap.records import Question
from stancemap.stance.items import StanceItem
from stancemap.stance.judge import CLASSES, Judge
from stancemap.stance.learn import Label, adapted_judge

MAYOR = Question("okafor", "Maria Okafor should win the 2026 mayoral election.")

# The dockers' union always speaks for Okafor, but in words the rules read as neutral or negative.
TRAIN = [
    ("Harbour Workers Union", "Okafor has walked the docks with us every week", "support"),
    ("Harbour Workers Union", "Okafor knows what a night shift at the cranes is", "support"),
    ("Harbour Workers Union", "Okafor will not let them shut the harbour", "support"),
    ("Lina Brask", "Okafor will announce her transport plan on Monday", "neutral"),
    ("Lina Brask", "Okafor visited three schools this week", "neutral"),
    ("Dev Halloran", "Okafor is a liar and a fraud", "oppose"),
]
HELD_OUT = [
    ("Harbour Workers Union", "Okafor stood with the crane drivers at the gate", "support"),
    ("Harbour Workers Union", "Okafor will fight the closure of the harbour", "support"),
    ("Lina Brask", "Okafor will speak at the library on Tuesday", "neutral"),
]


def _items(rows: list[tuple[str, str, str]], prefix: str) -> list[StanceItem]:
    return [StanceItem(f"{prefix}{i}", speaker, text, f"{prefix}{i}#1") for i, (speaker, text, _) in enumerate(rows)]


def test_learn_handful_of_labels_moves_judge_toward_them():
    base = Judge(MAYOR)
    labels = [Label("okafor", gold, item) for item, (_, _, gold) in zip(_items(TRAIN, "t"), TRAIN, strict=True)]
    adapted = adapted_judge(base, labels)
    held = _items(HELD_OUT, "h")
    before = base.judge_all(held)
    after = adapted.judge_all(held)
    # The union's statements are more likely support than before, and the held-out labels are likelier overall.
    for b, a, (_, _, gold) in zip(before, after, HELD_OUT, strict=True):
        if gold == "support":
            assert a.probabilities[0] > b.probabilities[0]
    likelihood = lambda judged: sum(  # noqa: E731
        math.log(j.probabilities[CLASSES.index(gold)]) for j, (_, _, gold) in zip(judged, HELD_OUT, strict=True)
    )
    assert likelihood(after) > likelihood(before)


def test_learn_labels_of_other_questions_are_ignored_and_bad_labels_refused():
    base = Judge(MAYOR)
    item = _items(TRAIN, "t")[0]
    assert adapted_judge(base, [Label("other", "support", item)]) is base
    with pytest.raises(ValueError, match="label must be one of"):
        Label("okafor", "maybe", item)


def test_learn_single_class_labels_still_give_probabilities():
    base = Judge(MAYOR)
    items = _items(TRAIN, "t")[:3]
    adapted = adapted_judge(base, [Label("okafor", "support", i) for i in items])
    judged = adapted.judge_all(_items(HELD_OUT, "h"))
    assert all(abs(sum(j.probabilities) - 1.0) < 1e-9 for j in judged)


def test_learn_speaker_memory_skips_speakers_that_name_no_one():
    base = Judge(MAYOR)
    taught = [
        Label("okafor", "support", StanceItem(f"t{i}", speaker, "Okafor walked the docks", f"t{i}#1"))
        for i, speaker in enumerate(["anonymous: two aides", "author", "Harbour Workers Union"])
    ]
    adapted = adapted_judge(base, taught)
    model = adapted.adapter
    assert model is not None
    # The union is one speaker everywhere; "anonymous: two aides" and an article's author are not.
    assert set(model.speaker_sides) == {"harbour workers union"}  # type: ignore[attr-defined]


def test_learn_labelled_side_places_the_speaker_like_an_ally():
    # The union's label in one article places it on Okafor's side; its attack on the rival in another article is
    # then read as an ally's (promotion of Okafor), not as harsh words about Okafor.
    base = Judge(MAYOR)
    taught = [Label("okafor", "support", StanceItem("t1", "Harbour Workers Union", "We back Okafor", "t1#1"))]
    attack = StanceItem("h1", "Harbour Workers Union", "Okafor's rival is a liar and a fraud", "h1#1")
    assert base.judge(attack).stance().label == "oppose"
    assert adapted_judge(base, taught).judge(attack).stance().label != "oppose"
    # Neutral labels say nothing about a side.
    neutral = [Label("okafor", "neutral", StanceItem("t2", "Lina Brask", "Okafor spoke on Monday", "t2#1"))]
    assert "lina brask" not in adapted_judge(base, neutral).adapter.speaker_sides  # type: ignore[union-attr]


def test_learn_target_and_its_campaign_get_no_speaker_memory():
    # Okafor's own words and her campaign's are hers by definition: the rules already read them as the target's
    # (self-promotion), and placing her "on her side" would turn her remarks about anything else into support.
    base = Judge(MAYOR)
    taught = [
        Label("okafor", "support", StanceItem("t1", "Maria Okafor", "I will win this race", "t1#1")),
        Label("okafor", "support", StanceItem("t2", "Okafor campaign", "Our volunteers knocked on every door", "t2#1")),
        Label("okafor", "support", StanceItem("t3", "Harbour Workers Union", "We back Okafor", "t3#1")),
    ]
    model = adapted_judge(base, taught).adapter
    assert set(model.speaker_sides) == {"harbour workers union"}  # type: ignore[union-attr]
