from pathlib import Path

import pytest

from stancemap.attribution.polnear import GoldSpan, parse_ann, read_split
from stancemap.errors import InputError


@pytest.fixture(scope="module")
def mini(fixtures: Path):
    (article,) = read_split(fixtures / "polnear" / "mini")
    return article


def test_polnear_reads_the_first_annotator_file_and_metadata(mini):
    assert mini.id == "harbour_2024-03-14_tolls-rise"
    assert mini.annotator == "a1b2"  # not c3d4, which sorts after it
    assert (mini.date, mini.publisher, mini.author) == ("2024-03-14", "harbour-gazette", "Nell Ortega")
    assert [r.id for r in mini.attributions] == ["E1", "E2", "E3", "E4", "E5"]


def test_polnear_roles_point_at_their_words(mini):
    e1 = mini.attributions[0]
    assert mini.text[e1.source.start : e1.source.end] == "The port authority"
    assert mini.text[e1.cue.start : e1.cue.end] == "said on Monday"
    assert e1.content.text(mini.text) == "tolls would rise by 4 percent"


def test_polnear_discontinuous_spans_keep_their_pieces(mini):
    quote = mini.attributions[1].content
    assert quote.discontinuous
    assert quote.text(mini.text) == "“We have no other choice,” “Costs keep climbing.”"
    # The scored extent runs from the first piece to the last, over the cue between them.
    assert (
        mini.text[quote.start : quote.end].startswith("“We have") and "said Mara" in mini.text[quote.start : quote.end]
    )


def test_polnear_out_of_order_pieces_give_a_reversed_extent(mini):
    content = mini.attributions[2].content
    assert content.text(mini.text) == "call the rise “a tax on commuters.” Critics"
    assert content.end < content.start


def test_polnear_multi_line_spans_second_content_and_sourceless_relations(mini):
    e4, e5 = mini.attributions[3], mini.attributions[4]
    assert e4.content.text(mini.text) == "the board\nwould review the tolls in June"
    assert e4.content2 is not None and e4.content2.text(mini.text) == "Harbour tolls rise again"
    assert (e5.source, e5.cue, e5.content) == (None, None, None)


@pytest.mark.parametrize(
    "ann, reason",
    [
        ("T1\tSource 0 5\tHarbo\nE1\tAttribution:T1 Source:T9\n", "line 2: Source refers to T9"),
        ("T1\tSource 0 500\tHarbour\n", "line 1: span 0 500 does not fit"),
        ("T1\tSource 9 5\tHarbour\n", "line 1: span 9 5 does not fit"),
        ("T1\tSource zero five\tHarbour\n", "line 1: cannot read"),
    ],
)
def test_polnear_bad_annotation_names_file_line_and_reason(ann: str, reason: str):
    with pytest.raises(InputError) as e:
        parse_ann(ann, "x_a1b2.ann", text_length=40)
    assert str(e.value).startswith("x_a1b2.ann: " + reason)


def test_polnear_refuses_a_folder_that_is_not_a_split(tmp_path: Path):
    with pytest.raises(InputError, match="not a PolNeAR split folder"):
        read_split(tmp_path)


def test_polnear_gold_span_extent_follows_annotation_order():
    span = GoldSpan(((10, 20), (2, 5)))
    assert (span.start, span.end, span.discontinuous) == (10, 5, True)


@pytest.mark.slow
@pytest.mark.parametrize("split, articles, relations", [("train", 840, 19868), ("dev", 84, 2193)])
def test_polnear_reads_the_shared_splits(shared: Path, split: str, articles: int, relations: int):
    read = read_split(shared / "data" / "polnear" / split)
    assert len(read) == articles
    assert sum(len(a.attributions) for a in read) == relations
    assert all(a.date for a in read)
