"""`stancemap demo` end to end, in a subprocess as a user runs it, checked against the corpus's gold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stancemap.examples import EXPECTED
from stancemap.store import open_store
from stancemap.store.stances import current_map_actors

# Each test runs the command in a subprocess (a few seconds each, mostly imports).
pytestmark = pytest.mark.slow

GOLD = json.loads(EXPECTED.read_text(encoding="utf-8"))
DOCUMENTS = len(GOLD["articles"])
ENGLISH = sum(1 for a in GOLD["articles"] if a["language"] == "en")
GERMAN = [Path(a["file"]).name for a in GOLD["articles"] if a["language"] == "de"]


def _demo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A wide terminal, so Rich does not shorten file names in the tables.
    env = {**os.environ, "COLUMNS": "200"}
    command = [sys.executable, "-m", "stancemap", "demo", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_demo_ingests_the_corpus_into_the_default_store_once(tmp_path: Path) -> None:
    first = _demo(cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    store_file = tmp_path / "stancemap.db"
    assert f"Store: {store_file.resolve()}" in first.stdout
    assert f"{DOCUMENTS} documents read, {ENGLISH} new, 0 already stored" in first.stdout
    assert f"Languages read: en: {ENGLISH}, de: {len(GERMAN)}" in first.stdout
    assert all(name in first.stdout for name in GERMAN) and "not English (de)" in first.stdout
    # Each republished copy is shown in one story with its original, and stored so.
    pairs = [(a["article"], a["copy_of"]) for a in GOLD["articles"] if "copy_of" in a]
    copies = first.stdout[first.stdout.index("Copies of one story") :]
    assert pairs and all(copy in copies and original in copies for copy, original in pairs)
    assert f"{ENGLISH} articles in {ENGLISH - len(pairs)} stories" in first.stdout
    assert "Traceback" not in first.stderr
    with open_store(store_file) as store:
        assert store.count_articles() == ENGLISH
        groups = [set(group.keys) for group in store.duplicate_groups()]
        assert all(any({copy, original} <= group for group in groups) for copy, original in pairs)
        stored_dates = {a.article.date for a in store.iter_articles()}
    assert stored_dates == {a["date"] for a in GOLD["articles"] if a["language"] == "en"}
    # The extract and map stages ran on the stored corpus: statements with stances, and a map whose actors
    # include the debate's main voices (names from the gold).
    assert "Extract: " in first.stdout and f"in {ENGLISH} English articles" in first.stdout
    with open_store(store_file) as store:
        mapped = {actor["actor"] for actor in current_map_actors(store, GOLD["question"])}
    main_voices = {a["actor"] for a in GOLD["actors"] if a["statements"] >= 5}
    assert main_voices and len(main_voices & mapped) >= len(main_voices) // 2, (main_voices, mapped)
    assert all(name in first.stdout for name in main_voices & mapped)

    second = _demo(cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert f"{DOCUMENTS} documents read, 0 new, {ENGLISH} already stored" in second.stdout
    assert "nothing new" in second.stdout
    assert "already holds stances on" in second.stdout
    with open_store(store_file) as store:
        assert store.count_articles() == ENGLISH


def test_demo_writes_to_the_store_given_with_db(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "demo.db"
    target.parent.mkdir()
    result = _demo("--db", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Store: {target.resolve()}" in result.stdout
    assert not (tmp_path / "stancemap.db").exists()
    with open_store(target) as store:
        assert store.count_articles() == ENGLISH


def test_demo_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    result = _demo("--db", str(notes), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "notes.db" in lines[0] and "Traceback" not in result.stderr
    assert notes.read_text(encoding="utf-8").startswith("these are my notes")
