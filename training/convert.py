"""Convert the shared treebanks into spaCy DocBins under ``training/work/``.

    python training/convert.py [--shared ../shared] [--out training/work]

Writes train.spacy, dev.spacy (model selection), the held-out ewt-test.spacy, gum-test.spacy, uner-test.spacy,
proper_names.txt (the list the news normaliser uses to restore lower-cased names), swap_names.json (the names the
training augmenter ``stancemap.entity_swap.v1`` puts in place of the training entities) and place_names.jsonl (the
entity-ruler patterns of known countries and places, added to the pipeline before its NER). Splits:
- EWT: train = sentences in ``ud-ewt/sources`` whose sent_id is in neither dev nor test; dev for selection.
- GUM: the official dev/test documents of ``gum/splits.md``; train on the rest.
- UNER: its dev labels (over EWT dev words) train NER only, without trees, so EWT dev trees stay unseen by the
  tagger and parser; UNER test is held out for evaluation.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stancemap.actors.knowledge import load_knowledge
from training.corpus import (
    Gazetteer,
    Sentence,
    chunks,
    gum_entity_tags,
    load_gazetteer,
    make_doc,
    place_label,
    read_conllu,
    read_uner,
    sent_ids,
    uner_to_ours,
)

SENTENCES_PER_DOC = 10
SEED = 20261125


def gum_splits(shared: Path) -> dict[str, str]:
    split = ""
    out: dict[str, str] = {}
    for line in (shared / "data" / "gum" / "splits.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            split = line[3:].strip()
        match = re.match(r"\s*\*\s*(\S+)", line)
        if match and split:
            out[match.group(1)] = split
    return out


def ewt_train_sentences(shared: Path) -> list[Sentence]:
    ewt = shared / "data" / "ud-ewt"
    held_out = sent_ids(ewt / "en_ewt-ud-dev.conllu") | sent_ids(ewt / "en_ewt-ud-test.conllu")
    sentences: list[Sentence] = []
    for path in sorted((ewt / "sources").glob("*/*.conllu")):
        sentences.extend(s for s in read_conllu(path) if s.sent_id not in held_out)
    return sentences


def gum_docs(shared: Path) -> dict[str, list[Sentence]]:
    """GUM sentences per split ('train', 'dev', 'test')."""
    splits = gum_splits(shared)
    out: dict[str, list[Sentence]] = {"train": [], "dev": [], "test": []}
    for path in sorted((shared / "data" / "gum").glob("GUM_*.conllu")):
        out[splits.get(path.stem, "train")].extend(read_conllu(path))
    return out


def known_place_labels(vocab: Vocab, gum_train: list[Sentence], gaz: Gazetteer) -> dict[str, str]:
    """Lower-cased GPE/LOC names seen in GUM train, used to split UNER's LOC."""
    known: dict[str, str] = {}
    for run in chunks(gum_train, SENTENCES_PER_DOC):
        doc = make_doc(vocab, run, gum_entity_tags(run, gaz))
        for ent in doc.ents:
            if ent.label_ in {"GPE", "LOC"}:
                known[ent.text.lower()] = ent.label_
    return known


def proper_names(sentences: list[Sentence], docs: list[Doc], gaz: Gazetteer) -> list[str]:
    """Single-word names safe to re-capitalise. Candidates: words inside a GPE or LOC entity of the training
    documents; words inside a PERSON or NORP entity, and words tagged proper noun at least twice, unless they end in
    's' (more often titles or teams, 'Senators', than names); one-word country names and capitals. Dropped: any
    whose lower-case form the training text uses as a common word, or as the singular of a plural common noun
    ('turkey', 'bill'), and words under three letters."""
    capitalised: Counter[str] = Counter()
    lowercase: set[str] = set()
    for sentence in sentences:
        for word in sentence.words:
            form = word.form
            if form.islower() and word.upos != "PROPN":
                lowercase.add(form)
            elif word.upos == "PROPN" and _title_word(form):
                capitalised[form] += 1
    # A plural-looking proper noun outside any entity is more often a title or team ('Senators') than a name.
    candidates = {w for w, n in capitalised.items() if n >= 2 and not w.endswith("s")}
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in {"GPE", "LOC"}:
                candidates.update(t.text for t in ent if _title_word(t.text))
            elif ent.label_ in {"PERSON", "NORP"}:
                candidates.update(t.text for t in ent if _title_word(t.text) and not t.text.endswith("s"))
    candidates.update(p.capitalize() for p in gaz.countries | gaz.capitals if p.isalpha() and p.islower())

    def common(word: str) -> bool:
        lower = word.lower()
        return lower in lowercase or lower[:-1] in lowercase or (lower.endswith("es") and lower[:-2] in lowercase)

    return sorted(w for w in candidates if len(w) > 2 and not common(w))


# Knowledge-file kinds and the entity label their names fill in; places are split into GPE and LOC as GUM's are.
SWAP_KINDS = {"person": "PERSON", "organization": "ORG", "country": "GPE", "place": "GPE_OR_LOC"}
_SMALL_WORDS = {"Of": "of", "The": "the", "And": "and", "For": "for", "In": "in", "On": "on", "De": "de"}


def swap_names(docs: list[Doc], gaz: Gazetteer) -> dict[str, list[str]]:
    """Names per label for the training augmenter: the training documents' own entities, and the people,
    organisations, countries and places of the shipped actor knowledge file (built from ../shared/data/actors), so
    the recogniser learns a name from its context rather than from the few names GUM and UNER repeat. Only names
    made of letters (one token per word, as the augmenter swaps word for word)."""
    names: dict[str, set[str]] = {label: set() for label in ("PERSON", "ORG", "GPE", "LOC")}
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in names and all(t.text.isalpha() for t in ent):
                names[ent.label_].add(ent.text)
    for entry in load_knowledge().entries.values():
        label = SWAP_KINDS.get(entry.kind)
        words = entry.name.split()
        if label is None or not words or not all(w.isalpha() for w in words) or len(words) > 5:
            continue
        if label == "ORG":
            words = [words[0]] + [_SMALL_WORDS.get(w, w) for w in words[1:]]
        elif label == "GPE_OR_LOC":
            label = place_label(entry.name, entry.name, gaz)
        if label == "PERSON" and len(words) < 2:
            continue  # a one-word "person" in the knowledge file is a mononym or a stray Q-id-free fragment
        names[label].add(" ".join(words))
    return {label: sorted(pool) for label, pool in names.items()}


def place_patterns(sentences: list[Sentence], gaz: Gazetteer) -> list[dict[str, str]]:
    """Entity-ruler patterns for the countries and places of the shipped actor knowledge file (names and aliases):
    GPE, or LOC for natural places and regions as GUM's are split. Left out: names the training text uses as a
    lower-case word ("Split", "Nice", "Reading" would be taken at the start of a sentence), first names of the
    file's people unless a country or capital ("Victoria", "Florence": "Victoria Okafor" is no place; "Paris" and
    "Jordan" stay), and names under three letters."""
    lowercase = {w.form for s in sentences for w in s.words if w.form.islower()}
    entries = load_knowledge().entries.values()
    first_names = {e.name.split()[0] for e in entries if e.kind == "person" and " " in e.name}
    patterns: dict[str, str] = {}
    for entry in entries:
        if entry.kind not in ("country", "place"):
            continue
        for name in (entry.name, *entry.aliases):
            if len(name) < 3 or not name[:1].isupper() or name.lower() in lowercase:
                continue
            if name in first_names and name.lower() not in gaz.countries | gaz.capitals:
                continue
            label = "GPE" if entry.kind == "country" else place_label(name, name, gaz)
            patterns.setdefault(name, label)
    return [{"label": label, "pattern": name} for name, label in sorted(patterns.items())]


def _title_word(form: str) -> bool:
    return form[:1].isupper() and form[1:].islower() and form.isalpha()


def write(docbin_docs: list[Doc], path: Path) -> int:
    DocBin(docs=docbin_docs, store_user_data=False).to_disk(path)
    return len(docbin_docs)


def convert(shared: Path, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    vocab = Vocab()
    gaz = load_gazetteer(shared)
    ewt = shared / "data" / "ud-ewt"
    gum = gum_docs(shared)
    ewt_train = ewt_train_sentences(shared)
    ewt_dev = list(read_conllu(ewt / "en_ewt-ud-dev.conllu"))
    ewt_test = list(read_conllu(ewt / "en_ewt-ud-test.conllu"))
    uner_dev = read_uner(shared / "data" / "uner-ewt" / "en_ewt-ud-dev.iob2")
    uner_test = read_uner(shared / "data" / "uner-ewt" / "en_ewt-ud-test.iob2")
    known = known_place_labels(vocab, gum["train"], gaz)

    train = [make_doc(vocab, run) for run in chunks(ewt_train, SENTENCES_PER_DOC)]
    train += [make_doc(vocab, run, gum_entity_tags(run, gaz)) for run in chunks(gum["train"], SENTENCES_PER_DOC)]
    for run in chunks(ewt_dev, SENTENCES_PER_DOC):
        tags: list[str] = []
        for sentence in run:
            uner = uner_dev.get(sentence.sent_id)
            if uner is None or len(uner) != len(sentence.words):
                tags += [""] * len(sentence.words)
            else:
                tags += uner_to_ours(sentence.words, uner, gaz, known)
        train.append(make_doc(vocab, run, tags, trees=False))
    random.Random(SEED).shuffle(train)

    dev = [make_doc(vocab, run) for run in chunks(ewt_dev, SENTENCES_PER_DOC)]
    dev += [make_doc(vocab, run, gum_entity_tags(run, gaz)) for run in chunks(gum["dev"], SENTENCES_PER_DOC)]

    uner_docs = []
    for run in chunks(ewt_test, SENTENCES_PER_DOC):
        tags = []
        for sentence in run:
            uner = uner_test.get(sentence.sent_id, [])
            tags += uner if len(uner) == len(sentence.words) else [""] * len(sentence.words)
        uner_docs.append(make_doc(vocab, run, tags, trees=False))

    # The documents with entity annotation, for retraining the entity recogniser alone (training/ner.cfg).
    ner_train = [doc for doc in train if any(token.ent_iob != 0 for token in doc)]
    counts = {
        "train": write(train, out / "train.spacy"),
        "ner-train": write(ner_train, out / "ner-train.spacy"),
        "dev": write(dev, out / "dev.spacy"),
        "ewt-test": write(
            [make_doc(vocab, run) for run in chunks(ewt_test, SENTENCES_PER_DOC)], out / "ewt-test.spacy"
        ),
        "gum-test": write(
            [make_doc(vocab, run, gum_entity_tags(run, gaz)) for run in chunks(gum["test"], SENTENCES_PER_DOC)],
            out / "gum-test.spacy",
        ),
        "uner-test": write(uner_docs, out / "uner-test.spacy"),
    }
    names = proper_names(ewt_train + gum["train"], train, gaz)
    (out / "proper_names.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    counts["proper_names"] = len(names)
    pools = swap_names(train, gaz)
    (out / "swap_names.json").write_text(json.dumps(pools, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    counts.update({f"swap_names {label}": len(pool) for label, pool in pools.items()})
    places = place_patterns(ewt_train + gum["train"], gaz)
    (out / "place_names.jsonl").write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in places), "utf-8")
    counts["place_names"] = len(places)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parent.parent
    parser.add_argument("--shared", type=Path, default=root.parent / "shared")
    parser.add_argument("--out", type=Path, default=root / "training" / "work")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "ud-ewt").is_dir():
        print(f"error: {args.shared}: no data/ud-ewt here (pass --shared)", file=sys.stderr)
        return 2
    for name, count in convert(args.shared, args.out).items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
