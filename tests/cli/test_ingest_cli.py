"""`stancemap ingest` end to end, in a subprocess as a user runs it: summary, exit codes, idempotence, SIGKILL."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stancemap.ingest.dedup import NUM_PERM, SIGNATURE_KIND
from stancemap.records import Article
from stancemap.store import open_store

DEDUP = Path(__file__).resolve().parents[1] / "fixtures" / "dedup"
FRENCH = (
    "Le conseil municipal de Port-Alder a voté mardi soir une taxe sur les poids lourds qui entrent dans le quartier "
    "du port. Les transporteurs dénoncent une mesure injuste, tandis que les habitants du quai saluent enfin un geste "
    "pour la qualité de l'air."
)


def _stancemap(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stancemap", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


def _corpus(folder: Path) -> Path:
    """The dedup fixtures, a French copy, an empty file and a binary file."""
    folder.mkdir()
    for name in ["wire", "republished", "trimmed", "own_report", "editorial"]:
        shutil.copy(DEDUP / f"{name}.txt", folder / f"{name}.txt")
    (folder / "fr").mkdir()
    (folder / "fr" / "taxe.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def test_ingest_cli_summary_exit_code_and_second_run(tmp_path: Path):
    _corpus(tmp_path / "news")
    first = _stancemap("ingest", "news", "--db", "s.db", cwd=tmp_path)
    # Two unreadable inputs: exit 2 after storing the rest, one line naming each file and the reason.
    assert first.returncode == 2, first.stderr
    assert "Traceback" not in first.stderr
    error_lines = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 2
    assert any("news/empty.txt" in line and "empty" in line for line in error_lines)
    assert any("news/photo.txt" in line and "binary" in line for line in error_lines)
    assert (
        "ingest: 6 read, 5 new, 0 already stored, 2 grouped as near-duplicates, 1 skipped (not English (fr): 1), "
        "2 problems" in first.stderr
    )
    assert "5 articles, 3 stories" in first.stderr

    second = _stancemap("ingest", "news", "--db", "s.db", cwd=tmp_path)
    assert second.returncode == 2
    assert "ingest: 6 read, 0 new, 5 already stored, 0 grouped" in second.stderr
    assert "5 articles, 3 stories" in second.stderr
    assert second.stdout == ""


def test_ingest_cli_default_db_and_date(tmp_path: Path):
    (tmp_path / "wire.txt").write_text((DEDUP / "wire.txt").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "STANCEMAP_DB": str(tmp_path / "from-env.db")}
    done = _stancemap("ingest", "wire.txt", "--date", "2026-02-03", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(tmp_path / "from-env.db")
    assert conn.execute("SELECT article_id, date FROM articles").fetchall() == [("wire", "2026-02-03")]
    conn.close()


@pytest.mark.parametrize(
    "args, reason",
    [
        (["--date", "3 Feb 2026"], "is not a date YYYY-MM-DD"),
        (["--db", "notes.txt"], "not a stancemap store"),
        (["--db", "missing/s.db"], "does not exist"),
    ],
)
def test_ingest_cli_bad_options_get_one_line(tmp_path: Path, args: list[str], reason: str):
    (tmp_path / "wire.txt").write_text("A short text about the harbour charge vote.", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a database\n" * 100, encoding="utf-8")
    done = _stancemap("ingest", "wire.txt", *args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert reason in lines[0]


TOWNS = ["Port Alder", "Millbrook", "Gull Island", "Kessing", "Rowan Falls", "East Harrow", "Tarn Bay", "Holloway"]
PEOPLE = ["Ruth Okafor", "Dennis Varga", "Celia Brandt", "Marta Lindqvist", "Priya Natarajan", "Tom Reyes"]
TOPICS = [
    "a congestion charge",
    "a new ferry contract",
    "school repairs",
    "a flood barrier",
    "bus fares",
    "a rates rise",
]
SENTENCES = [
    "The council in {town} voted {a} to {b} on {day} to approve {topic}.",
    "{person} said the plan would cost about {n} million dollars over {a} years.",
    '"We cannot keep asking residents to wait," {person} told reporters in {town}.',
    "Opponents argued that {topic} would hit small businesses hardest.",
    "A report published in {month} found that traffic had risen by {a} percent since {year}.",
    "{person}, who chairs the finance committee, warned against rushing the decision.",
    "Residents of {town} packed the hall, and the meeting ran past {a} p.m.",
    "Officials expect a final decision on {topic} before the end of {month}.",
    "The proposal was first put forward by {person} in {year} and stalled twice.",
    "Business groups in {town} said they would ask the state board to review {topic}.",
]


def _generated_article(rng: random.Random, i: int) -> str:
    values = {
        "town": rng.choice(TOWNS),
        "person": rng.choice(PEOPLE),
        "topic": rng.choice(TOPICS),
        "day": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday"]),
        "month": rng.choice(["March", "April", "May", "June"]),
        "year": str(rng.randint(2010, 2025)),
        "n": f"{rng.randint(2, 90)}.{rng.randint(0, 9)}",
        "a": str(rng.randint(2, 11)),
        "b": str(rng.randint(1, 9)),
    }
    lines = [s.format(**values) for s in rng.sample(SENTENCES, 7)]
    return f"Report number {i} from the {values['town']} desk.\n\n" + "\n\n".join(lines) + "\n"


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # not created or not migrated yet


@pytest.mark.slow
def test_ingest_cli_sigkill_mid_batch_then_rerun_leaves_no_duplicate_or_half_article(tmp_path: Path):
    rng = random.Random(2)
    corpus = tmp_path / "big"
    corpus.mkdir()
    total = 2500
    for i in range(total):
        (corpus / f"report-{i:05d}.txt").write_text(_generated_article(rng, i), encoding="utf-8")
    db = tmp_path / "s.db"
    env = {**os.environ, "STANCEMAP_BATCH_SIZE": "40"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "stancemap", "ingest", str(corpus), "--db", str(db)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        while _count(db) < 80 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed: use a bigger input"
    stored_before = _count(db)
    assert 0 < stored_before < total
    assert stored_before % 40 == 0  # whole batches only

    rerun = _stancemap("ingest", str(corpus), "--db", str(db), cwd=tmp_path, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total} read, {total - stored_before} new, {stored_before} already stored" in rerun.stderr

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT content_hash), COUNT(DISTINCT store_key) FROM articles"
    ).fetchone() == (
        total,
        total,
        total,
    )
    signatures = dict(
        conn.execute("SELECT article, length(hashvalues) FROM minhashes WHERE kind = ?", (SIGNATURE_KIND,))
    )
    with open_store(db) as store:
        for stored in store.iter_articles():
            # Complete: the content its hash names, the raw file text its pieces map into, and its signature.
            article = stored.article
            assert article.content_hash == stored.content_hash
            assert article.raw is not None
            assert all(
                article.raw[p.raw_start : p.raw_start + p.length]
                == article.text[p.clean_start : p.clean_start + p.length]
                for p in article.pieces
            )
            assert signatures[stored.row] == NUM_PERM * 4
    # The killed run stays on record as interrupted; the rerun finished.
    assert conn.execute("SELECT COUNT(*) FROM ingest_runs WHERE finished_at IS NULL").fetchone()[0] == 1
    conn.close()


def test_ingest_cli_progress_counts_input_bytes_to_the_total(tmp_path: Path):
    from io import StringIO

    from rich.console import Console

    from stancemap.cli.ingest import _progress, _tracked, input_bytes
    from stancemap.config import Settings
    from stancemap.ingest import clean_documents

    corpus = _corpus(tmp_path / "news")
    total = input_bytes([str(corpus)])
    assert total == sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    (corpus / ".git").mkdir()
    (corpus / ".git" / "index").write_bytes(b"\0" * 5000)
    assert input_bytes([str(corpus)]) == total  # hidden files are not read, so not counted
    assert input_bytes(["-"]) is None
    progress = _progress(Console(file=StringIO()))
    task = progress.add_task("ingest", total=total, docs=0, rate=0.0)
    items = list(_tracked(clean_documents([str(corpus)], Settings()), progress, task))
    state = progress.tasks[0]
    assert state.completed == total
    assert state.fields["docs"] == sum(1 for item in items if isinstance(item, Article))


@pytest.mark.skipif(not Path("/proc/self/fdinfo").is_dir(), reason="needs Linux /proc")
def test_ingest_cli_progress_reads_the_position_in_an_open_file(tmp_path: Path):
    from stancemap.cli.ingest import _read_position

    archive = tmp_path / "big.warc"
    archive.write_bytes(b"x" * 10_000)
    assert _read_position(str(archive)) is None
    with archive.open("rb") as f:
        f.read(4096)
        assert _read_position(str(archive)) == 4096


def test_ingest_cli_store_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path):
    from stancemap.store import LATEST_VERSION

    (tmp_path / "wire.txt").write_text((DEDUP / "wire.txt").read_text(encoding="utf-8"), encoding="utf-8")
    open_store(tmp_path / "s.db").close()
    conn = sqlite3.connect(tmp_path / "s.db")
    with conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, 'later release', 'x')",
            (LATEST_VERSION + 1,),
        )
    conn.close()
    done = _stancemap("ingest", "wire.txt", "--db", "s.db", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: s.db: store schema version {LATEST_VERSION + 1} is newer than this stancemap supports "
        f"({LATEST_VERSION}); upgrade stancemap to open it"
    ]
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    conn.close()
