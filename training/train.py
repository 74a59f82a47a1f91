"""Train stancemap's English pipeline from ../shared/data and install it into the package, in one command.

    nice -n 5 python training/train.py [--shared ../shared] [--work training/work] [--config training/stancemap.cfg]
    nice -n 10 python training/train.py --ner-only    # retrain just the NER over the shipped model (ner.cfg)

Steps: convert the treebanks (training/convert.py), ``spacy train`` on one CPU thread with the config's fixed seed,
then copy the best checkpoint (by the config's score weights on the dev set) to src/stancemap/models/en_stancemap.
``--no-install`` stops after training; ``--install-only RUN`` installs an earlier run's model-best.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.convert import convert  # noqa: E402

MODEL_DIR = ROOT / "src" / "stancemap" / "models" / "en_stancemap"
REGISTRATIONS = ROOT / "src" / "stancemap" / "nlp" / "registrations.py"

META = {
    "name": "stancemap",
    "lang": "en",
    "license": "CC BY-SA 4.0",
    "author": "stancemap developers",
    "description": "stancemap's English pipeline, trained on UD English EWT, GUM and UNER (see docs/model.md).",
    "sources": [
        {
            "name": "UD English EWT",
            "url": "https://github.com/UniversalDependencies/UD_English-EWT",
            "license": "CC BY-SA 4.0",
        },
        {"name": "GUM", "url": "https://github.com/amir-zeldes/gum", "license": "CC BY 4.0"},
        {
            "name": "UNER English-EWT",
            "url": "https://github.com/UniversalNER/UNER_English-EWT",
            "license": "CC BY-SA 4.0",
        },
    ],
}


def train(config: Path, work: Path, run: Path, ner_only: bool = False) -> float:
    """Run ``spacy train``; returns the wall-clock seconds it took. ``ner_only``: the config retrains just the NER
    on the documents with entities, and keeps the shipped tokenizer's name list (training/ner.cfg)."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    command = [
        sys.executable, "-m", "spacy", "train", str(config),
        "--code", str(REGISTRATIONS),
        "--output", str(run),
        "--gpu-id", "-1",
        "--paths.train", str(work / ("ner-train.spacy" if ner_only else "train.spacy")),
        "--paths.dev", str(work / "dev.spacy"),
    ]  # fmt: skip
    if not ner_only:
        command += ["--initialize.tokenizer.names", str(work / "proper_names.txt")]
    start = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return time.monotonic() - start


def install(
    best: Path, target: Path = MODEL_DIR, meta_fields: Mapping[str, object] = META, leave_out: tuple[str, ...] = ()
) -> None:
    """Copy a trained pipeline into the package, with our meta (name, licence, sources) over spaCy's, without the
    folders named in `leave_out`."""
    if not (best / "config.cfg").is_file():
        raise SystemExit(f"error: {best}: not a trained spaCy pipeline (no config.cfg)")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    for name in leave_out:
        shutil.rmtree(target / name)
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    meta.update(meta_fields)
    (target / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work")
    parser.add_argument("--config", type=Path, default=ROOT / "training" / "stancemap.cfg")
    parser.add_argument("--no-install", action="store_true")
    parser.add_argument(
        "--ner-only",
        action="store_true",
        help="retrain only the NER on top of the shipped model, frozen (config training/ner.cfg)",
    )
    parser.add_argument("--install-only", type=Path, default=None, metavar="RUN")
    args = parser.parse_args(argv)
    if args.install_only:
        install(args.install_only / "model-best")
        print(f"installed {args.install_only / 'model-best'} -> {MODEL_DIR}")
        return 0
    if not (args.shared / "data" / "ud-ewt").is_dir():
        print(f"error: {args.shared}: no data/ud-ewt here (pass --shared)", file=sys.stderr)
        return 2
    for name, count in convert(args.shared, args.work).items():
        print(f"{name}: {count}")
    run = args.work / ("ner-run" if args.ner_only else "run")
    config = ROOT / "training" / "ner.cfg" if args.ner_only else args.config
    seconds = train(config, args.work, run, ner_only=args.ner_only)
    print(f"training took {seconds / 60:.1f} min")
    if not args.no_install:
        install(run / "model-best")
        print(f"installed {run / 'model-best'} -> {MODEL_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
