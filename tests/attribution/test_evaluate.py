import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from stancemap.attribution.evaluate import (
    gold_statements,
    read_predictions,
    read_speaker_labels,
    same_speaker,
    score_polnear,
    score_speakers,
    trim,
)
from stancemap.attribution.polnear import read_split
from stancemap.errors import InputError
from stancemap.records import Span, Statement


@pytest.fixture(scope="module")
def mini_dir(fixtures: Path) -> Path:
    return fixtures / "polnear" / "mini"


@pytest.fixture(scope="module")
def mini(mini_dir: Path):
    return read_split(mini_dir)


def _span(text: str, words: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span(words, start, start + len(words))


def _scores(scores, kind: str) -> dict[str, tuple[float, float, float]]:
    return {s.role: (s.true_positives, s.predicted, s.gold) for s in getattr(scores, kind)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We have no choice,”", "We have no choice"),
        ("  'fine.'  ", "fine"),
        ("said", "said"),
        ("“”", ""),
    ],
)
def test_evaluate_trim_drops_quotes_spaces_and_edge_punctuation(text: str, expected: str):
    start, end = trim(text, 0, len(text))
    assert text[start:end] == expected


def test_evaluate_gold_as_predictions_scores_full_marks_but_for_reversed_spans(mini):
    scores = score_polnear(mini, [s for a in mini for s in gold_statements(a)])
    exact = _scores(scores, "exact")
    assert exact["source"] == (4, 4, 4)
    assert exact["cue"] == (4, 4, 4)
    # The content annotated in reversed pieces cannot be matched by any span.
    assert exact["content"] == (3, 4, 4)
    assert {s.role: s.recall for s in scores.token} == {"source": 1.0, "cue": 1.0, "content": 1.0}


def test_evaluate_partial_predictions(mini):
    (article,) = mini
    text = article.text
    predictions = [
        # Cue too short; content with its full stop still matches once trimmed.
        Statement(
            article.id,
            _span(text, "tolls would rise by 4 percent."),
            "indirect",
            speaker_mention=_span(text, "The port authority"),
            cue=_span(text, "said"),
        ),
        # Only the first piece of the split quote.
        Statement(
            article.id,
            _span(text, "“We have no other choice,”"),
            "direct",
            speaker_mention=_span(text, "Mara Lindqvist"),
            cue=_span(text, "said", 1),
        ),
        Statement("elsewhere", Span("x", 0, 1), "direct"),
    ]
    scores = score_polnear(mini, predictions)
    exact = {s.role: (s.precision, s.recall) for s in scores.exact}
    assert exact == {"source": (1.0, 0.5), "cue": (0.5, 0.25), "content": (0.5, 0.25)}
    # Token overlap credits the short cue: both "said" tokens are gold, out of 7 gold cue tokens.
    cue_tokens = next(s for s in scores.token if s.role == "cue")
    assert (cue_tokens.true_positives, cue_tokens.predicted, cue_tokens.gold) == (2, 2, 7)
    assert scores.unknown_articles == 1
    assert scores.articles_with_output == 1


def test_evaluate_refuses_a_span_past_the_article_end(mini):
    (article,) = mini
    with pytest.raises(InputError, match="runs past the end"):
        score_polnear(mini, [Statement(article.id, Span("x", 0, 10_000), "direct")])


@pytest.mark.parametrize(
    "predicted, gold, same",
    [
        ("Mara Lindqvist", "Mara Lindqvist", True),
        ("Lindqvist", "Mara Lindqvist", True),
        ("Ms. Mara Lindqvist", "Mara Lindqvist", True),
        ("the port authority", "port authority", True),
        ("anonymous: two officials", "anonymous: people familiar with the talks", True),
        ("Mara Lindqvist", "anonymous: a port official", False),
        ("she", "Mara Lindqvist", False),
        (None, "Mara Lindqvist", False),
        ("Ferry Users’ Association", "Ferry Users' Association", True),
    ],
)
def test_evaluate_same_speaker(predicted: str | None, gold: str, same: bool):
    assert same_speaker(predicted, gold) is same


def _write_labels(path: Path, doc: str, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "".join(json.dumps({"doc": doc, "attribution": a, "speaker": s, "speaker_kind": k}) + "\n" for a, s, k in rows)
    )
    return path


def test_evaluate_speakers_on_the_fixture(mini, mini_dir: Path, tmp_path: Path):
    (article,) = mini
    text = article.text
    labels = read_speaker_labels(
        _write_labels(
            tmp_path / "labels.jsonl",
            article.id,
            [
                ("E1", "port authority", "organization"),
                ("E2", "Mara Lindqvist", "person"),
                ("E3", "Ferry Users' Association", "organization"),
                ("E4", "Mara Lindqvist", "person"),
                ("E5", "unknown", "unknown"),
            ],
        )
    )
    predictions = [
        Statement(article.id, _span(text, "tolls would rise"), "indirect", speaker="The Port Authority"),
        Statement(article.id, _span(text, "Costs keep climbing."), "direct", speaker="Lindqvist"),
        # Overlaps E3's content less than the next one does, so the next one is judged.
        Statement(article.id, _span(text, "a tax"), "mixed", speaker="Ferry Users' Association"),
        Statement(article.id, _span(text, "call the rise “a tax on commuters.”"), "mixed", speaker="Critics"),
    ]
    scores = score_speakers(labels, mini_dir, predictions)
    assert (scores.scored, scores.right, scores.pronoun) == (4, 2, 0)


def test_evaluate_speakers_counts_pronoun_sources_apart(tmp_path: Path):
    split = tmp_path / "split"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    text = "Ada Brandt spoke first. She said the bridge was safe. Tom Ruiz said it was not."
    (split / "text" / "bridge.txt").write_text(text)
    ann = []
    for number, (source, content) in enumerate((("She", "the bridge was safe"), ("Tom Ruiz", "it was not"))):
        spans = [_span(text, source), _span(text, "said", number), _span(text, content)]
        for role, sp in zip(("Source", "Cue", "Content"), spans, strict=True):
            ann.append(f"T{len(ann) + 1}\t{role} {sp.start} {sp.end}\t{sp.text}")
        n = len(ann)
        ann.append(f"E{number + 1}\tAttribution:T{n - 1} Source:T{n - 2} Cue:T{n - 1} Content:T{n}")
    (split / "attributions" / "bridge_x1.ann").write_text("\n".join(ann) + "\n")
    labels = read_speaker_labels(
        _write_labels(tmp_path / "l.jsonl", "bridge", [("E1", "Ada Brandt", "person"), ("E2", "Tom Ruiz", "person")])
    )
    resolved = [
        Statement("bridge", _span(text, "the bridge was safe"), "indirect", speaker="Ada Brandt"),
        Statement("bridge", _span(text, "it was not"), "indirect", speaker="Ruiz"),
    ]
    unresolved = [replace(resolved[0], speaker="She"), resolved[1]]
    assert score_speakers(labels, split, resolved).to_json()["pronoun_accuracy"] == 1.0
    scores = score_speakers(labels, split, unresolved)
    assert (scores.right, scores.scored, scores.pronoun_right, scores.pronoun) == (1, 2, 0, 1)


@pytest.mark.parametrize(
    "line, reason",
    [
        ("not json", "line 2: Expecting value"),
        ('{"article": "a"}', "line 2: field 'content' is required"),
        ('{"article": "a", "content": {"text": "x", "start": "0", "end": 1}}', "line 2: field 'content' needs integer"),
        ('{"article": "a", "content": {"text": "x", "start": 0, "end": 1}}', "line 2: field 'kind' must be one of"),
        ('{"article": "a", "content": {"text": "x", "start": 5, "end": 1}}', "line 2: field 'content' has a bad range"),
        (
            '{"article": "a", "kind": "direct", "content": {"text": "x", "start": 0, "end": 1}, "cue": [0, 1]}',
            "line 2: field 'cue' must be a span object",
        ),
        ('{"article": 3, "content": {"text": "x", "start": 0, "end": 1}}', "line 2: field 'article' must be a string"),
    ],
)
def test_evaluate_bad_prediction_line_names_file_line_and_reason(tmp_path: Path, line: str, reason: str):
    good = Statement("a", Span("x", 0, 1), "direct").to_json()
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(good) + "\n" + line + "\n")
    with pytest.raises(InputError) as e:
        read_predictions(path)
    assert str(e.value).startswith(f"{path}: {reason}")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stancemap", *args], capture_output=True, text=True, check=False)


def test_evaluate_cli_prints_json_on_stdout_and_a_table_on_stderr(mini, mini_dir: Path, tmp_path: Path):
    out = tmp_path / "gold.jsonl"
    out.write_text("".join(json.dumps(s.to_json()) + "\n" for a in mini for s in gold_statements(a)))
    done = _run("eval", "polnear", str(mini_dir), "--predictions", str(out))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["exact"]["cue"]["f1"] == 1.0
    assert result["exact"]["content"]["f1"] == 0.75
    assert "content" in done.stderr and "exact" in done.stderr


def test_evaluate_cli_bad_predictions_exit_2_with_one_line(mini_dir: Path, tmp_path: Path):
    out = tmp_path / "broken.jsonl"
    out.write_text("{not json\n")
    done = _run("eval", "polnear", str(mini_dir), "--predictions", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    # The shared console may wrap a long message; the words must still be there in order.
    assert "broken.jsonl: line 1: Expecting property name" in " ".join(done.stderr.split())


# ------------------------------------------------------------ agreement with the shared scorer
def _shared_score(shared: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), *args], capture_output=True, text=True, check=False
    )
    assert done.stdout, done.stderr
    return done.stdout


@pytest.mark.slow
def test_evaluate_agrees_with_the_shared_polnear_scorer(shared: Path, tmp_path: Path):
    split = shared / "data" / "polnear" / "dev"
    gold = read_split(split)
    statements = [s for a in gold for s in gold_statements(a)]
    # A second, imperfect system: every other source dropped, cues cut to their first word.
    damaged = [
        replace(
            s,
            speaker_mention=s.speaker_mention if i % 2 else None,
            cue=Span(s.cue.text.split(" ")[0], s.cue.start, s.cue.start + len(s.cue.text.split(" ")[0]))
            if s.cue
            else None,
        )
        for i, s in enumerate(statements)
    ]
    for name, predictions in (("gold", statements), ("damaged", damaged)):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(s.to_json()) + "\n" for s in predictions))
        ours = score_polnear(gold, read_predictions(path))
        theirs = _shared_score(shared, "polnear", str(path), str(split), "0", "0", "0")
        figures = dict(re.findall(r"(source|cue|content) (\d+\.\d)", theirs))
        assert figures == {s.role: f"{100 * s.f1:.1f}" for s in ours.exact}, name
    assert figures["source"] != "100.0" and figures["cue"] != "100.0"


@pytest.mark.slow
def test_evaluate_agrees_with_the_shared_speaker_scorer(shared: Path, tmp_path: Path):
    split = shared / "data" / "polnear" / "dev"
    labels_path = shared / "data" / "stance-dev" / "labels.jsonl"
    # Each gold relation's own source words as its speaker: right for full names, wrong for pronouns.
    predictions = [
        replace(s, speaker=s.speaker_mention.text if s.speaker_mention else None)
        for a in read_split(split)
        for s in gold_statements(a)
    ]
    path = tmp_path / "speakers.jsonl"
    path.write_text("".join(json.dumps(s.to_json()) + "\n" for s in predictions))
    ours = score_speakers(read_speaker_labels(labels_path), split, read_predictions(path))
    theirs = _shared_score(shared, "speakers", str(path), str(labels_path), str(split), "0")
    m = re.search(r"(\d+)/(\d+) = [\d.]+; pronoun sources (\d+)/(\d+)", theirs)
    assert m, theirs
    assert tuple(map(int, m.groups())) == (ours.right, ours.scored, ours.pronoun_right, ours.pronoun)
    assert 0 < ours.right < ours.scored


def test_evaluate_cli_speakers(mini, mini_dir: Path, tmp_path: Path):
    (article,) = mini
    labels = _write_labels(tmp_path / "labels.jsonl", article.id, [("E2", "Mara Lindqvist", "person")])
    out = tmp_path / "out.jsonl"
    quote = Statement(article.id, _span(article.text, "Costs keep climbing."), "direct", speaker="Mara Lindqvist")
    out.write_text(json.dumps(quote.to_json()) + "\n")
    done = _run("eval", "speakers", "--predictions", str(out), "--labels", str(labels), "--split", str(mini_dir))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["accuracy"] == 1.0
    assert "pronouns" in done.stderr
