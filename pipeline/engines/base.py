"""What every engine shares: the shape of a result, the bound on batches in flight,
the setup error, and summing timings as results pass."""
from __future__ import annotations

import collections
import time
from typing import Iterable, Iterator

import pyarrow as pa

# Output tables by name, and the per-stage timings of the batch (seconds), plus
# ``input_bytes``: the raw bytes the batch held.
Result = tuple[dict[str, pa.Table], dict]

# Batches in flight per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
# Keys of a result's timings that are counts, not seconds.
COUNT_KEYS = ("input_bytes",)


class EngineSetupError(Exception):
    """The engine could not start (no Dask, scheduler not reachable): a setup error."""


def bounded(batches: Iterable[list[dict]], submit, pending: collections.deque, drain_one,
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


def timed(results: Iterator[Result], timings: dict) -> Iterator[Result]:
    """Sum each batch's per-stage timings into ``timings`` as results pass."""
    t0 = time.perf_counter()
    for tables, t in results:
        for k, v in t.items():
            if k not in COUNT_KEYS:
                timings[k] = timings.get(k, 0.0) + v
        yield tables, t
    timings["wall"] = time.perf_counter() - t0
