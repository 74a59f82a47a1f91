"""Article -> Statements: the learned role spans grouped into statements, with speaker, kind and date.

`extract_statements` is the whole of `stancemap extract` for one cleaned article:
1. parse it with the main pipeline and tag SOURCE / CUE / CONTENT spans (`attribution.model`);
2. group them: every cue takes the nearest free content of its sentence (or of the next or previous one, for a
   quote that follows "he said:" or a cue after a quote; a content right after a cue, or holding one, goes to it
   first), and the nearest source of its sentence, before the cue
   first (nine in ten sources precede their cue), shared when one source has several cues ("he said ... and
   added ..."); a content no cue took right after a source and a verb ("The poll shows that ...") has those words
   as its cue, any other is a quote's continuation and goes to the statement before it; a cue with no content
   takes the rest of its sentence, past its own source, and an attribution that opens or closes a sentence round
   another one ("..., according to the paper.") takes the whole clause, the inner statement and all;
   then every content's start and end are re-chosen by the learned edge scorer (`attribution.edges`);
3. fill in the rest: the speaker through the article (`attribution.speakers`), `kind` from the quotation marks,
   `date` from a day named around the cue, else the article's date (`_statement_date`).
Offsets point into the input as CONTRACT says: the raw file text for plain-text inputs, `text` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from stancemap.attribution.dates import find_dates
from stancemap.attribution.edges import choose_edges
from stancemap.attribution.model import QUOTES, RoleSpan, join_pieces, span_head, tag_batch, tag_roles
from stancemap.attribution.speakers import resolve_speakers
from stancemap.records import Article, Problem, Span, Statement

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

# Spaces no span starts or ends with (web pages' no-break space too).
_SPACES = " \t\r\n\xa0"
# Characters trimmed from a content's edges: CONTRACT's content is "without the quotation marks", and the comma or
# colon that closes a quoted clause ("...," she said) belongs to the sentence around it, not to what was said.
_EDGE = _SPACES + "\"“”„«»‘’',;:"
# Later stages analyse English; the model is English, so other languages are reported as skipped.
ENGLISH = "en"
# Articles parsed and tagged together by `extract_articles` (the engines' chunks are this size too).
BATCH_SIZE = 16
# How many sentences apart a cue and its content may be (a quote after "he said:" starts the next sentence).
_NEIGHBOUR_SENTENCES = 1


@dataclass(frozen=True, slots=True)
class Sentences:
    """A parsed doc's sentences and the sentence number of every token, built once per doc (Token.sent walks the
    sentences on every call)."""

    spans: list[SpacySpan]
    number: list[int]

    @classmethod
    def of(cls, doc: Doc) -> Sentences:
        spans = list(doc.sents)
        number = [0] * len(doc)
        for n, sent in enumerate(spans):
            number[sent.start : sent.end] = [n] * (sent.end - sent.start)
        return cls(spans, number)

    def around(self, token: int) -> SpacySpan:
        return self.spans[self.number[token]]


@dataclass(frozen=True, slots=True)
class Grouped:
    """One statement's spans in the parsed doc's tokens (content always, cue and source when found)."""

    content: RoleSpan
    cue: RoleSpan | None
    source: RoleSpan | None


def extract_statements(
    article: Article, doc: Doc | None = None, model: Language | None = None, pieces: list[RoleSpan] | None = None
) -> list[Statement]:
    """The statements of one article, in text order. `doc` is the article's parse when the caller has it, `pieces`
    the tagger's output for it when the caller tagged a batch (`extract_batch`)."""
    from stancemap.nlp import parse

    doc = doc if doc is not None else parse(article.text, article.source)
    sentences = Sentences.of(doc)
    roles = join_pieces(doc, pieces) if pieces is not None else tag_roles(doc, model)
    groups = []
    for group in choose_edges(doc, group_roles(doc, roles, sentences), roles):
        group = _infinitive_out_of_cue(doc, _within_cue_sentence(doc, group, sentences))
        # The full stop after the edges are chosen: the chooser learned from contents without it.
        groups.append(_source_trimmed(doc, _with_full_stop(doc, group)))
    groups = [part for g in groups for part in _shared_position(doc, g) if not _stray_fragment(doc, part)]
    sources = [_char_range(doc, g.source) if g.source else None for g in groups]
    cues = [_char_range(doc, g.cue) if g.cue else None for g in groups]
    article_date = date.fromisoformat(article.date) if article.date else None
    speakers = resolve_speakers(doc, sources, article_date, cues=cues)
    statements = []
    for group, speaker in zip(groups, speakers, strict=True):
        content = _span(article, doc, group.content, trim=_EDGE)
        if content is None:
            continue
        statements.append(
            Statement(
                article=article.id,
                content=content,
                kind=statement_kind(doc, group.content),
                speaker=speaker.name,
                speaker_kind=speaker.kind,
                speaker_mention=_span(article, doc, group.source) if group.source else None,
                cue=_span(article, doc, group.cue) if group.cue else None,
                role=speaker.role,
                anonymous=speaker.anonymous,
                date=_statement_date(doc, article.text, sentences, group, article.date),
            )
        )
    return statements


def extract_batch(parsed: Sequence[tuple[Article, Doc]], model: Language | None = None) -> list[list[Statement]]:
    """`extract_statements` for several parsed articles, tagged in one pass (`tag_batch`)."""
    pieces = tag_batch([doc for _article, doc in parsed], model)
    return [
        extract_statements(article, doc, model, found) for (article, doc), found in zip(parsed, pieces, strict=True)
    ]


def extract_articles(
    items: Iterable[Article | Problem], batch_size: int = BATCH_SIZE
) -> Iterator[tuple[Article, list[Statement]] | Problem]:
    """Each English article with its statements, parsed and tagged in batches; Problems passed on, other languages
    and over-long texts reported as Problems (skipped, not fatal: the rest of the batch goes on)."""
    from stancemap.nlp import MAX_CHARS, load_nlp

    def texts() -> Iterator[tuple[str, Article | Problem]]:
        for item in items:
            if isinstance(item, Problem):
                yield "", item
            elif item.language not in (ENGLISH, None):
                yield "", Problem(item.source, f"{item.id}: skipped, language {item.language!r}", False, True)
            elif len(item.text) > MAX_CHARS:
                yield "", Problem(item.source, f"{item.id}: longer than {MAX_CHARS:,} characters, skipped")
            else:
                yield item.text, item

    def extracted(batch: list[tuple[Doc, Article | Problem]]) -> Iterator[tuple[Article, list[Statement]] | Problem]:
        parsed = [(item, doc) for doc, item in batch if not isinstance(item, Problem)]
        found = iter(extract_batch(parsed))
        for _doc, item in batch:
            yield item if isinstance(item, Problem) else (item, next(found))

    batch: list[tuple[Doc, Article | Problem]] = []
    for doc, item in load_nlp().pipe(texts(), as_tuples=True, batch_size=batch_size):
        batch.append((doc, item))
        if len(batch) == batch_size:
            yield from extracted(batch)
            batch = []
    yield from extracted(batch)


def group_roles(doc: Doc, roles: list[RoleSpan], sentences: Sentences) -> list[Grouped]:
    """Cues with their content and source (module docstring, step 2), in the order of their contents."""
    cues = [r for r in roles if r.label == "CUE"]
    contents = [r for r in roles if r.label == "CONTENT"]
    sources = [r for r in roles if r.label == "SOURCE"]
    sentence = sentences.number

    # A content whose extent holds the cue (a quote split by it) belongs to that cue; the rest go nearest first.
    pairs = []
    for ci, cue in enumerate(cues):
        for ki, content in enumerate(contents):
            if content.start <= cue.start and cue.end <= content.end:
                pairs.append((-1, ci, ki))
                continue
            # ... unless it starts right after another cue ("Palmieri said Clinton will ..."), which then takes it:
            # a content run on into the next sentences may hold that one's cue too.
            if cue.end <= content.start and all(doc[i].is_space for i in range(cue.end, content.start)):
                pairs.append((-2, ci, ki))
                continue
            apart = _sentences_apart(sentence, cue, content)
            if apart <= _NEIGHBOUR_SENTENCES:
                distance = content.start - cue.end if content.start >= cue.end else cue.start - content.end
                # Same sentence beats a neighbour; after the cue beats before it at equal distance.
                pairs.append((apart * 10_000 + 2 * distance + (content.start < cue.start), ci, ki))
    cue_content: dict[int, int] = {}
    taken: set[int] = set()
    for _cost, ci, ki in sorted(pairs):
        if ci not in cue_content and ki not in taken:
            cue_content[ci] = ki
            taken.add(ki)

    by_content: dict[int, Grouped] = {}
    for ci, ki in cue_content.items():
        cue = cues[ci]
        by_content[ki] = Grouped(contents[ki], cue, _source_for(sentence, cue, contents[ki], sources))
    previous: Grouped | None = None
    grouped = []
    for ki, content in enumerate(contents):
        group = by_content.get(ki)
        if group is None:
            group = _untagged_cue(doc, content, sources, sentence) or _untagged_cue_after(doc, content, sources, cues)
        if group is None:
            # A content no cue took: the next paragraph of a quote, said by whoever spoke just before.
            group = Grouped(content, None, previous.source if previous else None)
        grouped.append(group)
        previous = group
    # A cue the tagger found without a content still names a statement (the tagger misses contents more often than
    # cues: "..., according to the poll."): its content is the rest of its sentence.
    taken_tokens = {i for r in roles for i in range(r.start, r.end)}
    for ci, cue in enumerate(cues):
        if ci in cue_content:
            continue
        rest = _rest_of_sentence(
            doc,
            sentences.around(cue.start),
            cue,
            taken_tokens,
            _adjacent_source(doc, cue, sources, after=False),
            _adjacent_source(doc, cue, sources, after=True),
        )
        if rest is not None:
            grouped.append(Grouped(rest, cue, _source_for(sentence, cue, rest, sources)))
    grouped = [
        _run_on_to_closing_quote(doc, _widen_over_cue(doc, g, sentences, taken_tokens), taken_tokens) for g in grouped
    ]
    return sorted(grouped, key=lambda g: g.content.start)


def _opens_quotation(doc: Doc, content: RoleSpan) -> int | None:
    """The first word inside the quotation the content opens (its opening mark taken in or just before it), or
    None when it opens none."""
    if doc[content.start].text in QUOTES:
        return content.start + 1
    opening = content.start - 1
    while opening >= 0 and doc[opening].is_space:
        opening -= 1
    return content.start if opening >= 0 and doc[opening].text in QUOTES else None


def _run_on_to_closing_quote(doc: Doc, group: Grouped, taken: set[int]) -> Grouped:
    """A content that opens a quotation and stops at a sentence end inside it, the rest of the quotation untagged
    (the tagger labels a multi-sentence quote sentence by sentence and sometimes stops early): the content runs on
    to the closing mark, within the paragraph, when no other role span lies in between."""
    content = group.content
    words = _opens_quotation(doc, content)
    if words is None or any(t.text in QUOTES for t in doc[words : content.end]):
        return group
    end = content.end
    while end < len(doc) and doc[end].text not in QUOTES:
        if end in taken or "\n" in doc[end].text:
            return group
        end += 1
    # Nothing to add but the closing punctuation (`_with_full_stop`), or no closing mark at all.
    if end == len(doc) or end - content.end < 2:
        return group
    return Grouped(RoleSpan("CONTENT", content.start, end, content.pieces + 1), group.cue, group.source)


def _with_full_stop(doc: Doc, group: Grouped) -> Grouped:
    """A quotation's own closing full stop (or ! or ?) is part of what was quoted: a content that opens a quotation
    takes it in when only the closing mark, a paragraph break or the article's end follows it."""
    end = group.content.end
    if _opens_quotation(doc, group.content) is None or end >= len(doc) or doc[end].text not in {".", "!", "?"}:
        return group
    if end + 1 < len(doc) and doc[end + 1].text not in QUOTES and "\n" not in doc[end + 1].text:
        return group
    return Grouped(RoleSpan("CONTENT", group.content.start, end + 1, group.content.pieces), group.cue, group.source)


# Quotation marks as tokens, with the doubled apostrophes and backticks some wires and archives write for them
# (''...''), which the same-length normaliser leaves as they are.
_QUOTE_TOKENS = QUOTES | {"''", "``"}


def _sentence_edge(doc: Doc, last: int, boundary: int) -> bool:
    """Whether the sentence boundary before token `boundary` is a real one: the last word before it (at or before
    `last`) ends a sentence, or a line break stands there."""
    while last > 0 and doc[last].is_space:
        last -= 1
    return doc[last].text in {".", "!", "?"} or any("\n" in doc[i].text for i in range(last, boundary))


def _within_cue_sentence(doc: Doc, group: Grouped, sentences: Sentences) -> Grouped:
    """A reported content outside quotation marks stays in one sentence: one that follows its cue ("Palmieri said
    Clinton will ... later Friday.") ends with the sentence it starts in, and one that precedes it ("..., Roe
    said.") starts with the sentence it ends in. The tagger and the rules that join pieces run such contents on over
    a full stop or a paragraph break into the next statement's words; 13 % of PolNeAR's contents cross a sentence
    end, nearly all of them quotations. A content that opens a quotation, or has one still open at the cut, is left
    alone (a quote may run on over sentences)."""
    cue, content = group.cue, group.content
    if cue is None:
        return group
    marks = [i for i in range(content.start, content.end) if doc[i].text in _QUOTE_TOKENS]
    after_mark = content.start > 0 and doc[content.start - 1].text in _QUOTE_TOKENS
    if _opens_quotation(doc, content) is not None or after_mark or (marks and marks[0] == content.start):
        return group
    if content.start >= cue.end:
        end = sentences.around(content.start).end
        if content.end > end and _sentence_edge(doc, end - 1, end) and not sum(i < end for i in marks) % 2:
            return Grouped(RoleSpan("CONTENT", content.start, end, content.pieces), cue, group.source)
    elif content.end <= cue.start and not marks:
        start = sentences.around(content.end - 1).start
        if content.start < start and _sentence_edge(doc, start - 1, start):
            return Grouped(RoleSpan("CONTENT", start, content.end, content.pieces), cue, group.source)
    return group


# Nouns of asking and promising, whose "to" infinitive is what is asked or promised ("demands to allow strikes").
_DEMAND_NOUNS = frozenset(
    {"demand", "appeal", "plea", "request", "push", "bid", "proposal", "plan", "promise", "pledge", "vow",
     "threat", "offer"}
)  # fmt: skip


def _infinitive_out_of_cue(doc: Doc, group: Grouped) -> Grouped:
    """A nominal cue that ran on into the verb of what is demanded ("renewed his demands to allow" + "strikes on
    ...") gives "to allow" back to the content that follows it: the cue ends in a noun of asking or promising,
    "to" and a base-form verb, and the content starts right after it. (PolNeAR keeps the infinitive in the cue
    after other nouns: "used particularly blunt language to denounce".)"""
    cue, content = group.cue, group.content
    if cue is None or cue.end - cue.start < 4 or content.start < cue.end:
        return group
    to, verb = doc[cue.end - 2], doc[cue.end - 1]
    if to.lower_ != "to" or to.tag_ != "TO" or verb.tag_ != "VB":
        return group
    asked = doc[cue.end - 3]
    if asked.pos_ != "NOUN" or asked.lemma_.lower() not in _DEMAND_NOUNS:
        return group  # "are planning to support", "pledged to support": the verb's own infinitive stays with it
    if any(not doc[i].is_space for i in range(cue.end, content.start)):
        return group
    return Grouped(
        RoleSpan("CONTENT", to.i, content.end, content.pieces),
        RoleSpan("CUE", cue.start, to.i, cue.pieces),
        group.source,
    )


# Nouns for what a statement's content is when an appositive credits it to more sources ("a position also held by
# A, B and C"), and the participles that do the crediting.
_POSITION_NOUNS = frozenset({"position", "view", "stance", "demand", "call", "concern", "sentiment", "argument"})
_SHARED_BY = frozenset({"held", "shared", "echoed", "voiced", "backed", "supported", "taken", "endorsed"})


def _shared_position(doc: Doc, group: Grouped) -> list[Grouped]:
    """A content that ends in an appositive crediting it to others ("..., a position also held by Estvany, Lorr and
    the Baltic states") is two statements: the content without the appositive, and the same content again with
    "a position also held by" as its cue and the words after "by" as its source."""
    content = group.content
    for comma in range(content.start + 1, content.end - 4):
        if doc[comma].text != ",":
            continue
        words = [t for t in doc[comma + 1 : content.end] if not t.is_space]
        if len(words) < 4 or words[0].lower_ not in ("a", "an") or words[1].lower_ not in _POSITION_NOUNS:
            continue
        rest = words[2:]
        while rest and rest[0].pos_ == "ADV":
            rest = rest[1:]
        if len(rest) < 3 or rest[0].lower_ not in _SHARED_BY or rest[1].lower_ != "by":
            continue
        source_end = content.end
        while source_end > rest[2].i and (doc[source_end - 1].is_punct or doc[source_end - 1].is_space):
            source_end -= 1
        own = RoleSpan("CONTENT", content.start, comma, content.pieces)
        return [
            Grouped(own, group.cue, group.source),
            Grouped(own, RoleSpan("CUE", words[0].i, rest[1].i + 1), RoleSpan("SOURCE", rest[2].i, source_end)),
        ]
    return [group]


# What a source the tagger ran on past its noun phrase ends with, after a comma: a relative pronoun ("The German
# automaker, which"), or a discourse adverbial ("Mike Huckabee, for his part"; "Ted Cruz, by contrast").
# Diagnosed on PolNeAR train (bench/README.md, "Session 7").
_SOURCE_TAILS = frozenset(
    {
        ("which",), ("who",), ("whom",), ("whose",),
        ("however",), ("meanwhile",), ("too",), ("though",),
        ("for", "instance"), ("for", "example"), ("by", "contrast"), ("in", "contrast"), ("in", "turn"),
        ("for", "his", "part"), ("for", "her", "part"), ("for", "its", "part"), ("for", "their", "part"),
    }
)  # fmt: skip


_DASHES = frozenset({"-", "--", "—", "–"})


def _after_dateline(doc: Doc, start: int, end: int) -> int:
    """Where a span starts once a dateline that opens it is left out ("BRUSSELS - European leaders gathered";
    "SALDON, Feb 2 (NPA) — Estvany's government will ..."): a place in capitals, then no lower-case word (a date,
    a bracketed agency, commas) up to a free-standing dash. A source or content that starts at the article's first
    words takes the dateline with it, which is no part of either."""
    if not (doc[start].is_alpha and doc[start].is_upper and len(doc[start].text) > 1):
        return start
    for i in range(start + 1, min(end - 1, start + 12)):
        token = doc[i]
        if token.text in _DASHES:  # a free-standing dash: "NATO-led" is one name
            return i + 1 if doc[i - 1].whitespace_ and token.whitespace_ else start
        if token.is_space or token.text[:1].islower():
            return start
    return start


def _source_trimmed(doc: Doc, group: Grouped) -> Grouped:
    """The source without an opening dateline (`_after_dateline`) and without a tail after its last comma that no
    noun phrase ends with (`_SOURCE_TAILS`), a comma closing the source itself aside."""
    source = group.source
    if source is None:
        return group
    start = _after_dateline(doc, source.start, source.end)
    if start != source.start:
        source = RoleSpan(source.label, start, source.end, source.pieces)
        group = Grouped(group.content, group.cue, source)
    end = source.end
    while end - 1 > source.start and doc[end - 1].text == ",":  # "Aron Fell, for his part,"
        end -= 1
    for comma in reversed(range(source.start + 1, end)):
        if doc[comma].text == ",":
            if tuple(t.lower_ for t in doc[comma + 1 : end]) in _SOURCE_TAILS:
                return Grouped(group.content, group.cue, RoleSpan(source.label, source.start, comma, source.pieces))
            break
    return group


# Verbs whose subject is what the statement is about, never its speaker ("The plan seems to work").
_RAISING = frozenset({"seem", "appear", "look", "sound"})


def _widen_over_cue(doc: Doc, group: Grouped, sentences: Sentences, taken: set[int]) -> Grouped:
    """PolNeAR scores a content split by its cue as its extent, from the words before the cue. The tagger often
    labels only the part after the cue, and leaves untagged what comes before it in two constructions:
    - a cue set inside the content between commas ("The talks, Roe said, will resume"; "In the long run, many
      economists say, ..."): the content then starts at its sentence's first word;
    - a passive or raising cue with no speaker ("The vote is expected to pass"; "The plan seems to work"), whose
      subject is part of what is reported: the content then starts at the subject.
    Either applies only when the words taken in carry no role span."""
    cue, content = group.cue, group.content
    if cue is None or content.start < cue.end:
        return group
    before = min(cue.start, group.source.start) if group.source else cue.start
    after = max(cue.end, group.source.end) if group.source else cue.end
    if content.start < after:
        return group
    between = [t.text for t in doc[after : content.start] if not t.is_space]
    start: int | None = None
    if between == [","] and before > 0 and doc[before - 1].text == ",":
        start = sentences.around(before).start
        while start < before and (doc[start].is_punct or doc[start].is_space):
            start += 1
        if start >= before - 1:
            start = None
    elif group.source is None and all(t.is_punct or t.is_space for t in doc[cue.end : content.start]):
        head = span_head(doc, cue)
        subjects = [
            t
            for t in head.children
            if t.i < cue.start and (t.dep_ == "nsubj:pass" or (t.dep_ == "nsubj" and head.lemma_ in _RAISING))
        ]
        start = subjects[0].left_edge.i if subjects else None
    if start is None or any(i in taken for i in range(start, before)):
        return group
    return Grouped(RoleSpan("CONTENT", start, content.end, content.pieces + 1), cue, group.source)


# At most this many words between a source and a content make the cue the tagger missed ("all the experts said").
_UNTAGGED_CUE_WORDS = 4


def _untagged_cue(doc: Doc, content: RoleSpan, sources: list[RoleSpan], sentence: list[int]) -> Grouped | None:
    """A content no cue took, right after a source of its sentence with a few words and a verb between them
    ("The latest poll shows that ..."): the tagger missed the cue, and those words are it."""
    for source in sources:
        if source.end > content.start or sentence[source.end - 1] != sentence[content.start]:
            continue
        gap = [doc[i] for i in range(source.end, content.start)]
        if any(t.is_punct for t in gap):
            continue
        words = [t for t in gap if not t.is_space]
        if len(words) > _UNTAGGED_CUE_WORDS or not any(t.tag_.startswith(("VB", "MD")) for t in words):
            continue
        while words and words[-1].lower_ == "that":
            words.pop()
        if words:
            return Grouped(content, RoleSpan("CUE", words[0].i, words[-1].i + 1), source)
    return None


# At most this many tokens (punctuation, spaces) between a quotation and the source after it ('," the MPs wrote').
_GAP_AFTER_QUOTE = 4


def _untagged_cue_after(doc: Doc, content: RoleSpan, sources: list[RoleSpan], cues: list[RoleSpan]) -> Grouped | None:
    """A content no cue took, followed by a comma or closing quotation mark, a source and that source's finite verb
    ("... has changed," the MPs wrote in the letter): the verb is the cue the tagger missed. A verb the tagger
    tagged as another statement's cue is not (`"If you look back," Scott said, "I could ..."`: one statement)."""
    source = next((s for s in sources if content.end <= s.start <= content.end + _GAP_AFTER_QUOTE), None)
    if source is None or source.end >= len(doc):
        return None
    if not all(t.is_punct or (t.is_space and "\n" not in t.text) for t in doc[content.end : source.start]):
        return None
    # The quotation ends in a comma, "?" or "!" before the source, not a full stop: the same sentence goes on.
    last = _last_mark(doc, source.start, content.start)
    if last is None or doc[last].text not in (",", "?", "!"):
        return None
    verb = doc[source.end]
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or any(cue.start <= verb.i < cue.end for cue in cues):
        return None
    if any(t.dep_.startswith("nsubj") and source.start <= t.i < source.end for t in verb.children):
        return Grouped(content, RoleSpan("CUE", verb.i, verb.i + 1), source)
    return None


def _adjacent_source(doc: Doc, cue: RoleSpan, sources: list[RoleSpan], after: bool) -> RoleSpan | None:
    """The source right before the cue ("..., Warren said.") or, with `after`, right after it ("According to the
    poll, ..."; "said Warren, ..."), nothing but spaces between them."""
    for source in sources:
        gap = range(cue.end, source.start) if after else range(source.end, cue.start)
        touches = source.start >= cue.end if after else source.end <= cue.start
        if touches and all(doc[i].is_space for i in gap):
            return source
    return None


def _rest_of_sentence(
    doc: Doc,
    sent: SpacySpan,
    cue: RoleSpan,
    taken: set[int],
    source_before: RoleSpan | None,
    source_after: RoleSpan | None = None,
) -> RoleSpan | None:
    """The words of the cue's sentence after the cue up to the next role span or the sentence end; or, when fewer
    than two words follow it ("..., according to the poll."), the words before it back to the previous role span,
    looking past the cue's own source when it stands right before the cue ("..., Warren said.")."""

    def words(start: int, end: int) -> RoleSpan | None:
        while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ == "that"):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return RoleSpan("CONTENT", start, end) if end - start >= 2 else None

    comma = _comma_before(doc, source_before, sent) if source_after is None else None
    if comma is not None:
        # "Estvany's government will ask parliament ..., Industry Minister Tomas Reyle said on Monday, opening the
        # way ...": a source and its cue after a comma report the clause before the comma, whatever follows them,
        # other role spans and all (the tagger took "Estvany's government" for a source).
        found = words(_after_dateline(doc, sent.start, comma), comma)
        if found is not None and any(doc[i].pos_ in ("VERB", "AUX") for i in range(found.start, found.end)):
            return found
    first = source_after.end if source_after is not None else cue.end
    end = first
    while end < sent.end and end not in taken:
        end += 1
    found = words(first, end)
    if found is not None:
        return found
    stop = source_before.start if source_before is not None and source_before.start >= sent.start else cue.start
    start = stop
    while start > sent.start and (start - 1) not in taken:
        start -= 1
    found = words(start, stop)
    if found is not None:
        return found
    # An attribution wrapped round another one: the cue and its source close the sentence ("Bloomberg reports
    # that ..., according to the Roper Center."; "..., the source added."), and what they attribute is the whole
    # clause before them, other role spans and all.
    if all(doc[i].is_punct or doc[i].is_space for i in range(first, sent.end)):
        return words(sent.start, stop)
    # The same opening the sentence: "According to Yahoo News, Clinton's spokesman said ...".
    if source_after is not None and all(doc[i].is_punct or doc[i].is_space for i in range(sent.start, cue.start)):
        return words(first, sent.end)
    return None


def _comma_before(doc: Doc, source: RoleSpan | None, sent: SpacySpan) -> int | None:
    """The comma right before a source (quotation marks aside), in its sentence."""
    if source is None:
        return None
    last = _last_mark(doc, source.start, sent.start)
    return last if last is not None and doc[last].text == "," else None


def _last_mark(doc: Doc, end: int, floor: int) -> int | None:
    """The last token before `end`, back to `floor`, that is neither a space nor a quotation mark."""
    i = end - 1
    while i >= floor and (doc[i].is_space or doc[i].is_quote):
        i -= 1
    return i if i >= floor else None


def _source_for(sentence: list[int], cue: RoleSpan, content: RoleSpan, sources: list[RoleSpan]) -> RoleSpan | None:
    """The nearest source in the cue's sentence outside the content, preferring one before the cue."""
    best: tuple[int, RoleSpan] | None = None
    for source in sources:
        if sentence[source.start] != sentence[cue.start] and sentence[source.end - 1] != sentence[cue.start]:
            continue
        if (
            content.start <= source.start
            and source.end <= content.end
            and not (content.start <= cue.start < content.end)
        ):
            continue
        # Before the cue costs its distance, after it a little more (nine in ten sources precede their cue).
        cost = 2 * (cue.start - source.end) if source.end <= cue.start else 2 * max(0, source.start - cue.end) + 1
        if best is None or cost < best[0]:
            best = (cost, source)
    return best[1] if best else None


def _sentences_apart(sentence: list[int], a: RoleSpan, b: RoleSpan) -> int:
    a_first, a_last = sentence[a.start], sentence[a.end - 1]
    b_first, b_last = sentence[b.start], sentence[b.end - 1]
    if a_last < b_first:
        return b_first - a_last
    if b_last < a_first:
        return a_first - b_last
    return 0


def _stray_fragment(doc: Doc, group: Grouped) -> bool:
    """A content no cue took that quotes only part of itself, without opening on the quotation ("the broadcast of
    "Fox News Sunday," Republican nominee"; "...?" Forty-three, yes"): no statement, only the tagger's stray
    words around a quotation mark. A cueless continuation of a quotation opens on its mark, and an unquoted one
    without a cue may still be a claim whose cue the tagger missed, so both stay."""
    if group.cue is not None or statement_kind(doc, group.content) != "mixed":
        return False
    # Not `_opens_quotation`, which looks back over a line break and so takes the previous paragraph's closing mark
    # for an opening one.
    first = doc[group.content.start]
    before = doc[group.content.start - 1] if group.content.start > 0 else None
    return not (first.text in QUOTES or (before is not None and before.text in QUOTES))


def statement_kind(doc: Doc, content: RoleSpan) -> str:
    """direct: the content is one quotation (or a quote split by its cue); mixed: it quotes part; else indirect."""
    text = doc[content.start : content.end].text
    before = doc[content.start - 1].text if content.start > 0 else ""
    after = doc[content.end].text if content.end < len(doc) else ""
    stripped = text.strip()
    opens = stripped[:1] in QUOTES or before in QUOTES
    closes = stripped[-1:] in QUOTES or after in QUOTES or stripped.rstrip(".,!?")[-1:] in QUOTES
    if opens and (closes or content.pieces > 1):
        return "direct"
    if any(ch in QUOTES for ch in text):
        return "mixed"
    return "indirect"


def _statement_date(doc: Doc, text: str, sentences: Sentences, group: Grouped, article_date: str | None) -> str | None:
    """When the statement was made, by the example corpus's conventions (docs/example-corpus.md):
    a day named in the cue's sentence outside the content ("said on Monday"), or inside it where the parse hangs it
    on the cue ("urged the government on Thursday to drop ...": the content runs over the cue verb's adjunct); else
    one named earlier in the same paragraph ("At a rally on Wednesday, ... She said"); else the article's date. A
    coarse period ("last week") names no day, so it gives no date."""
    if article_date is None:
        return None
    anchor = group.cue or group.content
    sent = sentences.around(anchor.start)
    content_start = doc[group.content.start].idx
    content_end = doc[group.content.end - 1].idx + len(doc[group.content.end - 1])
    cue_tokens = set(range(group.cue.start, group.cue.end)) if group.cue else set()
    coarse = False
    for mention in find_dates(sent.text, article_date):
        start, end = sent.start_char + mention.start, sent.start_char + mention.end
        dates_cue = end <= content_start or start >= content_end
        if not dates_cue:
            span = doc.char_span(start, end, alignment_mode="expand")
            dates_cue = span is not None and span.root.head.i in cue_tokens
        if dates_cue:
            if mention.granularity == "day":
                return mention.date
            coarse = True
    if coarse:
        return None
    paragraph_start = text.rfind("\n", 0, sent.start_char) + 1
    earlier = text[paragraph_start : sent.start_char]
    days = [m for m in find_dates(earlier, article_date) if m.granularity == "day"]
    return days[-1].date if days else article_date


def _char_range(doc: Doc, span: RoleSpan) -> tuple[int, int]:
    return doc[span.start].idx, doc[span.end - 1].idx + len(doc[span.end - 1])


def _span(article: Article, doc: Doc, span: RoleSpan, trim: str = _SPACES) -> Span | None:
    """The role span as a CONTRACT span of the input: edges trimmed, offsets into the raw file when there is one."""
    start, end = _char_range(doc, span)
    text = article.text
    while start < end and text[start] in trim:
        start += 1
    while end > start and text[end - 1] in trim:
        end -= 1
    if start == end:
        return None
    if article.raw is None:
        return Span(text[start:end], start, end)
    raw_start, raw_end = article.raw_offset(start), article.raw_offset(end - 1) + 1
    return Span(article.raw[raw_start:raw_end], raw_start, raw_end)
