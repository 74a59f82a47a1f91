"""Keep the parser from starting a sentence inside a name (docs/model.md, "Sentence guard").

The parser learned from EWT, whose web text has many sentences with no final punctuation, to break sentences
where nothing marks a break; in news it cuts a speaker's title or description from the name ("Senator | Maria Lopez
said", "Senate Majority Leader | Mitch McConnell", "moderator | Matt Lauer asked"), and the cut loses the entity
and the speaker. This component runs after the tagger and before the parser and marks, as not starting a sentence,
a proper noun (or a capitalised title word) that directly follows a noun or a title word on the same line: edited
prose puts a full stop or a line break between a noun and the next sentence. spaCy's parser never breaks a sentence
where a token says it does not start one, so the tree then holds the whole name.

A word ending in a full stop may end a sentence ("... in the U.S. Trump said"), so it holds a break back only when
it is a title abbreviation ("Sen.", "Gov.").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})
NOUN_TAGS = PROPER_NOUN_TAGS | {"NN", "NNS"}


class SentenceGuard:
    """``titles``: lower-case title and role words ("senator", "spokeswoman", "gov") after which a proper noun
    continues the name."""

    def __init__(self, titles: Iterable[str]) -> None:
        self.titles = frozenset(titles)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            # A capitalised title word is part of the name even where the tagger calls it a common noun ("Senate
            # Majority Leader").
            if token.tag_ not in PROPER_NOUN_TAGS and not (token.is_title and token.lower_ in self.titles):
                continue
            previous = doc[token.i - 1]
            if previous.is_space:  # a line break is a token of its own
                continue
            word = previous.lower_
            if word.endswith("."):
                if word[:-1] in self.titles:
                    token.is_sent_start = False
            elif previous.tag_ in NOUN_TAGS or word in self.titles:
                token.is_sent_start = False
        return doc
