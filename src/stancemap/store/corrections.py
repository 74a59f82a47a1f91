"""Human corrections beyond stance labels (schema version 5): reject a statement (and take the rejection back),
fix a statement's speaker, merge two actor names, mark a shift by hand; and `reattach`, which carries every human
decision over to the new rows when an article's statements are stored again (re-extraction).

Each correction is appended with its author and time (the history stays); the statement's own columns (`rejected`,
`speaker`) and its stance rows (`actor`, `counted`) hold the latest, so the map's queries need no join. After each
write the affected actors' kept positions are refreshed, so `stancemap map --db` and the web page follow at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stancemap.records import LABELS
from stancemap.store.sqlite import SqliteStore, now
from stancemap.store.stances import recount_copies, refresh_positions

# Why a person rejects a statement (the page offers these; the store takes any non-empty reason).
REJECT_REASONS = ("not a statement", "wrong speaker")
SPEAKER_KINDS = ("person", "organization", "country", "group")


@dataclass(frozen=True, slots=True)
class Correction:
    """One entry of a statement's history: kind is reject, accept or speaker."""

    kind: str
    value: str | None
    speaker_kind: str | None
    previous: str | None
    author: str
    made_at: str


@dataclass(frozen=True, slots=True)
class MarkedShift:
    """A shift a person marked: `actor` moved from `shift_from` to `shift_to` on `date`, as statement `statement`
    (of article `article`) shows."""

    id: int
    question: str
    actor: str
    date: str
    shift_from: str
    shift_to: str
    statement: int
    article: str
    author: str
    made_at: str


def copies(store: SqliteStore, statement: int) -> list[int]:
    """The statement and the same statement (same content text) in the other copies of its story: a correction
    holds for all of them, or a copy's statement would count in place of the corrected one."""
    rows = store._conn.execute(
        "SELECT o.id FROM statements s JOIN statements o ON o.story = s.story AND o.content = s.content "
        "WHERE s.id = ? ORDER BY o.id",
        (statement,),
    )
    return [r[0] for r in rows]


def reject(store: SqliteStore, statement: int, reason: str, author: str) -> None:
    """Take a statement (and its copies) off the map, on every question, for `reason`; `accept` undoes it."""
    if not reason.strip():
        raise ValueError("a rejection needs a reason")
    _set_rejected(store, statement, reason.strip(), author)


def accept(store: SqliteStore, statement: int, author: str) -> None:
    """Put a rejected statement (and its copies) back on the map (the rejection stays in the history)."""
    _set_rejected(store, statement, None, author)


def _set_rejected(store: SqliteStore, statement: int, reason: str | None, author: str) -> None:
    conn = store._conn
    rows = copies(store, statement)
    made_at = now()
    with store.transaction():
        for row in rows:
            conn.execute(
                "INSERT INTO corrections (statement, kind, value, author, made_at) VALUES (?, ?, ?, ?, ?)",
                (row, "reject" if reason else "accept", reason, author, made_at),
            )
            conn.execute("UPDATE statements SET rejected = ? WHERE id = ?", (reason, row))
            # A rejected statement never counts; an accepted one counts when it has an actor, until the recount
            # below picks one copy of its story again.
            conn.execute(
                "UPDATE stances SET counted = ? WHERE statement = ? AND actor IS NOT NULL", (0 if reason else 1, row)
            )
    _follow(store, rows, set())


def fix_speaker(store: SqliteStore, statement: int, speaker: str, speaker_kind: str, author: str) -> None:
    """Make `speaker` (of `speaker_kind`) the speaker of the statement (and of its copies): their actor on every
    question."""
    speaker = speaker.strip()
    if not speaker:
        raise ValueError("the speaker must not be empty")
    conn = store._conn
    rows = copies(store, statement)
    if not rows:
        raise ValueError(f"no statement {statement}")
    old_actors: set[str] = set()
    made_at = now()
    with store.transaction():
        for row in rows:
            previous, rejected = conn.execute(
                "SELECT speaker, rejected FROM statements WHERE id = ?", (row,)
            ).fetchone()
            old_actors |= {r[0] for r in conn.execute("SELECT actor FROM stances WHERE statement = ?", (row,)) if r[0]}
            conn.execute(
                "INSERT INTO corrections (statement, kind, value, speaker_kind, previous, author, made_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row, "speaker", speaker, speaker_kind, previous, author, made_at),
            )
            _apply_speaker(store, [row], speaker, speaker_kind)
            if rejected is None:
                conn.execute("UPDATE stances SET counted = 1 WHERE statement = ?", (row,))
    _follow(store, rows, old_actors)


def _apply_speaker(store: SqliteStore, rows: list[int], speaker: str, speaker_kind: str) -> None:
    # A named speaker is no longer anonymous: the map counts it (records' StancedStatement.actor).
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        store._conn.execute(
            f"UPDATE statements SET speaker = ?, speaker_kind = ?, anonymous = 0 WHERE id IN ({marks})",
            (speaker, speaker_kind, *chunk),
        )
        store._conn.execute(
            f"UPDATE stances SET actor = ?, actor_kind = ? WHERE statement IN ({marks})",
            (speaker, speaker_kind, *chunk),
        )


def merge_actors(store: SqliteStore, merged: str, into: str, author: str) -> int:
    """Make every statement of `merged` one of `into` (and every one stored later); return how many moved."""
    merged, into = merged.strip(), into.strip()
    if not merged or not into:
        raise ValueError("both names are needed")
    if merged == into:
        raise ValueError("an actor cannot be merged into itself")
    conn = store._conn
    with store.transaction():
        conn.execute(
            "INSERT INTO actor_merges (merged, into_actor, author, made_at) VALUES (?, ?, ?, ?)",
            (merged, into, author, now()),
        )
    return _apply_merge(store, merged, into, None)


def _apply_merge(store: SqliteStore, merged: str, into: str, since_row: int | None) -> int:
    """Rename `merged` to `into` in the statements (from `since_row` on when given) and in the marked shifts."""
    conn = store._conn
    after, after_args = (" AND id >= ?", (since_row,)) if since_row else ("", ())
    rows = [r[0] for r in conn.execute(f"SELECT id FROM statements WHERE speaker = ?{after}", (merged, *after_args))]
    if not rows:
        return 0
    # The merged name takes the kind the surviving actor is known by (else keeps its own).
    kind_row = conn.execute(
        "SELECT speaker_kind, COUNT(*) AS n FROM statements WHERE speaker = ? GROUP BY speaker_kind "
        "ORDER BY n DESC, speaker_kind LIMIT 1",
        (into,),
    ).fetchone()
    with store.transaction():
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            conn.execute(f"UPDATE statements SET speaker = ? WHERE id IN ({marks})", (into, *chunk))
            conn.execute(
                f"UPDATE stances SET actor = ? WHERE actor = ? AND statement IN ({marks})", (into, merged, *chunk)
            )
            if kind_row is not None:
                conn.execute(f"UPDATE statements SET speaker_kind = ? WHERE id IN ({marks})", (kind_row[0], *chunk))
                conn.execute(
                    f"UPDATE stances SET actor_kind = ? WHERE actor IS NOT NULL AND statement IN ({marks})",
                    (kind_row[0], *chunk),
                )
        conn.execute("UPDATE marked_shifts SET actor = ? WHERE actor = ?", (into, merged))
    if since_row is None:
        _follow(store, rows, {merged})
    return len(rows)


def mark_shift(
    store: SqliteStore, question: str, statement: int, date: str, shift_from: str, shift_to: str, author: str
) -> int:
    """Record that the speaker of `statement` moved from `shift_from` to `shift_to` on `date` (ISO); its id."""
    if shift_from not in LABELS or shift_to not in LABELS:
        raise ValueError(f"stances must be one of {', '.join(LABELS)}")
    if shift_from == shift_to:
        raise ValueError("a shift needs two different stances")
    conn = store._conn
    row = conn.execute(
        "SELECT actor FROM stances WHERE statement = ? AND question = ?", (statement, question)
    ).fetchone()
    if row is None or row[0] is None:
        raise ValueError(f"statement {statement} has no actor on question {question!r}")
    with store.transaction():
        conn.execute(
            "INSERT INTO marked_shifts (question, actor, date, shift_from, shift_to, statement, author, made_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (question, row[0], date, shift_from, shift_to, statement, author, now()),
        )
        shift_id = conn.execute("SELECT MAX(id) FROM marked_shifts").fetchone()[0]
    refresh_positions(store, question, [row[0]])
    return int(shift_id)


def remove_shift(store: SqliteStore, shift: int) -> None:
    """Take back a marked shift (kept in the table with the time it was taken back)."""
    conn = store._conn
    row = conn.execute("SELECT question, actor FROM marked_shifts WHERE id = ?", (shift,)).fetchone()
    if row is None:
        raise ValueError(f"no marked shift {shift}")
    with store.transaction():
        conn.execute("UPDATE marked_shifts SET removed_at = ? WHERE id = ? AND removed_at IS NULL", (now(), shift))
    refresh_positions(store, row[0], [row[1]])


def marked_shifts(store: SqliteStore, question: str, actor: str | None = None) -> list[MarkedShift]:
    """The shifts that hold on `question` (one actor's when given), by date."""
    who, args = (" AND m.actor = ?", (actor,)) if actor else ("", ())
    rows = store._conn.execute(
        "SELECT m.id, m.question, m.actor, m.date, m.shift_from, m.shift_to, m.statement, s.article_id, m.author, "
        "m.made_at FROM marked_shifts m JOIN statements s ON s.id = m.statement "
        f"WHERE m.question = ? AND m.removed_at IS NULL{who} ORDER BY m.date, m.id",
        (question, *args),
    )
    return [MarkedShift(*r) for r in rows]


def history(store: SqliteStore, statement: int) -> list[Correction]:
    """The statement's rejections, acceptances and speaker fixes, oldest first."""
    rows = store._conn.execute(
        "SELECT kind, value, speaker_kind, previous, author, made_at FROM corrections WHERE statement = ? ORDER BY id",
        (statement,),
    )
    return [Correction(*r) for r in rows]


def merges(store: SqliteStore) -> list[tuple[str, str, str, str]]:
    """(merged, into, author, made_at) of every merge, oldest first."""
    rows = store._conn.execute("SELECT merged, into_actor, author, made_at FROM actor_merges ORDER BY id")
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def _follow(store: SqliteStore, rows: Iterable[int], old_actors: set[str]) -> None:
    """After statements `rows` changed: pick the counted copy of their stories again and refresh the kept map of
    every question they are judged on, for their actors now and `old_actors`."""
    conn = store._conn
    wanted = sorted(set(rows))
    per_question: dict[str, set[str]] = {}
    stories: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for question, actor, story in conn.execute(
            f"SELECT t.question, t.actor, s.story FROM stances t JOIN statements s ON s.id = t.statement "
            f"WHERE t.statement IN ({marks})",
            chunk,
        ):
            per_question.setdefault(question, set())
            if actor:
                per_question[question].add(actor)
            stories.add(story)
    for question, actors in per_question.items():
        actors |= recount_copies(store, question, stories=stories)
        refresh_positions(store, question, actors | old_actors)


def reattach(store: SqliteStore, question: str, first_row: int) -> set[str]:
    """Carry human decisions over to the statements stored from row `first_row` on, judged on `question`.

    A new statement that repeats a stored one on the same question (same article and content text; the same span
    preferred when several match) takes its place: the old row's labels, rejection, speaker fix and marked shifts
    move to the new row and the old row leaves the question (and the store, once nothing refers to it). Actor
    merges apply to every new statement. Returns the actors whose statements changed, for the map's refresh.
    """
    conn = store._conn
    touched: set[str] = set()
    pairs: dict[int, tuple[int, bool]] = {}
    taken: set[int] = set()
    candidates = conn.execute(
        "SELECT o.id, n.id, CASE WHEN o.content_start = n.content_start AND o.content_end = n.content_end "
        "THEN 1 ELSE 0 END FROM statements n JOIN statements o ON o.article_id = n.article_id "
        "AND o.content = n.content AND o.id < ? JOIN stances t ON t.statement = o.id AND t.question = ? "
        "WHERE n.id >= ? ORDER BY o.id, 3 DESC, n.id",
        (first_row, question, first_row),
    ).fetchall()
    # Exact spans first, then same text elsewhere; each new row replaces at most one old row.
    for old, new, exact in sorted(candidates, key=lambda c: (-c[2], c[0], c[1])):
        if old in pairs or new in taken:
            continue
        pairs[old] = (new, bool(exact))
        taken.add(new)
    if pairs:
        with store.transaction():
            for old, (new, _) in sorted(pairs.items()):
                touched |= _move(store, question, old, new)
    for merged, into, _, _ in merges(store):
        if _apply_merge(store, merged, into, first_row):
            touched.add(into)
    return touched


def _move(store: SqliteStore, question: str, old: int, new: int) -> set[str]:
    """Move the human decisions of statement `old` to `new` (inside the caller's transaction)."""
    conn = store._conn
    actors = {r[0] for r in conn.execute("SELECT actor FROM stances WHERE statement IN (?, ?)", (old, new)) if r[0]}
    for table in ("corrections", "marked_shifts"):
        conn.execute(f"UPDATE {table} SET statement = ? WHERE statement = ?", (new, old))
    conn.execute("UPDATE labels SET statement = ? WHERE statement = ? AND question = ?", (new, old, question))
    fix = conn.execute(
        "SELECT value, speaker_kind FROM corrections WHERE statement = ? AND kind = 'speaker' ORDER BY id DESC LIMIT 1",
        (new,),
    ).fetchone()
    if fix is not None:
        conn.execute(
            "UPDATE statements SET speaker = ?, speaker_kind = ?, anonymous = 0 WHERE id = ?", (fix[0], fix[1], new)
        )
        conn.execute(
            "UPDATE stances SET actor = ?, actor_kind = ?, counted = 1 WHERE statement = ?", (fix[0], fix[1], new)
        )
        actors.add(fix[0])
    rejected = conn.execute("SELECT rejected FROM statements WHERE id = ?", (old,)).fetchone()[0]
    if rejected is not None:
        conn.execute("UPDATE statements SET rejected = ? WHERE id = ?", (rejected, new))
        conn.execute("UPDATE stances SET counted = 0 WHERE statement = ?", (new,))
    label = conn.execute(
        "SELECT label, conditional FROM labels WHERE statement = ? AND question = ? ORDER BY id DESC LIMIT 1",
        (new, question),
    ).fetchone()
    if label is not None:
        conn.execute(
            "UPDATE stances SET label = ?, conditional = ?, score = 1.0, labelled = 1 WHERE statement = ? "
            "AND question = ?",
            (label[0], label[1], new, question),
        )
    conn.execute("DELETE FROM stances WHERE statement = ? AND question = ?", (old, question))
    conn.execute(
        "DELETE FROM statements WHERE id = ? AND NOT EXISTS (SELECT 1 FROM stances WHERE statement = ?) "
        "AND NOT EXISTS (SELECT 1 FROM labels WHERE statement = ?)",
        (old, old, old),
    )
    return actors


def statement_exists(store: SqliteStore, statement: int) -> bool:
    return store._conn.execute("SELECT 1 FROM statements WHERE id = ?", (statement,)).fetchone() is not None


def actor_of(store: SqliteStore, statement: int, question: str) -> str | None:
    """The actor a statement counts for on `question`; None when it is not judged there or has no actor."""
    row = store._conn.execute(
        "SELECT actor FROM stances WHERE statement = ? AND question = ?", (statement, question)
    ).fetchone()
    return None if row is None else row[0]


def shift_place(store: SqliteStore, shift: int) -> tuple[str, str] | None:
    """(question, actor) of a marked shift; None when there is no such shift."""
    row = store._conn.execute("SELECT question, actor FROM marked_shifts WHERE id = ?", (shift,)).fetchone()
    return None if row is None else (row[0], row[1])


def latest_corrections(store: SqliteStore, question: str) -> dict[int, Correction]:
    """statement row -> its latest rejection, acceptance or speaker fix, for the statements judged on `question`."""
    rows = store._conn.execute(
        "SELECT c.statement, c.kind, c.value, c.speaker_kind, c.previous, c.author, c.made_at FROM corrections c "
        "JOIN stances t ON t.statement = c.statement AND t.question = ? ORDER BY c.id",
        (question,),
    )
    return {r[0]: Correction(*r[1:]) for r in rows}
