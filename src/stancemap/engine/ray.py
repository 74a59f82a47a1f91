"""The Ray engine: `stancemap extract` over sharded inputs on a Ray cluster, statements written as Parquet shards.

A shard is one input file (a WARC, a JSONL export, one article) or up to `files_per_shard` files of a folder.
Ray Data hands the shards, one per batch, to a pool of actors; each actor loads the pipeline and the attribution
tagger once, in `__init__`, then cleans and extracts every shard it is given with the same readers and code as
`stancemap extract`, so the statements are the same. Each shard's statements go to `statements/<shard>.parquet`
and then a `_done/<shard>` marker, both written to a temporary name and renamed, so a crash never leaves a
half-written file under the final name. A rerun skips every shard whose marker exists: after a crash only the
unfinished shards run again. The marker keeps the shard's input problems, so a rerun reports them again.

A shard's id is its file or folder name plus a hash of the files' absolute paths, so it is stable across reruns
and changes when a folder's files do (a stale marker never skips different files).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stancemap.config import Settings
from stancemap.errors import InputError, ProcessingError
from stancemap.ingest.readers import KNOWN_SUFFIXES, SUPPORTED, stem_of
from stancemap.records import Problem, Span, Statement

STATEMENTS_DIR = "statements"
DONE_DIR = "_done"
# Files of a folder per shard: enough articles per actor call to batch the parse, few enough to spread a folder.
FILES_PER_SHARD = 64

# The Parquet columns: a statement's CONTRACT fields, spans flattened into text/start/end (all strings nullable but
# `article`, `content` and `kind`, as in the extract record).
_SPANS = ("speaker_mention", "cue", "content")


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of work: its id (a file name on disk) and the input files it reads, in order."""

    id: str
    paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What one shard produced: statements written and the input problems met (`ran` False when skipped)."""

    shard: str
    statements: int
    problems: tuple[Problem, ...]
    ran: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """The shards of a run and the problems found while listing the inputs (unsupported files in folders)."""

    shards: list[Shard]
    problems: list[Problem]


def _shard_id(label: str, paths: Sequence[str]) -> str:
    digest = hashlib.sha1("\n".join(os.path.abspath(p) for p in paths).encode()).hexdigest()[:12]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in label)[:60]
    return f"{safe}-{digest}"


def _is_supported(path: Path) -> bool:
    name = path.name.lower()
    return name.removesuffix(".gz").endswith(KNOWN_SUFFIXES)


def plan_shards(paths: Sequence[str], files_per_shard: int = FILES_PER_SHARD) -> Plan:
    """The inputs as shards: a file is one shard; a folder's supported files (hidden ones left out, in the order
    `stancemap extract` reads them) are cut into shards of `files_per_shard`. A path that does not exist, or a folder
    with nothing readable, is an InputError naming it."""
    if files_per_shard < 1:
        raise InputError(f"--files-per-shard must be at least 1, got {files_per_shard}")
    shards: list[Shard] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files: list[Path] = []
            for folder, dirs, names in os.walk(path):
                # Same rule as the readers: hidden files and folders (.git, .DS_Store) are not news.
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                files.extend(Path(folder, n) for n in names if not n.startswith("."))
            readable = []
            for file in sorted(files, key=lambda f: f.relative_to(path).parts):
                if _is_supported(file):
                    readable.append(str(file))
                else:
                    problems.append(Problem(str(file), f"skipped: not {SUPPORTED}", fatal=False))
            if not readable:
                raise InputError(f"folder holds no readable input (looked for {SUPPORTED})", path)
            for start in range(0, len(readable), files_per_shard):
                part = readable[start : start + files_per_shard]
                shards.append(Shard(_shard_id(f"{path.name}-{start // files_per_shard}", part), tuple(part)))
        elif path.exists():
            shards.append(Shard(_shard_id(stem_of(path), [raw]), (raw,)))
        else:
            raise InputError("no such file or directory", path)
    return Plan(shards, problems)


def statement_to_row(statement: Statement) -> dict[str, Any]:
    """A statement as one flat Parquet row."""
    row: dict[str, Any] = {
        "article": statement.article,
        "speaker": statement.speaker,
        "speaker_kind": statement.speaker_kind,
        "kind": statement.kind,
        "role": statement.role,
        "anonymous": statement.anonymous,
        "date": statement.date,
    }
    for name in _SPANS:
        span: Span | None = getattr(statement, name)
        row[name] = span.text if span else None
        row[f"{name}_start"] = span.start if span else None
        row[f"{name}_end"] = span.end if span else None
    return row


def statement_from_row(row: dict[str, Any]) -> Statement:
    """A Parquet row back as the Statement it was written from."""

    def span(name: str) -> Span | None:
        text = row[name]
        return None if text is None else Span(text, int(row[f"{name}_start"]), int(row[f"{name}_end"]))

    content = span("content")
    if content is None:
        raise ValueError("a statement row without content")
    return Statement(
        article=row["article"],
        content=content,
        kind=row["kind"],
        speaker=row["speaker"],
        speaker_kind=row["speaker_kind"],
        speaker_mention=span("speaker_mention"),
        cue=span("cue"),
        role=row["role"],
        anonymous=bool(row["anonymous"]),
        date=row["date"],
    )


def _schema() -> Any:
    import pyarrow as pa

    columns = [
        ("article", pa.string()),
        ("speaker", pa.string()),
        ("speaker_kind", pa.string()),
        ("kind", pa.string()),
        ("role", pa.string()),
        ("anonymous", pa.bool_()),
        ("date", pa.string()),
    ]
    for name in _SPANS:
        columns += [(name, pa.string()), (f"{name}_start", pa.int64()), (f"{name}_end", pa.int64())]
    return pa.schema(columns)


def _write_atomically(path: Path, write: Any) -> None:
    """`write(temp_path)`, then the temp file renamed to `path`: readers see the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def write_statements(statements: Sequence[Statement], path: Path) -> None:
    """One shard's statements as a Parquet file (typed, even when empty), written atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([statement_to_row(s) for s in statements], schema=_schema())
    _write_atomically(path, lambda temp: pq.write_table(table, temp))


def read_statements(out: Path) -> Iterator[Statement]:
    """Every statement under `out/statements`, shard by shard (in shard-id order)."""
    import pyarrow.parquet as pq

    for path in sorted((out / STATEMENTS_DIR).glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            yield statement_from_row(row)


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "reason": problem.reason, "fatal": problem.fatal, "skipped": problem.skipped}


def _read_marker(path: Path) -> ShardResult:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        problems = tuple(Problem(p["path"], p["reason"], p["fatal"], p["skipped"]) for p in data["problems"])
        return ShardResult(path.name, int(data["statements"]), problems, ran=False)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"unreadable shard marker ({e}); delete it to run the shard again", path) from e


def extract_shard(shard: Shard, out: Path, settings: Settings, default_date: str | None) -> ShardResult:
    """Clean and extract one shard's files, write its statements and then its marker. Runs in a Ray actor (or
    anywhere the models are loaded)."""
    from stancemap.attribution.extract import extract_articles
    from stancemap.ingest import clean_documents

    statements: list[Statement] = []
    problems: list[Problem] = []
    for item in extract_articles(clean_documents(shard.paths, settings, default_date)):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            statements.extend(item[1])
    write_statements(statements, out / STATEMENTS_DIR / f"{shard.id}.parquet")
    marker = json.dumps({"statements": len(statements), "problems": [_problem_json(p) for p in problems]})
    _write_atomically(out / DONE_DIR / shard.id, lambda temp: temp.write_text(marker, encoding="utf-8"))
    return ShardResult(shard.id, len(statements), tuple(problems), ran=True)


class ShardExtractor:
    """The Ray Data actor: models loaded once in `__init__`; each call extracts a batch of shards."""

    def __init__(self, out: str, settings: Settings, default_date: str | None) -> None:
        from stancemap.attribution.model import load_attribution
        from stancemap.nlp import load_nlp

        load_nlp()
        load_attribution()  # the cache entry `tag_roles` reads
        self.out = Path(out)
        self.settings = settings
        self.default_date = default_date

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        results = [
            extract_shard(Shard(str(shard_id), tuple(json.loads(paths))), self.out, self.settings, self.default_date)
            for shard_id, paths in zip(batch["id"], batch["paths"], strict=True)
        ]
        return {
            "shard": [r.shard for r in results],
            "statements": [r.statements for r in results],
            "problems": [json.dumps([_problem_json(p) for p in r.problems]) for r in results],
        }


def run_ray(
    shards: Sequence[Shard],
    out: Path,
    settings: Settings,
    *,
    address: str | None = None,
    workers: int = 2,
    default_date: str | None = None,
) -> list[ShardResult]:
    """Extract every shard without a `_done` marker under `out` on Ray, `workers` actors; return every shard's
    result, in shard order (skipped ones read from their markers).

    Connects to the cluster at `address`, or starts a local one (two CPUs) when none is running in this process;
    a cluster this call started is shut down at the end.
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    done = out / DONE_DIR
    todo = [s for s in shards if not (done / s.id).exists()]
    results = {s.id: _read_marker(done / s.id) for s in shards if (done / s.id).exists()}
    if todo:
        for record in _run_on_ray(todo, out, settings, address, workers, default_date):
            problems = tuple(Problem(p["path"], p["reason"], p["fatal"], p["skipped"]) for p in record["problems"])
            results[record["shard"]] = ShardResult(record["shard"], record["statements"], problems, ran=True)
    return [results[s.id] for s in shards]


def _run_on_ray(
    todo: Sequence[Shard], out: Path, settings: Settings, address: str | None, workers: int, date: str | None
) -> list[dict[str, Any]]:
    try:
        import ray
        import ray.data
    except ImportError as e:
        raise ProcessingError("the Ray engine needs Ray: pip install 'stancemap[ray]'") from e

    started = not ray.is_initialized()
    try:
        if address is not None:
            ray.init(address=address, ignore_reinit_error=True, logging_level=logging.WARNING, log_to_driver=False)
        else:
            ray.init(
                num_cpus=2,
                include_dashboard=False,
                ignore_reinit_error=True,
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise ProcessingError(f"cannot start or reach a Ray cluster: {str(e).splitlines()[0]}", address) from e
    # stderr is for our one-line messages: Ray Data's progress bars and per-run log lines would bury them.
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        items = [{"id": s.id, "paths": json.dumps(list(s.paths))} for s in todo]
        records = (
            ray.data.from_items(items, override_num_blocks=len(items))
            .map_batches(
                ShardExtractor,
                fn_constructor_kwargs={"out": str(out.resolve()), "settings": settings, "default_date": date},
                batch_size=1,
                compute=ray.data.ActorPoolStrategy(size=min(workers, len(items))),
                num_cpus=1,
            )
            .take_all()
        )
    except Exception as e:  # Ray wraps a worker's error in its own types; one line, naming the cause
        raise ProcessingError(f"the Ray run failed: {str(e).strip().splitlines()[-1]}") from e
    finally:
        if started:
            ray.shutdown()
    return [{**r, "problems": json.loads(r["problems"])} for r in records]
