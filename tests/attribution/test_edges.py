"""The content edge chooser (`stancemap.attribution.edges`) on sentences written for these tests: the token view it
reads, the candidates it weighs, the choice with weights set by hand, the shipped model on edges put off on
purpose, and its loading."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from stancemap.attribution.edges import (
    CLASSES,
    END_TEMPLATES,
    PAD_WIDTH,
    Q_CLOSE,
    Q_OPEN,
    START_TEMPLATES,
    EdgeModel,
    candidates,
    choose_edges,
    load_edges,
    n_features,
    token_view,
)
from stancemap.attribution.extract import Grouped
from stancemap.attribution.model import RoleSpan
from stancemap.errors import ProcessingError


@pytest.fixture(scope="module")
def nlp() -> Language:
    from stancemap.nlp import load_nlp

    return load_nlp()


def _tokens(doc: Doc, words: str, last: bool = False) -> tuple[int, int]:
    """The token range of the first (or last) occurrence of `words` in the doc."""
    start = doc.text.rindex(words) if last else doc.text.index(words)
    span = doc.char_span(start, start + len(words))
    assert span is not None, words
    return span.start, span.end


def _group(doc: Doc, content: str, cue: str | None = None, source: str | None = None) -> Grouped:
    def role(label: str, words: str | None) -> RoleSpan | None:
        return RoleSpan(label, *_tokens(doc, words)) if words else None

    found = role("CONTENT", content)
    assert found is not None
    return Grouped(found, role("CUE", cue), role("SOURCE", source))


def _zero_model(window: int = 6, margin: float = 0.0) -> EdgeModel:
    return EdgeModel(np.zeros(n_features(START_TEMPLATES)), np.zeros(n_features(END_TEMPLATES)), window, margin)


def _offset(name: str) -> int:
    offset = 0
    for template, size in START_TEMPLATES:
        if template == name:
            return offset
        offset += size
    raise KeyError(name)


def test_edges_token_view_quotation_state(nlp: Language) -> None:
    doc = nlp('Mara Lind said: "The ferry will run." Then she left.\n\n"Not yet," he replied.')
    view = token_view(doc, [])
    marks = [t.i for t in doc if t.text in {'"', "“", "”"}]
    assert [int(view.cls[PAD_WIDTH + i]) for i in marks] == [Q_OPEN, Q_CLOSE, Q_OPEN, Q_CLOSE]
    inside = _tokens(doc, "ferry")[0]
    after = _tokens(doc, "Then")[0]
    assert view.quoted[PAD_WIDTH + inside] == 1
    assert view.quoted[PAD_WIDTH + after] == 0
    # Trimmed tokens (marks, commas, full stops, spaces) are no edges.
    assert not view.keep[PAD_WIDTH + marks[0]]
    assert view.keep[PAD_WIDTH + inside]


def test_edges_quotation_state_ends_with_the_paragraph(nlp: Language) -> None:
    doc = nlp('"The port stays open, said the mayor.\n\nShe spoke to "everyone" there.')
    view = token_view(doc, [])
    marks = [t.i for t in doc if t.text == '"']
    # The first paragraph's quotation is never closed; the next paragraph's first mark opens a new one.
    assert [int(view.cls[PAD_WIDTH + i]) for i in marks] == [Q_OPEN, Q_OPEN, Q_CLOSE]


def test_edges_candidates_lie_around_the_predicted_edge(nlp: Language) -> None:
    doc = nlp('Officials said on Monday that the bridge, closed since March, "would reopen in May."')
    group = _group(doc, "the bridge, closed since March", cue="said", source="Officials")
    view = token_view(doc, [])
    starts = candidates(doc, view, [group], frozenset(), 4, start_edge=True)
    ends = candidates(doc, view, [group], frozenset(), 4, start_edge=False)
    first, last = _tokens(doc, "the bridge, closed since March")
    assert first in starts.token.tolist()
    assert last in ends.token.tolist()
    assert all(abs(t - first) <= 4 and t < last for t in starts.token.tolist())
    assert all(abs(t - last) <= 4 and t > first for t in ends.token.tolist())
    # No edge on a comma or a quotation mark: a start there equals one on the next word once trimmed.
    assert not {doc[t].text for t in starts.token.tolist()} & {",", '"'}
    assert not {doc[t - 1].text for t in ends.token.tolist()} & {",", '"'}
    assert starts.features.shape == (len(starts.token), len(START_TEMPLATES))
    assert starts.features.max() < n_features(START_TEMPLATES)


def test_edges_choice_follows_the_weights(nlp: Language) -> None:
    doc = nlp("Officials said on Monday that the bridge would reopen in May.")
    group = _group(doc, "on Monday that the bridge would reopen in May", cue="said", source="Officials")
    model = _zero_model()
    # A start right after "that" scores 2; everything else 0.
    model.start[_offset("class-1") + CLASSES.index("that")] = 2.0
    (chosen,) = choose_edges(doc, [group], [], model)
    assert doc[chosen.content.start : chosen.content.end].text == "the bridge would reopen in May"
    assert chosen.cue == group.cue and chosen.source == group.source
    # The same gain under a higher margin leaves the edge where the tagger put it.
    (kept,) = choose_edges(doc, [group], [], _with_margin(model, 2.5))
    assert kept.content == group.content


def _with_margin(model: EdgeModel, margin: float) -> EdgeModel:
    return EdgeModel(model.start, model.end, model.window, margin)


def test_edges_choice_never_empties_a_content(nlp: Language) -> None:
    doc = nlp("The council, its chair said, will vote again.")
    group = _group(doc, "will vote again", cue="said", source="its chair")
    model = _zero_model(window=8)
    # The best start is the last word ("again"), the best end the one after the first ("will"): they cross, and the
    # content keeps its edges rather than turning empty.
    model.start[_offset("class") + CLASSES.index("tag:RB")] = 5.0
    model.end[_offset("class") + CLASSES.index("tag:MD")] = 5.0
    (chosen,) = choose_edges(doc, [group], [], model)
    assert chosen.content == group.content


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        # A time adverb after the cue belongs to the cue's clause, not to what was said.
        (
            "The harbour master said on Tuesday that the new quay would be ready by the autumn.",
            "on Tuesday that the new quay would be ready by the autumn",
            "the new quay would be ready by the autumn",
        ),
        # A content that starts at its verb takes its subject back in.
        (
            "Union leaders warned that the strike would go on until the spring if the talks failed.",
            "would go on until the spring if the talks failed",
            "the strike would go on until the spring if the talks failed",
        ),
    ],
)
def test_edges_shipped_model_moves_a_start_off(nlp: Language, text: str, tagged: str, expected: str) -> None:
    doc = nlp(text)
    cue = "said" if "said" in text else "warned"
    source = text[: text.index(cue) - 1]
    group = _group(doc, tagged, cue=cue, source=source)
    roles = [RoleSpan("SOURCE", *_tokens(doc, source)), RoleSpan("CUE", *_tokens(doc, cue))]
    (chosen,) = choose_edges(doc, [group], roles)
    assert doc[chosen.content.start : chosen.content.end].text.removeprefix("that ") == expected


def test_edges_shipped_model_keeps_a_right_quote(nlp: Language) -> None:
    doc = nlp('"We will not close the school," the mayor, Ilse Varga, told reporters on Friday.')
    group = _group(doc, "We will not close the school", cue="told", source="the mayor, Ilse Varga")
    roles = [
        RoleSpan("CONTENT", *_tokens(doc, "We will not close the school")),
        RoleSpan("SOURCE", *_tokens(doc, "the mayor, Ilse Varga")),
        RoleSpan("CUE", *_tokens(doc, "told")),
    ]
    (chosen,) = choose_edges(doc, [group], roles)
    assert doc[chosen.content.start : chosen.content.end].text == "We will not close the school"


def test_edges_model_round_trip(tmp_path: Path) -> None:
    model = load_edges()
    path = tmp_path / "edges.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    again = EdgeModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert again.window == model.window and again.margin == model.margin
    assert np.allclose(again.start, model.start, atol=1e-4) and np.allclose(again.end, model.end, atol=1e-4)


def test_edges_load_rejects_a_model_for_other_templates(tmp_path: Path) -> None:
    data = _zero_model().to_json()
    data["classes"] = ["<pad>", "that"]
    path = tmp_path / "edges.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProcessingError, match="other token classes") as error:
        load_edges(path)
    assert error.value.path == str(path)


def test_edges_load_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProcessingError, match="missing"):
        load_edges(tmp_path / "nowhere.json")


def test_edges_a_content_keeps_its_own_cue(nlp: Language) -> None:
    doc = nlp('"We will hold the line," Mara Lind said. "Nobody leaves before the vote."')
    content = 'We will hold the line," Mara Lind said. "Nobody leaves before the vote.'
    group = _group(doc, content, cue="said", source="Mara Lind")
    assert group.cue is not None
    view = token_view(doc, [])
    starts = candidates(doc, view, [group], frozenset(), 40, start_edge=True)
    ends = candidates(doc, view, [group], frozenset(), 40, start_edge=False)
    # A quote split by its cue is one content in PolNeAR: no candidate cuts it at the cue.
    assert starts.token.max() <= group.cue.start
    assert ends.token.min() >= group.cue.end


def test_edges_candidates_know_what_another_statement_loses(nlp: Language) -> None:
    doc = nlp('"The dam is safe," the engineer said. "We need more checks," the mayor said.')
    first = _group(doc, "The dam is safe", cue="said", source="the engineer")
    second = Grouped(
        RoleSpan("CONTENT", *_tokens(doc, "We need more checks")),
        RoleSpan("CUE", *_tokens(doc, "said", last=True)),
        RoleSpan("SOURCE", *_tokens(doc, "the mayor")),
    )
    view = token_view(doc, [])
    ends = candidates(doc, view, [first, second], frozenset(), 30, start_edge=False)
    column = [name for name, _size in END_TEMPLATES].index("takes in")
    takes_in = {
        int(t): int(f[column] - _offset("takes in"))
        for g, t, f in zip(ends.group, ends.token, ends.features, strict=True)
        if g == 0
    }
    # Widening the first quote over its own cue and source takes in nothing of its own; the second quote's content
    # is another statement's (4), and so is its source (2).
    assert takes_in[_tokens(doc, "The dam is safe")[1]] == 0
    assert takes_in[_tokens(doc, "the engineer")[1]] == 0
    assert takes_in[_tokens(doc, "We need more checks")[1]] == 4
    assert takes_in[_tokens(doc, "the mayor")[1]] == 4 + 2
    # No edge moves out over another statement's cue: the second "said" closes no candidate of the first quote.
    assert _tokens(doc, "said", last=True)[1] not in takes_in
    starts = candidates(doc, view, [first, second], frozenset(), 30, start_edge=True)
    assert all(t >= _tokens(doc, "We")[0] for g, t in zip(starts.group, starts.token, strict=True) if g == 1)


def test_edges_a_widened_quote_takes_its_continuation(nlp: Language) -> None:
    doc = nlp('"The dam is safe," the engineer said. "We need more checks."')
    quote = _group(doc, "The dam is safe", cue="said", source="the engineer")
    continuation = Grouped(RoleSpan("CONTENT", *_tokens(doc, "We need more checks")), None, quote.source)
    model = _zero_model(window=20)
    model.end[_offset("class") + CLASSES.index("tag:NNS")] = 5.0  # the best end is after "checks"
    chosen = choose_edges(doc, [quote, continuation], [], model)
    # The quote now runs over its cue to the end of the continuation, which goes: its words are the quote's.
    assert len(chosen) == 1
    assert doc[chosen[0].content.start : chosen[0].content.end].text.endswith("We need more checks")
    assert chosen[0].cue == quote.cue


def test_edges_a_widened_quote_takes_a_continuation_that_keeps_its_full_stop(nlp: Language) -> None:
    # The continuation was tagged with its full stop ("checks."), the widened quote stops at "checks": the same
    # words all the same, so the continuation goes rather than repeat them.
    doc = nlp('"The dam is safe," the engineer said. "We need more checks."')
    quote = _group(doc, "The dam is safe", cue="said", source="the engineer")
    start, end = _tokens(doc, "We need more checks")
    continuation = Grouped(RoleSpan("CONTENT", start, end + 1), None, quote.source)
    assert doc[end].text == "."
    model = _zero_model(window=20)
    model.end[_offset("class") + CLASSES.index("tag:NNS")] = 5.0  # the best end is after "checks"
    chosen = choose_edges(doc, [quote, continuation], [], model)
    assert len(chosen) == 1 and chosen[0].cue == quote.cue
