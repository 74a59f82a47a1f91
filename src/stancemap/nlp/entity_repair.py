"""Rules that repair the recogniser's entity spans where its errors are systematic (docs/model.md, "Entity repair").

The shipped pipeline runs a place-name ruler before the statistical NER, and the NER tags around the places it
set, so it cuts institution names at them ("University of" ORG + "Copenhagen" GPE); it also stops names at hyphens
("Mof" + "-Ávvi"), keeps titles in person names ("Mr. Jones", where our gold, like OntoNotes, marks "Jones") and
sometimes drops a surname after a title ("Councillor Maria Esteves" -> "Councillor Maria"). The rules below are
general and linguistic, keyed on function words, capitalisation, part of speech and a list of institution and
facility head nouns, never on particular names:

1. a title or role word leading a PERSON is cut off (what counts as a title is the training converter's list, passed
   in by ``training/train.py``); a PERSON made only of titles is dropped; a title inside another entity, followed by
   capitalised proper nouns to its end ("U.S. Senator John Cornyn" as ORG), makes those nouns the PERSON;
2. a hyphen with no space either side joins the capitalised words around it ("Mof-Ávvi", "Sea-Air-Space");
3. an entity ending in a function word ("of", "of the", "for", "and", "&", a hyphen) takes the capitalised words and
   entities after it ("University of" + "Copenhagen");
4. an entity followed by capitalised words that end in an institution or facility head noun becomes that
   organisation or place ("Prague" + "Conservatory", "Johnson" + "Space Center"), labelled by the head: a facility
   (museum, airport, centre, station, square, ...) is LOC, an institution (university, society, court, ...) ORG;
5. a PERSON followed directly by capitalised proper nouns takes them ("Maria" + "Esteves"), unless the noun names a
   thing after the person ("the Okafor Prize");
6. document consistency: a name tagged in several places takes its majority label at the mentions tagged otherwise
   (``relabel``: "Talvik" GPE, GPE, PERSON -> GPE three times); the optional ``consistency`` also tags its untagged
   mentions;
7. (optional, ``short_names``) a surname alone after the person's full name is that person;
8. proper nouns ending in a landform head noun (river, bay, island, lake, ...) are a place, LOC, tagged or not
   (``landforms``: "Velsa" GPE + "Bay", "Korrin Island");
9. untagged proper nouns right after an untagged capitalised title word are a person (``titled``: "Prime Minister
   Jane Roe said", where the recogniser, trained on GUM's few titled names, tags nothing).

Each rule has a name (``RULES`` are the shipped ones, ``OPTIONAL_RULES`` measured and left out); their figures on
GUM dev, train and test and UNER test, one by one, are in docs/model.md ("checked on GUM dev"), by
``bench/ner_rules.py``.

Roles are not lost by rule 1: the attribution and actor code read a speaker's role from the tokens before the name.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from stancemap.actors.knowledge import word_set

# Head nouns of facilities: GUM (and so our gold) files a named facility as a place, LOC.
FACILITY_HEADS = word_set(
    """museum center centre airport station stadium arena hall square street avenue road bridge tower palace hotel
    theater theatre library hospital park plaza cathedral church temple castle building complex memorial monument
    gallery garden gardens terminal harbor harbour port zoo"""
)
# Head nouns of institutions, ORG.
INSTITUTION_HEADS = word_set(
    """university college academy institute institution conservatory school society association federation union
    league council committee commission court tribunal agency authority bureau department ministry office service
    parliament assembly congress senate board party bank company corporation corp inc ltd foundation fund trust
    organization organisation army navy force forces guard police orchestra club minerals mining holdings industries
    airlines airways motors petroleum pharmaceuticals logistics enterprises ventures plc llc"""
)
HEADS = FACILITY_HEADS | INSTITUTION_HEADS
# Head nouns of natural places, LOC as GUM files them ("Velsa Bay", "Korrin River"; rule 8).
LANDFORM_HEADS = word_set(
    """river rivers bay island islands sea ocean lake lakes mountains valley desert peninsula gulf strait coast
    canyon creek falls hills glacier archipelago reef"""
)
# Words inside a name that join capitalised words ("Court of Appeals", "Museum of the U.S. Air Force").
_INNER = frozenset({"of", "for", "de", "&"})
# An entity that ends in one of these is unfinished: the name goes on after it.
_TRAILING = frozenset({"of", "for", "and", "&", "de", "-"})
# Capitalised proper nouns that follow a name without being part of it ("Maria Esteves Monday"), and the nouns of
# things named after a person ("the Okafor Prize", "the Reyes Award", "Hamid Mosque"; diagnosed on GUM train).
_NOT_NAMES = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december award awards prize medal trophy cup festival plan podcast mosque lecture
    fellowship scholarship theorem law effect syndrome disease"""
)
# Capitalised common words that a document names things by without their being names ("this Nation", "US-412
# East"): never spread to other mentions alone.
_COMMON_CAPITALISED = word_set("north south east west northern southern eastern western state nation country")

# The rules by name, in the order they run; each can be left out (``bench/ner_rules.py`` measures them one by one).
RULES = ("titles", "hyphens", "trailing", "heads", "surname", "relabel", "landforms", "titled")
# Rules measured but not in the shipped set (see docs/model.md, "checked on GUM dev").
OPTIONAL_RULES: tuple[str, ...] = ("consistency", "short_names")

__all__ = [
    "FACILITY_HEADS",
    "INSTITUTION_HEADS",
    "LANDFORM_HEADS",
    "OPTIONAL_RULES",
    "RULES",
    "EntityRepair",
    "repair_entities",
]


def _word(token: Token) -> str:
    """The form the word lists use: lower case, no trailing dot ("Mr." -> "mr")."""
    return token.lower_.rstrip(".")


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _glued(left: Token, right: Token) -> bool:
    """No space between two neighbouring tokens."""
    return right.i == left.i + 1 and not left.whitespace_


@dataclass
class _Entity:
    start: int
    end: int
    label: str


class _Repair:
    """One document's entities, repaired left to right; each rule moves the current entity's edges."""

    def __init__(self, doc: Doc, titles: frozenset[str], rules: frozenset[str]) -> None:
        self.doc = doc
        self.titles = titles
        self.rules = rules
        self.surnames: set[str] = set()
        self.heads = HEADS | LANDFORM_HEADS if "landforms" in rules else HEADS
        self.has_sents = doc.has_annotation("SENT_START")

    def sentence_end(self, i: int) -> int:
        return self.doc[i].sent.end if self.has_sents else len(self.doc)

    def name_run(self, start: int, limit: int) -> int:
        """The end of the run of capitalised words from ``start`` (joined by "of", "of the", "for", "&" or a glued
        hyphen), stopping before a title word; never ends on a joining word."""
        doc = self.doc
        end = j = start
        while j < limit:
            token = doc[j]
            if _capitalised(token) and _word(token) not in self.titles and not token.is_sent_start:
                j += 1
                end = j
                continue
            if j == start:
                break
            if token.lower_ in _INNER or (token.text == "-" and j + 1 < limit and _glued(doc[j - 1], token)):
                step = 2 if token.lower_ == "of" and j + 1 < limit and doc[j + 1].lower_ == "the" else 1
                if j + step < limit and _capitalised(doc[j + step]):
                    j += step
                    continue
            break
        return end

    def cut_titles(self, entity: _Entity) -> _Entity | None:
        """Rule 1."""
        doc = self.doc
        titles = [i for i in range(entity.start, entity.end) if _word(doc[i]) in self.titles]
        if not titles:
            return entity
        last = titles[-1]
        if entity.label == "PERSON":
            if len(titles) == entity.end - entity.start:
                return None  # 'Mr. President': a role, nobody named
            # Titles before a name go; a title word ending the name stays ('John Major').
            leading = [i for i in titles if i + 1 < entity.end and i + 1 not in titles]
            return _Entity(leading[-1] + 1, entity.end, "PERSON") if leading else entity
        rest = doc[last + 1 : entity.end]
        if (
            last > entity.start
            and len(rest)
            and all(t.pos_ == "PROPN" and _capitalised(t) and _word(t) not in HEADS for t in rest)
        ):
            return _Entity(last + 1, entity.end, "PERSON")
        return entity

    def join_hyphens(self, entity: _Entity) -> None:
        """Rule 2: a word glued to the entity by a hyphen joins it, unless that word is part of another entity
        ("Earth-Moon", two places) or the entity is a group ("Italian-American", two nationalities)."""
        doc = self.doc
        if entity.label == "NORP":
            return

        def joins(word: Token, hyphen: Token) -> bool:
            return (
                hyphen.text == "-"
                and _glued(doc[min(word.i, hyphen.i)], doc[max(word.i, hyphen.i)])
                and _capitalised(word)
                and len(word) > 1
                and not word.ent_type_
            )

        while entity.end + 1 < len(doc) and _glued(doc[entity.end - 1], doc[entity.end]):
            if not joins(doc[entity.end + 1], doc[entity.end]):
                break
            entity.end += 2
        while entity.start >= 2 and _glued(doc[entity.start - 1], doc[entity.start]):
            if not joins(doc[entity.start - 2], doc[entity.start - 1]):
                break
            entity.start -= 2

    def finish_trailing(self, entity: _Entity, limit: int) -> bool:
        """Rule 3; True when the entity grew."""
        doc = self.doc
        last = doc[entity.end - 1]
        unfinished = last.lower_ in _TRAILING or (last.text.endswith("-") and len(last) > 1)
        after = entity.end
        if last.lower_ == "the" and entity.end - entity.start > 1 and doc[entity.end - 2].lower_ == "of":
            unfinished = True
        if not unfinished or after >= limit:
            return False
        if last.text.endswith("-") and not _glued(last, doc[after]):
            return False
        end = self.name_run(after, limit)
        if end == after:
            return False
        entity.end = end
        return True

    def take_head(self, entity: _Entity, limit: int) -> bool:
        """Rule 4; True when the entity grew."""
        doc = self.doc
        run_end = self.name_run(entity.end, limit)
        heads = [i for i in range(entity.end, run_end) if _word(doc[i]) in self.heads]
        if not heads:
            return False
        head = heads[-1]
        # The head's own complement stays with it: "Court of Appeals", "Museum of Flight", "Centre for Disarmament".
        entity.end = run_end if head + 1 < run_end and doc[head + 1].lower_ in ("of", "for") else head + 1
        return True

    def name_word(self, token: Token) -> bool:
        """A word that can go on a person's name (rules 5 and 9): a capitalised proper noun inside its sentence that
        is no title, head noun, weekday, month or thing named after someone."""
        word = _word(token)
        return (
            token.pos_ == "PROPN"
            and _capitalised(token)
            and not token.is_sent_start
            and word not in self.titles
            and word not in self.heads
            and word not in _NOT_NAMES
        )

    def extend_person(self, entity: _Entity, limit: int) -> None:
        """Rule 5, for a lone first name or a name ending in an initial ("Maria" + "Esteves", "George W." +
        "Bush"), over a proper noun that does not start a longer capitalised run (an organisation after a name in
        a signature: "Sara Shackleton Enron Wholesale Services")."""
        doc = self.doc
        while entity.end < limit:
            last = doc[entity.end - 1]
            initial = len(last) == 2 and last.text.endswith(".")
            if entity.end - entity.start > 1 and not initial:
                return
            token = doc[entity.end]
            if not (self.name_word(token) and last.whitespace_ and token.ent_type_ in ("", "PERSON")):
                return
            following = doc[entity.end + 1] if entity.end + 1 < limit else None
            is_initial = len(token) == 2 and token.text.endswith(".")
            if following is not None and _capitalised(following) and token.whitespace_ and not is_initial:
                return
            entity.end += 1

    def relabel(self, entity: _Entity) -> None:
        """An organisation or place named by its head noun takes the head's label (rules 3, 4 and 8)."""
        heads = [t for t in self.doc[entity.start : entity.end] if _word(t) in self.heads and _capitalised(t)]
        if heads:
            entity.label = "ORG" if _word(heads[-1]) in INSTITUTION_HEADS else "LOC"

    def run(self) -> list[Span]:
        doc = self.doc
        pending = deque(_Entity(e.start, e.end, e.label_) for e in doc.ents)
        done: list[_Entity] = []
        while pending:
            rules = self.rules
            cut = self.cut_titles(pending.popleft()) if "titles" in rules else pending.popleft()
            if cut is None:
                continue
            entity = cut
            limit = self.sentence_end(entity.start)
            if "hyphens" in rules:
                self.join_hyphens(entity)
            grown = "trailing" in rules and self.finish_trailing(entity, limit)
            grown = ("heads" in rules and self.take_head(entity, limit)) or grown
            if grown or ("heads" in rules and _word(doc[entity.end - 1]) in self.heads):
                self.relabel(entity)
            if entity.label == "PERSON" and "surname" in rules:
                self.extend_person(entity, limit)
            # The entity swallows the ones it now overlaps, on either side.
            while pending and pending[0].start < entity.end:
                entity.end = max(entity.end, pending.popleft().end)
            while done and done[-1].end > entity.start:
                entity.start = min(entity.start, done.pop().start)
            done.append(entity)
        if "landforms" in self.rules:
            done = self.tag_landforms(done)
        if "titled" in self.rules:
            done = self.tag_titled_names(done)
        if {"consistency", "relabel", "short_names"} & self.rules:
            done = self.propagate(done)
        return [Span(doc, e.start, e.end, label=e.label) for e in done]

    def tag_landforms(self, entities: list[_Entity]) -> list[_Entity]:
        """Rule 8, where the recogniser tagged nothing: proper nouns ending in a landform head noun are a place,
        LOC ("Korrin Island"); the head must end the capitalised run ("Tarn Bay Rovers", a team, is no bay) and
        follow at least one proper noun of the name ("The Island" is none)."""
        doc = self.doc
        tagged = {i for e in entities for i in range(e.start, e.end)}
        found: list[_Entity] = []
        for head in doc:
            i = head.i
            if i in tagged or _word(head) not in LANDFORM_HEADS or not _capitalised(head) or head.is_sent_start:
                continue
            after = doc[i + 1] if i + 1 < len(doc) else None
            if after is not None and _capitalised(after) and after.is_alpha and not after.is_sent_start:
                continue
            start = i
            while start > 0 and start - 1 not in tagged:
                token = doc[start - 1]
                if not (token.pos_ == "PROPN" and _capitalised(token) and _word(token) not in self.titles):
                    break
                start -= 1
                if token.is_sent_start:
                    break
            if start < i:
                found.append(_Entity(start, i + 1, "LOC"))
        return sorted(entities + found, key=lambda e: e.start)

    def tag_titled_names(self, entities: list[_Entity]) -> list[_Entity]:
        """Rule 9, where the recogniser tagged nothing: the proper nouns right after a capitalised title word are a
        person ("Prime Minister Jane Roe said": the title and the name untagged, the name is PERSON). The run
        stops at a word that is no proper noun, at a title, head noun or date word, and at a sentence start; a run
        followed by a capitalised word is left alone (it may name a thing: "Senator Ruiz Fellowship")."""
        doc = self.doc
        tagged = {i for e in entities for i in range(e.start, e.end)}
        found: list[_Entity] = []
        i = 0
        while i < len(doc) - 1:
            title = doc[i]
            if i in tagged or _word(title) not in self.titles or not _capitalised(title):
                i += 1
                continue
            end = i + 1
            while end < len(doc) and end not in tagged and self.name_word(doc[end]):
                end += 1
            after = doc[end] if end < len(doc) else None
            runs_on = after is not None and (
                end in tagged or (_capitalised(after) and after.is_alpha and not after.is_sent_start)
            )
            if end > i + 1 and not runs_on:
                found.append(_Entity(i + 1, end, "PERSON"))
            i = max(end, i + 1)
        return sorted(entities + found, key=lambda e: e.start)

    def mention_names(self, entities: list[_Entity]) -> dict[tuple[str, ...], Counter[str]]:
        """The names to look for elsewhere in the document, each with its labels' votes: every entity's words
        (rule 6), and a person's surname alone (rule 7)."""
        doc = self.doc
        names: dict[tuple[str, ...], Counter[str]] = {}
        for entity in entities:
            words = tuple(t.text for t in doc[entity.start : entity.end])
            if (
                {"consistency", "relabel"} & self.rules
                and _capitalised(doc[entity.start])
                and _capitalised(doc[entity.end - 1])
            ):
                names.setdefault(words, Counter())[entity.label] += 1
            if "short_names" in self.rules and entity.label == "PERSON" and len(words) > 1:
                surname = doc[entity.end - 1]
                if surname.is_alpha and _capitalised(surname) and len(surname) > 1 and self.one_word_name(surname):
                    names.setdefault((surname.text,), Counter())["PERSON"] += 1
                    self.surnames.add(surname.text)
        return names

    def propagate(self, entities: list[_Entity]) -> list[_Entity]:
        """Rules 6 and 7, over the whole document: a name tagged somewhere takes its majority label at its other
        mentions, untagged or tagged alike with another label; a surname alone after the full name is that
        person. A mention must be the whole capitalised run it stands in (not "Roe" of "Roe Street"), and a
        one-word mention that opens a sentence must be a proper noun (not "Turkey" for "turkey")."""
        doc = self.doc
        names = self.mention_names(entities)
        if not names:
            return entities
        owner = {i: k for k, e in enumerate(entities) for i in range(e.start, e.end)}
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in sorted(names, key=len, reverse=True):
            by_first.setdefault(words[0], []).append(words)
        found: list[_Entity] = []
        relabel: dict[int, str] = {}
        i = 0
        while i < len(doc):
            for words in by_first.get(doc[i].text, []):
                end = i + len(words)
                if end > len(doc) or tuple(t.text for t in doc[i:end]) != words:
                    continue
                label, votes = names[words].most_common(1)[0]
                if list(names[words].values()).count(votes) > 1:
                    continue  # a tie: no majority
                tagged = {owner.get(j) for j in range(i, end)}
                if tagged == {None}:
                    spread = "consistency" in self.rules or words[0] in self.surnames
                    if spread and self.standalone(i, end):
                        found.append(_Entity(i, end, label))
                        i = end - 1
                        break
                elif len(tagged) == 1 and "relabel" in self.rules:
                    k = next(iter(tagged))
                    assert k is not None
                    if (entities[k].start, entities[k].end) == (i, end) and entities[k].label != label:
                        relabel[k] = label
            i += 1
        for k, label in relabel.items():
            entities[k].label = label
        return sorted(entities + found, key=lambda e: e.start)

    def standalone(self, start: int, end: int) -> bool:
        """The words from start to end are a whole name where they stand, outside any longer capitalised run."""
        doc = self.doc
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and not doc[start].is_sent_start and _capitalised(before) and before.is_alpha:
            return False
        if after is not None and not after.is_sent_start and _capitalised(after) and after.is_alpha:
            return False
        return end - start > 1 or self.one_word_name(doc[start])

    def one_word_name(self, token: Token) -> bool:
        """A one-word mention spreads only if it is a proper noun and no title (nor plural of one), head noun or
        common capitalised word: "Senators", "Union", "Terminal", "East" are not names alone."""
        word = _word(token)
        return (
            token.pos_ == "PROPN"
            and word not in self.titles
            and word.removesuffix("s") not in self.titles
            and word not in HEADS
            and word not in _COMMON_CAPITALISED
        )


def repair_entities(doc: Doc, titles: Iterable[str], rules: Iterable[str] = RULES) -> list[Span]:
    """The document's entities with the rules of this module applied; ``titles`` are lower-case title and role
    words without dots ("mr", "senator"); ``rules``: the names in ``RULES`` to apply."""
    return _Repair(doc, frozenset(titles), frozenset(rules)).run()


class EntityRepair:
    """The pipeline component (factory ``stancemap_entity_repair_v1``, after ``ner``). Needs: entities, POS tags
    and sentences. Sets: ``doc.ents``."""

    def __init__(self, titles: Iterable[str], rules: Iterable[str] = RULES) -> None:
        self.titles = frozenset(titles)
        self.rules = tuple(rules)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = repair_entities(doc, self.titles, self.rules)
        return doc
