"""The local engine: a stream of items processed by a pool of worker processes, results in input order.

`process_in_order` cuts the stream into chunks and hands each chunk to `work` in a worker process. Each worker is a
fresh interpreter (the forkserver start method where there is one, else spawn: a forked copy of a parent that has
already loaded spaCy's thread pools is not safe) that runs `initializer` once, so a model is loaded once per worker,
not once per chunk. At most `workers * IN_FLIGHT_PER_WORKER` chunks are submitted and not yet collected, so memory
stays bounded however long the input is; results come back chunk by chunk in the order the items came in, so the
output is the same as one process would write. `workers=1`, or an input of one chunk, runs in this process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from stancemap.errors import ProcessingError
from stancemap.records import Problem

if TYPE_CHECKING:
    from stancemap.config import Settings
    from stancemap.ingest.readers import RawDocument
    from stancemap.records import Article, Statement

__all__ = [
    "IN_FLIGHT_PER_WORKER",
    "available_cores",
    "chunked",
    "clean_and_extract_chunk",
    "clean_chunk",
    "clean_in_order",
    "extract_chunk",
    "extract_documents_in_order",
    "extract_in_order",
    "load_extract_models",
    "process_in_order",
]

Item = TypeVar("Item")
Result = TypeVar("Result")

# Two chunks queued per worker keep it busy while the parent collects the previous result, and no more: what is
# submitted but not collected is all the input the engine holds in memory.
IN_FLIGHT_PER_WORKER = 2


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, as containers and `taskset` restrict it)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """The items in lists of `size` (the last one shorter), read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def process_in_order(
    items: Iterable[Item],
    work: Callable[[list[Item]], list[Result]],
    workers: int,
    chunk: int,
    initializer: Callable[[], object] | None = None,
) -> Generator[Result, None, None]:
    """`work` applied to the items `chunk` at a time on `workers` processes; the results, flattened, in input order.

    `work` and `initializer` must be module-level functions (they are sent to the workers by name) and `work`'s
    chunks and results picklable. An exception raised by `work` is raised here, at the chunk where it happened,
    after the results of the chunks before it; the pool is shut down and the chunks not started are cancelled.
    """
    if workers < 1 or chunk < 1:
        raise ValueError(f"workers and chunk must be at least 1, got {workers} and {chunk}")
    chunks = chunked(items, chunk)
    first = next(chunks, None)
    second = next(chunks, None) if workers > 1 and first is not None else None
    if second is None:
        # One worker, or an input that fits in one chunk: starting processes and loading models in them would
        # only add time.
        if first is not None and initializer is not None:
            initializer()
        for part in chain([first] if first is not None else [], chunks):
            yield from work(part)
        return
    assert first is not None  # a second chunk means there was a first

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pending: deque[Future[list[Result]]] = deque()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(initializer,))
    with pool:
        try:
            for part in chain([first, second], chunks):
                if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                    yield from pending.popleft().result()
                pending.append(pool.submit(work, part))
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as e:
            # A worker died (killed for memory, or its initializer failed, e.g. a missing model): one line, not a
            # traceback from the pool's internals.
            raise ProcessingError(f"a worker process stopped before finishing its work ({e})") from e
        finally:
            # On an error, or when the caller stops reading early, do not wait for queued chunks to run.
            for future in pending:
                future.cancel()


def _start_worker(initializer: Callable[[], object] | None) -> None:
    # Ctrl-C reaches every process of the group: the parent stops the pool, so workers print no tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (SIGKILL, out of memory) cannot stop its pool, and a worker waiting for its next
    # chunk would wait forever, holding its model's memory: it leaves as soon as the parent is gone.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="exit-with-parent", daemon=True).start()
    if initializer is not None:
        initializer()


def _exit_with(parent_sentinel: int) -> None:
    multiprocessing.connection.wait([parent_sentinel])
    os._exit(1)


def load_extract_models() -> None:
    """Worker initializer for `extract`: the pipeline and the attribution tagger, loaded once per process."""
    from stancemap.attribution.model import load_attribution
    from stancemap.nlp import load_nlp

    load_nlp()
    load_attribution()  # the cache entry `tag_roles` reads


def extract_chunk(items: list[Article | Problem]) -> list[tuple[Article, list[Statement]] | Problem]:
    """`extract_articles` over one chunk, run in a worker (a module-level function, so the pool can send it)."""
    from stancemap.attribution.extract import extract_articles

    return list(extract_articles(items))


def extract_in_order(
    items: Iterable[Article | Problem], workers: int, chunk: int = 16
) -> Iterator[tuple[Article, list[Statement]] | Problem]:
    """`extract_articles` on `workers` processes: each article with its statements, Problems passed on, in order.

    One chunk is one `nlp.pipe` batch (`extract_articles`' default batch size is 16 too), so the parse is batched
    as it is in one process."""
    return process_in_order(items, extract_chunk, workers, chunk, initializer=load_extract_models)


def clean_chunk(items: list[RawDocument | Problem], default_date: str | None = None) -> list[Article | Problem]:
    """`clean_document` over one chunk of raw documents, Problems passed on (run in a worker)."""
    from stancemap.ingest import clean_document

    return [item if isinstance(item, Problem) else clean_document(item, default_date) for item in items]


def clean_in_order(
    paths: Iterable[str | Path], settings: Settings, default_date: str | None, workers: int, chunk: int = 64
) -> Iterator[Article | Problem]:
    """`clean_documents` on `workers` processes: files are read here, in order, and cleaned in the workers (HTML
    extraction, the scraped-text cleaner and language detection are the work; reading is not)."""
    from stancemap.ingest import read_inputs

    work = partial(clean_chunk, default_date=default_date)
    return process_in_order(read_inputs(paths, settings), work, workers, chunk)


def clean_and_extract_chunk(
    items: list[RawDocument | Problem], default_date: str | None = None
) -> list[tuple[Article, list[Statement]] | Problem]:
    """`clean_chunk` then `extract_chunk`: the whole per-document work of `stancemap extract`, in a worker."""
    return extract_chunk(clean_chunk(items, default_date))


def extract_documents_in_order(
    paths: Iterable[str | Path], settings: Settings, default_date: str | None, workers: int, chunk: int = 16
) -> Iterator[tuple[Article, list[Statement]] | Problem]:
    """`stancemap extract` on `workers` processes: inputs read here, in order; cleaning, parsing and extraction in
    the workers, so the main process does not become the bottleneck as workers are added."""
    from stancemap.ingest import read_inputs

    work = partial(clean_and_extract_chunk, default_date=default_date)
    return process_in_order(read_inputs(paths, settings), work, workers, chunk, initializer=load_extract_models)
