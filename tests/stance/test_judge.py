"""The zero-shot judge on statements written for each phenomenon the issue names (fictional people)."""

from __future__ import annotations

import pytest

from stancemap.records import Question
from stancemap.stance.items import StanceItem, item_from_json
from stancemap.stance.judge import Judge

STRIKES = Question(
    "strikes",
    "Ukraine should be allowed to use Western-supplied weapons to strike targets inside Russia.",
    ("strike", "Russia", "weapons", "restrictions", "red line"),
)
MAYOR = Question("okafor", "Maria Okafor should win the 2026 mayoral election.")


def _item(text: str, speaker: str = "Tomas Reyle", before: str = "", article: str = "a1") -> StanceItem:
    return StanceItem(article=article, speaker=speaker, text=text, key=f"{article}:{text[:30]}", before=before)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Direction of the proposition: easing a limit on the action supports allowing it.
        ("allies should ease the restrictions on strikes inside Russia with Western weapons", "support"),
        ("the West should clear the way for Ukraine to strike targets in Russia with Western weapons", "support"),
        ("he argued for lifting the limits on using the weapons against targets inside Russia", "support"),
        # Warnings, disaster and red lines oppose it.
        ("he cautioned against the step of letting Kyiv strike Russia with Western weapons", "oppose"),
        ("allowing such strikes inside Russia would be courting disaster", "oppose"),
        ("strikes on Russia with Western weapons are a line that must not be crossed", "oppose"),
        # Negation flips a cue.
        ("we do not support strikes inside Russia with these weapons", "oppose"),
        # Backing the restriction opposes the action.
        ("we support the restrictions on strikes inside Russia", "oppose"),
        # Irrelevant: nothing on the question.
        ("the harvest this autumn was the best in a decade", "neutral"),
    ],
)
def test_judge_policy_phenomena(text, label):
    assert Judge(STRIKES).judge(_item(text)).stance().label == label


@pytest.mark.parametrize(
    ("text", "speaker", "label"),
    [
        ("Maria Okafor is a liar who is unfit to run this city", "Dev Halloran", "oppose"),
        ("Okafor is the best candidate and deserves to win", "Dev Halloran", "support"),
        ("I strongly endorse Maria Okafor for mayor", "Dev Halloran", "support"),
        ("he would never vote for Okafor", "Dev Halloran", "oppose"),
        # A third party's position reported by the speaker is not the speaker's own stance.
        ("the governor remains hesitant about Okafor", "Lina Brask", "neutral"),
        ("Councillor Weiss supports Okafor", "Lina Brask", "neutral"),
        # Polls and predictions are reporting.
        ("Okafor leads by four points in the latest poll", "Lina Brask", "neutral"),
        # A title's full stop ends no clause: the negation still reaches the cue and the name.
        ("she said she did not support Ms. Okafor in the primary", "Dev Halloran", "oppose"),
        ("the councillor said he wasn't going to act like a puppy and back Okafor", "Dev Halloran", "oppose"),
        # Character attacks oppose the one attacked.
        ("Okafor ran a crooked, corrupt operation at the port authority", "Dev Halloran", "oppose"),
        # The target (or its campaign) speaking well of itself promotes itself; its attacks on others are no stance
        # on itself.
        ("I am proud we rebuilt the harbour, and I will keep every ferry running", "Maria Okafor", "support"),
        ("Okafor campaign said she would fix the harbour first", "Okafor campaign", "support"),
        ("I think my opponent is a liar and a fraud", "Maria Okafor", "neutral"),
    ],
)
def test_judge_candidate_phenomena(text, speaker, label):
    assert Judge(MAYOR).judge(_item(text, speaker)).stance().label == label


def test_judge_pronoun_refers_to_target_named_just_before():
    before = "Maria Okafor spoke at the rally on Friday. Critics were unmoved."
    stance = Judge(MAYOR).judge(_item("she is dangerous and reckless", "Dev Halloran", before=before)).stance()
    assert stance.label == "oppose"


@pytest.mark.parametrize(
    "text",
    [
        "we support strikes inside Russia with Western weapons, but only against launch sites",
        "the allies should allow the strikes on Russia only if the weapons hit military targets",
    ],
)
def test_judge_conditional_support(text):
    stance = Judge(STRIKES).judge(_item(text)).stance()
    assert stance.label == "support" and stance.conditional


def test_judge_unconditional_and_neutral_are_not_conditional():
    judge = Judge(STRIKES)
    assert not judge.judge(_item("we support strikes inside Russia with Western weapons")).stance().conditional
    assert not judge.judge(_item("only if it rains will the harvest fail")).stance().conditional


def test_judge_irrelevant_statement_is_confidently_neutral():
    stance = Judge(MAYOR).judge(_item("the bridge reopens on Monday after repairs", "Lina Brask")).stance()
    assert stance.label == "neutral" and stance.score > 0.8


def test_judge_scores_are_probabilities_and_speaker_lean_carries_within_article():
    judge = Judge(MAYOR)
    items = [
        _item("Okafor is a liar and a fraud", "Dev Halloran"),
        _item("Okafor wants to raise the parking fees", "Dev Halloran"),
    ]
    alone = judge.judge(items[1])
    together = judge.judge_all(items)
    assert all(abs(sum(j.probabilities) - 1.0) < 1e-9 for j in together)
    assert together[1].probabilities[1] > alone.probabilities[1]


def test_judge_items_read_neighbours_from_article_text():
    text = "Maria Okafor spoke on Friday. She is reckless, Halloran said. The vote is in May."
    start = text.index("She is reckless")
    record = {
        "article": "a9",
        "speaker": "Dev Halloran",
        "content": {"text": "She is reckless", "start": start, "end": start + len("She is reckless")},
        "extra": [1, 2],
    }
    item = item_from_json(record, text)
    assert "Okafor spoke" in item.before and "vote is in May" in item.after
    assert item.key == f"a9@{start}-{start + 15}"
