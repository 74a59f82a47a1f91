"""A question's proposition parsed into what it is about (target) and which way it points (direction).

"Donald Trump should win the 2016 US presidential election." -> target names ("Donald Trump", "Trump",
"Mr. Trump"), action terms ("win", "election"), direction +1. "Ukraine should not be allowed to ..." -> direction -1.
The parse is deliberately shallow: the subject before the modal verb, the content words after it, and the
question's keywords as extra hints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stancemap.records import Question

MODALS = r"(?:should|must|ought to|shall|will|would|can|could|needs? to|has to|have to|is to|are to)"
_SPLIT = re.compile(rf"^(?P<subject>.+?)\s+(?P<modal>{MODALS})\s+(?P<negation>not\s+|never\s+)?(?P<action>.+)$", re.I)
_NAME = re.compile(r"\b([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*)")
# Words too common to tell a statement is about the proposition.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "into",
        "than",
        "then",
        "so",
        "such",
        "not",
        "no",
        "should",
        "must",
        "will",
        "would",
        "can",
        "could",
        "shall",
        "may",
        "might",
        "us",
        "use",
        "used",
    ]
)
# Actions whose fulfilment a statement can oppose by backing a limit on them ("ban", "restrictions"):
# backing a limit on the action means opposing the proposition.
RESTRICTION_WORDS = frozenset(
    [
        "ban",
        "bans",
        "banned",
        "limit",
        "limits",
        "restriction",
        "restrictions",
        "restrict",
        "curbs",
        "curb",
        "prohibition",
        "moratorium",
        "caps",
        "cap",
        "constraints",
    ]
)
# Verbs that, in the question, turn its action against the thing named (“X should be banned”).
NEGATIVE_ACTION = re.compile(
    r"^(?:be\s+)?(?:banned|prohibited|stopped|blocked|restricted|lose|abandon|end|scrap)\b", re.I
)


@dataclass(frozen=True, slots=True)
class Proposition:
    """`names`: how statements refer to the target; `terms`: content words of the action and keywords."""

    question: Question
    names: tuple[str, ...]
    terms: tuple[str, ...]
    direction: int  # +1: the question asks for the action to happen; -1: asks for it not to
    person_target: bool  # the target is a named person (attacks on them oppose; "he"/"his" may refer to them)


def parse_proposition(question: Question) -> Proposition:
    """Split the question at its modal verb into target (subject) and action; see the module docstring."""
    text = question.text.strip().rstrip(".?!")
    match = _SPLIT.match(text)
    subject, action, negated = (text, "", False)
    if match:
        subject, action, negated = match["subject"], match["action"], bool(match["negation"])
    direction = -1 if negated else 1
    if NEGATIVE_ACTION.match(action):
        direction = -direction
    names: list[str] = []
    person = False
    for found in _NAME.findall(subject):
        words = found.split()
        names.append(found)
        if len(words) >= 2:
            # A two-word capitalised subject is most often a person's name: the surname carries the reference.
            person = True
            surname = words[-1]
            names.extend([surname, f"Mr. {surname}", f"Mrs. {surname}", f"Ms. {surname}", f"{surname}'s"])
            if len(words[0]) > 2 and not words[0].endswith("."):
                # Supporters and allies call a candidate by the first name ("That's right, Maria", "Maria has").
                names.append(words[0])
    if not names:
        names.append(subject)
    terms = [w.lower() for w in re.findall(r"[A-Za-z][\w-]+", action) if w.lower() not in STOPWORDS and len(w) > 2]
    keywords = [k for k in question.keywords if k.lower() not in {n.lower() for n in names}]
    return Proposition(
        question=question,
        names=tuple(dict.fromkeys(names)),
        terms=tuple(dict.fromkeys([*terms, *(k.lower() for k in keywords)])),
        direction=direction,
        person_target=person,
    )
