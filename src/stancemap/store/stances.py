"""Statements, their stances per question and human labels in the store (schema versions 3 and 4), and the map of
one question computed in SQL.

`map_positions` gives the same positions as `stancemap.mapping.positions` does in memory (a test holds them
equal on the example corpus), but aggregates inside SQLite from two covering indexes, the kept current map and the
monthly tallies (`actor_months`), so a question with a million statements maps in well under a second, as of
today or of any past date (bench/map_bench.py).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from stancemap.mapping.statements import StancedStatement
from stancemap.mapping.timeseries import PERIODS, Point
from stancemap.records import LABELS, Change, Evidence, Position, Span, Stance, Statement
from stancemap.store.sqlite import SqliteStore, now

# Statements written per executemany call: bounded memory for any input size.
BATCH = 5000
# Evidence kept per stored position; a map asking for more computes it from the stances.
STORED_EVIDENCE = 5
# Up to this many actors touched by a write are refreshed one by one; more, and the question is recomputed whole.
REFRESH_ONE_BY_ONE = 50

_STATEMENT_COLUMNS = (
    "article_id, story, speaker, speaker_kind, anonymous, kind, role, date, content, content_start, content_end, "
    "speaker_mention, cue, extra"
)


def add_stanced(
    store: SqliteStore, items: Iterable[StancedStatement], question: str, article_rows: dict[str, int] | None = None
) -> int:
    """Write statements and their stance on `question`, BATCH per transaction; return how many were written.

    Statements whose article is stored (by store key) are linked to it, and a copy in one of the store's
    near-duplicate groups gets the group's first copy as its story. `article_rows` adds links by hand.
    """
    written = 0
    batch: list[StancedStatement] = []
    touched: set[str] = set()
    first_row = store._conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM statements").fetchone()[0]
    for item in items:
        batch.append(item)
        if item.actor is not None:
            touched.add(item.actor)
        if len(batch) >= BATCH:
            written += _write_batch(store, batch, question, article_rows or {})
            batch = []
    if batch:
        written += _write_batch(store, batch, question, article_rows or {})
    if first_row > 1:
        # Statements stored before (an article extracted again): human decisions follow to the new rows.
        from stancemap.store.corrections import reattach

        touched |= reattach(store, question, first_row)
    touched |= recount_copies(store, question, first_row)
    refresh_positions(store, question, touched)
    return written


def recount_copies(
    store: SqliteStore, question: str, since_row: int = 1, stories: Iterable[str] | None = None
) -> set[str]:
    """Decide again which copy of each story counts, for the stories that statements from `since_row` on belong
    to (or `stories`, when given) and that now have more than one copy: per story and actor, the copy reporting
    the most of the actor's statements (the earliest on ties; `mapping.positions.one_copy_per_story`); statements
    a person rejected never count. Returns the actors affected."""
    conn = store._conn
    named = sorted(set(stories)) if stories is not None else None
    with store.transaction():
        # Temporary tables named without a schema: SQLite and PostgreSQL both look in the temporary one first.
        conn.execute("DROP TABLE IF EXISTS recount")
        if named is None:
            conn.execute(
                "CREATE TEMP TABLE recount AS SELECT story FROM statements WHERE story IN "
                "(SELECT DISTINCT story FROM statements WHERE id >= ?) "
                "GROUP BY story HAVING COUNT(DISTINCT article_id) > 1",
                (since_row,),
            )
        else:
            conn.execute(
                "CREATE TEMP TABLE recount AS SELECT story FROM statements WHERE "
                f"story IN ({', '.join('?' for _ in named) or 'NULL'}) "
                "GROUP BY story HAVING COUNT(DISTINCT article_id) > 1",
                named,
            )
        conn.execute("DROP TABLE IF EXISTS chosen")
        conn.execute(
            "CREATE TEMP TABLE chosen AS WITH per AS (SELECT s.story, t.actor, s.article_id, COUNT(*) AS n, "
            "MIN(s.id) AS first FROM stances t JOIN statements s ON s.id = t.statement "
            "WHERE t.question = ? AND t.actor IS NOT NULL AND s.rejected IS NULL "
            "AND s.story IN (SELECT story FROM recount) "
            "GROUP BY s.story, t.actor, s.article_id) "
            "SELECT story, actor, article_id FROM (SELECT story, actor, article_id, ROW_NUMBER() OVER "
            "(PARTITION BY story, actor ORDER BY n DESC, first) AS r FROM per) AS ranked WHERE r = 1",
            (question,),
        )
        # The index goes where its table is, the temporary schema, in both engines.
        conn.execute("CREATE INDEX chosen_key ON chosen (story, actor, article_id)")
        conn.execute(
            "UPDATE stances SET counted = CAST(EXISTS (SELECT 1 FROM statements s JOIN chosen c ON c.story = s.story "
            "AND c.article_id = s.article_id WHERE s.id = stances.statement AND c.actor = stances.actor "
            "AND s.rejected IS NULL) AS INTEGER) "
            "WHERE question = ? AND actor IS NOT NULL AND statement IN "
            "(SELECT id FROM statements WHERE story IN (SELECT story FROM recount))",
            (question,),
        )
        actors = {r[0] for r in conn.execute("SELECT DISTINCT actor FROM chosen")}
        conn.execute("DROP TABLE recount")
        conn.execute("DROP TABLE chosen")
    return actors


def article_links(store: SqliteStore, keys: Iterable[str]) -> dict[str, tuple[int, str]]:
    """For stored articles among `keys`: (article row, the store key of its story's first copy)."""
    wanted = sorted(set(keys))
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for key, row, story in store._conn.execute(
            "SELECT a.store_key, a.id, COALESCE(f.store_key, a.store_key) FROM articles a "
            "LEFT JOIN duplicate_groups g ON g.id = a.duplicate_group LEFT JOIN articles f ON f.id = g.first_article "
            f"WHERE a.store_key IN ({marks})",
            chunk,
        ):
            found[key] = (row, story)
    return found


def _write_batch(store: SqliteStore, batch: list[StancedStatement], question: str, rows: dict[str, int]) -> int:
    conn = store._conn
    judged_at = now()
    # Statements of stored articles take the article's row. Every story id (the article itself, or the original
    # an input named) goes through the ingest's near-duplicate groups, so all copies of a story share one id
    # whichever copy the input or the ingest saw first, and the story counts once in the map.
    links = article_links(store, {key for item in batch for key in (item.statement.article, item.story)})
    batch = [replace(item, story=links[item.story][1]) if item.story in links else item for item in batch]
    rows = {**{key: row for key, (row, _) in links.items()}, **rows}
    with store.transaction():
        first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM statements").fetchone()[0]
        conn.executemany(
            f"INSERT INTO statements (id, article, {_STATEMENT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + i, rows.get(item.statement.article), *_statement_row(item)) for i, item in enumerate(batch)],
        )
        conn.executemany(
            INSERT_STANCE,
            [
                # Counted until `recount_copies` picks one copy of a story with several: a copy whose original is
                # not stored is the story, and counts.
                stance_row(first + i, question, item, item.actor is not None, judged_at)
                for i, item in enumerate(batch)
            ],
        )
    return len(batch)


INSERT_STANCE = (
    "INSERT INTO stances (statement, question, label, score, conditional, shift_from, shift_to, actor, "
    "actor_kind, date, counted, judged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def stance_row(row: int, question: str, item: StancedStatement, counted: bool, judged_at: str) -> tuple[Any, ...]:
    """The `stances` row of statement `row` judged on `question`, in INSERT_STANCE's column order."""
    return (
        row,
        question,
        item.stance.label,
        item.stance.score,
        int(item.stance.conditional),
        item.reported[0] if item.reported else None,
        item.reported[1] if item.reported else None,
        item.actor,
        item.statement.speaker_kind,
        item.statement.date,
        int(counted),
        judged_at,
    )


def _statement_row(item: StancedStatement) -> tuple[Any, ...]:
    s = item.statement
    return (
        s.article,
        item.story,
        s.speaker,
        s.speaker_kind,
        int(s.anonymous),
        s.kind,
        s.role,
        s.date,
        s.content.text,
        s.content.start,
        s.content.end,
        json.dumps(s.speaker_mention.to_json(), ensure_ascii=False) if s.speaker_mention else None,
        json.dumps(s.cue.to_json(), ensure_ascii=False) if s.cue else None,
        None,
    )


def put_label(
    store: SqliteStore,
    statement: int,
    question: str,
    label: str,
    author: str,
    conditional: bool = False,
    note: str | None = None,
) -> None:
    """Record a human stance label (a correction) and make it the statement's stance on `question`.

    Labels are appended (the history stays); the stance row is marked `labelled`, which a judge re-run must keep.
    """
    if label not in LABELS:
        raise ValueError(f"label must be one of {', '.join(LABELS)}, not {label!r}")
    conn = store._conn
    with store.transaction():
        conn.execute(
            "INSERT INTO labels (statement, question, label, conditional, author, note, labelled_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (statement, question, label, int(conditional), author, note, now()),
        )
        conn.execute(
            "UPDATE stances SET label = ?, conditional = ?, score = 1.0, labelled = 1 "
            "WHERE statement = ? AND question = ?",
            (label, int(conditional), statement, question),
        )
    actor = conn.execute(
        "SELECT actor FROM stances WHERE statement = ? AND question = ?", (statement, question)
    ).fetchone()
    if actor is not None and actor[0] is not None:
        refresh_positions(store, question, [actor[0]])


def labels(store: SqliteStore, statement: int, question: str) -> list[tuple[str, bool, str, str | None, str]]:
    """(label, conditional, author, note, labelled_at) for a statement and question, oldest first."""
    rows = store._conn.execute(
        "SELECT label, conditional, author, note, labelled_at FROM labels WHERE statement = ? AND question = ? "
        "ORDER BY id",
        (statement, question),
    )
    return [(r[0], bool(r[1]), r[2], r[3], r[4]) for r in rows]


def questions(store: SqliteStore) -> list[str]:
    return [r[0] for r in store._conn.execute("SELECT DISTINCT question FROM stances ORDER BY question")]


# The columns a Statement is read back from, in the order `statement_from_row` expects them.
STATEMENT_FIELDS = (
    "s.article_id, s.speaker, s.speaker_kind, s.anonymous, s.kind, s.role, s.date, s.content, s.content_start, "
    "s.content_end, s.speaker_mention, s.cue"
)
STATEMENT_FIELD_COUNT = len(STATEMENT_FIELDS.split(","))


def statement_from_row(row: Sequence[Any]) -> Statement:
    """The Statement in the first STATEMENT_FIELD_COUNT values of a row selected with STATEMENT_FIELDS."""
    return Statement(
        article=row[0],
        speaker=row[1],
        speaker_kind=row[2],
        anonymous=bool(row[3]),
        kind=row[4],
        role=row[5],
        date=row[6],
        content=Span(row[7], row[8], row[9]),
        speaker_mention=_span(row[10]),
        cue=_span(row[11]),
    )


def iter_stanced(
    store: SqliteStore, question: str, counted_only: bool = False, rejected: bool = False
) -> Iterator[tuple[int, StancedStatement]]:
    """Every statement judged on `question` with its row id, in storage order; streams (one row at a time).
    `counted_only`: only those the map counts (each story once per actor), what the networks take. Statements a
    person rejected (store.corrections) are left out unless `rejected` (the web page lists them, for the undo)."""
    rows = store.stream(
        f"SELECT s.id, s.story, {STATEMENT_FIELDS}, t.label, t.score, t.conditional, t.shift_from, t.shift_to "
        "FROM stances t JOIN statements s ON s.id = t.statement WHERE t.question = ?"
        f"{' AND t.counted = 1' if counted_only else ''}{'' if rejected else ' AND s.rejected IS NULL'} "
        "ORDER BY s.id",
        (question,),
    )
    for row in rows:
        statement = statement_from_row(row[2:])
        label, score, conditional, shift_from, shift_to = row[2 + STATEMENT_FIELD_COUNT :]
        reported = (shift_from, shift_to) if shift_to is not None else None
        yield row[0], StancedStatement(statement, Stance(label, score, bool(conditional)), row[1], row[0], reported)


def _span(text: str | None) -> Span | None:
    if text is None:
        return None
    obj = json.loads(text)
    return Span(obj["text"], obj["start"], obj["end"])


# -- the map in SQL ---------------------------------------------------------------------------------------------


def map_positions(store: SqliteStore, question: str, as_of: str | None = None, evidence: int = 3) -> list[Position]:
    """Positions on `question` from the store, by the rules of `stancemap.mapping.positions` (docs/map.md).

    The current map (no `as_of`, up to STORED_EVIDENCE evidence) is read from `actor_positions`, which every write
    keeps up to date; a map as of a past date is computed from the stances indexes.
    """
    if as_of is None and evidence <= STORED_EVIDENCE:
        rows = store._conn.execute(
            "SELECT actor, kind, stance, conditional, statements, first, last, evidence, changes "
            "FROM actor_positions WHERE question = ? ORDER BY statements DESC, actor",
            (question,),
        )
        return [
            Position(
                actor=r[0],
                kind=r[1],
                question=question,
                stance=r[2],
                conditional=bool(r[3]),
                statements=r[4],
                first=r[5],
                last=r[6],
                evidence=tuple(_evidence_from_json(e) for e in json.loads(r[7])[:evidence]),
                changes=tuple(Change(*c) for c in json.loads(r[8])),
            )
            for r in rows
        ]
    return compute_positions(store, question, as_of, evidence)


def current_map_actors(store: SqliteStore, question: str, evidence: int = 3) -> list[dict[str, Any]]:
    """The current map's `actors` list (CONTRACT shape) straight from `actor_positions`, without building records:
    what `stancemap map --db` prints. Equal to `[p.to_json() for p in map_positions(store, question)]`."""
    if evidence > STORED_EVIDENCE:
        return [p.to_json() for p in map_positions(store, question, evidence=evidence)]
    found = []
    for actor, kind, stance, conditional, n, first, last, proofs, changes in store._conn.execute(
        "SELECT actor, kind, stance, conditional, statements, first, last, evidence, changes "
        "FROM actor_positions WHERE question = ? ORDER BY statements DESC, actor",
        (question,),
    ):
        found.append(
            {
                "actor": actor,
                "kind": kind,
                "stance": stance,
                "conditional": bool(conditional),
                "statements": n,
                "first": first,
                "last": last,
                "evidence": [{k: v for k, v in e.items() if k != "score"} for e in json.loads(proofs)[:evidence]],
                "changes": [{"from": c[0], "to": c[1], "date": c[2], "article": c[3]} for c in json.loads(changes)],
            }
        )
    return found


def refresh_positions(store: SqliteStore, question: str, actors: Iterable[str] | None = None) -> None:
    """Recompute the stored current positions of `actors` (all of the question's actors when None)."""
    wanted = None if actors is None else sorted(set(actors))
    found = []
    if wanted is None or len(wanted) > REFRESH_ONE_BY_ONE:
        found = compute_positions(store, question, None, STORED_EVIDENCE, kept_changes=False)
        wanted = None
    else:
        for actor in wanted:
            found += compute_positions(store, question, None, STORED_EVIDENCE, actor, kept_changes=False)
    with store.transaction():
        _refresh_months(store, question, wanted)
        if wanted is None:
            store._conn.execute("DELETE FROM actor_positions WHERE question = ?", (question,))
        else:
            store._conn.executemany(
                "DELETE FROM actor_positions WHERE question = ? AND actor = ?", [(question, a) for a in wanted]
            )
        store._conn.executemany(
            "INSERT INTO actor_positions (question, actor, kind, stance, conditional, statements, first, last, "
            "evidence, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    question,
                    p.actor,
                    p.kind,
                    p.stance,
                    int(p.conditional),
                    p.statements,
                    p.first,
                    p.last,
                    json.dumps([_evidence_to_json(e) for e in p.evidence], ensure_ascii=False),
                    # Compact rows [from, to, date, article, reported]: a debate can hold thousands of changes.
                    json.dumps(
                        [[c.from_label, c.to_label, c.date, c.article, c.reported] for c in p.changes],
                        ensure_ascii=False,
                    ),
                )
                for p in found
            ],
        )


def compute_positions(
    store: SqliteStore,
    question: str,
    as_of: str | None = None,
    evidence: int = 3,
    actor: str | None = None,
    kept_changes: bool = True,
) -> list[Position]:
    """The positions aggregated from the stances indexes (one actor's, when `actor` is given).

    Changes come from the kept current map when `kept_changes` (every write keeps it up to date): the changes as
    of a date are the dated changes of the whole history up to that date, since an observed change compares a date
    with the actor's previous sided date only and a reported shift is checked against changes of its own date.
    `refresh_positions`, which writes the kept map, computes them from the stances instead.
    """
    conn = store._conn
    when = (" AND date <= ?" if as_of else "") + (" AND actor = ?" if actor else "")
    args: tuple[Any, ...] = (question, *((as_of,) if as_of else ()), *((actor,) if actor else ()))
    base = f"FROM stances WHERE question = ? AND counted = 1{when}"

    # Per actor and kind: counted statements, their span and the latest date the actor took a side (NULL both
    # when it never did and when only undated statements did: `sided` tells them apart).
    per_kind: dict[tuple[str, str], int] = defaultdict(int)
    spans: dict[str, tuple[str | None, str | None]] = {}
    latest: dict[str, str | None] = {}
    for name, kind, n, first, last, sided, latest_sided in (
        _tallies_as_of(store, question, as_of, actor)
        if as_of
        else conn.execute(
            "SELECT actor, actor_kind, COUNT(*), MIN(date), MAX(date), MAX(CASE WHEN label != 'neutral' THEN 1 END), "
            f"MAX(CASE WHEN label != 'neutral' THEN date END) {base} GROUP BY actor, actor_kind",
            args,
        )
    ):
        per_kind[(name, kind)] += n
        old_first, old_last = spans.get(name, (None, None))
        spans[name] = (_min(old_first, first), _max(old_last, last))
        if sided:
            latest[name] = _max(latest.get(name), latest_sided)
    counts: dict[str, int] = defaultdict(int)
    kinds: dict[str, tuple[int, str]] = {}
    for (name, kind), n in sorted(per_kind.items()):
        counts[name] += n
        if name not in kinds or n > kinds[name][0]:
            kinds[name] = (n, kind)

    # The stance is what the statements of that latest date say: a few rows per actor, sought in the evidence index.
    current: dict[str, tuple[set[str], bool]] = {}
    for name, day in latest.items():
        rows = conn.execute(
            "SELECT label, MAX(conditional) FROM stances WHERE question = ? AND counted = 1 AND actor = ? "
            f"AND label IN ('oppose', 'support') AND date {'IS NULL' if day is None else '= ?'} GROUP BY label",
            (question, name, *(() if day is None else (day,))),
        ).fetchall()
        current[name] = ({label for label, _ in rows}, any(conditional for _, conditional in rows))

    if kept_changes:
        changes = _kept_changes(store, question, as_of, actor)
    else:
        changes = _changes_from_stances(store, question, as_of, actor)

    found = []
    for name, n in counts.items():
        labels_now, conditional = current.get(name, (set(), False))
        stance = "neutral" if not labels_now else next(iter(labels_now)) if len(labels_now) == 1 else "mixed"
        found.append(
            Position(
                actor=name,
                kind=kinds[name][1],
                question=question,
                stance=stance,
                conditional=conditional,
                statements=n,
                first=spans[name][0],
                last=spans[name][1],
                evidence=tuple(_evidence(store, question, name, stance, as_of, evidence)),
                # Kept changes are stored in date order already.
                changes=tuple(changes.get(name, []) if kept_changes else _by_date(changes.get(name, []))),
            )
        )
    return sorted(found, key=lambda p: (-p.statements, p.actor))


def _tallies_as_of(
    store: SqliteStore, question: str, as_of: str, actor: str | None
) -> Iterator[tuple[str, str, int, str, str, int | None, str | None]]:
    """(actor, kind, statements, first, last, sided, latest sided date) of the counted statements dated up to
    `as_of`: the whole months before its month added up from `actor_months`, then its own month's statements up
    to that date, sought per actor and kind in the map index from the month's first date."""
    conn = store._conn
    month = as_of[:7]
    who, whom = (" AND actor = ?", (actor,)) if actor else ("", ())
    yield from conn.execute(
        "SELECT actor, actor_kind, SUM(statements), MIN(first), MAX(last), "
        "MAX(CASE WHEN last_sided IS NOT NULL THEN 1 END), MAX(last_sided) "
        f"FROM actor_months WHERE question = ? AND month < ?{who} GROUP BY actor, actor_kind",
        (question, month, *whom),
    )
    yield from conn.execute(
        "SELECT t.actor, t.actor_kind, COUNT(*), MIN(t.date), MAX(t.date), "
        "MAX(CASE WHEN t.label != 'neutral' THEN 1 END), MAX(CASE WHEN t.label != 'neutral' THEN t.date END) "
        "FROM actor_months m JOIN stances t ON t.question = m.question AND t.counted = 1 AND t.actor = m.actor "
        "AND t.actor_kind = m.actor_kind AND t.date >= m.first AND t.date <= ? "
        f"WHERE m.question = ? AND m.month = ?{who.replace('actor', 'm.actor')} GROUP BY t.actor, t.actor_kind",
        (as_of, question, month, *whom),
    )


def _refresh_months(store: SqliteStore, question: str, actors: list[str] | None) -> None:
    """Rebuild the `actor_months` rows of `actors` (all of the question's when None) from the stances."""
    conn = store._conn
    fill = (
        "INSERT INTO actor_months (question, actor, actor_kind, month, statements, first, last, last_sided) "
        "SELECT question, actor, actor_kind, substr(date, 1, 7), COUNT(*), MIN(date), MAX(date), "
        "MAX(CASE WHEN label != 'neutral' THEN date END) FROM stances WHERE question = ? AND counted = 1 "
        "AND date IS NOT NULL{} GROUP BY question, actor, actor_kind, substr(date, 1, 7)"
    )
    if actors is None:
        conn.execute("DELETE FROM actor_months WHERE question = ?", (question,))
        conn.execute(fill.format(""), (question,))
        return
    for name in actors:
        conn.execute("DELETE FROM actor_months WHERE question = ? AND actor = ?", (question, name))
        conn.execute(fill.format(" AND actor = ?"), (question, name))


def _kept_changes(store: SqliteStore, question: str, as_of: str | None, actor: str | None) -> dict[str, list[Change]]:
    """The changes of the kept current map, those dated up to `as_of` when given (undated ones only without it)."""
    rows = store._conn.execute(
        "SELECT actor, changes FROM actor_positions WHERE question = ?" + (" AND actor = ?" if actor else ""),
        (question, *((actor,) if actor else ())),
    )
    changes: dict[str, list[Change]] = {}
    for name, kept in rows:
        # Compact rows [from, to, date, article, reported], kept in date order with the undated first: the ones
        # wanted are a slice, cut before they become records.
        found = json.loads(kept)
        if as_of is not None:
            found = found[bisect_right(found, "", key=_date_of) : bisect_right(found, as_of, key=_date_of)]
        changes[name] = [Change(*c) for c in found]
    return changes


def _by_date(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: c.date or "")


def _date_of(change: list[Any]) -> str:
    return change[2] or ""


def _changes_from_stances(
    store: SqliteStore, question: str, as_of: str | None, actor: str | None
) -> dict[str, list[Change]]:
    """Observed changes and reported shifts aggregated from the stances (`mapping.positions.changes`)."""
    conn, d = store._conn, store.dialect
    when = (" AND date <= ?" if as_of else "") + (" AND actor = ?" if actor else "")
    args: tuple[Any, ...] = (question, *((as_of,) if as_of else ()), *((actor,) if actor else ()))
    base = f"FROM stances WHERE question = ? AND counted = 1{when}"
    changes: dict[str, list[Change]] = defaultdict(list)
    for name, previous, label, day, article in conn.execute(
        # rowid order is statement order (stances rows are written with their statements), and every index
        # carries the rowid, so the first statement of a day comes from the index without reading the table
        # (PostgreSQL has no rowid: `d.stance_order` is the statement id there).
        f"WITH days AS (SELECT actor, date, MIN(label) AS lo, MAX(label) AS hi, MIN({d.stance_order}) AS first "
        f"{base} AND label != 'neutral' AND date IS NOT NULL GROUP BY actor, date), "
        "sided AS (SELECT actor, date, lo AS label, first FROM days WHERE lo = hi), "
        "seq AS (SELECT actor, date, label, first, LAG(label) OVER (PARTITION BY actor ORDER BY date) AS previous "
        "FROM sided) SELECT q.actor, q.previous, q.label, q.date, s.article_id FROM seq q "
        f"JOIN stances t ON t.{d.stance_order} = q.first AND t.question = ? JOIN statements s ON s.id = t.statement "
        "WHERE q.previous IS NOT NULL AND q.previous != q.label",
        (*args, question),
    ):
        changes[name].append(Change(previous, label, day, article))
    for name, old, new, day, article in conn.execute(
        "SELECT t.actor, t.shift_from, t.shift_to, t.date, s.article_id FROM stances t "
        # Unary + keeps SQLite from reading counted/date off a wider index: the partial index of the few rows
        # with a shift is the one to use (0.03 s instead of 2.6 s on the million-statement bench store).
        "JOIN statements s ON s.id = t.statement WHERE t.question = ? AND t.shift_to IS NOT NULL "
        f"AND {d.not_indexed('t.counted')} = 1"
        f"{when.replace(' date', ' ' + d.not_indexed('t.date')).replace(' actor', ' t.actor')} ORDER BY t.statement",
        args,
    ):
        if old == new or any(c.to_label == new and c.date == day for c in changes[name]):
            continue
        changes[name].append(Change(old, new, day, article, reported=True))
    # Shifts a person marked (store.corrections.mark_shift) count as reported ones, whatever the judge saw.
    marked = (" AND m.date <= ?" if as_of else "") + (" AND m.actor = ?" if actor else "")
    for name, old, new, day, article in conn.execute(
        "SELECT m.actor, m.shift_from, m.shift_to, m.date, s.article_id FROM marked_shifts m "
        f"JOIN statements s ON s.id = m.statement WHERE m.question = ? AND m.removed_at IS NULL{marked} "
        "ORDER BY m.date, m.id",
        args,
    ):
        if any(c.to_label == new and c.date == day for c in changes[name]):
            continue
        changes[name].append(Change(old, new, day, article, reported=True))
    return changes


def store_timeseries(store: SqliteStore, question: str, period: str = "week") -> dict[str, list[Point]]:
    """`stancemap.mapping.timeseries.timeseries` of the stored statements, counted in SQL."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    start = store.dialect.week_start("date") if period == "week" else store.dialect.month_start("date")
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"support": 0, "oppose": 0, "neutral": 0})
    for actor, begins, label, n in store._conn.execute(
        f"SELECT actor, {start} AS begins, label, COUNT(*) FROM stances "
        "WHERE question = ? AND counted = 1 AND date IS NOT NULL GROUP BY actor, begins, label",
        (question,),
    ):
        counts[(actor, begins)][label] += n
    series: dict[str, list[Point]] = defaultdict(list)
    for (actor, begins), c in sorted(counts.items()):
        series[actor].append(Point(actor, begins, c["support"], c["oppose"], c["neutral"]))
    return dict(series)


def _evidence_to_json(e: Evidence) -> dict[str, Any]:
    return {**e.to_json(), "score": e.score}


def _evidence_from_json(obj: dict[str, Any]) -> Evidence:
    return Evidence(
        obj["article"],
        obj["content"],
        obj["date"],
        obj["label"],
        obj["score"],
        obj["conditional"],
        tuple(obj["sources"]),
    )


def _evidence(
    store: SqliteStore, question: str, actor: str, stance: str, as_of: str | None, limit: int
) -> list[Evidence]:
    """The actor's best statements: its stance's side first, then other sides, then neutral; latest first, direct
    quotes, the judge's most confident. Each group is read from the evidence index, LIMIT at a time."""
    if stance in ("mixed", "neutral"):
        groups: list[tuple[str, ...]] = [("oppose", "support"), ("neutral",)]
    else:
        groups = [(stance,), tuple(sorted({"support", "oppose"} - {stance})), ("neutral",)]
    when = " AND t.date <= ?" if as_of else ""
    picked: list[tuple[Any, ...]] = []
    conn = store._conn
    for group in groups:
        if len(picked) >= limit:
            break
        marks = ", ".join("?" for _ in group)
        wanted = limit - len(picked)
        where = f"t.question = ? AND t.counted = 1 AND t.actor = ? AND t.label IN ({marks}){when}"
        where_args = (question, actor, *group, *((as_of,) if as_of else ()))
        # Only statements dated on or after the `wanted`-th latest date can make the cut (ties on that date are
        # then ranked by kind and score): found from the index, so the join and sort touch a handful of rows.
        # As of a date every statement has one, and a plain range on the date is one seek in the index.
        undated = "" if as_of else "t.date IS NULL OR "
        rows = conn.execute(
            "SELECT s.article_id, s.content, t.date, t.label, t.score, t.conditional, s.story, s.speaker "
            "FROM stances t JOIN statements s ON s.id = t.statement "
            f"WHERE {where} AND ({undated}t.date >= COALESCE((SELECT t.date FROM stances t WHERE {where} "
            "AND t.date IS NOT NULL ORDER BY t.date DESC LIMIT 1 OFFSET ?), '')) "
            "ORDER BY t.date IS NULL, t.date DESC, s.kind != 'direct', t.score DESC, t.statement LIMIT ?",
            (*where_args, *where_args, wanted - 1, wanted),
        )
        picked += rows.fetchall()
    # The copies of each chosen statement's story that report the actor too, in one query for all of them (the
    # actor is the statements' speaker).
    copies: dict[str, list[str]] = defaultdict(list)
    stories = sorted({row[6] for row in picked})
    if stories:
        for story, article in conn.execute(
            f"SELECT DISTINCT story, article_id FROM statements WHERE story IN ({', '.join('?' for _ in stories)}) "
            "AND speaker = ? ORDER BY article_id",
            (*stories, actor),
        ):
            copies[story].append(article)
    return [
        Evidence(article, content, day, label, score, bool(conditional), tuple(a for a in copies[s] if a != article))
        for article, content, day, label, score, conditional, s, _ in picked
    ]


def _min(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else max(a, b)
