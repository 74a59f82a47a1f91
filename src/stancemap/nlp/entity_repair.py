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
5. a PERSON followed directly by capitalised proper nouns takes them ("Maria" + "Esteves").

Roles are not lost by rule 1: the attribution and actor code read a speaker's role from the tokens before the name.
"""

from __future__ import annotations

from collections import deque
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
    organization organisation army navy force forces guard police orchestra club"""
)
HEADS = FACILITY_HEADS | INSTITUTION_HEADS
# Words inside a name that join capitalised words ("Court of Appeals", "Museum of the U.S. Air Force").
_INNER = frozenset({"of", "for", "de", "&"})
# An entity that ends in one of these is unfinished: the name goes on after it.
_TRAILING = frozenset({"of", "for", "and", "&", "de", "-"})
# Capitalised proper nouns that follow a name without being part of it ("Maria Esteves Monday").
_NOT_NAMES = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december"""
)

__all__ = ["FACILITY_HEADS", "INSTITUTION_HEADS", "EntityRepair", "repair_entities"]


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

    def __init__(self, doc: Doc, titles: frozenset[str]) -> None:
        self.doc = doc
        self.titles = titles
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
        heads = [i for i in range(entity.end, run_end) if _word(doc[i]) in HEADS]
        if not heads:
            return False
        head = heads[-1]
        # The head's own complement stays with it: "Court of Appeals", "Museum of Flight", "Centre for Disarmament".
        entity.end = run_end if head + 1 < run_end and doc[head + 1].lower_ in ("of", "for") else head + 1
        return True

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
            word = _word(token)
            if not (
                token.pos_ == "PROPN"
                and _capitalised(token)
                and last.whitespace_
                and word not in self.titles
                and word not in HEADS
                and word not in _NOT_NAMES
                and not token.is_sent_start
                and token.ent_type_ in ("", "PERSON")
            ):
                return
            following = doc[entity.end + 1] if entity.end + 1 < limit else None
            is_initial = len(token) == 2 and token.text.endswith(".")
            if following is not None and _capitalised(following) and token.whitespace_ and not is_initial:
                return
            entity.end += 1

    def relabel(self, entity: _Entity) -> None:
        """An organisation or place named by its head noun takes the head's label (rules 3 and 4)."""
        heads = [t for t in self.doc[entity.start : entity.end] if _word(t) in HEADS and _capitalised(t)]
        if heads:
            entity.label = "LOC" if _word(heads[-1]) in FACILITY_HEADS else "ORG"

    def run(self) -> list[Span]:
        doc = self.doc
        pending = deque(_Entity(e.start, e.end, e.label_) for e in doc.ents)
        done: list[_Entity] = []
        while pending:
            entity = self.cut_titles(pending.popleft())
            if entity is None:
                continue
            limit = self.sentence_end(entity.start)
            self.join_hyphens(entity)
            grown = self.finish_trailing(entity, limit)
            grown = self.take_head(entity, limit) or grown
            if grown or _word(doc[entity.end - 1]) in HEADS:
                self.relabel(entity)
            if entity.label == "PERSON":
                self.extend_person(entity, limit)
            # The entity swallows the ones it now overlaps, on either side.
            while pending and pending[0].start < entity.end:
                entity.end = max(entity.end, pending.popleft().end)
            while done and done[-1].end > entity.start:
                entity.start = min(entity.start, done.pop().start)
            done.append(entity)
        return [Span(doc, e.start, e.end, label=e.label) for e in done]


def repair_entities(doc: Doc, titles: Iterable[str]) -> list[Span]:
    """The document's entities with the rules of this module applied; ``titles`` are lower-case title and role
    words without dots ("mr", "senator")."""
    return _Repair(doc, frozenset(titles)).run()


class EntityRepair:
    """The pipeline component (factory ``stancemap_entity_repair_v1``, after ``ner``). Needs: entities, POS tags
    and sentences. Sets: ``doc.ents``."""

    def __init__(self, titles: Iterable[str]) -> None:
        self.titles = frozenset(titles)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = repair_entities(doc, self.titles)
        return doc
