"""Mentions of one article -> canonical actors: knowledge lookup, name and title coreference, metonyms.

`resolve_mentions` is pure: the same mentions, date and knowledge always give the same actors, and an actor's id does
not depend on the article it was found in (ids come from the knowledge file or the normalised name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stancemap.actors.knowledge import HEAD_ROLES, PERSON_ROLE_WORDS, Entry, Knowledge, fold, load_knowledge, slug
from stancemap.records import Actor

# Labels a Mention may carry: spaCy's entity labels, and ROLE for a nominal like "the French president".
LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "ROLE"})

# Honorifics before a name; some also say what the person is ("Sen." -> senator).
HONORIFICS = {
    "mr": None, "mrs": None, "ms": None, "miss": None, "dr": None, "prof": None, "sir": None, "dame": None,
    "lord": None, "lady": None, "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
    "adm": "admiral", "col": "colonel", "lt": "lieutenant", "sgt": "sergeant", "capt": "captain", "pres": "president",
}  # fmt: skip
# Words in a title that are neither role nor country ("former Prime Minister", "then-Secretary of State").
TITLE_FILLERS = {"former", "ex", "late", "acting", "interim", "then", "outgoing", "incoming", "deputy", "of", "the"}
# Nouns after a nationality that name its government, not a group of people ("the Russian government").
GOVERNMENT_NOUNS = frozenset({"government", "administration", "authorities", "cabinet", "regime", "leadership"})
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True, slots=True)
class Mention:
    """Something in an article that names an actor.

    `label` is PERSON, ORG, GPE, NORP, LOC, FAC, or ROLE for a nominal that names a person by office ("the French
    president", "the minister"). `title` holds the words before a PERSON that give their role ("French President",
    "Foreign Minister"). `head` is the noun a NORP modifies ("officials" in "Ukrainian officials").
    `speech_subject` marks the subject of a speech verb ("Moscow said"): a capital there is its government.
    Offsets are code points into the article text, end exclusive.
    """

    text: str
    label: str
    start: int
    end: int
    title: str | None = None
    head: str | None = None
    speech_subject: bool = False


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention and the actor it names (None when nothing in or out of the article says who it is).

    `metonym` is True when a place or building stands for a government ("the Kremlin", "Beijing said").
    `via` says how: knowledge (the knowledge file), article (an earlier mention), title (an office held at the
    article date), new (first mention of an actor the knowledge file lacks), or unresolved.
    """

    mention: Mention
    actor: Actor | None
    metonym: bool = False
    via: str = "unresolved"


@dataclass
class _Draft:
    id: str
    name: str
    kind: str
    affiliation: str | None = None
    affiliation_code: str | None = None
    role: str | None = None
    aliases: set[str] = field(default_factory=set)
    last: int = -1
    from_knowledge: bool = False

    def tokens(self) -> list[str]:
        return fold(self.name).split()


@dataclass
class _Title:
    role: str | None = None
    country: str | None = None
    organization: str | None = None
    where: str | None = None


def parse_title(words: str, kb: Knowledge) -> tuple[_Title, list[str]]:
    """Split leading title words off: "French President Emmanuel Macron" -> (president, FRA), [Emmanuel, Macron].

    Returns the title and the words left over. The longest known role phrase wins ("foreign minister" over
    "minister"); countries may be named by demonym, name or possessive ("Russia's").
    """
    tokens = words.split()
    title = _Title()
    i = 0
    while i < len(tokens):
        low = fold(tokens[i]).rstrip("'")
        if not low:
            i += 1
            continue
        if low in HONORIFICS and (tokens[i].endswith(".") or low in ("mr", "mrs", "ms", "dr", "sir", "dame")):
            title.role = title.role or HONORIFICS[low]
            i += 1
            continue
        matched = False
        for n in range(min(5, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + n])
            key = fold(phrase)
            country = kb.country_of(phrase) if n <= 3 else None
            plain = not country and phrase[:1].isupper() and not set(key.split(" ")) & PERSON_ROLE_WORDS
            org = kb.lookup(phrase, ("organization",)) if plain else []
            if country and not (n == 1 and key in kb.roles):
                title.country = title.country or country
            elif org and key not in kb.roles:
                title.organization = title.organization or org[0].name
            elif (
                key in kb.roles and set(key.split(" ")) & PERSON_ROLE_WORDS and not (n > 1 and kb.country_of(tokens[i]))
            ):
                title.role = _canonical_role(key)
            elif key in TITLE_FILLERS and n == 1:
                pass
            else:
                continue
            i += n
            matched = True
            break
        if not matched:
            ahead = _role_ahead(tokens, i, kb)
            if ahead is None or title.organization:
                break
            # "NASA Administrator Charles Bolden": capitalised words before a role name who the person works for.
            title.organization = " ".join(tokens[i:ahead])
            i = ahead
            continue
        if title.role and i < len(tokens) - 1 and tokens[i].lower() == "of":
            # "Governor of Virginia": the rest says where, it is not a name.
            title.where = " ".join(tokens[i + 1 :])
            return title, []
    return title, tokens[i:]


def _role_ahead(tokens: list[str], i: int, kb: Knowledge) -> int | None:
    """Where a role phrase starts within the next three capitalised words after `i`, if one does."""
    for j in range(i + 1, min(i + 4, len(tokens) - 1)):
        if not all(t[:1].isupper() for t in tokens[i:j]):
            return None
        for n in range(min(4, len(tokens) - j), 0, -1):
            key = fold(" ".join(tokens[j : j + n]))
            if key in kb.roles and set(key.split(" ")) & PERSON_ROLE_WORDS:
                return j
    return None


def _year(article_date: str | None) -> int | None:
    if article_date and re.match(r"^\d{4}", article_date):
        return int(article_date[:4])
    return None


def _clean_name(text: str) -> str:
    text = POSSESSIVE.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,")


class _Resolver:
    """One article's worth of state: the actors met so far, in order."""

    def __init__(self, knowledge: Knowledge, year: int | None) -> None:
        self.kb = knowledge
        self.year = year
        self.drafts: dict[str, _Draft] = {}
        self.clock = 0
        # Actors merged into another once the article said more (id -> the id it became).
        self.redirects: dict[str, str] = {}
        # Names and surnames of the article's PERSON mentions: a place or organisation mention equal to one is the
        # tagger's mistake ("Trump" tagged GPE before "Mr. Trump" is met).
        self.person_words: set[str] = set()

    def parse_title(self, words: str) -> tuple[_Title, list[str]]:
        return parse_title(words, self.kb)

    # -- drafts -------------------------------------------------------------------------------------------------
    def touch(self, draft: _Draft, alias: str | None) -> _Draft:
        self.clock += 1
        draft.last = self.clock
        if alias and fold(alias) != fold(draft.name):
            draft.aliases.add(alias)
        return draft

    def from_entry(self, entry: Entry, alias: str | None, title: _Title | None = None) -> _Draft:
        draft = self.drafts.get(entry.id)
        if draft is None:
            role = self.role_at_date(entry)
            draft = _Draft(entry.id, entry.name, entry.kind, self.kb.affiliation_name(entry), entry.country, role)
            draft.from_knowledge = True
            self.drafts[entry.id] = draft
        if title is not None:
            self.apply_title(draft, title)
        return self.touch(draft, alias)

    def new(self, actor_id: str, name: str, kind: str, alias: str | None, country: str | None = None) -> _Draft:
        draft = self.drafts.get(actor_id)
        if draft is None:
            affiliation = self.kb.countries[country].name if country in self.kb.countries else None
            draft = _Draft(actor_id, name, kind, affiliation, country)
            self.drafts[actor_id] = draft
        return self.touch(draft, alias)

    def apply_title(self, draft: _Draft, title: _Title) -> None:
        if title.role and not (draft.role and _role_matches(draft.role, title.role)):
            # The article's own words beat the knowledge file: "Foreign Minister X" is a foreign minister now; a
            # later "the minister" keeps the more precise role.
            draft.role = title.role
        if title.country and draft.affiliation is None:
            draft.affiliation_code = title.country
            draft.affiliation = self.kb.countries[title.country].name
        elif title.organization and draft.affiliation is None:
            draft.affiliation = title.organization

    def role_at_date(self, entry: Entry) -> str | None:
        active = [o for o in entry.offices if o.role and o.active(self.year)]
        if active:
            # Macron is co-prince of Andorra too; his own country's office comes first, then the latest.
            return max(active, key=lambda o: (o.country == entry.country, o.role in HEAD_ROLES, o.start or 0)).role
        dated = [o for o in entry.offices if o.role]
        if dated and self.year is None:
            return max(dated, key=lambda o: o.start or 0).role
        return entry.roles[0] if len(entry.roles) == 1 else None

    def recent(self, kind: str) -> list[_Draft]:
        return sorted((d for d in self.drafts.values() if d.kind == kind), key=lambda d: -d.last)

    # -- people -------------------------------------------------------------------------------------------------
    def person(self, mention: Mention) -> tuple[_Draft | None, str]:
        title, name_tokens = self.parse_title(" ".join(filter(None, [mention.title, _clean_name(mention.text)])))
        if not name_tokens:
            if not title.role and (other := self.not_a_person(mention, _clean_name(mention.text))) is not None:
                return other  # "NATO" or "France" tagged PERSON read as a title with no name after it
            # NER tagged a bare title ("President"): treat it as a nominal mention.
            return self.role(Mention(mention.text, "ROLE", mention.start, mention.end))
        if title.country and not title.role and not title.organization:
            # A country with no office after it is part of the name ("America Stadium"), not a title.
            name_tokens = _clean_name(mention.text).split()
            title = _Title()
        name = " ".join(name_tokens)
        alias = _clean_name(mention.text)
        if len(name_tokens) >= 2:
            for entry in self.best_people(self.kb.lookup(name, ("person",)), title):
                known = self.from_entry(entry, alias, title)
                self.absorb(known, name_tokens)
                return known, "knowledge"
            draft = self.drafts.get("person:" + slug(name)) or self.same_person(name_tokens)
            if draft is not None:
                self.apply_title(draft, title)
                return self.touch(draft, alias), "article"
            if not title.role and (other := self.not_a_person(mention, name)) is not None:
                return other
            draft = self.new("person:" + slug(name), name, "person", alias, title.country)
            self.apply_title(draft, title)
            return draft, "new"
        token = fold(name)
        # A short name is the person the article introduced with that surname (or first name), the latest first.
        # Compared folded, so "Udvar-Hazy" is the end of "Steven F. Udvar-Hazy".
        for at_end in (True, False):
            for draft in self.recent("person"):
                full = fold(draft.name)
                hit = full.endswith(" " + token) if at_end else full.startswith(token + " ")
                if hit and self.title_fits(draft, title):
                    self.apply_title(draft, title)
                    return self.touch(draft, alias), "article"
        for draft in self.recent("person"):
            if draft.tokens() == [token]:
                self.apply_title(draft, title)
                return self.touch(draft, alias), "article"
        explicit = self.kb.lookup(name, ("person",))
        # A surname the knowledge file does not list as an alias names an office holder only when the article date
        # says which one ("Kennedy" alone is no one in particular).
        office_holders = [self.kb.entries[i] for i in self.kb.by_surname.get(token, ())] if self.year else []
        candidates = self.best_people(explicit or office_holders, title, require_unique=True)
        if candidates:
            return self.from_entry(candidates[0], alias, title), "knowledge"
        if not title.role and (other := self.not_a_person(mention, name)) is not None:
            return other
        draft = self.new("person:" + slug(name), name, "person", alias, title.country)
        self.apply_title(draft, title)
        return draft, "new"

    def not_a_person(self, mention: Mention, name: str) -> tuple[_Draft | None, str] | None:
        """A PERSON the tagger got wrong ("North Carolina", "Hamas"): a name the knowledge file has as a country,
        place or organisation, and as no person, is that."""
        if self.kb.lookup(name, ("person",)):
            return None
        found = self.kb.lookup(name, ("country", "organization", "place"))
        if not found:
            return None
        if found[0].kind == "organization":
            draft, via, _ = self.organization(Mention(name, "ORG", mention.start, mention.end))
        else:
            draft, via, _ = self.place(Mention(name, "GPE", mention.start, mention.end))
        return draft, via

    def person_named(self, mention: Mention, text: str) -> _Draft | None:
        """The person this place or organisation mention names, when it is the full name or surname of a person of
        the article ("Trump" tagged GPE, "Hillary Clinton" tagged ORG) or a person of the knowledge file."""
        key = fold(text)
        for draft in self.recent("person"):
            full = fold(draft.name)
            if full == key or full.endswith(" " + key):
                return self.touch(draft, text)
        if key in self.person_words or (len(key.split()) > 1 and self.kb.lookup(text, ("person",))):
            return self.person(Mention(text, "PERSON", mention.start, mention.end))[0]
        return None

    def absorb(self, known: _Draft, name_tokens: list[str]) -> None:
        """A bare "Clinton" met before "Hillary Clinton" (found in the knowledge file) was her all along."""
        words = {fold(t) for t in name_tokens}
        last = fold(name_tokens[-1])
        for draft in self.recent("person"):
            if draft is known or draft.from_knowledge or not draft.tokens() or draft.tokens()[-1] != last:
                continue
            if set(draft.tokens()) <= words:
                del self.drafts[draft.id]
                self.redirects[draft.id] = known.id
                known.aliases |= draft.aliases | {draft.name}

    def same_person(self, name_tokens: list[str]) -> _Draft | None:
        """An earlier person whose name this one extends or shortens, with the same surname: "Otto Jespersen" after
        "Jens Otto Harry Jespersen", or "Jane Roe" after a bare "Roe" (whose actor then takes the full name)."""
        words = [fold(t) for t in name_tokens]
        for draft in self.recent("person"):
            known = draft.tokens()
            if not known or known[-1] != words[-1]:
                continue
            if set(known) <= set(words) or set(words) <= set(known):
                if len(words) > len(known) and not draft.from_knowledge:
                    self.rename(draft, " ".join(name_tokens))
                return draft
        return None

    def rename(self, draft: _Draft, name: str) -> None:
        """A person first met by surname gets the full name once the article gives it (and the id that goes with it,
        so the same person has the same id in every article)."""
        del self.drafts[draft.id]
        draft.aliases.add(draft.name)
        draft.name = name
        draft.id = "person:" + slug(name)
        self.drafts[draft.id] = draft

    def title_fits(self, draft: _Draft, title: _Title) -> bool:
        if title.country and draft.affiliation_code and title.country != draft.affiliation_code:
            return False
        return not (title.role and draft.role and not _role_matches(draft.role, title.role))

    def best_people(self, entries: list[Entry], title: _Title, require_unique: bool = False) -> list[Entry]:
        """Rank same-named people: one whose office fits the title and the article date comes first."""
        if not entries:
            return []
        fitting = [e for e in entries if not title.country or title.country == e.country]
        if title.role:
            with_role = [e for e in fitting if any(_role_matches(r, title.role) for r in e.roles)]
            fitting = with_role if require_unique else with_role or fitting
        if self.year is not None:
            active = [e for e in fitting if any(o.active(self.year) for o in e.offices)]
            fitting = active or ([] if require_unique else fitting)
        if require_unique and len(fitting) != 1:
            return []
        return sorted(fitting, key=lambda e: (e.wikidata is None, e.id))

    # -- nominal mentions ---------------------------------------------------------------------------------------
    def role(self, mention: Mention) -> tuple[_Draft | None, str]:
        words = re.sub(r"^(the|a|an|this|that|its|their)\s+", "", mention.text.strip(), flags=re.I)
        title, rest = self.parse_title(words)
        if rest:
            # Words the title does not cover ("the minister of agriculture"): keep what can be read.
            title.role = title.role or _canonical_role(fold(" ".join(rest)))
        if not title.role:
            return None, "unresolved"
        for draft in self.recent("person"):
            fits = title.country is None or draft.affiliation_code in (None, title.country)
            if draft.role and _role_matches(draft.role, title.role) and fits:
                self.apply_title(draft, title)
                return self.touch(draft, None), "article"
        if title.country:
            holder = self.office_holder(title.country, title.role)
            if holder is not None:
                draft = self.from_entry(holder, None, title)
                draft.role = title.role
                return draft, "title"
        return None, "unresolved"

    def office_holder(self, where: str, role: str) -> Entry | None:
        """Who held `role` for country `where` at the article date: the holder with the latest start wins (the
        dictionaries leave many terms open-ended, and a successor's start closes them)."""
        best: tuple[int, str] | None = None
        found = None
        for entry_id in self.kb.holders.get((where, role), ()):
            entry = self.kb.entries[entry_id]
            for office in entry.offices:
                if (office.country or office.organization) != where or office.role not in (None, role):
                    continue
                if office.sector not in (None, "government") or not office.active(self.year):
                    continue
                key = (office.start or 0, entry.id)
                if best is None or key > best:
                    best, found = key, entry
        return found

    # -- places, organisations, groups --------------------------------------------------------------------------
    def place(self, mention: Mention) -> tuple[_Draft | None, str, bool]:
        # "Houston, Texas" is Houston; "the State of Texas" is Texas.
        text = re.sub(
            r"^(?:the\s+)?(?:state|city|republic|kingdom|province) of\s+", "", _clean_name(mention.text), flags=re.I
        )
        if "," in text and not self.kb.lookup(text, ("country", "place")):
            text = text.split(",", 1)[0].strip()
        key = fold(text)
        if key in self.kb.seats:
            return self.from_entry(self.kb.government(self.kb.seats[key]), text), "knowledge", True
        for entry in self.kb.lookup(text, ("country",)):
            return self.from_entry(entry, text), "knowledge", False
        capital_of = self.capital_of(key)
        if capital_of and mention.speech_subject and mention.label != "LOC":
            return self.from_entry(self.kb.government(capital_of), text), "knowledge", True
        for entry in self.kb.lookup(text, ("place",)):
            return self.from_entry(entry, text), "knowledge", False
        if capital_of:
            return (
                self.new(f"place:{slug(text)}-{capital_of.lower()}", text, "place", text, capital_of),
                "knowledge",
                False,
            )
        person = self.person_named(mention, text)
        if person is not None:
            return person, "article", False
        return self.new("place:" + slug(text), text, "place", text), "new", False

    def capital_of(self, key: str) -> str | None:
        if key in self.kb.capitals:
            return self.kb.capitals[key]
        # "Washington" for "Washington D.C."
        for capital, code in self.kb.capitals.items():
            if capital.startswith(key + " ") and len(key) > 3:
                return code
        return None

    def organization(self, mention: Mention) -> tuple[_Draft | None, str, bool]:
        text = _clean_name(mention.text)
        key = fold(text)
        if key in self.kb.seats:
            return self.from_entry(self.kb.government(self.kb.seats[key]), text), "knowledge", True
        words = key.split()
        if len(words) >= 2 and words[-1] in GOVERNMENT_NOUNS:
            country = self.kb.country_of(" ".join(words[:-1]))
            if country:
                return self.from_entry(self.kb.government(country), text), "knowledge", False
        for entry in self.kb.lookup(text, ("organization",)):
            return self.from_entry(entry, text), "knowledge", False
        for draft in self.recent("organization"):
            # "the Commission" after "the European Commission"; "EC" after it too.
            name = fold(draft.name)
            if name.endswith(" " + key) or _acronym(draft.name) == key.replace(" ", ""):
                return self.touch(draft, text), "article", False
        if mention.label in ("GPE", "FAC"):
            return self.place(mention)
        person = self.person_named(mention, text)
        if person is not None:
            return person, "article", False
        return self.new("org:" + slug(text), text, "organization", text), "new", False

    def group(self, mention: Mention) -> tuple[_Draft | None, str]:
        text = _clean_name(mention.text)
        country = self.kb.country_of(text)
        head = (mention.head or "").strip()
        if country and fold(head) in GOVERNMENT_NOUNS:
            return self.from_entry(self.kb.government(country), f"{text} {head}"), "knowledge"
        if head:
            name = f"{text} {head}"
        elif country:
            name = _plural_demonym(self, text, country)
        else:
            name = text
        if country is None:
            party = self.kb.lookup(re.sub(r"s$", "", text) + " Party", ("organization",))
            if party:
                draft = self.new("group:" + slug(name), name, "group", text)
                draft.affiliation = draft.affiliation or party[0].name
                return draft, "knowledge"
        via = "knowledge" if country else "new"
        return self.new("group:" + slug(name), name, "group", f"{text} {head}".strip(), country), via


def _plural_demonym(resolver: _Resolver, text: str, country: str) -> str:
    """ "Ukrainian" -> "Ukrainians", "French" -> "French": the people of a country as a group."""
    for entry in (resolver.kb.countries[country],):
        plurals = [d for d, c in resolver.kb.demonyms.items() if c == entry.country and d == fold(text) + "s"]
        if plurals:
            return text + "s"
    return text


def _acronym(name: str) -> str:
    return "".join(w[0] for w in fold(name).split() if w not in ("of", "and", "for", "the"))


def _canonical_role(key: str) -> str:
    key = key.replace("secretary general", "secretary-general")
    return {"premier": "prime minister", "spokesman": "spokesperson", "spokeswoman": "spokesperson"}.get(key, key)


def _role_matches(known: str, asked: str) -> bool:
    """ "foreign minister" answers "the minister"; "president" does not answer "vice president"."""
    known, asked = _canonical_role(known), _canonical_role(asked)
    if known == asked:
        return True
    if known.endswith(" " + asked):
        return not known.startswith(("vice ", "deputy ")) and asked in PERSON_ROLE_WORDS
    return False


def resolve_mentions(
    mentions: list[Mention], article_date: str | None = None, knowledge: Knowledge | None = None
) -> list[ResolvedMention]:
    """Every mention of one article -> its canonical actor, in the order given (which should be text order).

    Within the article a short name ("Macron", "Roe") is the person introduced earlier with that name, a nominal
    ("the French president", "the minister") the last person introduced with that role, falling back on who held the
    office at `article_date` (ISO date) in the knowledge file. Across articles the same actor has the same id.
    """
    kb = knowledge if knowledge is not None else load_knowledge()
    resolver = _Resolver(kb, _year(article_date))
    for mention in mentions:
        if mention.label == "PERSON":
            name = fold(_clean_name(mention.text))
            resolver.person_words.update({name, name.split(" ")[-1]} if name else set())
    raw: list[tuple[Mention, _Draft | None, bool, str]] = []
    for mention in mentions:
        if mention.label not in LABELS:
            raise ValueError(f"unknown mention label {mention.label!r} (want one of {', '.join(sorted(LABELS))})")
        metonym = False
        draft: _Draft | None
        if mention.label == "PERSON":
            draft, via = resolver.person(mention)
        elif mention.label == "ROLE":
            draft, via = resolver.role(mention)
        elif mention.label == "NORP":
            draft, via = resolver.group(mention)
        elif mention.label == "ORG":
            draft, via, metonym = resolver.organization(mention)
        elif mention.label == "FAC":
            draft, via, metonym = (
                resolver.organization(mention) if fold(mention.text) in kb.seats else resolver.place(mention)
            )
        else:
            draft, via, metonym = resolver.place(mention)
        raw.append((mention, draft, metonym, via))
    # Actors are built once the article is read, so every mention of one actor carries all its aliases.
    actors = {d.id: _actor(d) for d in resolver.drafts.values()}

    def final(draft_id: str) -> Actor:
        while draft_id in resolver.redirects:
            draft_id = resolver.redirects[draft_id]
        return actors[draft_id]

    return [
        ResolvedMention(mention, final(draft.id) if draft else None, metonym, via if draft else "unresolved")
        for mention, draft, metonym, via in raw
    ]


def _actor(draft: _Draft) -> Actor:
    return Actor(
        name=draft.name,
        kind=draft.kind,
        aliases=tuple(sorted(draft.aliases)),
        affiliation=draft.affiliation,
        role=draft.role,
        id=draft.id,
    )


__all__ = ["HEAD_ROLES", "LABELS", "Mention", "ResolvedMention", "parse_title", "resolve_mentions"]
