"""Readers for the shared treebanks and the mapping of their entity layers onto our NER labels.

Everything here reads ``../shared/data`` at run time and returns spaCy ``Doc`` objects; nothing from the data is
copied into the repository. The label mapping is documented in ``docs/model.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from spacy.tokens import Doc
from spacy.vocab import Vocab

from stancemap.actors.knowledge import PERSON_ROLE_WORDS, word_set
from stancemap.nlp.normalize import normalise_quotes

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")

# Words that make a named GUM ``place`` a natural location or facility (LOC) rather than a political unit (GPE).
LOC_WORDS = frozenset(
    [
        "river",
        "rivers",
        "mount",
        "mountain",
        "mountains",
        "mt",
        "lake",
        "lakes",
        "ocean",
        "sea",
        "gulf",
        "bay",
        "island",
        "islands",
        "isle",
        "peninsula",
        "valley",
        "canyon",
        "desert",
        "forest",
        "park",
        "beach",
        "coast",
        "strait",
        "channel",
        "falls",
        "glacier",
        "reef",
        "cape",
        "basin",
        "plateau",
        "hill",
        "hills",
        "street",
        "st",
        "road",
        "avenue",
        "ave",
        "square",
        "bridge",
        "museum",
        "church",
        "cathedral",
        "hall",
        "tower",
        "palace",
        "station",
        "airport",
        "stadium",
        "centre",
        "center",
        "hotel",
        "castle",
        "temple",
        "building",
        "library",
        "university",
        "college",
        "school",
        "hospital",
        "zoo",
        "garden",
        "gardens",
        "monument",
        "memorial",
        "market",
        "mall",
        "theatre",
        "theater",
        "arena",
        "plaza",
        "highway",
        "route",
        "trail",
        "pass",
        "region",
    ]
)
# Continents and large regions are LOC in the OntoNotes convention that downstream users expect.
REGIONS = frozenset(
    [
        "europe",
        "asia",
        "africa",
        "antarctica",
        "oceania",
        "america",
        "americas",
        "arctic",
        "antarctic",
        "caribbean",
        "balkans",
        "scandinavia",
        "mediterranean",
        "siberia",
        "sahara",
        "amazon",
    ]
)
# Adjectives and plural nouns for parties and creeds; nationalities come from the countries file's demonyms.
GROUP_WORDS = frozenset(
    [
        "republican",
        "republicans",
        "democrat",
        "democrats",
        "democratic",
        "conservative",
        "conservatives",
        "liberal",
        "liberals",
        "labour",
        "socialist",
        "socialists",
        "communist",
        "communists",
        "christian",
        "christians",
        "muslim",
        "muslims",
        "jewish",
        "jews",
        "catholic",
        "catholics",
        "protestant",
        "protestants",
        "islamic",
        "hindu",
        "hindus",
        "buddhist",
        "buddhists",
        "sunni",
        "shia",
        "shiite",
        "shiites",
        "asian",
        "asians",
        "hispanic",
        "hispanics",
        "latino",
        "latinos",
        "latina",
        "latinas",
        "islander",
        "islanders",
    ]
)


# Titles and roles written before a name ("NASA Administrator Charles Bolden", "U.S. Senator John Cornyn"): the
# person's name is what follows the last of them, as OntoNotes-style NER marks it; a mention made only of such words
# ("Petitioner", "the Governor", "Mother") names nobody. The news role words the actor resolver knows, plus ranks,
# honorifics, court roles and kin words.
PERSON_TITLE_WORDS = PERSON_ROLE_WORDS | word_set(
    """mp mep attorney major colonel col lieutenant lt captain capt sergeant sgt corporal admiral adm private
    marshal mr mrs ms miss dr prof professor sir dame lord lady rev reverend pastor bishop archbishop cardinal pope
    rabbi imam sheikh emperor empress prince princess duke duchess count countess baron baroness sen rep gov
    petitioner appellant appellee respondent defendant plaintiff counsel rector provost chancellor principal
    mother father mom dad grandmother grandfather aunt uncle sister brother son daughter wife husband
    individual mankind humanity councillor councilor councilman councilwoman alderman"""
)
# Pronunciation guides GUM marks as the person ("d(ə)ˈvɔːrʒɑːk"): IPA letters and stress marks.
_IPA = re.compile(r"[\u0250-\u02ff\u1d00-\u1dbf()]")


def person_name(words: list[Word], left: int, right: int) -> tuple[int, int] | None:
    """The person's name inside a PERSON span: the words after its last title ('NASA Administrator Charles Bolden'
    -> 'Charles Bolden'); None when only titles or role words remain ('Petitioner') or it is a pronunciation."""
    if any(_IPA.search(w.form) for w in words[left:right]):
        return None
    titles = [i for i in range(left, right) if words[i].form.lower().rstrip(".") in PERSON_TITLE_WORDS]
    if titles and titles[-1] == right - 1:
        return None  # 'Mr. President', 'State Department Spokesperson': a role, not a name
    return (titles[-1] + 1 if titles else left, right)


@dataclass
class Word:
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int  # 1-based within the sentence, 0 = root
    deprel: str
    space_after: bool
    misc: str
    head_index: int = -1  # 0-based within a chunk, filled by gum_entity_tags


@dataclass
class Sentence:
    sent_id: str
    doc_id: str
    words: list[Word] = field(default_factory=list)


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Yield sentences of a CoNLL-U file; multiword tokens give their SpaceAfter to their last word."""
    doc_id = ""
    sentence: Sentence | None = None
    mwt_end = 0
    mwt_space = True
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if line.startswith("# newdoc id"):
            doc_id = line.split("=", 1)[1].strip()
        elif line.startswith("# sent_id"):
            sentence = Sentence(sent_id=line.split("=", 1)[1].strip(), doc_id=doc_id)
            mwt_end = 0
        elif not line:
            if sentence is not None and sentence.words:
                yield sentence
            sentence = None
        elif line.startswith("#"):
            continue
        else:
            cols = line.split("\t")
            if sentence is None:
                sentence = Sentence(sent_id=f"{path.stem}-{len(line)}", doc_id=doc_id)
            if "-" in cols[0]:
                mwt_end = int(cols[0].split("-")[1])
                mwt_space = "SpaceAfter=No" not in cols[9]
                continue
            if "." in cols[0]:
                continue  # empty nodes of the enhanced graph
            index = int(cols[0])
            if index < mwt_end:
                space = False
            elif index == mwt_end:
                space = mwt_space
            else:
                space = "SpaceAfter=No" not in cols[9]
            sentence.words.append(
                Word(cols[1], cols[2], cols[3], cols[4], cols[5], int(cols[6]), cols[7], space, cols[9])
            )
    if sentence is not None and sentence.words:
        yield sentence


def sent_ids(path: Path) -> set[str]:
    return {s.sent_id for s in read_conllu(path)}


def make_doc(vocab: Vocab, sentences: list[Sentence], ents: list[str] | None = None, *, trees: bool = True) -> Doc:
    """One Doc from consecutive sentences; ``trees=False`` keeps only words (and entities) for NER-only data."""
    words: list[str] = []
    spaces: list[bool] = []
    heads: list[int] = []
    deps: list[str] = []
    tags: list[str] = []
    pos: list[str] = []
    morphs: list[str] = []
    lemmas: list[str] = []
    for sentence in sentences:
        offset = len(words)
        for i, word in enumerate(sentence.words):
            words.append(normalise_quotes(word.form))
            last = i == len(sentence.words) - 1
            spaces.append(word.space_after or last)
            heads.append(offset + (word.head - 1 if word.head else i))
            deps.append("ROOT" if word.deprel == "root" else word.deprel)
            tags.append(word.xpos if word.xpos != "_" else "")
            pos.append(word.upos)
            morphs.append("" if word.feats == "_" else word.feats)
            lemmas.append(normalise_quotes(word.lemma) if word.lemma != "_" else "")
    if spaces:
        spaces[-1] = False
    if not trees:
        return Doc(vocab, words=words, spaces=spaces, ents=ents)
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        tags=tags,
        pos=pos,
        morphs=morphs,
        lemmas=lemmas,
        ents=ents,
    )


def chunks(sentences: Iterable[Sentence], size: int) -> Iterator[list[Sentence]]:
    """Group sentences into runs of at most ``size`` that never cross a document boundary."""
    run: list[Sentence] = []
    for sentence in sentences:
        if run and (len(run) >= size or sentence.doc_id != run[-1].doc_id):
            yield run
            run = []
        run.append(sentence)
    if run:
        yield run


# --- gazetteers derived from the countries file (ODbL; see NOTICE) ---------------------------------------------


@dataclass(frozen=True)
class Gazetteer:
    countries: frozenset[str]  # lower-cased names, official names and alternative spellings
    capitals: frozenset[str]
    demonyms: frozenset[str]


def load_gazetteer(shared: Path) -> Gazetteer:
    rows = json.loads((shared / "data" / "actors" / "countries.json").read_text(encoding="utf-8"))
    countries: set[str] = set()
    capitals: set[str] = set()
    demonyms: set[str] = set()
    for row in rows:
        countries.add(row["name"]["common"].lower())
        countries.add(row["name"]["official"].lower())
        countries.update(alt.lower() for alt in row.get("altSpellings", []) if len(alt) > 3)
        capitals.update(c.lower() for c in row.get("capital", []))
        eng = row.get("demonyms", {}).get("eng", {})
        demonyms.update(d.lower() for d in eng.values() if d)
    demonyms.update(d + "s" for d in list(demonyms) if d.endswith("an"))
    return Gazetteer(frozenset(countries), frozenset(capitals), frozenset(demonyms))


# --- GUM entity layer --------------------------------------------------------------------------------------------


@dataclass
class Mention:
    start: int  # token index within the chunk
    end: int  # exclusive
    etype: str
    identity: str


def _parse_entity_field(value: str) -> Iterator[tuple[str, str, str, str]]:
    """Split a GUM ``Entity=`` value into ('open'|'close'|'single', id, type, identity) events."""
    for match in re.finditer(r"\(([^()]*)\)?|(\d+)\)", value):
        if match.group(2):
            yield ("close", match.group(2), "", "")
            continue
        body = match.group(1)
        parts = body.split("-")
        ent_id, etype = parts[0], parts[1] if len(parts) > 1 else ""
        # GRP-etype-infstat-salience-centering-minspan-link-identity; identities may contain hyphens
        identity = "-".join(parts[7:])
        kind = "single" if match.group(0).endswith(")") else "open"
        yield (kind, ent_id, etype, unquote(identity).replace("_", " "))


def gum_mentions(sentences: list[Sentence]) -> list[Mention]:
    mentions: list[Mention] = []
    stacks: dict[str, list[tuple[int, str, str]]] = {}
    index = 0
    for sentence in sentences:
        for word in sentence.words:
            for item in word.misc.split("|"):
                if not item.startswith("Entity="):
                    continue
                for kind, ent_id, etype, identity in _parse_entity_field(item[len("Entity=") :]):
                    if kind == "single":
                        mentions.append(Mention(index, index + 1, etype, identity))
                    elif kind == "open":
                        stacks.setdefault(ent_id, []).append((index, etype, identity))
                    elif stacks.get(ent_id):
                        start, etype_open, identity_open = stacks[ent_id].pop()
                        mentions.append(Mention(start, index + 1, etype_open, identity_open))
            index += 1
    return mentions


def _name_span(
    words: list[Word], start: int, end: int, joiners: bool = True, identity: str = ""
) -> tuple[int, int] | None:
    """The run of proper-noun tokens around the mention's head, e.g. 'the University of Sydney' -> 'University of
    Sydney'; when the head is a common noun, the name in apposition to it ('the critic Eduard Hanslick' ->
    'Eduard Hanslick'); None when the mention has no name of its own. People's names take no joiners: 'Lena Okafor
    of Brindale' is a person and a place."""
    inside = set(range(start, end))
    head = next((i for i in inside if words[i].head_index not in inside), None)
    if head is None:
        return None
    if words[head].upos != "PROPN":
        # 'the prominent critic Eduard Hanslick': a common-noun head with the entity's own name in apposition (or
        # as the mention's linked identity). A name merely attached to the head ('the Trump administration',
        # 'the mayor of Paris') is another entity, so only appositions and identity matches count.
        return _named_apposition(words, head, start, end, identity)
    left = head
    while left - 1 >= start and (_name_word(words[left - 1]) or (joiners and _joiner(words, left - 1, start, end))):
        left -= 1
    right = head + 1
    while right < end and (_name_word(words[right]) or (joiners and _joiner(words, right, start, end))):
        right += 1
    while left < right and not _name_word(words[left]):
        left += 1
    while right > left and not _name_word(words[right - 1]):
        right -= 1
    return (left, right) if left < right else None


def _named_apposition(words: list[Word], head: int, start: int, end: int, identity: str) -> tuple[int, int] | None:
    """The name around the first proper noun that is an apposition (or flat part) of the common-noun head, or else
    a run of name words spelling the mention's linked identity ('Eduard Hanslick')."""
    for i in range(start, end):
        if (
            words[i].upos == "PROPN"
            and words[i].head_index == head
            and words[i].deprel.split(":")[0] in {"appos", "flat"}
        ):
            return _attached_name(words, i, start, end)
    wanted = re.sub(r"[^\w]+", " ", identity).strip().lower()
    for i in range(start, end):
        if words[i].upos != "PROPN":
            continue
        if wanted and (i == start or not _name_word(words[i - 1])):
            right = i
            while right < end and _name_word(words[right]):
                right += 1
            run = re.sub(r"[^\w]+", " ", " ".join(w.form for w in words[i:right])).strip().lower()
            if run == wanted:
                return (i, right)
    return None


def _attached_name(words: list[Word], name: int, start: int, end: int) -> tuple[int, int]:
    """The name words next to ``name`` that hang on the name itself ('Eduard' <-flat- 'Hanslick'), so a modifier
    before it ('Psychology major at University of Texas Amneh Jafari') stays out."""
    left, right = name, name + 1

    def linked(i: int) -> bool:
        # the word hangs on the name, or the name hangs on it ('Mark' -compound-> 'Zuckerberg'), or it is a
        # hyphen inside a name ('Bastien - Lepage')
        joined = words[i].form == "-" and i + 1 < end and _name_word(words[i + 1])
        return (
            left <= words[i].head_index < right
            or any(words[k].head_index == i for k in range(left, right))
            or (joined and left <= words[i + 1].head_index < right)
            # 'creator' -flat-> 'Mark', 'creator' -flat-> 'Zuckerberg': parts of one name on a common-noun head
            or (
                words[i].deprel == "flat"
                and any(words[k].head_index == words[i].head_index for k in range(left, right))
            )
        )

    while True:
        if left - 1 >= start and _name_word(words[left - 1]) and linked(left - 1):
            left -= 1
        elif right < end and (_name_word(words[right]) or words[right].form == "-") and linked(right):
            right += 1
        else:
            break
    while right > left and not _name_word(words[right - 1]):
        right -= 1
    return left, right


def _name_word(word: Word) -> bool:
    """Proper nouns and the capitalised words names are built from ('Soviet Union', 'United Nations')."""
    if word.upos == "PROPN":
        return True
    return word.form[:1].isupper() and word.upos in {"ADJ", "NOUN", "NUM", "VERB", "X"}


def _joiner(words: list[Word], i: int, start: int, end: int) -> bool:
    """'of', 'and', '&', 'de', 'for', numbers and hyphens between names stay inside one name."""
    if not (start < i < end - 1):
        return False
    return words[i].form.lower() in {"of", "and", "&", "de", "for", "-", "the", "'s"} or words[i].upos == "NUM"


def place_label(name: str, identity: str, gaz: Gazetteer) -> str:
    text = (identity or name).lower()
    first = text.split(",")[0].strip()
    tokens = set(re.findall(r"[a-z]+", name.lower()))
    if first in gaz.countries or first in gaz.capitals or name.lower() in gaz.countries:
        return "GPE"
    if tokens & LOC_WORDS or first in REGIONS or name.lower() in REGIONS:
        return "LOC"
    return "GPE"


def gum_entity_tags(sentences: list[Sentence], gaz: Gazetteer) -> list[str]:
    """IOB tags over the chunk's tokens: named GUM mentions mapped to our labels, plus NORP words."""
    words: list[Word] = []
    for sentence in sentences:
        offset = len(words)
        for i, word in enumerate(sentence.words):
            word.head_index = offset + (word.head - 1 if word.head else i)
            words.append(word)
    tags = ["O"] * len(words)
    taken = [False] * len(words)
    # Outer mentions first, so 'Food Standards Australia New Zealand' is one ORG, not an ORG around a GPE.
    for mention in sorted(gum_mentions(sentences), key=lambda m: (m.start, -(m.end - m.start))):
        label = _gum_label(words, mention, gaz)
        if label is None:
            continue
        span = _name_span(words, mention.start, mention.end, label != "PERSON", mention.identity)
        if span is None or any(taken[span[0] : span[1]]):
            continue
        if label == "PERSON":
            span = person_name(words, *span)
            if span is None:
                continue
        left, right = span
        if label == "PERSON" and (words[right - 1].xpos == "NNPS" or is_group_word(words[right - 1], gaz)):
            label = "NORP"  # 'Americans', 'Democrats', a group named by its nationality: 'Asian', 'Native American'
        elif label == "GPE_OR_LOC":
            label = place_label(" ".join(w.form for w in words[left:right]), mention.identity, gaz)
        for i in range(left, right):
            tags[i] = ("B-" if i == left else "I-") + label
            taken[i] = True
    for i, word in enumerate(words):
        if not taken[i] and is_group_word(word, gaz):
            tags[i] = "B-NORP"
    return tags


def _gum_label(words: list[Word], mention: Mention, gaz: Gazetteer) -> str | None:
    if mention.etype == "person":
        return "PERSON"
    if mention.etype == "organization":
        return "ORG"
    if mention.etype == "place":
        return "GPE_OR_LOC"
    return None


def is_group_word(word: Word, gaz: Gazetteer) -> bool:
    """Nationality, party and creed words: 'Ukrainian', 'Republicans' (capitalised, adjective or proper noun)."""
    lower = word.form.lower()
    if not word.form[:1].isupper() or word.upos not in {"ADJ", "PROPN", "NOUN"}:
        return False
    return lower in gaz.demonyms or lower in GROUP_WORDS


# --- UNER (PER / ORG / LOC over EWT dev and test) -------------------------------------------------------------


def read_uner(path: Path) -> dict[str, list[str]]:
    """sent_id -> IOB2 tags over the EWT words."""
    tags: dict[str, list[str]] = {}
    current: list[str] = []
    sent_id = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
            current = []
            tags[sent_id] = current
        elif line and not line.startswith("#"):
            current.append(line.split("\t")[2])
    return tags


def uner_to_ours(words: list[Word], tags: list[str], gaz: Gazetteer, known: dict[str, str]) -> list[str]:
    """UNER's LOC covers both GPE and LOC: a span whose text we know (gazetteer or GUM training names) gets that
    label, otherwise its tokens are left missing so the model is neither taught nor punished. UNER has no NORP, so
    group words outside its spans are missing too rather than 'O'."""
    out = ["O"] * len(tags)
    i = 0
    while i < len(tags):
        tag = tags[i]
        if not tag.startswith("B-") and not tag.startswith("I-"):
            if is_group_word(words[i], gaz):
                out[i] = ""
            i += 1
            continue
        kind = tag[2:]
        j = i + 1
        while j < len(tags) and tags[j] == "I-" + kind:
            j += 1
        text = " ".join(w.form for w in words[i:j])
        label: str | None = {"PER": "PERSON", "ORG": "ORG"}.get(kind)
        if kind == "LOC":
            label = known.get(text.lower()) or (
                "GPE" if text.lower() in gaz.countries or text.lower() in gaz.capitals else None
            )
            if label is None and text.lower() in REGIONS:
                label = "LOC"
        for k in range(i, j):
            out[k] = "" if label is None else ("B-" if k == i else "I-") + label
        i = j
    return out


def uner_label_for_eval(label: str) -> str | None:
    """Our labels compared with UNER's: PERSON->PER, ORG->ORG, GPE and LOC->LOC; NORP has no UNER counterpart."""
    return {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}.get(label)
