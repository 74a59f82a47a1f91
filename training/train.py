"""Train stancemap's English pipeline from ../shared/data and install it into the package, in one command.

    nice -n 5 python training/train.py [--shared ../shared] [--work training/work] [--config training/stancemap.cfg]
    nice -n 5 python training/train.py --only parser  # fine-tune just the parser of the shipped model (parser.cfg)
    nice -n 5 python training/train.py --only ner     # retrain just the NER over the shipped model (ner.cfg)
    python training/train.py --only places            # add the place-name ruler before the shipped model's NER
    python training/train.py --only repair            # add the entity-repair rules after the shipped model's NER
    python training/train.py --only guard             # add the sentence guard before the shipped model's parser

Needs the static word vectors first (`python training/build_vectors.py`). Steps: convert the treebanks
(training/convert.py); ``spacy train`` the whole pipeline on one CPU thread with the config's fixed seed and copy
the best checkpoint (by the config's score weights on the dev set) to src/stancemap/models/en_stancemap; then
fine-tune its parser (parser.cfg) and retrain its NER (ner.cfg) over it, the other components frozen, installing
each best checkpoint in turn; then add the entity ruler of known countries and places before the NER; last, the
entity-repair rules after it (``stancemap.nlp.entity_repair``), and the sentence guard before the parser
(``stancemap.nlp.sentence_guard``). ``--no-install`` stops after the first training;
``--install-only RUN`` installs an earlier run's model-best.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stancemap.nlp.entity_repair import RULES  # noqa: E402
from training.build_vectors import missing_vectors, vectors_dir  # noqa: E402
from training.convert import convert  # noqa: E402
from training.corpus import PERSON_TITLE_WORDS  # noqa: E402

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


# One component retrained over the shipped model, the others frozen: its config and its training documents.
ONE_COMPONENT = {"parser": ("parser.cfg", "train.spacy"), "ner": ("ner.cfg", "ner-train.spacy")}


def spacy_train(config: Path, run: Path, code: Path, overrides: Mapping[str, object]) -> float:
    """Run ``spacy train`` on one CPU thread (``--gpu-id -1``, BLAS pinned to one thread) with ``code`` registered
    and ``overrides`` as ``--section.key value``; returns the wall-clock seconds it took. Every training script of
    the repo trains through this one call."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    command = [sys.executable, "-m", "spacy", "train", str(config), "--code", str(code), "--output", str(run)]
    command += ["--gpu-id", "-1"]
    for key, value in overrides.items():
        command += [f"--{key}", str(value)]
    start = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return time.monotonic() - start


def train(config: Path, work: Path, run: Path, train_file: str = "train.spacy", fresh: bool = True) -> float:
    """Train the language pipeline (or one of its components) on the converter's files in ``work``. ``fresh``: a
    whole new pipeline, whose tokenizer takes the converter's name list; otherwise the config sources the shipped
    model and keeps its tokenizer."""
    overrides = {
        "paths.train": work / train_file,
        "paths.dev": work / "dev.spacy",
        "paths.names": work / "swap_names.json",
        # Every stage's model keeps the static word vectors in its vocab, which the attribution tagger reads (the
        # pipeline's own components do not: adding them changes none of its output).
        "paths.vectors": vectors_dir(work),
    }
    if fresh:
        overrides["initialize.tokenizer.names"] = work / "proper_names.txt"
    return spacy_train(config, run, REGISTRATIONS, overrides)


def add_place_names(model: Path, patterns: Path) -> int:
    """Add (or replace) the ``place_names`` entity ruler just before the NER of the installed model: known countries
    and places become GPE or LOC first, and the recogniser, which keeps entities already set, tags around them (so
    "Kyiv" is no longer a person). Measured against the ruler after the NER: docs/model.md."""
    import srsly

    rows = list(srsly.read_jsonl(patterns))
    nlp, ruler = _replace_pipe(model, "place_names", "entity_ruler", {}, before="ner")
    ruler.add_patterns(rows)  # type: ignore[attr-defined]
    nlp.to_disk(model)
    return len(rows)


def add_entity_repair(model: Path) -> int:
    """Add (or replace) the ``entity_repair`` component after the NER of the installed model, with the converter's
    title words, so it cuts off a person's name what the training gold leaves out of it. Returns how many title
    words it got. Measured: docs/model.md ("Entity repair")."""
    titles = sorted(PERSON_TITLE_WORDS)
    config: dict[str, object] = {"titles": titles, "rules": list(RULES)}
    nlp, _ = _replace_pipe(model, "entity_repair", "stancemap_entity_repair_v1", config, after="ner")
    nlp.to_disk(model)
    return len(titles)


def add_sentence_guard(model: Path) -> int:
    """Add (or replace) the ``sentence_guard`` component just before the parser of the installed model, with the
    converter's title words, so the parser never starts a sentence inside a name. Returns how many title words it
    got. Measured: docs/model.md ("Sentence guard")."""
    titles = sorted(PERSON_TITLE_WORDS)
    nlp, _ = _replace_pipe(model, "sentence_guard", "stancemap_sentence_guard_v1", {"titles": titles}, before="parser")
    nlp.to_disk(model)
    return len(titles)


# Rule components added to the installed model, no training: how each is added (given the work folder) and what
# its count reports.
RULE_STAGES: dict[str, tuple[Callable[[Path], int], str]] = {
    "places": (
        lambda work: add_place_names(MODEL_DIR, work / "place_names.jsonl"),
        "{} place-name patterns added before the NER of {}",
    ),
    "repair": (
        lambda _work: add_entity_repair(MODEL_DIR),
        "entity repair with {} title words added after the NER of {}",
    ),
    "guard": (
        lambda _work: add_sentence_guard(MODEL_DIR),
        "sentence guard with {} title words added before the parser of {}",
    ),
}


def _replace_pipe(
    model: Path, name: str, factory: str, config: dict[str, object], before: str | None = None, after: str | None = None
) -> tuple[Language, Callable[[Doc], Doc]]:
    """The installed model with its pipe ``name`` (re)added from ``factory`` just ``before`` or ``after`` another
    pipe: a rule component is put in place of its earlier version, never beside it."""
    import spacy

    import stancemap.nlp.registrations  # noqa: F401  (the tokenizer the model's config names, our factories)

    nlp = spacy.load(model)
    if name in nlp.pipe_names:
        nlp.remove_pipe(name)
    return nlp, nlp.add_pipe(factory, name=name, config=config, before=before, after=after)


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
    parser.add_argument("--no-install", action="store_true", help="train the first stage only, install nothing")
    parser.add_argument(
        "--only",
        choices=[*ONE_COMPONENT, *RULE_STAGES],
        default=None,
        help="retrain one component over the shipped model, the others frozen (training/<component>.cfg), or "
        "add the place-name ruler, the entity-repair rules or the sentence guard to it",
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
    # The whole recipe: the pipeline from scratch, then the parser fine-tuned and the NER retrained over it, each
    # installed before the next, which sources the installed model, then the rule components. --only runs one stage.
    stages = [args.only] if args.only else ["pipeline", *ONE_COMPONENT, *RULE_STAGES]
    trains = [stage for stage in stages if stage not in RULE_STAGES]
    if trains and (error := missing_vectors(args.work)):
        print(error, file=sys.stderr)
        return 2
    for name, count in convert(args.shared, args.work).items():
        print(f"{name}: {count}")
    for stage in stages:
        if stage in RULE_STAGES:
            add, report = RULE_STAGES[stage]
            print(f"{stage}: " + report.format(add(args.work), MODEL_DIR))
            continue
        if stage == "pipeline":
            run = args.work / "run"
            seconds = train(args.config, args.work, run)
        else:
            config_name, train_file = ONE_COMPONENT[stage]
            run = args.work / f"{stage}-run"
            seconds = train(ROOT / "training" / config_name, args.work, run, train_file, fresh=False)
        print(f"{stage}: training took {seconds / 60:.1f} min")
        if args.no_install:
            break
        install(run / "model-best")
        print(f"installed {run / 'model-best'} -> {MODEL_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
