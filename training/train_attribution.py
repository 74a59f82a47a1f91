"""Train the attribution tagger on PolNeAR and install it into the package, in one command.

    nice -n 5 python training/train_attribution.py [--shared ../shared] [--work training/work]

Needs the static word vectors first (`python training/build_vectors.py`, which writes them to `--work/vectors`
and into the shipped pipeline's vocab). Steps: parse PolNeAR train and dev with the shipped pipeline and write
DocBins with the gold role spans (training/attribution_corpus.py), ``spacy train training/attribution.cfg`` on one
CPU thread with its fixed seed (dev = PolNeAR dev, selection by entity F1 over the three roles), then copy the best
checkpoint to src/stancemap/models/attribution. PolNeAR's test split is never read. ``--install-only RUN``
installs an earlier run's model-best; ``--skip-convert`` reuses the DocBins in the work folder. ``--held-out K``
trains, instead of the shipped tagger, K taggers each without one K-th of train, which the content edge chooser
learns from (`training/train_edges.py --held-out`: it learns the tagger's errors on text the tagger never saw).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from stancemap.attribution.model import MODEL_DIR  # noqa: E402
from training.build_vectors import missing_vectors, vectors_dir  # noqa: E402
from training.train import install as install_pipeline  # noqa: E402
from training.train import spacy_train  # noqa: E402

CONFIG = ROOT / "training" / "attribution.cfg"
# Steps of each held-out tagger (`--held-out`): each sees (K - 1) / K of train, and their dev F1 had levelled off by
# then (bench/README.md, "Session 9").
HELD_OUT_STEPS = 4800
CORPUS_CODE = ROOT / "training" / "attribution_corpus.py"
META = {
    "name": "stancemap_attribution",
    "lang": "en",
    "license": "research use only (PolNeAR states no licence); see NOTICE",
    "author": "stancemap developers",
    "description": "stancemap's attribution tagger (SOURCE, CUE, CONTENT spans), trained on PolNeAR train.",
    "sources": [{"name": "PolNeAR", "url": "https://github.com/networkdynamics/PolNeAR", "license": "none stated"}],
}


def convert_polnear(shared: Path, work: Path) -> None:
    from stancemap.nlp import load_nlp
    from training.attribution_corpus import convert

    splits = {name: shared / "data" / "polnear" / name for name in ("train", "dev")}
    for name, counts in convert(splits, work, load_nlp()).items():
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def train(work: Path, run: Path, train_docs: Path | None = None, max_steps: int | None = None) -> float:
    """One tagger, on `train_docs` (all of train by default), for the config's steps or `max_steps`."""
    overrides: dict[str, object] = {
        "paths.train": train_docs or work / "attribution-train.spacy",
        "paths.dev": work / "attribution-dev.spacy",
        "paths.vectors": vectors_dir(work),
    }
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    return spacy_train(CONFIG, run, CORPUS_CODE, overrides)


def train_held_out(work: Path, folds: int) -> list[Path]:
    """The taggers the content edge chooser learns from (training/train_edges.py --held-out): tagger j is trained,
    as the shipped one but for `HELD_OUT_STEPS` steps, on the train articles whose index modulo `folds` is not j,
    so it tags articles j, j + folds, ... as it would tag text it never saw. Returns their model-best folders."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    docs = list(DocBin().from_disk(work / "attribution-train.spacy").get_docs(Vocab()))
    best = []
    for j in range(folds):
        kept = DocBin(store_user_data=False)
        for i, doc in enumerate(docs):
            if i % folds != j:
                kept.add(doc)
        path = work / f"attribution-train-without-{j}.spacy"
        kept.to_disk(path)
        run = work / f"attribution-held-out-{j}"
        seconds = train(work, run, path, HELD_OUT_STEPS)
        print(f"held-out tagger {j} ({len(kept)} articles) took {seconds / 60:.1f} min")
        best.append(run / "model-best")
    return best


def install(best: Path) -> None:
    """Copy a trained tagger into the package with our meta. Its vocabulary stays behind: the tagger runs with the
    English pipeline's (load_attribution), so its own, the strings of PolNeAR's texts, is neither needed nor shipped
    (NOTICE)."""
    install_pipeline(best, MODEL_DIR, META, leave_out=("vocab",))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work")
    parser.add_argument("--skip-convert", action="store_true")
    parser.add_argument("--install-only", type=Path, default=None, metavar="RUN")
    parser.add_argument(
        "--held-out", type=int, default=0, metavar="K", help="train K taggers without one K-th of train each, instead"
    )
    args = parser.parse_args(argv)
    if args.install_only:
        install(args.install_only / "model-best")
        print(f"installed {args.install_only / 'model-best'} -> {MODEL_DIR}")
        return 0
    if not (args.shared / "data" / "polnear" / "train").is_dir():
        print(f"error: {args.shared}: no data/polnear/train here (pass --shared)", file=sys.stderr)
        return 2
    if error := missing_vectors(args.work):
        print(error, file=sys.stderr)
        return 2
    if not args.skip_convert:
        convert_polnear(args.shared, args.work)
    if args.held_out:
        models = train_held_out(args.work, args.held_out)
        print("then: python training/train_edges.py --held-out " + " ".join(str(m) for m in models))
        return 0
    run = args.work / "attribution-run"
    seconds = train(args.work, run)
    print(f"training took {seconds / 60:.1f} min")
    install(run / "model-best")
    print(f"installed {run / 'model-best'} -> {MODEL_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
