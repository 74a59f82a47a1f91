"""Same-length normalisation of news text (stancemap.nlp.normalize)."""

from __future__ import annotations

from stancemap.nlp.normalize import normalise, normalise_quotes, restore_names

NAMES = frozenset({"Paris", "Berlin"})


def test_normalize_quotes_become_straight_and_keep_length():
    text = "“Yes,” she said. «Non» – ‘maybe’, he’s „sure‟."
    out = normalise_quotes(text)
    assert out == '"Yes," she said. "Non" – \'maybe\', he\'s "sure".'
    assert len(out) == len(text)


def test_normalize_restores_lower_cased_names_only():
    text = "talks in paris and berlin, a turkey, parisian food"
    assert restore_names(text, NAMES) == "talks in Paris and Berlin, a turkey, parisian food"


def test_normalize_leaves_urls_handles_and_compounds():
    text = "see example.com/paris and @paris and paris-based"
    assert restore_names(text, NAMES) == text


def test_normalize_same_offsets_for_every_character():
    text = "‘paris’ — « berlin » "
    out = normalise(text, NAMES)
    assert len(out) == len(text)
    assert out == "'Paris' — \" Berlin \" "
