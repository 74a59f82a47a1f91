"""Content edges re-chosen by a learned scorer, after the grouping.

The tagger finds most contents but often puts an edge a few words off: on PolNeAR train a third of the predicted
contents that overlap a gold content miss it by one edge or both (bench/results/content_edges.json), and exact
matching gives no credit for that. For every content `group_roles` produced, this module lists the candidate start
and end tokens within `window` tokens of its edges and scores each with a linear model over one-hot templates
(`START_TEMPLATES`, `END_TEMPLATES`): the token classes around the candidate, its distance from the predicted edge,
where the cue and source lie against the candidate and the predicted edge, sentence, paragraph and quotation
boundaries, clause edges in the parse, the tagger's labels next to it, and which rule made the content. The best
candidate replaces the predicted edge when it outscores it by more than `margin`.

Candidates are tokens that survive trimming (a quotation mark, comma, colon or full stop at an edge is trimmed
away by CONTRACT and the scorer alike, so a start on it equals a start on the next word). Three rules bound the
choice: a content that holds its own cue keeps it (`candidates`), no edge moves out over another statement's cue
(`candidates`), and a cue-less statement whose words a widened content now holds goes (`choose_edges`). The model
is trained by `training/train_edges.py` on PolNeAR train, on the tagger's own output; its weights are plain JSON
(`models/attribution_edges.json`), loaded once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from stancemap.attribution.model import QUOTES, RoleSpan, span_head
from stancemap.errors import ProcessingError

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from stancemap.attribution.extract import Grouped

EDGES_MODEL = Path(__file__).resolve().parent.parent / "models" / "attribution_edges.json"
Ints = npt.NDArray[np.int64]

# Words whose presence at an edge matters more than their part of speech (complementisers, conjunctions, speech
# verbs, pronouns that open a reported clause); every other token is classed by its
# Penn Treebank tag (the tag, not the UPOS: the parse cache of the training keeps tags, not UPOS).
_WORDS = [
    "that",
    "whether",
    "if",
    "and",
    "but",
    "or",
    "because",
    "as",
    "to",
    "which",
    "who",
    "when",
    "while",
    "although",
    "though",
    "so",
    "than",
    "for",
    "of",
    "in",
    "on",
    "with",
    "by",
    "at",
    "from",
    "about",
    "according",
    "said",
    "says",
    "say",
    "told",
    "added",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "the",
    "a",
    "an",
    "this",
    "not",
    "'s",
]
_PUNCT = [",", ".", ":", ";", "?", "!", "—", "–", "-", "--", "(", ")", "[", "]", "...", "'", "’"]
_TAGS = [
    "tag:$",
    "tag:''",
    "tag:,",
    "tag:-LRB-",
    "tag:-RRB-",
    "tag:.",
    "tag::",
    "tag:ADD",
    "tag:AFX",
    "tag:CC",
    "tag:CD",
    "tag:DT",
    "tag:EX",
    "tag:FW",
    "tag:GW",
    "tag:HYPH",
    "tag:IN",
    "tag:JJ",
    "tag:JJR",
    "tag:JJS",
    "tag:LS",
    "tag:MD",
    "tag:NFP",
    "tag:NN",
    "tag:NNP",
    "tag:NNPS",
    "tag:NNS",
    "tag:PDT",
    "tag:POS",
    "tag:PRP",
    "tag:PRP$",
    "tag:RB",
    "tag:RBR",
    "tag:RBS",
    "tag:RP",
    "tag:SYM",
    "tag:TO",
    "tag:UH",
    "tag:VB",
    "tag:VBD",
    "tag:VBG",
    "tag:VBN",
    "tag:VBP",
    "tag:VBZ",
    "tag:WDT",
    "tag:WP",
    "tag:WP$",
    "tag:WRB",
    "tag:``",
    "tag:other",
]
# Padding, an opening and a closing quotation mark (told apart by the quotation state), a line break, other space.
_SPECIAL = ["<pad>", "<q-open>", "<q-close>", "<newline>", "<space>"]
CLASSES: tuple[str, ...] = tuple(_SPECIAL + _WORDS + _PUNCT + _TAGS)
_CLASS = {name: n for n, name in enumerate(CLASSES)}
PAD, Q_OPEN, Q_CLOSE, NEWLINE, SPACE = range(5)
# The parser's UD labels; any other is 0.
DEPS: tuple[str, ...] = (
    "<other>",
    "ROOT",
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:poss",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "vocative",
    "xcomp",
)
_DEP = {name: n for n, name in enumerate(DEPS)}
# Heads of clauses and phrases whose subtree's edges are likely content edges.
_CLAUSAL = frozenset(
    {"ROOT", "ccomp", "xcomp", "advcl", "advcl:relcl", "conj", "parataxis", "csubj", "acl", "acl:relcl", "obj"}
)
# Characters an edge loses to trimming (CONTRACT's content trim plus the scorer's full stop).
TRIMMED = frozenset(" \t\r\n\"“”„«»‘’',;:.")
ROLES = ("O", "SOURCE", "CUE", "CONTENT")
_ROLE = {name: n for n, name in enumerate(ROLES)}
# Distance bins: one per token up to 5 away, then wider.
_BIN_EDGES = (5, 8, 12, 20, 10_000)
N_BINS = 11 + 2 * (len(_BIN_EDGES) - 1)
# How a span (cue or source) lies against the candidate, the predicted edge and the content's other edge.
N_REL = 19
N_CLASSES, N_DEPS, N_ROLES = len(CLASSES), len(DEPS), len(ROLES)

# (name, size) of each template; a candidate sets one feature per template.
START_TEMPLATES: tuple[tuple[str, int], ...] = (
    ("bin", N_BINS),
    ("class", N_CLASSES),
    ("class-1", N_CLASSES),
    ("class-2", N_CLASSES),
    ("class+1", N_CLASSES),
    ("class-1 x class", N_CLASSES * N_CLASSES),
    ("bin x class-1", N_BINS * N_CLASSES),
    ("bin x class", N_BINS * N_CLASSES),
    ("dep", N_DEPS),
    ("dep x class-1", N_DEPS * N_CLASSES),
    ("role-1 x role", N_ROLES * N_ROLES),
    ("role x sign", N_ROLES * 3),
    ("sentences x sentence start", 10),
    ("cue", N_REL * 3),
    ("source", N_REL * 3),
    ("origin x sign", 9),
    ("clause edge", N_DEPS),
    ("cue's clause edge", N_DEPS),
    ("quoted", 4),
    ("bin x quoted", N_BINS * 4),
    ("takes in", 8),
    ("bin x takes in", N_BINS * 8),
)
END_TEMPLATES = START_TEMPLATES


@dataclass(frozen=True, slots=True)
class EdgeModel:
    """Weights of the start and the end scorer (one vector each, templates laid end to end) and the choice's
    two settings."""

    start: npt.NDArray[np.float64]
    end: npt.NDArray[np.float64]
    window: int
    margin: float

    def to_json(self) -> dict[str, object]:
        return {
            "format": "stancemap attribution edges 1",
            "classes": list(CLASSES),
            "deps": list(DEPS),
            "templates": _templates_json(),
            "window": self.window,
            "margin": self.margin,
            "start": [round(float(w), 4) for w in self.start],
            "end": [round(float(w), 4) for w in self.end],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EdgeModel:
        """The model as `to_json` wrote it; ValueError when it was written for other classes or templates."""
        if (
            data.get("classes") != list(CLASSES)
            or data.get("deps") != list(DEPS)
            or data.get("templates") != _templates_json()
        ):
            raise ValueError("written for other token classes or templates (retrain: training/README.md)")
        start = np.asarray(data["start"], dtype=np.float64)
        end = np.asarray(data["end"], dtype=np.float64)
        if len(start) != n_features(START_TEMPLATES) or len(end) != n_features(END_TEMPLATES):
            raise ValueError("weight vectors of the wrong length")
        return cls(
            start,
            end,
            int(data["window"]),
            float(data["margin"]),
        )


def _templates_json() -> dict[str, list[list[object]]]:
    """The templates as the model file records them, to tell weights written for other templates."""
    return {"start": [list(t) for t in START_TEMPLATES], "end": [list(t) for t in END_TEMPLATES]}


def n_features(templates: Sequence[tuple[str, int]]) -> int:
    return sum(size for _name, size in templates)


def _offsets(templates: Sequence[tuple[str, int]]) -> Ints:
    return np.cumsum([0] + [size for _name, size in templates[:-1]]).astype(np.int64)


@cache
def load_edges(path: Path = EDGES_MODEL) -> EdgeModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return EdgeModel.from_json(data)
    except FileNotFoundError as e:
        raise ProcessingError("the content edge model is missing (train it: training/README.md)", path) from e
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ProcessingError(f"cannot load the content edge model: {e}", path) from e


@lru_cache(maxsize=1 << 16)
def _word_class_and_keep(lower: str) -> int:
    """2 * the word's class (-1: none, its tag decides) + 1 when an edge may sit on it (`TokenView.keep`)."""
    keep = int(not all(ch in TRIMMED for ch in lower))
    if lower.isspace():
        return 2 * (NEWLINE if "\n" in lower else SPACE) + keep
    if len(lower) == 1 and lower in QUOTES:
        return 2 * Q_OPEN + keep  # opening or closing is settled by the quotation state
    return 2 * _CLASS.get(lower, -1) + keep


@dataclass(frozen=True, slots=True)
class TokenView:
    """Per-token arrays of one doc, shifted by `PAD_WIDTH` so that neighbours of the first and last tokens exist."""

    n: int
    cls: Ints
    dep: Ints
    role: Ints
    sent: Ints
    sent_start: Ints
    quoted: Ints
    keep: npt.NDArray[np.bool_]  # a token an edge may sit on (not space, not wholly trimmed characters)
    left_clause: Ints  # dep of the largest clause whose subtree starts here (0: none)
    right_clause: Ints  # ... whose subtree ends here


PAD_WIDTH = 2


def token_view(doc: Doc, roles: Sequence[RoleSpan]) -> TokenView:
    """The arrays the templates read, built once per doc."""
    from spacy.attrs import DEP, LOWER, SENT_START, TAG

    n = len(doc)
    size = n + 2 * PAD_WIDTH
    cls = np.full(size, PAD, dtype=np.int64)
    dep = np.zeros(size, dtype=np.int64)
    role = np.zeros(size, dtype=np.int64)
    sent = np.zeros(size, dtype=np.int64)
    starts = np.ones(size, dtype=np.int64)
    quoted = np.zeros(size, dtype=np.int64)
    keep = np.zeros(size, dtype=np.bool_)
    left_clause = np.zeros(size, dtype=np.int64)
    right_clause = np.zeros(size, dtype=np.int64)
    if n == 0:
        return TokenView(n, cls, dep, role, sent, starts, quoted, keep, left_clause, right_clause)
    body = slice(PAD_WIDTH, PAD_WIDTH + n)
    array = doc.to_array([LOWER, TAG, DEP, SENT_START]).astype(np.uint64)
    strings = doc.vocab.strings

    def mapped(column: int, lookup: Callable[[str], int]) -> Ints:
        values, inverse = np.unique(array[:, column], return_inverse=True)
        table = np.array([lookup(strings[v]) if v else 0 for v in values.tolist()], dtype=np.int64)
        return table[inverse.reshape(-1)]

    # One pass over the distinct words: the class (or -1: classed by its tag) times two, plus whether it may be an
    # edge.
    word_and_keep = mapped(0, _word_class_and_keep)
    words = word_and_keep // 2
    tags = mapped(1, lambda tag: _CLASS.get(f"tag:{tag}", _CLASS["tag:other"]))
    cls[body] = np.where(words >= 0, words, tags)
    dep[body] = mapped(2, lambda d: _DEP.get(d, 0))
    starts[body] = (array[:, 3] == 1).astype(np.int64)
    starts[PAD_WIDTH] = 1
    sent[body] = np.cumsum(starts[body]) - 1
    sent[PAD_WIDTH + n :] = sent[PAD_WIDTH + n - 1] + 1
    keep[body] = (word_and_keep % 2).astype(np.bool_)
    for span in roles:
        role[PAD_WIDTH + span.start : PAD_WIDTH + span.end] = _ROLE.get(span.label, 0)
    # Quotation state within a paragraph: a straight mark opens when none is open; a curly one says which it is.
    inside = False
    last = 0
    for i in np.flatnonzero((words == NEWLINE) | (words == Q_OPEN)).tolist():
        quoted[PAD_WIDTH + last : PAD_WIDTH + i] = int(inside)
        if words[i] == NEWLINE:
            inside = False
        else:
            char = doc[i].text
            inside = char in "“„«" or (char not in "”»" and not inside)
            cls[PAD_WIDTH + i] = Q_OPEN if inside else Q_CLOSE
        quoted[PAD_WIDTH + i] = int(inside)
        last = i + 1
    quoted[PAD_WIDTH + last : PAD_WIDTH + n] = int(inside)
    clausal = [_DEP[d] for d in _CLAUSAL]
    heads = np.flatnonzero(np.isin(dep[body], clausal)).tolist()
    # Larger subtrees written last, so an edge shared by nested clauses names the outer one.
    spans = sorted(
        ((doc[i].left_edge.i, doc[i].right_edge.i, int(dep[PAD_WIDTH + i])) for i in heads), key=lambda s: s[1] - s[0]
    )
    for left, right, label in spans:
        left_clause[PAD_WIDTH + left] = label
        right_clause[PAD_WIDTH + right] = label
    return TokenView(n, cls, dep, role, sent, starts, quoted, keep, left_clause, right_clause)


def _bins(distance: Ints) -> Ints:
    """-5..5 one bin each; beyond, the wider bins of `_BIN_EDGES` on either side."""
    magnitude = np.abs(distance)
    wide = np.searchsorted(np.array(_BIN_EDGES[:-1]), magnitude, side="left")  # 0 for <=5, then 1..
    out = np.where(magnitude <= 5, distance + 5, 0)
    outer = len(_BIN_EDGES) - 1
    return np.where(magnitude <= 5, out, np.where(distance > 0, 10 + wide, 10 + outer + wide)).astype(np.int64)


def _relation(first: Ints, last: Ints, candidate: Ints, predicted: Ints, other: Ints, start_edge: bool) -> Ints:
    """How a span [first, last) lies against the candidate edge, the predicted edge and the content's other edge;
    0 when there is no span."""

    def side(edge: Ints) -> Ints:
        return np.where(last <= edge, 0, np.where(first >= edge, 1, 2))

    beyond = (last <= other) if start_edge else (first >= other)
    code = 1 + side(candidate) * 3 + side(predicted) + 9 * beyond.astype(np.int64)
    return np.where(first < 0, 0, code).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate edges of a doc's contents: `group[k]` names the content, `token[k]` the edge position (a start
    token, or the end: one past the last token), `predicted[k]` the content's predicted edge there."""

    group: Ints
    token: Ints
    predicted: Ints
    features: Ints  # (candidates, templates) feature indices


def _canonical(view: TokenView, content: RoleSpan) -> tuple[int, int] | None:
    """The content's edges moved inwards past tokens trimming removes; None when nothing is left."""
    keep = view.keep[PAD_WIDTH : PAD_WIDTH + view.n]
    start, end = content.start, content.end
    while start < end and not keep[start]:
        start += 1
    while end > start and not keep[end - 1]:
        end -= 1
    return (start, end) if start < end else None


def candidates(
    doc: Doc,
    view: TokenView,
    groups: Sequence[Grouped],
    tagged: frozenset[tuple[int, int]],
    window: int,
    start_edge: bool,
) -> Candidates:
    """Every content's candidate starts (or ends) within `window` tokens of its predicted one, featurised.
    `tagged`: the tagger's content spans, to tell a tagged content from one a rule made."""
    templates = START_TEMPLATES if start_edge else END_TEMPLATES
    offsets = _offsets(templates)
    keep = view.keep[PAD_WIDTH : PAD_WIDTH + view.n]
    group_ids: list[Ints] = []
    tokens: list[Ints] = []
    info: list[tuple[int, int, int, int, int, int, int, dict[int, int]]] = []
    for g, group in enumerate(groups):
        edges = _canonical(view, group.content)
        if edges is None:
            continue
        start, end = edges
        if start_edge:
            positions = np.arange(max(0, start - window), min(end - 1, start + window) + 1)
            positions = positions[keep[positions]]
        else:
            positions = np.arange(max(start + 1, end - window), min(view.n, end + window) + 1)
            positions = positions[keep[positions - 1]]
        cue, source = group.cue, group.source
        if cue is not None and group.content.start <= cue.start and cue.end <= group.content.end:
            # A content that holds its own cue (a quote split by it) keeps it: on PolNeAR train, cutting such a
            # content at its cue was right as often as wrong (52 against 53 times).
            positions = positions[positions <= cue.start] if start_edge else positions[positions >= cue.end]
        if len(positions) == 0:
            continue
        # Which rule made it: the tagger alone, pieces joined (or widened, run on), a cue's rest of sentence.
        content = group.content
        made_by = 1 if content.pieces > 1 else 0 if (content.start, content.end) in tagged else 2
        info.append(
            (
                start if start_edge else end,
                end if start_edge else start,
                cue.start if cue else -1,
                cue.end if cue else -1,
                source.start if source else -1,
                source.end if source else -1,
                made_by,
                _cue_clauses(doc, cue, start_edge) if cue else {},
            )
        )
        group_ids.append(np.full(len(positions), g, dtype=np.int64))
        tokens.append(positions.astype(np.int64))
    if not tokens:
        empty = np.zeros(0, dtype=np.int64)
        return Candidates(empty, empty, empty, np.zeros((0, len(templates)), dtype=np.int64))
    group_of = np.concatenate(group_ids)
    token = np.concatenate(tokens)
    index = np.repeat(np.arange(len(info)), [len(t) for t in tokens])
    table = np.array([row[:7] for row in info], dtype=np.int64)[index]
    predicted, other = table[:, 0], table[:, 1]
    cue_first, cue_last, source_first, source_last = table[:, 2], table[:, 3], table[:, 4], table[:, 5]
    origin = table[:, 6]
    cue_clause = np.zeros(len(token), dtype=np.int64)
    ends = np.cumsum([len(t) for t in tokens])
    for i, row in enumerate(info):
        for position, label in row[7].items():
            cue_clause[ends[i] - len(tokens[i]) : ends[i]][tokens[i] == position] = label
    distance = token - predicted
    takes_in = _takes_in(view.n, groups, group_of, token, predicted, start_edge)
    bins = _bins(distance)
    sign = np.sign(distance) + 1
    # The token an edge sits on: a start's first token; an end's last one (the candidate is one past it).
    at = token + PAD_WIDTH if start_edge else token - 1 + PAD_WIDTH
    at_predicted = predicted + PAD_WIDTH if start_edge else predicted - 1 + PAD_WIDTH
    outward, inward = (-1, 1) if start_edge else (1, -1)
    cls = view.cls
    c0, c_out, c_out2, c_in = cls[at], cls[at + outward], cls[at + 2 * outward], cls[at + inward]
    sentences = np.clip(view.sent[at] - view.sent[at_predicted], -2, 2) + 2
    boundary = view.sent_start[at] if start_edge else view.sent_start[at + 1]
    quoted = view.quoted[at] * 2 + view.quoted[at_predicted]
    clause = view.left_clause[at] if start_edge else view.right_clause[at]
    columns = [
        bins,
        c0,
        c_out,
        c_out2,
        c_in,
        c_out * N_CLASSES + c0,
        bins * N_CLASSES + c_out,
        bins * N_CLASSES + c0,
        view.dep[at],
        view.dep[at] * N_CLASSES + c_out,
        view.role[at + outward] * N_ROLES + view.role[at],
        view.role[at] * 3 + sign,
        sentences * 2 + boundary,
        _relation(cue_first, cue_last, token, predicted, other, start_edge) * 3 + sign,
        _relation(source_first, source_last, token, predicted, other, start_edge) * 3 + sign,
        origin * 3 + sign,
        clause,
        cue_clause,
        quoted,
        bins * 4 + quoted,
        takes_in,
        bins * 8 + takes_in,
    ]
    features = np.stack(columns, axis=1) + offsets
    # No edge moves out over another statement's cue: on the example corpus such widenings swallowed whole
    # neighbouring quotes with their speakers.
    allowed = (takes_in & 1) == 0
    return Candidates(group_of[allowed], token[allowed], predicted[allowed], features[allowed])


def _takes_in(
    n: int, groups: Sequence[Grouped], group_of: Ints, token: Ints, predicted: Ints, start_edge: bool
) -> Ints:
    """What a candidate that widens the content takes in of the other statements: 1 for a word of another
    statement's cue, 2 of another's source, 4 of another's content (a candidate that narrows it takes in nothing)."""
    masks = np.zeros((3, n + 1), dtype=np.int64)
    own: list[list[tuple[int, int]]] = []
    for group in groups:
        roles = [(s.start, s.end) if s else (0, 0) for s in (group.cue, group.source, group.content)]
        own.append(roles)
        for k, (first, last) in enumerate(roles):
            masks[k, first + 1 : last + 1] = 1  # a source two statements share counts once
    counts = np.cumsum(masks, axis=1)  # counts[k, i]: words in role k (any statement) before token i
    low = np.where(start_edge, token, predicted)
    high = np.where(start_edge, predicted, token)
    widens = token < predicted if start_edge else token > predicted
    out = np.zeros(len(token), dtype=np.int64)
    own_spans = np.array(own, dtype=np.int64)[group_of]  # (candidates, 3 roles, 2)
    for k in range(3):
        inside = counts[k, high] - counts[k, low]
        # The statement's own cue, source and content inside the stretch do not count.
        mine = np.clip(np.minimum(own_spans[:, k, 1], high) - np.maximum(own_spans[:, k, 0], low), 0, None)
        out += np.where(widens & (inside - mine > 0), 1 << k, 0)
    return out


def _cue_clauses(doc: Doc, cue: RoleSpan, start_edge: bool) -> dict[int, int]:
    """Edge positions of the subtrees hanging off the cue's head (its complement clause, object, adverbial): start
    tokens, or end positions one past the last token, with their dep's index."""
    head = span_head(doc, cue)
    out = {}
    for child in head.children:
        if cue.start <= child.i < cue.end or child.is_punct:
            continue
        position = child.left_edge.i if start_edge else child.right_edge.i + 1
        out[position] = _DEP.get(child.dep_, 0)
    return out


def scores(weights: npt.NDArray[np.float64], found: Candidates) -> npt.NDArray[np.float64]:
    result: npt.NDArray[np.float64] = weights[found.features].sum(axis=1)
    return result


def _best(found: Candidates, score: npt.NDArray[np.float64], margin: float) -> dict[int, int]:
    """Per content, the best candidate when it beats the predicted edge by more than `margin`."""
    out: dict[int, int] = {}
    if len(score) == 0:
        return out
    order = np.lexsort((-score, found.group))
    groups = found.group[order]
    first = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    at_predicted = found.token == found.predicted
    predicted_score = dict(zip(found.group[at_predicted].tolist(), score[at_predicted].tolist(), strict=True))
    for k in order[first].tolist():
        g = int(found.group[k])
        kept = predicted_score.get(g)
        if found.token[k] != found.predicted[k] and (kept is None or score[k] - kept > margin):
            out[g] = int(found.token[k])
    return out


def choose_edges(
    doc: Doc, groups: list[Grouped], roles: Sequence[RoleSpan], model: EdgeModel | None = None
) -> list[Grouped]:
    """The groups with their contents' edges re-chosen (module docstring); a content whose chosen start would not
    precede its chosen end keeps its edges."""
    if not groups:
        return groups
    model = model or load_edges()
    view = token_view(doc, roles)
    tagged = frozenset((r.start, r.end) for r in roles if r.label == "CONTENT")
    starts = candidates(doc, view, groups, tagged, model.window, start_edge=True)
    ends = candidates(doc, view, groups, tagged, model.window, start_edge=False)
    new_start = _best(starts, scores(model.start, starts), model.margin)
    new_end = _best(ends, scores(model.end, ends), model.margin)
    out = []
    for g, group in enumerate(groups):
        content = group.content
        start, end = new_start.get(g, content.start), new_end.get(g, content.end)
        if (start, end) != (content.start, content.end) and start < end:
            group = replace(group, content=RoleSpan("CONTENT", start, end, content.pieces))
        out.append(group)
    # A statement without a cue (a quote's continuation) whose content another statement's widened content now
    # holds is a piece of that one: kept, it would repeat its words.
    # Edges as trimming leaves them: a quote's last piece keeps its full stop ("floor.") where the widened content
    # stops before it.
    widened = [n for n, (old, new) in enumerate(zip(groups, out, strict=True)) if old.content != new.content]
    words = [_canonical(view, group.content) or (group.content.start, group.content.end) for group in out]
    return [
        group
        for n, group in enumerate(out)
        if group.cue is not None
        or not any(m != n and words[m][0] <= words[n][0] and words[n][1] <= words[m][1] for m in widened)
    ]
