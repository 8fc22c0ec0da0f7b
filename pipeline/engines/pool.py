"""``--workers N``: local worker processes (``concurrent.futures``), crash-tolerant.

A worker process that dies (segfault, ``os._exit``, the OOM killer) does not end the
run: the batches that were on the pool are redone one at a time in a fresh pool, and
the batch that kills its worker again is redone one document at a time; a document
that still kills its worker comes back as an error row. Nothing is dropped.

Results come back in the order the batches went in, except after a worker death.
"""
from __future__ import annotations

import collections
import logging
from typing import Iterable, Iterator

from pipeline.config import Config
from pipeline.engines.base import IN_FLIGHT_PER_WORKER, Result, bounded
from pipeline.engines.tuning import warm_up
from pipeline.engines.work import WORKER_DIED, crashed, process_batch
from pipeline.engines.worker import worker_init

log = logging.getLogger("pipeline.engines")


class ProcessPoolEngine:
    """``--workers N`` local processes (``concurrent.futures``), crash-tolerant."""

    def __init__(self, config: Config):
        self.config = config
        self.workers = config.workers
        self.restarts = 0
        # Started now, before this process has threads (a progress bar has one), so
        # the workers can be forked.
        if can_fork():
            warm_up(config)
        self._pool = self._new_pool()

    def _new_pool(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        if can_fork():
            ctx = mp.get_context("fork")
        elif "forkserver" in mp.get_all_start_methods():
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["pipeline.engines", "pipeline.stages"])
        else:
            ctx = mp.get_context("spawn")
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=worker_init)

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

        yield from bounded(batches, self._submit, pending, drain_one, limit)

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
            yield crashed(records, WORKER_DIED)
            return
        # This batch kills its worker: find the document(s), one at a time.
        for rec in records:
            yield from self._isolate([rec])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def can_fork() -> bool:
    import multiprocessing as mp

    return not _threads_running() and "fork" in mp.get_all_start_methods()


def _threads_running() -> bool:
    import threading

    return threading.active_count() > 1
