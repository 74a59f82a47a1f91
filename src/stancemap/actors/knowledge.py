"""The shipped actor knowledge file (`stancemap/models/actors.json.gz`, built by training/build_actors.py), indexed.

Everything here is read-only after loading; `load_knowledge()` reads the file once per process.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from stancemap.errors import ProcessingError

KNOWLEDGE_FILE = Path(__file__).resolve().parent.parent / "models" / "actors.json.gz"
FORMAT_VERSION = 1

# Roles whose holder a bare "the French president" names at a given date.
HEAD_ROLES = frozenset({"president", "prime minister", "chancellor", "monarch", "secretary-general"})


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (long word lists stay readable)."""
    return frozenset(text.split())


# Nouns that, heading a nominal, can name one person ("the minister said"); plurals are groups, not people.
PERSON_ROLE_WORDS = word_set(
    """president minister secretary chancellor premier senator spokesman spokeswoman spokesperson ambassador governor
    mayor general chief director leader king queen monarch secretary-general chairman chairwoman chair representative
    congressman congresswoman lawmaker envoy commissioner prosecutor judge justice commander official diplomat
    negotiator adviser advisor aide administrator"""
)
# Titles the agents dictionary lacks but news copy uses before names.
EXTRA_ROLES = frozenset({"vice president", "deputy prime minister", "first minister", "foreign secretary"})
# A government named with its country's adjective reads better for these than the demonym does.
GOVERNMENT_NAMES = {"USA": "US government", "GBR": "British government"}


_NOT_WORD = re.compile(r"[^\w'&]+")


def fold(text: str) -> str:
    """The key every lookup uses: accents, case, dots, hyphens, a leading "the" and punctuation removed.

    "the U.S." -> "us", "Jean-Yves Le Drian" -> "jean yves le drian", "Zelenskyy's" keeps its "'s" (callers strip it).
    """
    if not text.isascii():  # most names are ASCII: skip the decomposition for them (the index folds ~40k names)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_WORD.sub(" ", text.casefold().replace("’", "'").replace(".", "")).strip()
    return text[4:] if text.startswith("the ") else text


def slug(text: str) -> str:
    """The name part of a stable actor id: "Jane Roe" -> "jane-roe"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@dataclass(frozen=True, slots=True)
class Office:
    role: str | None
    country: str | None
    organization: str | None
    sector: str | None
    start: int | None
    end: int | None

    def active(self, year: int | None) -> bool:
        if year is None:
            return self.end is None
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One known actor: a country, government, organisation, person or place."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO code of the country it belongs to
    organization: str | None = None  # CAMEO code of the organisation a person works for
    roles: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    wikidata: str | None = None


@dataclass
class Knowledge:
    """Indexes over the knowledge file: by folded name and alias, by demonym, by (country, role)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_surname: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    demonyms: dict[str, str] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    seats: dict[str, str] = field(default_factory=dict)
    org_codes: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str | None] = field(default_factory=dict)
    holders: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def lookup(self, text: str, kinds: tuple[str, ...]) -> list[Entry]:
        """Entries whose name or alias folds to `text`, of the given kinds, in the order of `kinds`."""
        found = [self.entries[i] for i in self.by_name.get(fold(text), ())]
        return sorted((e for e in found if e.kind in kinds), key=lambda e: (kinds.index(e.kind), e.id))

    def country_of(self, text: str) -> str | None:
        """ISO code for a country name, alias or demonym ("French", "U.S.", "Russia's")."""
        key = re.sub(r"'s?$", "", fold(text))
        if key in self.demonyms:
            return self.demonyms[key]
        for entry in self.lookup(key, ("country",)):
            return entry.country
        return None

    def government(self, code: str) -> Entry:
        return self.entries[f"government:{code}"]

    def affiliation_name(self, entry: Entry) -> str | None:
        if entry.country and entry.country in self.countries and entry.kind != "country":
            return self.countries[entry.country].name
        if entry.organization and entry.organization in self.org_codes:
            return self.entries[self.org_codes[entry.organization]].name
        return None


def _add(knowledge: Knowledge, entry: Entry, *, index_names: bool = True) -> None:
    knowledge.entries[entry.id] = entry
    if not index_names:
        return
    for name in {entry.name, *entry.aliases}:
        key = fold(name)
        if key and entry.id not in knowledge.by_name[key]:
            knowledge.by_name[key].append(entry.id)


def _demonym_government(country: dict[str, Any]) -> str:
    if country["code"] in GOVERNMENT_NAMES:
        return GOVERNMENT_NAMES[country["code"]]
    return f"{country['demonym']} government" if country.get("demonym") else f"Government of {country['name']}"


def build_index(data: dict[str, Any]) -> Knowledge:
    knowledge = Knowledge()
    # Sovereign states first, so they win a shared demonym ("French": France, not the French Southern Lands).
    for c in sorted(data["countries"], key=lambda c: (not c["independent"], c["code"])):
        entry = Entry(
            f"country:{c['code']}", c["name"], "country", tuple(c["aliases"]), c["code"], wikidata=c["wikidata"]
        )
        _add(knowledge, entry)
        knowledge.countries[c["code"]] = entry
        for dem in c["demonyms"]:
            knowledge.demonyms.setdefault(fold(dem), c["code"])
        gov = Entry(f"government:{c['code']}", _demonym_government(c), "organization", (), c["code"])
        _add(knowledge, gov, index_names=False)
        for capital in c["capitals"]:
            knowledge.capitals[fold(capital)] = c["code"]
    for seat in data["seats"]:
        knowledge.seats[fold(seat["name"])] = seat["country"]
    for org in data["organizations"]:
        entry = Entry(org["id"], org["name"], "organization", tuple(org["aliases"]), org["country"])
        _add(knowledge, entry)
        knowledge.org_codes.setdefault(org["code"], org["id"])
    for place in data["places"]:
        entry = Entry(
            f"place:{slug(place['name'])}-{place['country'].lower()}", place["name"], "place", (), place["country"]
        )
        _add(knowledge, entry)
    for p in data["people"]:
        offices = tuple(
            Office(
                o.get("role"), o.get("country"), o.get("organization"), o.get("sector"), o.get("start"), o.get("end")
            )
            for o in p["offices"]
        )
        orgs = p.get("organizations") or []
        entry = Entry(
            p["id"], p["name"], "person", tuple(p["aliases"]), p["country"], orgs[0] if orgs else None,
            tuple(p["roles"]), offices, p["wikidata"],
        )  # fmt: skip
        _add(knowledge, entry)
        if set(entry.roles) & HEAD_ROLES:
            # "Macron" alone, first thing in an article, is the French president: only office holders get this.
            knowledge.by_surname[fold(entry.name).split(" ")[-1]].append(entry.id)
        for role in entry.roles:
            for office in offices:
                where = office.country or office.organization
                if where and (office.role in (None, role)):
                    key = (where, role)
                    if entry.id not in knowledge.holders[key]:
                        knowledge.holders[key].append(entry.id)
    for role in data["roles"]:
        knowledge.roles[fold(role["text"])] = role["sector"]
    for role in HEAD_ROLES | PERSON_ROLE_WORDS | EXTRA_ROLES:
        knowledge.roles.setdefault(fold(role), None)
    return knowledge


@cache
def load_knowledge(path: Path | None = None) -> Knowledge:
    """The knowledge file, read and indexed once per process (one per distinct `path`)."""
    source = path or KNOWLEDGE_FILE
    try:
        with gzip.open(source, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, EOFError, ValueError) as e:
        raise ProcessingError(f"cannot read the actor knowledge file: {e}", source) from e
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise ProcessingError(f"actor knowledge file has an unknown format (want {FORMAT_VERSION})", source)
    return build_index(data)
