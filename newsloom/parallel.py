"""``analyze --jobs N``: the per-article annotation in worker processes, a few batches ahead.

What ``pipeline.prepare`` does (language, cleaning, dates, entity mentions)
and the headline+lead embedding need the article alone and teach the corpus
nothing, so they can run anywhere and in any order.  Linking, clustering and
storing learn from every article and stay in the one process that owns the
store, in input order; the result is the same store as with one job.

Workers are started with ``spawn`` (safe beside threads, the same on every
platform) and only once a second batch shows that there is work to share: a
single small file is not worth a worker's start-up.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator

# Batches handed to the workers before the first one is taken back: enough
# to keep every worker busy while the main process stores.
AHEAD_PER_JOB = 2


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare_batch(articles: list, embed: bool) -> tuple[list, list]:
    """Annotate a batch and embed each article for grouping (``embed.event_encoder``): (articles, raw vectors or None each)."""
    from .embed import event_encoder, event_vectors
    from .pipeline import prepare

    annotated = [prepare(a) for a in articles]
    return annotated, event_vectors(annotated, event_encoder() if embed else None)


def _worker_init() -> None:
    # One core per worker: the encoder's and numpy's thread pools would otherwise compete with the other workers.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def prepared(batches: Iterable[tuple[object, list]], embed: bool, jobs: int) -> Iterator[tuple[object, list, list]]:
    """For each (tag, articles): (tag, annotated articles, raw vectors), in the order given.

    ``jobs`` <= 1 annotates in this process, batch by batch, as before.
    """
    it = iter(batches)
    if jobs <= 1:
        for tag, articles in it:
            yield (tag, *prepare_batch(articles, embed))
        return
    first = next(it, None)
    if first is None:
        return
    second = next(it, None)
    if second is None:
        yield (first[0], *prepare_batch(first[1], embed))
        return
    import multiprocessing

    pending: deque[tuple[object, Future]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init) as pool:
        def submit(item) -> None:
            tag, articles = item
            pending.append((tag, pool.submit(prepare_batch, articles, embed)))

        submit(first)
        submit(second)
        for item in it:
            while len(pending) >= jobs * AHEAD_PER_JOB:
                tag, fut = pending.popleft()
                yield (tag, *fut.result())
            submit(item)
        while pending:
            tag, fut = pending.popleft()
            yield (tag, *fut.result())
