"""Engines: feed batches of records through the stage chain, somewhere.

- ``InProcessEngine``: in this process (``--workers 1``).
- ``ProcessPoolEngine``: local worker processes (``--workers N``).
- ``DaskEngine``: a Dask cluster (``--engine dask``), a ``LocalCluster`` sized by
  ``--workers`` when no ``--dask-address`` is given.

All three call the same ``process_records`` function, so outputs do not depend on the
engine. Each keeps a bounded number of batches in flight, so memory stays flat however
large the corpus. A batch whose worker dies is retried one document at a time, and a
document that still kills its worker comes back as an error row: nothing is dropped.
"""
from __future__ import annotations

import collections
import time
from typing import Iterable, Iterator

import pyarrow as pa

from pipeline.batch import finalize, new_batch
from pipeline.config import Config
from pipeline.stages import run_stages

# Output tables by name, and the per-stage timings of the batch.
Result = tuple[dict[str, pa.Table], dict]

# Batches in flight per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2


def process_records(records: list[dict], config: Config) -> Result:
    """The unit of work every engine ships: raw records in, output rows out."""
    timings: dict[str, float] = {}
    batch = new_batch(records)
    batch = run_stages(batch, config, timings)
    return finalize(batch), timings


def _crashed(records: list[dict], message: str) -> Result:
    """Rows for documents whose worker died under them."""
    rows = [{k: r.get(k) for k in ("doc_id", "source", "record", "url", "kind")} for r in records]
    for row in rows:
        row["error"] = message
        row["raw"] = b""
    return process_records(rows, Config())


class InProcessEngine:
    def __init__(self, config: Config):
        self.config = config

    def map(self, batches: Iterable[list[dict]]) -> Iterator[Result]:
        for records in batches:
            yield process_records(records, self.config)

    def close(self) -> None:
        pass


class ProcessPoolEngine:
    def __init__(self, config: Config):
        self.config = config
        self.workers = config.workers
        self._pool = None

    def _new_pool(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("spawn") if _threads_running() else mp.get_context()
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)

    def map(self, batches: Iterable[list[dict]]) -> Iterator[Result]:
        from concurrent.futures.process import BrokenProcessPool

        self._pool = self._new_pool()
        pending: collections.deque = collections.deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER

        def drain_one() -> Iterator[Result]:
            records, fut = pending.popleft()
            try:
                yield fut.result()
            except BrokenProcessPool:
                yield from self._recover(records)

        for records in batches:
            pending.append((records, self._submit(records)))
            while len(pending) >= limit:
                yield from drain_one()
        while pending:
            yield from drain_one()

    def _submit(self, records):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(process_records, records, self.config)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(process_records, records, self.config)

    def _recover(self, records: list[dict]) -> Iterator[Result]:
        """The pool broke: retry this batch document by document in a fresh pool."""
        from concurrent.futures.process import BrokenProcessPool

        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        for rec in records:
            try:
                yield self._pool.submit(process_records, [rec], self.config).result()
            except BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                yield _crashed([rec], "worker: the worker process died while cleaning this document")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    def __init__(self, config: Config):
        self.config = config
        self._cluster = None
        from distributed import Client, LocalCluster

        if config.dask_address:
            self.client = Client(config.dask_address)
        else:
            self._cluster = LocalCluster(
                n_workers=config.workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=40,
            )
            self.client = Client(self._cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or config.workers)

    def map(self, batches: Iterable[list[dict]]) -> Iterator[Result]:
        pending: collections.deque = collections.deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        for records in batches:
            fut = self.client.submit(process_records, records, self.config, pure=False, retries=1)
            pending.append((records, fut))
            while len(pending) >= limit:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def _result(self, records, fut) -> Result:
        try:
            return fut.result()
        except Exception as exc:  # noqa: BLE001 - a lost worker must not end the run
            return _crashed(records, f"worker: {type(exc).__name__}: {exc}")

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


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
            timings[k] = timings.get(k, 0.0) + v
        yield tables, t
    timings["wall"] = time.perf_counter() - t0
