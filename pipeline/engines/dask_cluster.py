"""``--engine dask``: the same unit of work as Dask tasks, on a cluster or a
``LocalCluster`` of ``--workers`` single-threaded worker processes.

A task that fails (its worker died, or it raised past ``process_batch``) does not end
the run: its batch is redone alone, then one document at a time, and a document whose
task still fails alone becomes an error row.
"""
from __future__ import annotations

import collections
import logging
from typing import Iterable, Iterator

from pipeline.config import Config
from pipeline.engines.base import IN_FLIGHT_PER_WORKER, EngineSetupError, Result, bounded
from pipeline.engines.work import crashed, process_batch

log = logging.getLogger("pipeline.engines")

DASK_CONNECT_TIMEOUT_S = 15


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

        yield from bounded(batches, self._submit, pending, drain_one, limit)

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
            yield crashed(records, f"worker: {error}")
            return
        for rec in records:
            yield from self._isolate([rec], error)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()
