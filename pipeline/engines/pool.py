"""Local worker processes (``--workers N``, 1 by default): crash- and time-isolated.

Each worker is a process of our own that cleans one batch at a time, so the engine
always knows which batch is on which worker and since when. That is what lets it
isolate a fault to its document instead of to the run:

- a worker that dies (segfault, ``os._exit``, the OOM killer) costs only its batch:
  the batch is redone one document at a time on fresh workers, and the document
  that kills its worker again becomes an error row naming the crash;
- a batch still running ``document_timeout_s`` after it started is stopped the same
  way (its worker killed), then redone one document at a time, each with the same
  limit, and a document past it becomes an error row naming the limit.

The limit is a watchdog that kills, not a signal raised inside the worker: a slow
page spends its time in C (libxml2, regular expressions) where a Python signal
handler would not run until the call returns, and the kill reuses the crash path.
A single worker runs in a child process for the same reason: in this process a
segfault would end the run, and every re-run with it.

Results come back in the order the batches went in (a redone batch is put together
again in its place), so outputs are in input order whatever the faults.
"""
from __future__ import annotations

import collections
import logging
import multiprocessing as mp
import signal
import time
from multiprocessing.connection import wait as wait_for_any
from typing import Iterable, Iterator

from pipeline.config import Config
from pipeline.engines.base import IN_FLIGHT_PER_WORKER, Result
from pipeline.engines.tuning import warm_up
from pipeline.engines.work import WORKER_DIED, concat_results, crashed
from pipeline.engines.worker import serve

log = logging.getLogger("pipeline.engines")

TIMED_OUT = "timeout: took longer than document_timeout_s ({limit:g} s); its worker was stopped"
# Workers that die before taking their batch (none of its documents' doing) this many
# times in a row mean workers cannot run here at all: the run fails instead of looping.
MAX_DEATHS_AT_START = 3
# Seconds a worker gets to exit after being told to stop, before it is killed.
STOP_WAIT_S = 5.0
_WHOLE = -1  # the key of a batch not split into documents


class _Slot:
    """One batch as read, until the results of all its parts are in."""

    __slots__ = ("parts",)

    def __init__(self):
        self.parts: dict[int, Result | None] = {_WHOLE: None}

    def put(self, key: int, result: Result) -> None:
        self.parts[key] = result

    def split(self, n: int) -> None:
        del self.parts[_WHOLE]
        self.parts.update((j, None) for j in range(n))

    @property
    def done(self) -> bool:
        return all(r is not None for r in self.parts.values())

    def result(self) -> Result:
        if len(self.parts) == 1:
            return next(iter(self.parts.values()))
        return concat_results([self.parts[k] for k in sorted(self.parts)])


class _Job:
    __slots__ = ("slot", "key", "records")

    def __init__(self, slot: _Slot, key: int, records: list[dict]):
        self.slot, self.key, self.records = slot, key, records


class _Worker:
    """A worker process and our end of its pipe; ``job`` is what it is cleaning."""

    def __init__(self, config: Config):
        ctx = _context()
        ours, theirs = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=serve, args=(theirs, config), daemon=True, name="pipeline-worker")
        self.proc.start()
        theirs.close()
        self.conn = ours
        self.job: _Job | None = None
        self.started = 0.0

    def give(self, job: _Job) -> None:
        self.conn.send(job.records)
        self.job, self.started = job, time.monotonic()

    def end(self, kill: bool) -> None:
        if kill or self.job is not None:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.proc.kill()

    def reap(self) -> str:
        """Wait for the process to be gone; how it ended, in words."""
        self.proc.join(STOP_WAIT_S)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()
        code = self.proc.exitcode
        if code is not None and code < 0:
            try:
                return signal.Signals(-code).name
            except ValueError:
                return f"signal {-code}"
        return f"exit status {code}"


class ProcessPoolEngine:
    """``--workers N`` worker processes of our own, crash- and time-isolated."""

    def __init__(self, config: Config):
        self.config = config
        self.workers = config.workers
        self.limit_s = config.document_timeout_s
        self.restarts = 0
        self._deaths_at_start = 0
        # Started now, before this process has threads (a progress bar has one), so
        # the workers can be forked, each inheriting the warmed-up stages.
        if can_fork():
            warm_up(config)
        self._pool = [_Worker(config) for _ in range(self.workers)]

    # -- the loop ---------------------------------------------------------------------

    def map(self, batches: Iterable[list[dict]]) -> Iterator[Result]:
        source = iter(batches)
        slots: collections.deque[_Slot] = collections.deque()  # read, not yet yielded, in order
        queue: collections.deque[_Job] = collections.deque()  # waiting for a worker
        limit = self.workers * IN_FLIGHT_PER_WORKER
        exhausted = False
        while True:
            self._dispatch(queue)
            while slots and slots[0].done:
                yield slots.popleft().result()
            while not exhausted and len(slots) < limit:
                records = next(source, None)
                if records is None:
                    exhausted = True
                    break
                slot = _Slot()
                slots.append(slot)
                queue.append(_Job(slot, _WHOLE, records))
                self._dispatch(queue)
            if not slots:
                return
            self._collect(queue)

    def _dispatch(self, queue: collections.deque) -> None:
        for i, w in enumerate(self._pool):
            if not queue:
                return
            if w.job is not None:
                continue
            job = queue.popleft()
            try:
                w.give(job)
            except OSError:  # it died idle, before taking the batch: no document's fault
                queue.appendleft(job)
                w.job = None
                self._replace(i, "died before taking a batch", blameless=True)

    def _collect(self, queue: collections.deque) -> None:
        """Wait until a busy worker answers, dies or passes its deadline; deal with it."""
        busy = {i: w for i, w in enumerate(self._pool) if w.job is not None}
        if not busy:
            return
        deadline = min(w.started for w in busy.values()) + self.limit_s
        handles = {}
        for i, w in busy.items():
            handles[w.conn] = i
            handles[w.proc.sentinel] = i
        ready = wait_for_any(list(handles), timeout=max(0.0, deadline - time.monotonic()))
        for i in sorted({handles[h] for h in ready}):
            self._receive(i, queue)
        now = time.monotonic()
        for i, w in busy.items():
            if self._pool[i] is w and w.job is not None and now - w.started > self.limit_s and not w.conn.poll():
                job = w.job
                w.end(kill=True)
                self._replace(i, "stopped")
                self._failed(job, TIMED_OUT.format(limit=self.limit_s),
                             f"took longer than document_timeout_s ({self.limit_s:g} s)", queue)

    def _receive(self, i: int, queue: collections.deque) -> None:
        w = self._pool[i]
        job = w.job
        try:
            if not w.conn.poll():
                raise EOFError  # its process ended with nothing to say
            result = w.conn.recv()
        except (EOFError, OSError):
            how = self._replace(i, "died")
            self._failed(job, f"{WORKER_DIED} ({how})", f"killed its worker ({how})", queue)
            return
        w.job = None
        self._deaths_at_start = 0
        job.slot.put(job.key, result)

    # -- faults -----------------------------------------------------------------------

    def _replace(self, i: int, what: str, blameless: bool = False) -> str:
        """Reap worker ``i`` and start another in its place; how the old one ended."""
        how = self._pool[i].reap()
        if blameless:
            self._deaths_at_start += 1
            if self._deaths_at_start >= MAX_DEATHS_AT_START:
                raise RuntimeError(f"worker processes die before they take any work (the last: {how})")
        self._pool[i] = _Worker(self.config)
        self.restarts += 1
        return how

    def _failed(self, job: _Job, message: str, what: str, queue: collections.deque) -> None:
        """A batch that crashed or ran out of time is redone a document at a time (first,
        so that its place in the output order fills soon); a document is an error row."""
        if len(job.records) > 1:
            log.warning("a batch of %d documents %s; redoing it one document at a time", len(job.records), what)
            job.slot.split(len(job.records))
            queue.extendleft(reversed([_Job(job.slot, j, [rec]) for j, rec in enumerate(job.records)]))
            return
        rec = job.records[0]
        log.error("document %s%s %s; recorded as an error", rec.get("source"),
                  f" (record {rec['record']})" if rec.get("record") is not None else "", what)
        job.slot.put(job.key, crashed(job.records, message))

    def close(self) -> None:
        for w in self._pool:
            w.end(kill=False)
        for w in self._pool:
            w.reap()
        self._pool = []


def _context():
    """fork where it is safe (no other thread whose locks a child would inherit held),
    else a fork server, which starts workers from a clean single-threaded process."""
    if can_fork():
        return mp.get_context("fork")
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.engines.worker", "pipeline.stages"])
        return ctx
    return mp.get_context("spawn")


def can_fork() -> bool:
    return not _threads_running() and "fork" in mp.get_all_start_methods()


def _threads_running() -> bool:
    import threading

    return threading.active_count() > 1
