"""Compile the actor knowledge file shipped in the package from ../shared/data/actors.

    python training/build_actors.py [--shared ../shared] [--out src/stancemap/models/actors.json.gz]

Inputs (read, never copied into the repo):
- `countries.json` (mledoze/countries, ODbL): countries, official names, alternative spellings, translations,
  demonyms, capitals.
- `Phoenix.Countries.actors.txt` (PETRARCH-2, MIT): country aliases (misspellings, cities, regions), national
  institutions and office holders with dated CAMEO codes (`[FRAGOV 120515-170514]`).
- `Phoenix.International.actors.txt` (PETRARCH-2, MIT): international organisations and their office holders.
- `Phoenix.agents.txt` (PETRARCH-2, MIT): role nouns and titles ("foreign minister") with their sector code.
- `world-leaders-wikidata.csv` (Wikidata, CC0): heads of state and government with start/end years.

The output is one gzipped JSON object (see docs/actors.md for its fields). It is reproducible: every list is sorted,
JSON keys are sorted and the gzip header carries no timestamp, so two runs over the same data give the same bytes.
The result is a derived database of countries.json and so is under the ODbL (NOTICE).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# One normalisation for building and for lookups: the resolver folds mentions with the same function.
from stancemap.actors.knowledge import HEAD_ROLES, fold, slug, word_set

FORMAT_VERSION = 1

# CAMEO sector codes (the 3-letter chunks after the country code) as words a reader understands.
SECTORS = {
    "GOV": "government",
    "MIL": "military",
    "LEG": "legislature",
    "JUD": "judiciary",
    "OPP": "opposition",
    "ELI": "elite",
    "PTY": "party",
    "MED": "media",
    "SPY": "intelligence",
    "COP": "police",
    "BUS": "business",
    "REB": "rebels",
    "INS": "insurgents",
    "CVL": "civilians",
    "EDU": "education",
    "HLH": "health",
    "LAB": "labour",
    "AGR": "agriculture",
    "ENV": "environment",
    "DEV": "development",
    "REF": "refugees",
    "REL": "religion",
    "HRI": "human rights",
    "NGO": "ngo",
    "IGO": "intergovernmental",
    "CRM": "criminals",
    "UAF": "armed group",
}

# Seats of government that stand for a government in news copy ("the Kremlin said"). Curated here because no
# input file marks them; each maps to the ISO code of the country whose government it names.
SEATS_OF_GOVERNMENT = {
    "Kremlin": "RUS",
    "White House": "USA",
    "Downing Street": "GBR",
    "Number 10": "GBR",
    "Elysee": "FRA",
    "Elysee Palace": "FRA",
    "Zhongnanhai": "CHN",
    "Quai d'Orsay": "FRA",
    "Chancellery": "DEU",
    "Blue House": "KOR",
    "Bankova": "UKR",
}

# Canonical names for the organisations news copy names most often, where the dictionary's first spelling is an
# abbreviation or carries an article; keyed by the CAMEO code that groups their spellings.
ORG_NAMES = {
    "IGOUNO": "United Nations",
    "IGOWSTNAT": "NATO",
    "IGOEUREEC": "European Union",
    "IGOUNOHLHWHO": "World Health Organization",
    "IGOBUSIMF": "International Monetary Fund",
    "IGOUNODEVWBK": "World Bank",
}
# Spellings every news reader expects that the dictionaries lack (they list "UN_" but drop "U.N.").
EXTRA_ORG_ALIASES = {
    "IGOUNO": ["U.N.", "UN", "United Nations"],
    "IGOWSTNAT": ["NATO", "North Atlantic Treaty Organization", "the Alliance"],
    "IGOEUREEC": ["EU", "E.U.", "European Union"],
}

# Wikidata position labels -> the role noun news copy uses.
ROLE_PATTERNS = [
    (re.compile(r"\bvice[- ]president\b", re.I), "vice president"),
    (re.compile(r"\bprime minister\b|\bpremier\b", re.I), "prime minister"),
    (re.compile(r"\bpresident\b", re.I), "president"),
    (re.compile(r"\bchancellor\b", re.I), "chancellor"),
    (re.compile(r"\bgovernor[- ]general\b", re.I), "governor-general"),
    (re.compile(r"\bco-prince\b", re.I), "co-prince"),
    (re.compile(r"\bmonarch\b|\bking\b|\bqueen\b|\bemir\b|\bsultan\b|\bemperor\b|\bgrand duke\b", re.I), "monarch"),
    (re.compile(r"\bsupreme leader\b", re.I), "supreme leader"),
    (re.compile(r"\bcaptain regent\b", re.I), "captain regent"),
    (re.compile(r"\bchairman\b|\bchairperson\b", re.I), "chairman"),
    (re.compile(r"\btaoiseach\b", re.I), "prime minister"),
]
# Section headings in Phoenix.Countries ("# U.S. Presidents") that give the role of the entries below them.
SECTION_ROLES = [
    (re.compile(r"vice presidents?", re.I), "vice president"),
    (re.compile(r"prime ministers?", re.I), "prime minister"),
    (re.compile(r"presidents?\b", re.I), "president"),
    (re.compile(r"secretar(y|ies) of state", re.I), "secretary of state"),
    (re.compile(r"secretar(y|ies) of defense", re.I), "secretary of defense"),
    (re.compile(r"attorneys? general", re.I), "attorney general"),
    (re.compile(r"monarch", re.I), "monarch"),
]

# Lower-case name particles when they are not the first word ("Dominique de Villepin").
PARTICLES = {"de", "du", "des", "van", "von", "der", "den", "da", "di", "del", "della", "dos", "das", "bin", "ibn"}
# Words that make a dictionary block an organisation rather than a person.
ORG_WORDS = word_set(
    """organization organisation union council commission inc corp co ltd plc llc sa ag nv bank fund group agency
    committee association party ministry department court office program programme mission forces force army front
    movement institute foundation society network league federation university college school hospital church company
    companies industries international resources mines mining systems services holdings partners trust store stores
    airlines airways energy oil gas petroleum motors capital securities technologies communications media news times
    post press radio television tv agency authority board bureau centre center alliance coalition brigade brigades
    battalion regiment division corps police guard guards navy air republic state states kingdom government
    administration assembly parliament congress senate cabinet secretariat tribunal and of for the"""
)
# First words that make a dictionary block an office, not an organisation ("PRESIDENT_OF_THE_UNITED_STATES_").
OFFICE_WORDS = {"president", "vice", "prime", "minister", "secretary", "chancellor", "king", "queen", "ambassador"}
# Role words that are not titles before a name in the dictionaries' spellings.
NOT_TITLES = {"man", "woman", "person", "people"}
# Words before a name that are neither a role nor a demonym ("FORMER", "EX-").
TITLE_WORDS = {"former", "ex", "late", "acting", "interim", "then", "us", "un", "eu", "nato", "united nations"}
NOT_PERSON_ALIAS = {"administration", "government", "campaign", "regime", "cabinet", "family", "supporters"}
ROLE_SYNONYMS = {"premier": "prime minister", "secretary general": "secretary-general"}
HONORIFICS = {"MR", "MRS", "MS", "DR", "SIR", "LORD", "LADY", "BARON", "BARONESS", "GENERAL", "GEN.", "GEN", "SHEIKH"}

CODE_RE = re.compile(r"\[([^\]]*)\]")
QID_RE = re.compile(r"^Q\d+$")


def phoenix_phrase(raw: str) -> str:
    """`FRANCOIS_HOLLANDE_` -> `FRANCOIS HOLLANDE` (still upper case)."""
    raw = raw.split("#", 1)[0]
    raw = CODE_RE.sub(" ", raw)
    raw = raw.replace("_", " ").strip().strip("+").strip()
    return re.sub(r"\s+", " ", raw)


def title_case(phrase: str) -> str:
    """`VALERY GISCARD D'ESTAING` -> `Valery Giscard D'Estaing`; particles after the first word stay lower case."""
    words = []
    for i, word in enumerate(phrase.split()):
        low = word.lower()
        if i > 0 and low in PARTICLES:
            words.append(low)
            continue
        cased = re.sub(r"(^|[-'(])([a-z])", lambda m: m.group(1) + m.group(2).upper(), low)
        cased = re.sub(r"^(Mc)([a-z])", lambda m: m.group(1) + m.group(2).upper(), cased)
        words.append(cased)
    return " ".join(words)


def parse_year(text: str) -> int | None:
    """CAMEO dates are YYMMDD or YYYYMMDD (a few are malformed: then None)."""
    digits = text.strip()
    if not digits.isdigit():
        return None
    if len(digits) >= 7 and digits[:2] in ("19", "20"):
        return int(digits[:4])  # YYYYMMDD, and a few with a digit too many or too few
    if len(digits) == 6:
        yy = int(digits[:2])
        return 2000 + yy if yy < 30 else 1900 + yy
    return None


@dataclass
class Code:
    code: str
    start: int | None = None
    end: int | None = None
    dated: bool = False


def parse_code(text: str) -> Code | None:
    parts = text.strip().split()
    if not parts or not re.fullmatch(r"~?[A-Z]{3,}", parts[0]):
        return None
    code = Code(parts[0].lstrip("~"))
    if len(parts) > 1:
        code.dated = True
        span = parts[1]
        if span.startswith(">"):
            code.start = parse_year(span[1:])
        elif span.startswith("<"):
            code.end = parse_year(span[1:])
        elif "-" in span:
            a, b = span.split("-", 1)
            code.start, code.end = parse_year(a), parse_year(b)
    return code


@dataclass
class Entry:
    """One block of a Phoenix actor file: a name, its `+` synonyms and its codes."""

    names: list[str]
    codes: list[Code] = field(default_factory=list)
    comment: str = ""
    section: str = ""


def read_phoenix(path: Path) -> list[Entry]:
    """Blocks of a TABARI/PETRARCH actor dictionary.

    A line at the left margin starts a block (several in a row without codes share the codes that follow), `+`
    lines add synonyms, indented `[CODE dates]` lines add codes; blank lines and comments close a pending block.
    """
    entries: list[Entry] = []
    pending: Entry | None = None
    section = ""
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            pending = None
            section = ""  # a heading ("# Prime Ministers") covers the entries up to the next blank line
            continue
        if stripped.startswith("#"):
            # A comment keeps the block open: "+" synonyms may follow it (the USA block has a note in between).
            section = stripped.lstrip("#").strip()
            continue
        comment = line.split("#", 1)[1] if "#" in line else ""
        codes = [c for c in (parse_code(m) for m in CODE_RE.findall(line.split("#", 1)[0])) if c is not None]
        name = phoenix_phrase(line)
        if stripped.startswith("+"):
            if pending is not None and name:
                pending.names.append(name)
                pending.codes.extend(codes)
            continue
        if line[:1].isspace() and not name:
            if pending is not None:
                pending.codes.extend(codes)
            continue
        if not name:
            continue
        if pending is not None and not pending.codes:
            # The previous line had no code yet: this line is another spelling of the same actor.
            pending.names.append(name)
            pending.codes.extend(codes)
            pending.comment += comment
            continue
        pending = Entry([name], list(codes), comment, section)
        entries.append(pending)
    entries = [e for e in entries if e.codes]
    end_chronological_sections(entries)
    return entries


def end_chronological_sections(entries: list[Entry]) -> None:
    """A heading such as "# Prime Ministers" lists office holders in order of office; the dictionaries then go on,
    without a new heading, with ministers in alphabetical order. The heading stops applying where the order of first
    government years goes backwards."""
    last_start = 0
    last_section = ""
    for entry in entries:
        if entry.section != last_section:
            last_section, last_start = entry.section, 0
        if not entry.section:
            continue
        starts = [c.start for c in entry.codes if c.start and "GOV" in c.code[3:6]]
        first = min(starts) if starts else None
        if first is not None and first < last_start:
            last_start = 10**6  # every later entry of this heading is past the end of the list
        if last_start > 9999:
            entry.section = ""
            continue
        last_start = max(last_start, first or 0)


@dataclass
class Country:
    code: str
    name: str
    official: str
    aliases: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    capitals: list[str] = field(default_factory=list)
    wikidata: str | None = None
    # Sovereign states win a shared demonym ("French": France, not the French Southern Lands).
    independent: bool = False
    english_demonyms: set[str] = field(default_factory=set)
    # Spellings used only to sort Phoenix synonyms into names vs. places (not shipped).
    known: set[str] = field(default_factory=set)


def read_countries(path: Path) -> dict[str, Country]:
    countries: dict[str, Country] = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        name = item["name"]
        country = Country(item["cca3"], name["common"], name["official"])
        country.independent = bool(item.get("independent")) and bool(item.get("unMember"))
        country.aliases.update({name["common"], name["official"]})
        for native in name.get("native", {}).values():
            country.aliases.update({native["common"], native["official"]})
        for alt in item.get("altSpellings", []):
            if len(alt) > 2:
                country.aliases.add(alt)
        country.known = {fold(a) for a in item.get("altSpellings", [])}
        for tr in item.get("translations", {}).values():
            country.known.update({fold(tr["common"]), fold(tr["official"])})
        for dem in item.get("demonyms", {}).get("eng", {}).values():
            if dem:
                country.demonyms.add(dem)
                country.english_demonyms.add(dem)
        country.capitals = sorted(c for c in item.get("capital", []) if c)
        countries[country.code] = country
    return countries


def demonym_plurals(demonym: str) -> list[str]:
    # "Ukrainian" -> "Ukrainians", "Israeli" -> "Israelis"; "French", "Chinese", "Swiss" have no plural in -s.
    return [demonym + "s"] if demonym[-1:] in ("n", "i") else []


def country_of_code(code: str, countries: dict[str, Country]) -> str | None:
    """`FRAGOVMIL` -> FRA; `FRAGUF` (a territory) -> GUF when that is a country of its own."""
    if len(code) == 6 and code[3:] in countries and code[3:] not in SECTORS:
        return code[3:]
    return code[:3] if code[:3] in countries else None


def sectors_of_code(code: str) -> list[str]:
    return [SECTORS[code[i : i + 3]] for i in range(3, len(code), 3) if code[i : i + 3] in SECTORS]


def role_of_position(label: str) -> str | None:
    for pattern, role in ROLE_PATTERNS:
        if pattern.search(label):
            return role
    return None


@dataclass
class Person:
    name: str
    aliases: set[str] = field(default_factory=set)
    offices: list[dict[str, Any]] = field(default_factory=list)
    wikidata: str | None = None
    roles: set[str] = field(default_factory=set)


def strip_title(raw: str, role_words: set[str], country_words: set[str]) -> tuple[str, str | None]:
    """`RUSSIAN FOREIGN MINISTER SERGEY LAVROV` -> (`SERGEY LAVROV`, `foreign minister`): the longest leading run of
    demonyms, organisation names, honorifics and role words comes off; the last role phrase in it is the role."""
    words = raw.split()
    role = None
    i = 0
    while i < len(words) - 1:
        for n in range(min(4, len(words) - 1 - i), 0, -1):
            phrase = fold(" ".join(words[i : i + n]))
            if phrase in role_words and phrase not in NOT_TITLES:
                role = phrase
                break
            if phrase in TITLE_WORDS or (n == 1 and (phrase in country_words or words[i].rstrip(".") in HONORIFICS)):
                break
        else:
            break
        i += n
    return " ".join(words[i:]), ROLE_SYNONYMS.get(role, role) if role else None


def person_name(names: list[str], role_words: set[str], country_words: set[str]) -> str | None:
    """The clean full name among a block's spellings: no title, no honorific, at least two words."""
    for raw in names:
        rest, role = strip_title(raw, role_words, country_words)
        if role is None and rest == raw and len(rest.split()) >= 2 and not any(c.isdigit() for c in rest):
            return title_case(rest)
    for raw in names:
        rest, _ = strip_title(raw, role_words, country_words)
        if len(rest.split()) >= 2 and not any(c.isdigit() for c in rest):
            return title_case(rest)
    return None


def alias_roles(names: list[str], role_words: set[str], country_words: set[str]) -> set[str]:
    return {role for raw in names for role in [strip_title(raw, role_words, country_words)[1]] if role}


def looks_like_person(name: str) -> bool:
    """Undated dictionary blocks hold organisations and a few people ("CATHERINE_ASHTON"): tell them apart."""
    words = name.split()
    if not 2 <= len(words) <= 4 or any(c.isdigit() for c in name):
        return False
    return not any(fold(w) in ORG_WORDS for w in words) and all(re.fullmatch(r"[A-Z][A-Z'.-]*", w) for w in words)


def section_role(section: str) -> str | None:
    for pattern, role in SECTION_ROLES:
        if pattern.search(section):
            return role
    return None


def is_person_block(entry: Entry) -> bool:
    return "CountryInfo" in entry.comment or "rulers" in entry.comment or any(c.dated for c in entry.codes)


def build(shared: Path) -> dict[str, Any]:
    data = shared / "data" / "actors"
    countries = read_countries(data / "countries.json")
    agents = read_roles(data / "Phoenix.agents.txt")
    role_words = {fold(r["text"]) for r in agents} | {"secretary general", "vice president"}
    places: dict[str, dict[str, Any]] = {}
    country_words = {fold(w) for c in countries.values() for w in (c.name, *c.demonyms)}
    organizations: dict[str, dict[str, Any]] = {}
    people: dict[str, Person] = {}

    def add_place(name: str, code: str) -> None:
        key = fold(name)
        if key and key not in places:
            places[key] = {"name": title_case(name) if name.isupper() else name, "country": code}

    for country in countries.values():
        for capital in country.capitals:
            add_place(capital, country.code)

    for entry in read_phoenix(data / "Phoenix.Countries.actors.txt"):
        codes = [c.code for c in entry.codes]
        header = [c for c in codes if len(c) in (3, 6) and country_of_code(c, countries) and not sectors_of_code(c)]
        if header and not is_person_block(entry):
            code = country_of_code(header[0], countries)
            assert code is not None
            sort_country_synonyms(countries[code], entry.names, add_place)
            continue
        add_phoenix_actor(entry, countries, organizations, people, role_words, country_words)

    for entry in read_phoenix(data / "Phoenix.International.actors.txt"):
        add_phoenix_actor(entry, countries, organizations, people, role_words, country_words)

    add_wikidata_leaders(data / "world-leaders-wikidata.csv", countries, people)

    # Phoenix-only institutions can share a spelling with a country synonym ("US_" is both); countries win.
    country_keys = {fold(a) for c in countries.values() for a in c.aliases | c.demonyms}
    for key in list(places):
        if key in country_keys:
            del places[key]

    return {
        "format": FORMAT_VERSION,
        "sources": {
            "countries.json": "mledoze/countries (ODbL 1.0)",
            "Phoenix.*.txt": "PETRARCH-2 dictionaries, Open Event Data Alliance (MIT)",
            "world-leaders-wikidata.csv": "Wikidata via every-politician world-leaders (CC0)",
        },
        "countries": [country_record(c) for c in sorted(countries.values(), key=lambda c: c.code)],
        "seats": sorted(
            [{"name": name, "country": code} for name, code in SEATS_OF_GOVERNMENT.items()], key=lambda s: s["name"]
        ),
        "places": sorted(places.values(), key=lambda p: (fold(p["name"]), p["country"])),
        "organizations": sorted(organizations.values(), key=lambda o: o["id"]),
        "people": sorted((person_record(p) for p in people.values()), key=lambda p: p["id"]),
        "roles": agents,
    }


def sort_country_synonyms(country: Country, names: list[str], add_place: Any) -> None:
    """Phoenix lists a country's names, misspellings, demonyms, cities and regions as one list: split them."""
    targets = [fold(country.name), fold(country.official)]
    demonyms = {fold(d) for d in country.demonyms}
    for raw in names:
        key = fold(raw)
        if not key:
            continue
        close_to_name = any(difflib.SequenceMatcher(None, key, t).ratio() >= 0.8 for t in targets)
        # "America" is a name, though it is one letter from the demonym "American".
        name_like = any(d.startswith(key) and len(d) - len(key) <= 2 for d in demonyms) and key not in demonyms
        if key in country.known or key in targets or name_like:
            country.aliases.add(title_case(raw) if raw.isupper() else raw)
        elif key in demonyms or any(difflib.SequenceMatcher(None, key, d).ratio() >= 0.9 for d in demonyms):
            country.demonyms.add(title_case(raw))
        elif close_to_name or re.search(r"\b" + re.escape(targets[0]) + r"\b", key):
            country.aliases.add(title_case(raw) if raw.isupper() else raw)
        elif len(raw) > 2 or raw in {"US", "UK"}:
            if raw in {"US", "UK", "USA", "UAE"}:
                country.aliases.add(raw)
            else:
                add_place(raw, country.code)


def add_phoenix_actor(
    entry: Entry,
    countries: dict[str, Country],
    organizations: dict[str, dict[str, Any]],
    people: dict[str, Person],
    role_words: set[str],
    country_words: set[str],
) -> None:
    if is_person_block(entry) or (
        looks_like_person(entry.names[0]) and not entry.codes[0].code.startswith(("MNC", "NGO"))
    ):
        name = person_name(entry.names, role_words, country_words)
        if name is None:
            return
        person = people.setdefault(fold(name), Person(name))
        for raw in entry.names:
            rest, _ = strip_title(raw, role_words, country_words)
            alias = title_case(rest)
            if fold(alias) != fold(name) and not set(fold(alias).split()) & NOT_PERSON_ALIAS:
                person.aliases.add(alias)
        roles = alias_roles(entry.names, role_words, country_words)
        role_from_section = section_role(entry.section)
        if role_from_section:
            roles.add(role_from_section)
        person.roles.update(roles)
        for dated in entry.codes:
            sectors = sectors_of_code(dated.code)
            country = country_of_code(dated.code, countries)
            office: dict[str, Any] = {"start": dated.start, "end": dated.end, "sector": sectors[0] if sectors else None}
            if country:
                office["country"] = country
            else:
                office["organization"] = dated.code
            if dated.dated and (sectors[:1] == ["government"] or not country) and len(roles) == 1:
                # Only an unambiguous role dates: Putin's codes do not say which years he was president.
                office["role"] = next(iter(roles))
            person.offices.append(office)
        return
    name = entry.names[0]
    words = fold(name).split(" ")
    if fold(name) in role_words or (len(words) > 1 and (words[-1] in role_words or words[0] in OFFICE_WORDS)):
        # "PRESIDENT_OF_THE_UNITED_STATES_", "UN_SECRETARY_GENERAL": offices, not organisations.
        return
    code = entry.codes[0].code
    country = country_of_code(code, countries)
    names = {fold(n) for n in [ORG_NAMES.get(code, ""), *EXTRA_ORG_ALIASES.get(code, [])] if n}
    group = code if code in ORG_NAMES and names & {fold(n) for n in entry.names} else f"{country}:{fold(name)}"
    # Keyed by id: the same organisation listed under two codes is one actor.
    org = organizations.get(org_id_for(code, name, country, group))
    if org is None:
        canonical = org_canonical(code, name, group)
        org_id = org_id_for(code, name, country, group)
        org = {"id": org_id, "name": canonical, "code": code, "aliases": set(), "country": country}
        organizations[org_id] = org
        if group == code:
            org["aliases"].update(EXTRA_ORG_ALIASES.get(code, []))
    for raw in entry.names:
        org["aliases"].add(title_case(raw) if len(raw) > 5 else raw)


def org_canonical(code: str, name: str, group: str) -> str:
    return ORG_NAMES[code] if group == code else title_case(re.sub(r"^THE ", "", name))


def org_id_for(code: str, name: str, country: str | None, group: str) -> str:
    return "org:" + slug(org_canonical(code, name, group)) + (f"-{country.lower()}" if country else "")


def add_wikidata_leaders(path: Path, countries: dict[str, Country], people: dict[str, Person]) -> None:
    by_name: dict[str, str] = {}
    for country in countries.values():
        for name in country.aliases | {country.name}:
            by_name.setdefault(fold(name), country.code)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            holder = (row.get("officeholderLabel") or "").strip()
            if not holder or QID_RE.match(holder):
                continue  # a raw Q-id is not a name a text would use
            code = by_name.get(fold(row.get("country") or ""))
            if code is None:
                continue
            countries[code].wikidata = countries[code].wikidata or row.get("countryid") or None
            label = (row.get("positionLabel") or "").strip()
            role = role_of_position(label) if not QID_RE.match(label) else None
            person = people.setdefault(fold(holder), Person(holder))
            if person.name.isupper() or fold(person.name) == fold(holder):
                person.name = holder  # Wikidata's label keeps the accents Phoenix drops
            person.wikidata = row.get("officeholder") or person.wikidata
            if role:
                person.roles.add(role)
            person.offices.append(
                {
                    "country": code,
                    "role": role,
                    "position": label if not QID_RE.match(label) else None,
                    "sector": "government",
                    "start": int(row["start_year"]) if (row.get("start_year") or "").isdigit() else None,
                    "end": int(row["end_year"]) if (row.get("end_year") or "").isdigit() else None,
                }
            )


def read_roles(path: Path) -> list[dict[str, Any]]:
    """Role nouns and titles, with the sector their CAMEO code names (`FOREIGN_!MINIST! [~GOV]`)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    subs: dict[str, list[str]] = {}
    for m in re.finditer(r"^(![A-Z]+!)\s*=\s*(.+)$", text, re.M):
        subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
    roles: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or "=" in line:
            continue
        codes = [c for c in (parse_code(m) for m in CODE_RE.findall(line.split("#", 1)[0])) if c is not None]
        if not codes:
            continue
        phrase = re.sub(r"\{[^}]*\}", "", line.split("#", 1)[0])
        phrase = CODE_RE.sub("", phrase).strip()
        variants = [phrase]
        for marker, words in subs.items():
            variants = [v.replace(marker, w) for v in variants for w in (words if marker in v else [""])]
            variants = [v.replace(marker, "") for v in variants]
        sectors = [SECTORS.get(codes[0].code[i : i + 3]) for i in range(0, len(codes[0].code), 3)]
        for variant in variants:
            words = variant.replace("_", " ").lower().split()
            if not words:
                continue
            role_text = " ".join(words)
            roles.setdefault(role_text, {"text": role_text, "sector": sectors[0] if sectors else None})
    return sorted(roles.values(), key=lambda r: r["text"])


def country_record(country: Country) -> dict[str, Any]:
    demonyms = set(country.demonyms)
    for dem in list(country.demonyms):
        demonyms.update(demonym_plurals(dem))
    return {
        "code": country.code,
        "name": country.name,
        "official": country.official,
        "aliases": sorted(a for a in country.aliases if fold(a) != fold(country.name)),
        "demonyms": sorted(demonyms),
        "capitals": country.capitals,
        "independent": country.independent,
        "demonym": sorted(country.english_demonyms)[0] if country.english_demonyms else None,
        "wikidata": country.wikidata,
    }


def person_record(person: Person) -> dict[str, Any]:
    countries: dict[str, float] = defaultdict(float)
    for office in person.offices:
        if "country" in office:
            # Heads of state and government count double: Macron is French, though also co-prince of Andorra.
            countries[office["country"]] += 2.0 if office.get("role") in HEAD_ROLES else 1.0
    country = min(countries, key=lambda c: (-countries[c], c)) if countries else None
    orgs = sorted({o["organization"] for o in person.offices if "organization" in o})
    offices = sorted(
        (
            {k: v for k, v in o.items() if v is not None}
            for o in person.offices
            if o.get("sector") not in (None, "elite") or o.get("role") or "organization" in o
        ),
        key=lambda o: (o.get("start") or 0, o.get("end") or 9999, json.dumps(o, sort_keys=True)),
    )
    unique = []
    for office in offices:
        if office not in unique:
            unique.append(office)
    return {
        "id": "person:" + slug(person.name),
        "name": person.name,
        "aliases": sorted(a for a in person.aliases if fold(a) != fold(person.name)),
        "country": country,
        "organizations": orgs,
        "roles": sorted(person.roles),
        "offices": unique,
        "wikidata": person.wikidata,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "src/stancemap/models/actors.json.gz"
    )
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "actors").is_dir():
        print(f"{args.shared}: no data/actors folder (set --shared)", file=sys.stderr)
        return 2
    knowledge = build(args.shared)
    for org in knowledge["organizations"]:
        org["aliases"] = sorted(a for a in org["aliases"] if fold(a) != fold(org["name"]))
    payload = json.dumps(knowledge, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    counts = {k: len(v) for k, v in knowledge.items() if isinstance(v, list)}
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes): {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
