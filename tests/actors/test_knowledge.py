"""The shipped knowledge file: its content, its loader's errors, and that a fresh build gives the same bytes."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from stancemap.actors.knowledge import KNOWLEDGE_FILE, build_index, fold, load_knowledge, slug
from stancemap.errors import ProcessingError


@pytest.fixture(scope="module")
def raw() -> dict:
    with gzip.open(KNOWLEDGE_FILE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def test_knowledge_file_is_small():
    assert KNOWLEDGE_FILE.stat().st_size < 3 * 1024**2


def test_knowledge_people_have_clean_names(raw: dict):
    for person in raw["people"]:
        assert not re.fullmatch(r"Q\d+", person["name"]), person
        # The dictionaries' names need two words to be told from titles; Wikidata's may be one (Tongan nobles).
        assert person["wikidata"] or len(person["name"].split()) >= 2, person
        assert person["id"] == "person:" + slug(person["name"])
    assert len({p["id"] for p in raw["people"]}) == len(raw["people"])


def test_knowledge_wikidata_leaders_keep_years(raw: dict):
    macron = next(p for p in raw["people"] if p["id"] == "person:emmanuel-macron")
    assert {"country": "FRA", "role": "president", "start": 2017}.items() <= next(
        o for o in macron["offices"] if o.get("role") == "president"
    ).items()
    assert macron["country"] == "FRA" and macron["wikidata"] == "Q3052772"


def test_knowledge_countries_have_demonyms_capitals_and_names(raw: dict):
    france = next(c for c in raw["countries"] if c["code"] == "FRA")
    assert "French" in france["demonyms"] and france["capitals"] == ["Paris"] and "French Republic" in france["aliases"]
    ukraine = next(c for c in raw["countries"] if c["code"] == "UKR")
    assert {"Ukrainian", "Ukrainians"} <= set(ukraine["demonyms"])


def test_knowledge_roles_carry_their_sector(raw: dict):
    roles = {r["text"]: r["sector"] for r in raw["roles"]}
    assert roles["foreign minister"] == "government"
    assert roles["senator"] == "legislature"
    assert roles["prime minister"] == "government"


def test_knowledge_lists_are_sorted(raw: dict):
    assert [p["id"] for p in raw["people"]] == sorted(p["id"] for p in raw["people"])
    assert [c["code"] for c in raw["countries"]] == sorted(c["code"] for c in raw["countries"])


def test_knowledge_index_demonym_prefers_the_sovereign_state():
    kb = load_knowledge()
    assert kb.country_of("French") == "FRA"
    assert kb.country_of("Russia's") == "RUS"
    assert kb.government("USA").name == "US government"


def test_knowledge_fold_normalises_spellings():
    assert fold("the U.S.") == "us"
    assert fold("François Hollande") == fold("FRANCOIS HOLLANDE") == "francois hollande"
    assert fold("Jean-Yves Le Drian") == "jean yves le drian"


def test_knowledge_unreadable_file_is_a_processing_error(tmp_path: Path):
    bad = tmp_path / "actors.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(ProcessingError, match="cannot read the actor knowledge file"):
        load_knowledge(bad)
    old = tmp_path / "old.json.gz"
    old.write_bytes(gzip.compress(b'{"format": 0}'))
    with pytest.raises(ProcessingError, match="unknown format"):
        load_knowledge(old)


def test_knowledge_index_from_minimal_data():
    data = {
        "countries": [
            {"code": "XLA", "name": "Lazuria", "official": "Republic of Lazuria", "aliases": ["Republic of Lazuria"],
             "demonyms": ["Lazurian"], "demonym": "Lazurian", "capitals": ["Port Azur"], "independent": True,
             "wikidata": None}
        ],
        "seats": [{"name": "Azure Palace", "country": "XLA"}],
        "places": [],
        "organizations": [],
        "people": [
            {"id": "person:mira-solis", "name": "Mira Solis", "aliases": [], "country": "XLA", "organizations": [],
             "roles": ["president"], "offices": [{"country": "XLA", "role": "president", "start": 2019}],
             "wikidata": None}
        ],
        "roles": [{"text": "president", "sector": "government"}],
    }  # fmt: skip
    kb = build_index(data)
    assert kb.country_of("Lazurian") == "XLA"
    assert kb.holders[("XLA", "president")] == ["person:mira-solis"]
    assert kb.by_surname["solis"] == ["person:mira-solis"]
    assert kb.government("XLA").name == "Lazurian government"


@pytest.mark.slow
def test_knowledge_build_is_reproducible_and_matches_the_shipped_file(shared: Path, tmp_path: Path):
    out = tmp_path / "actors.json.gz"
    cmd = [sys.executable, str(ROOT / "training" / "build_actors.py"), "--shared", str(shared), "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True)
    assert out.read_bytes() == KNOWLEDGE_FILE.read_bytes(), "rebuild src/stancemap/models/actors.json.gz"


def test_knowledge_build_refuses_a_missing_data_folder(tmp_path: Path):
    cmd = [sys.executable, str(ROOT / "training" / "build_actors.py"), "--shared", str(tmp_path)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path}: no data/actors folder (set --shared)"
