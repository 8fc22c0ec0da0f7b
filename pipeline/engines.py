"""Engines: feed batches of records through the stage chain, somewhere.

- ``InProcessEngine``: in this process (``--workers 1``).
- ``ProcessPoolEngine``: local worker processes (``--workers N``).
- ``DaskEngine``: a Dask cluster (``--engine dask``), a ``LocalCluster`` sized by
  ``--workers`` when no ``--dask-address`` is given.

All three ship the same unit of work, ``process_batch`` (``process_records`` with a
per-document fallback), so outputs do not depend on the engine. Each keeps a bounded
number of batches in flight, so memory stays flat however large the corpus.

Failure isolation, in two layers:

- in the worker, a stage that raises for one document makes that document an error
  row (``stages.base.map_documents``); if a whole batch raises anyway, it is redone
  one document at a time and only the documents that still raise become error rows;
- in the engine, a worker process that dies (segfault, ``os._exit``, the OOM killer)
  does not end the run: the batches that were on the pool are redone one at a time in
  a fresh pool, and the batch that kills its worker again is redone one document at a
  time; a document that still kills its worker comes back as an error row. Nothing
  is dropped.

Results come back in the order the batches went in, except after a worker death.
"""
from __future__ import annotations

import collections
import contextlib
import gc
import logging
import time
from typing import Iterable, Iterator

import pyarrow as pa

from pipeline.config import Config

log = logging.getLogger("pipeline.engines")

# Output tables by name, and the per-stage timings of the batch (seconds), plus
# ``input_bytes``: the raw bytes the batch held.
Result = tuple[dict[str, pa.Table], dict]

# Batches in flight per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
# Keys of a result's timings that are counts, not seconds.
COUNT_KEYS = ("input_bytes",)

DASK_CONNECT_TIMEOUT_S = 15
WORKER_DIED = "worker: the worker process died while cleaning this document"


class EngineSetupError(Exception):
    """The engine could not start (no Dask, scheduler not reachable): a setup error."""


def _raw_bytes(records: list[dict]) -> int:
    return sum(len(r.get("raw") or b"") for r in records)


def process_records(records: list[dict], config: Config) -> Result:
    """The stage chain over one batch: raw records in, output rows out."""
    from pipeline.batch import finalize, new_batch
    from pipeline.stages import run_stages

    timings: dict[str, float] = {}
    batch = new_batch(records)
    batch = run_stages(batch, config, timings)
    t0 = time.perf_counter()
    tables = finalize(batch)
    timings["finalize"] = time.perf_counter() - t0
    timings["input_bytes"] = _raw_bytes(records)
    return tables, timings


def process_batch(records: list[dict], config: Config) -> Result:
    """The unit of work every engine ships: ``process_records``, and should the batch
    raise as a whole, each document on its own; a document that still raises becomes
    an error row carrying the exception."""
    try:
        return process_records(records, config)
    except Exception as exc:  # noqa: BLE001 - isolation is the point
        if len(records) == 1:
            return _crashed(records, f"batch: {type(exc).__name__}: {exc}")
        log.warning("a batch of %d documents raised %s: redoing it document by document",
                    len(records), type(exc).__name__)
        return concat_results([process_batch([rec], config) for rec in records])


def _crashed(records: list[dict], message: str) -> Result:
    """Error rows for documents that could not be cleaned (no stage runs on them)."""
    from pipeline.batch import finalize, new_batch

    rows = [{k: r.get(k) for k in ("doc_id", "source", "record", "url", "kind")} for r in records]
    for row in rows:
        row["error"] = message
        row["raw"] = b""
    return finalize(new_batch(rows)), {"input_bytes": _raw_bytes(records)}


def concat_results(results: list[Result]) -> Result:
    tables = {name: pa.concat_tables([r[0][name] for r in results]) for name in results[0][0]}
    timings: dict[str, float] = {}
    for _, t in results:
        for k, v in t.items():
            timings[k] = timings.get(k, 0) + v
    return tables, timings


class InProcessEngine:
    workers = 1

    def __init__(self, config: Config):
        self.config = config

    def map(self, batches: Iterable[list[dict]]) -> Iterator[Result]:
        for records in batches:
            yield process_batch(records, self.config)

    def close(self) -> None:
        pass


def _bounded(batches: Iterable[list[dict]], submit, pending: collections.deque, drain_one,
             limit: int) -> Iterator[Result]:
    """Submit batches while fewer than ``limit`` are in flight, draining the oldest
    first: the reader stays a bounded distance ahead of the workers, so memory holds
    ``limit`` batches however large the input."""
    for records in batches:
        pending.append((records, submit(records)))
        while len(pending) >= limit:
            yield from drain_one()
    while pending:
        yield from drain_one()


class ProcessPoolEngine:
    """``--workers N`` local processes (``concurrent.futures``), crash-tolerant."""

    def __init__(self, config: Config):
        self.config = config
        self.workers = config.workers
        self.restarts = 0
        # Started now, before this process has threads (a progress bar has one), so
        # the workers can be forked.
        if _can_fork():
            warm_up(config)
        self._pool = self._new_pool()

    def _new_pool(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        if _can_fork():
            ctx = mp.get_context("fork")
        elif "forkserver" in mp.get_all_start_methods():
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["pipeline.engines", "pipeline.stages"])
        else:
            ctx = mp.get_context("spawn")
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_worker_init)

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        self.restarts += 1

    def map(self, batches: Iterable[list[dict]]) -> Iterator[Result]:
        from concurrent.futures.process import BrokenProcessPool

        pending: collections.deque = collections.deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER

        def drain_one() -> Iterator[Result]:
            records, fut = pending[0]
            try:
                result = fut.result()
            except BrokenProcessPool:
                # Every batch on the pool failed with it; any of them may be the culprit.
                suspects = [recs for recs, _ in pending]
                pending.clear()
                log.warning("a worker process died; redoing the %d batch(es) it took down, one at a time",
                            len(suspects))
                self._restart()
                for recs in suspects:
                    yield from self._isolate(recs)
                return
            pending.popleft()
            yield result

        yield from _bounded(batches, self._submit, pending, drain_one, limit)

    def _submit(self, records):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(process_batch, records, self.config)
        except BrokenProcessPool:
            self._restart()
            return self._pool.submit(process_batch, records, self.config)

    def _alone(self, records: list[dict]) -> Result | None:
        """Run one batch with nothing else on the pool; None if it killed its worker."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._submit(records).result()
        except BrokenProcessPool:
            self._restart()
            return None

    def _isolate(self, records: list[dict]) -> Iterator[Result]:
        result = self._alone(records)
        if result is not None:
            yield result
            return
        if len(records) == 1:
            log.error("document %s killed its worker; recorded as an error", records[0].get("source"))
            yield _crashed(records, WORKER_DIED)
            return
        # This batch kills its worker: find the document(s), one at a time.
        for rec in records:
            yield from self._isolate([rec])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """``--engine dask``: the same unit of work as Dask tasks, on a cluster or a
    ``LocalCluster`` of ``--workers`` single-threaded worker processes."""

    def __init__(self, config: Config):
        self.config = config
        self._cluster = None
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineSetupError(f"--engine dask needs dask[distributed] installed ({exc})") from None

        if config.dask_address:
            try:
                self.client = Client(config.dask_address, timeout=DASK_CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError, ValueError) as exc:
                raise EngineSetupError(f"cannot reach the Dask scheduler at {config.dask_address}: {exc}") from None
        else:
            import dask

            # A task that kills a worker is retried on one more before it is reported
            # (Dask's default is 3): the engine then isolates the culprit itself.
            with dask.config.set({"distributed.scheduler.allowed-failures":
                                  min(1, dask.config.get("distributed.scheduler.allowed-failures", 1))}):
                self._cluster = LocalCluster(
                    n_workers=config.workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
            self.client = Client(self._cluster)
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or config.workers)

    def map(self, batches: Iterable[list[dict]]) -> Iterator[Result]:
        pending: collections.deque = collections.deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER

        def drain_one() -> Iterator[Result]:
            records, fut = pending.popleft()
            try:
                yield fut.result()
                return
            except Exception as exc:  # noqa: BLE001 - a lost worker must not end the run
                error = f"{type(exc).__name__}: {exc}"
            finally:
                fut.release()
            # Its worker died (or the task failed outright). Let what else is running
            # settle, then find the culprit with nothing of ours beside it.
            from distributed import wait

            wait([f for _, f in pending])
            log.warning("a Dask task failed (%s); redoing its %d document(s) in isolation", error, len(records))
            yield from self._isolate(records, error)

        yield from _bounded(batches, self._submit, pending, drain_one, limit)

    def _submit(self, records):
        return self.client.submit(process_batch, records, self.config, pure=False)

    def _alone(self, records: list[dict]) -> tuple[Result | None, str]:
        fut = self._submit(records)
        try:
            return fut.result(), ""
        except Exception as exc:  # noqa: BLE001
            return None, f"{type(exc).__name__}: {exc}"
        finally:
            fut.release()

    def _isolate(self, records: list[dict], error: str) -> Iterator[Result]:
        result, error = self._alone(records)
        if result is not None:
            yield result
            return
        if len(records) == 1:
            log.error("document %s: its Dask task failed alone (%s); recorded as an error",
                      records[0].get("source"), error)
            yield _crashed(records, f"worker: {error}")
            return
        for rec in records:
            yield from self._isolate([rec], error)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()


# The cyclic garbage collector's first-generation threshold while a run cleans. A
# batch allocates millions of small containers (block lists, label tuples, rows)
# that reference counting frees; at Python's default of 700 the collector runs
# thousands of times a batch, re-examining everything alive, for cycles the stages
# hardly make: about 7% of a run's CPU time. Counting is unchanged: a cycle is still
# collected, a little later.
GC_GEN0_THRESHOLD = 100_000


@contextlib.contextmanager
def relaxed_gc() -> Iterator[None]:
    """Collect cycles less often while the block is running (``GC_GEN0_THRESHOLD``),
    and leave what is alive on entry (the imported modules, the caller's data) out
    of the collections; both restored on exit."""
    old = gc.get_threshold()
    _collect_less()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*old)


def _collect_less() -> None:
    gc.set_threshold(GC_GEN0_THRESHOLD, *gc.get_threshold()[1:])
    gc.freeze()


# glibc's malloc hands a large freed block straight back to the kernel (blocks over
# its mmap threshold, and the heap's free top past its trim threshold), and the next
# batch's arrays of the same size fault the same pages in again, zeroed: about 1.1 s
# of system time per 100 MB cleaned. With these, freed blocks stay in the process
# and are reused; the peak RSS stays what the live data needs.
MALLOC_MMAP_THRESHOLD = 256 << 20
MALLOC_TRIM_THRESHOLD = 512 << 20
MALLOC_TOP_PAD = 64 << 20


def tune_malloc() -> bool:
    """Set the thresholds above in this process (and the workers it forks) where the C
    library is glibc; elsewhere do nothing. Returns whether they were set."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to tune
        return False
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3  # glibc's <malloc.h>
    return all([mallopt(m_mmap_threshold, MALLOC_MMAP_THRESHOLD) == 1,
                mallopt(m_trim_threshold, MALLOC_TRIM_THRESHOLD) == 1,
                mallopt(m_top_pad, MALLOC_TOP_PAD) == 1])


def _worker_init() -> None:
    """In each local worker: die with the parent, let go of its output lock, collect
    cycles less often (see ``relaxed_gc``) and keep freed memory (``tune_malloc``;
    the worker is ours alone)."""
    import os
    import signal

    _collect_less()
    tune_malloc()

    try:  # Linux: SIGKILL this worker when the process that started it dies
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    from pipeline.writer import OutputLock

    for fd in list(OutputLock.held_fds):  # a forked copy; closing it leaves the lock to the parent
        try:
            os.close(fd)
        except OSError:
            pass
    OutputLock.held_fds.clear()


# A small article of the genre, boilerplate and all, in several languages and with a
# line past the longest rule, cleaned once before workers are forked: see ``warm_up``.
WARM_UP_ARTICLE = "\n\n".join([
    "How the river came back to the town",
    "By Jane Writer | March 3, 2021, 10:15 am",
    "The river ran dry for years. Now, after a decade of work, the water is back, "
    "and with it the birds, the fish and the people who walk along its banks. " * 6,
    "Die Stadt hat den Fluss wieder. Nach zehn Jahren Arbeit ist das Wasser zurück, "
    "und mit ihm die Vögel und die Menschen am Ufer.",
    "La ville a retrouvé sa rivière, et les oiseaux sont revenus avec l'eau.",
    "Photo: Jane Writer",
    "Subscribe to our newsletter\nEnter your email address",
    "Related stories\nFive walks along the river\nThe best bridges in town",
    "Share this:\nFacebook\nTwitter\nTeilen mit:",
    "12 comments\nJohn says:\nMarch 4, 2021 at 9:02 am\nGreat story, thanks!\nReply",
    "© 2021 The Town Paper. All rights reserved. Privacy policy | Cookies | Contact",
])


def warm_up(config: Config) -> None:
    """Clean ``WARM_UP_ARTICLE`` in this process before workers are forked from it.

    The stages build their tables on first use (compiled patterns, RE2 automata that
    grow state by state as text passes through them, the lexicon hash tables, the
    model); built once here, every forked worker inherits them instead of building
    its own: about half a second of CPU less per worker, which on 2 cores, where the
    workers and this process share the cores, is time saved."""
    raw = WARM_UP_ARTICLE.encode()
    process_records([{"source": f"warm-up/{i}", "raw": raw, "kind": "text"} for i in range(2)], config)


def _can_fork() -> bool:
    import multiprocessing as mp

    return not _threads_running() and "fork" in mp.get_all_start_methods()


def _threads_running() -> bool:
    import threading

    return threading.active_count() > 1


def make_engine(config: Config):
    if config.engine == "dask":
        return DaskEngine(config)
    if config.workers > 1:
        return ProcessPoolEngine(config)
    return InProcessEngine(config)


def timed(results: Iterator[Result], timings: dict) -> Iterator[Result]:
    """Sum each batch's per-stage timings into ``timings`` as results pass."""
    t0 = time.perf_counter()
    for tables, t in results:
        for k, v in t.items():
            if k not in COUNT_KEYS:
                timings[k] = timings.get(k, 0.0) + v
        yield tables, t
    timings["wall"] = time.perf_counter() - t0
