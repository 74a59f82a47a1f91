"""Reported shifts: sentences we wrote, each naming the earlier and the new stance (or none)."""

from __future__ import annotations

import pytest

from stancemap.mapping.shifts import reported_shift, sentence_around


@pytest.mark.parametrize(
    ("sentence", "label", "expected"),
    [
        (
            "Tarna Veld, the Labour whip, had long opposed the levy but endorsed it on Monday.",
            "support",
            ("oppose", "support"),
        ),
        (
            "The council had initially backed the scheme before turning against it in May.",
            "oppose",
            ("support", "oppose"),
        ),
        # The text's object is the question's opposite ("the ban" when the question is lifting it).
        ("She had long supported the ban but now opposes it.", "support", ("oppose", "support")),
        (
            "The Farmers' Union reversed course on Tuesday and said it would back the bill.",
            "support",
            ("oppose", "support"),
        ),
        ("The Farmers' Union reversed course on Tuesday.", None, None),
        ("Mr Aske no longer supports the bill, his office said.", "oppose", ("support", "oppose")),
        ("Mr Aske no longer supports the bill, his office said.", "neutral", ("support", "neutral")),
        (
            "The fishers' association has dropped its objection to the survey programme.",
            "support",
            ("oppose", "support"),
        ),
        ("The association dropped its objections, a spokesman said.", "neutral", ("oppose", "neutral")),
        ("Even Lind, a sceptic for years, has come around to the idea of a licence.", "support", ("oppose", "support")),
        (
            "The prime minister backed the bill on Thursday, ending weeks of silence on the issue.",
            "support",
            ("neutral", "support"),
        ),
        ("The Greens withdrew their support for the coalition's plan.", "oppose", ("support", "oppose")),
        ("Two regional mayors switched sides after the hearing.", "oppose", ("support", "oppose")),
        # No shift: a position restated, a prediction, a third party's silence.
        ("The minister had always backed the bill and said so again on Friday.", "support", None),
        ("He said the plan would put spawning grounds at risk.", "oppose", None),
        ("My expectation is that the bill gets delayed rather than defeated.", "neutral", None),
    ],
)
def test_shifts_reported_shift(sentence: str, label: str | None, expected: tuple[str, str] | None) -> None:
    assert reported_shift(sentence, label) == expected


def test_shifts_sentence_around_finds_the_holding_sentence() -> None:
    text = "First thing. Vey had long opposed the plan but endorsed it on Monday, aides said. Last one."
    start = text.index("it on Monday")
    assert (
        sentence_around(text, start, start + 2)
        == "Vey had long opposed the plan but endorsed it on Monday, aides said."
    )
