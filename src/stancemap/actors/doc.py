"""A parsed spaCy `Doc` -> the `Mention`s of stancemap.actors.resolve.

This is the one place in actors/ that reads spaCy objects (STYLE: Docs stay in nlp/ and attribution/, and this is the
bridge those stages call); everything after it works on `Mention` records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stancemap.actors.knowledge import PERSON_ROLE_WORDS, Knowledge, fold, load_knowledge, word_set
from stancemap.actors.resolve import Mention, parse_title

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Verbs whose subject is a source ("Moscow said", "Beijing warned"): a capital there stands for its government.
SPEECH_VERBS = word_set(
    """say tell add announce warn claim deny insist argue state urge accuse reject respond reply note stress declare
    confirm suggest acknowledge admit allege assert caution complain condemn criticise criticize demand explain
    threaten vow write call"""
)
# Inflected forms for docs without lemmas (a blank pipeline, or a model without a lemmatizer).
IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "spoke": "speak"}
MAX_TITLE_TOKENS = 6


def _lemma(token: Token) -> str:
    if token.lemma_ and token.lemma_ != token.text:
        return token.lemma_.lower()
    low = token.lower_
    if low in IRREGULAR:
        return IRREGULAR[low]
    for suffix in ("ed", "es", "s", "d", "ing"):
        if low.endswith(suffix) and low[: -len(suffix)] in SPEECH_VERBS:
            return low[: -len(suffix)]
    return low


def _speech_subject(ent: Span) -> bool:
    root = ent.root
    if root.dep_.startswith("nsubj") and _lemma(root.head) in SPEECH_VERBS:
        return True
    # "according to Moscow"
    return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"


def _title_before(doc: Doc, ent: Span, kb: Knowledge, taken: set[int]) -> Span | None:
    """The words right before a PERSON that name their office: "French President", "Foreign Minister"."""
    end = ent.start
    while end > 0 and doc[end - 1].is_space:
        end -= 1  # "Gov.\xa0Mike Pence": odd spaces are tokens of their own
    for n in range(min(MAX_TITLE_TOKENS, end), 0, -1):
        span = doc[end - n : end]
        if any(t.i in taken or (t.is_punct and t.text not in (".", "'s", "’s")) for t in span):
            continue
        while len(span) > 1 and (span[0].is_space or span[0].lower_ in ("the", "a", "an")):
            span = span[1:]
        title, rest = parse_title(span.text, kb)
        if not rest and title.role:
            return span
    return None


def _role_mentions(doc: Doc, kb: Knowledge, taken: set[int]) -> list[tuple[Span, Mention]]:
    """Nominals naming one person by office: "the French president", "the minister", "Russia's foreign minister"."""
    found: list[tuple[Span, Mention]] = []
    starts = [t.i for t in doc if t.lower_ == "the"]
    starts += [e.start for e in doc.ents if e.label_ == "GPE" and e.end < len(doc) and doc[e.end].text in ("'s", "’s")]
    for i in sorted(set(starts)):
        for n in range(min(MAX_TITLE_TOKENS, len(doc) - i), 1, -1):
            span = doc[i : i + n]
            last = span[-1]
            if any(t.i in taken for t in span) or fold(last.text) not in PERSON_ROLE_WORDS:
                continue
            after = doc[span.end] if span.end < len(doc) else None
            if after is not None and (after.ent_type_ == "PERSON" or (after.is_title and after.pos_ == "PROPN")):
                continue  # a title before a name: the PERSON mention takes it
            words = span[1:].text if span[0].lower_ == "the" else span.text
            title, rest = parse_title(words, kb)
            if rest or not title.role:
                continue
            found.append((span, Mention(span.text, "ROLE", span.start_char, span.end_char)))
            taken.update(t.i for t in span)
            break
    return found


def _norp_head(ent: Span) -> str | None:
    """ "officials" in "Ukrainian officials": the noun the nationality modifies, when it follows it."""
    root = ent.root
    head = root.head
    if head.i >= ent.end and root.dep_ in ("amod", "compound", "nmod", "nmod:poss") and head.pos_ in ("NOUN", ""):
        return head.text
    return None


def mentions_from_doc(doc: Doc, knowledge: Knowledge | None = None) -> list[Mention]:
    """Every entity of the Doc (PERSON, ORG, GPE, NORP, LOC, FAC) and every nominal naming a person by office, as
    `Mention`s in text order; titles before a PERSON travel with it, and nationalities or countries inside a title
    or a nominal are not mentions of their own."""
    kb = knowledge if knowledge is not None else load_knowledge()
    taken: set[int] = set()
    people: list[tuple[Span, Mention]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        title = _title_before(doc, ent, kb, taken)
        if title is not None:
            taken.update(t.i for t in title)
        taken.update(t.i for t in ent)
        mention = Mention(
            ent.text, "PERSON", ent.start_char, ent.end_char, title.text if title is not None else None,
            speech_subject=_speech_subject(ent),
        )  # fmt: skip
        people.append((ent, mention))
    roles = _role_mentions(doc, kb, taken)
    others: list[tuple[Span, Mention]] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or ent.label_ == "PERSON" or any(t.i in taken for t in ent):
            continue
        head = _norp_head(ent) if ent.label_ == "NORP" else None
        others.append((ent, Mention(ent.text, ent.label_, ent.start_char, ent.end_char, head=head,
                                    speech_subject=_speech_subject(ent))))  # fmt: skip
    return [m for _, m in sorted(people + roles + others, key=lambda pair: pair[0].start)]


__all__ = ["ENTITY_LABELS", "SPEECH_VERBS", "mentions_from_doc"]
