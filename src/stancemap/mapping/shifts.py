"""Shifts the text reports: "had long opposed the plan but endorsed it on Monday", "reversed course", "no longer
supports", "dropped its objection", "came around to", "ending weeks of silence".

`reported_shift(sentence, label)` reads one sentence (the one holding the statement) and returns the earlier and the
new stance, or None. The text's verbs say which way the speaker moved on *its* object ("the plan"); `label` (the
stance judge's label for the statement on the question) anchors that to the question: when the text says the speaker
now backs something the judge finds opposes the question, both sides are flipped.
"""

from __future__ import annotations

import re

SUPPORT, OPPOSE, NEUTRAL = "support", "oppose", "neutral"

_SUPPORT_VERBS = r"(?:support|back|endors|embrac|favou?r|champion|welcom|accept|approv|vot\w* for)"
_OPPOSE_VERBS = r"(?:oppos|reject|resist|fought|fight|criticis|criticiz|condemn|object|vot\w* against|denounc)"
_SUBJECT_GAP = r"[^.;]{0,160}?"

# (pattern, earlier, new); None for a side the text leaves open (filled from `label`).
_PATTERNS: tuple[tuple[re.Pattern[str], str | None, str | None], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), old, new)
    for pattern, old, new in (
        # "had long opposed the plan but endorsed it", "had initially backed ... before turning against it"
        (
            rf"\b(?:had|has)\s+(?:long\s+|previously\s+|initially\s+|once\s+|always\s+)*{_OPPOSE_VERBS}\w*"
            rf"{_SUBJECT_GAP}\b(?:but|before|then|now|until)\b{_SUBJECT_GAP}\b{_SUPPORT_VERBS}",
            OPPOSE,
            SUPPORT,
        ),
        (
            rf"\b(?:had|has)\s+(?:long\s+|previously\s+|initially\s+|once\s+|always\s+)*{_SUPPORT_VERBS}\w*"
            rf"{_SUBJECT_GAP}\b(?:but|before|then|now|until)\b{_SUBJECT_GAP}\b(?:{_OPPOSE_VERBS}|turn\w* against)",
            SUPPORT,
            OPPOSE,
        ),
        (r"\bno longer (?:supports?|backs?|endorses?|favou?rs?)\b", SUPPORT, None),
        (r"\bno longer (?:opposes?|rejects?|objects?|resists?)\b", OPPOSE, None),
        (
            r"\b(?:dropp\w*|withdr[ae]w\w*|abandon\w*|lift\w*)\s+(?:its|his|her|their|the party's)\s+"
            r"(?:objections?|opposition|resistance|veto)\b",
            OPPOSE,
            None,
        ),
        (
            r"\b(?:dropp\w*|withdr[ae]w\w*|abandon\w*|pull\w*)\s+(?:its|his|her|their|the party's)\s+"
            r"(?:support|backing|endorsement)\b",
            SUPPORT,
            None,
        ),
        (r"\b(?:c[ao]me|coming)\s+(?:a)?round\s+to\b", OPPOSE, SUPPORT),
        (r"\bturn\w*\s+against\b", SUPPORT, OPPOSE),
        (
            r"\b(?:ending|ended|broke|breaking|after)\s+(?:\w+\s+){0,2}(?:of\s+)?(?:silence|fence-sitting|hesitation)\b",
            NEUTRAL,
            None,
        ),
        (
            r"\b(?:reversed|reverses|reversing)\s+(?:course|(?:its|his|her|their)\s+(?:position|stance|decision))\b"
            r"|\bu-turn\b|\bswitch\w*\s+sides\b|\bchang\w*\s+(?:its|his|her|their)\s+(?:mind|position|stance)\b",
            None,
            None,
        ),
    )
)


def reported_shift(sentence: str, label: str | None = None) -> tuple[str, str] | None:
    """(earlier, new) stance on the question when `sentence` reports that its speaker changed position.

    `label` is the statement's own stance on the question. Sides the text leaves open are filled from it ("no longer
    supports" + oppose -> support to oppose; "reversed course" + support -> oppose to support); without it such a
    shift is None, since nothing says which way it went. Returns None when nothing reports a shift.
    """
    for pattern, old, new in _PATTERNS:
        if not pattern.search(sentence):
            continue
        sided = label if label in (SUPPORT, OPPOSE) else None
        if old is not None and new is not None:
            if new != NEUTRAL and sided is not None and sided != new:
                # The text's object is the question's opposite ("had backed the ban but now opposes it").
                return (_opposite(old), sided)
            return (old, new)
        if new is None and old is not None:
            if old == NEUTRAL:
                return (NEUTRAL, sided) if sided else None
            # "no longer supports": the new side is the judge's if it differs, otherwise the speaker stepped back.
            return (old, label if label in (SUPPORT, OPPOSE, NEUTRAL) and label != old else NEUTRAL)
        if sided is not None:
            return (_opposite(sided), sided)
        return None
    return None


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of `text` holding `text[start:end]`: from the last sentence end before it to the next after."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "? ", "! ", "\n"))
    right_candidates = [i for i in (text.find(mark, end) for mark in (". ", "? ", "! ", "\n")) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left + 1 : right].strip()


def _opposite(label: str) -> str:
    return {SUPPORT: OPPOSE, OPPOSE: SUPPORT}.get(label, NEUTRAL)
