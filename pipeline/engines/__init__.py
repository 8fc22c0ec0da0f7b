"""Engines: feed batches of records through the stage chain, somewhere.

- ``ProcessPoolEngine`` (``pool``): local worker processes (``--workers N``, 1 by
  default), each fault isolated to its document;
- ``InProcessEngine`` (``inprocess``): in this process, where no worker process can
  be started;
- ``DaskEngine`` (``dask_cluster``): a Dask cluster (``--engine dask``), a
  ``LocalCluster`` sized by ``--workers`` when no ``--dask-address`` is given.

All three ship the same unit of work, ``work.process_batch``, so outputs do not
depend on the engine; ``tuning`` holds what makes a worker process fast (gc, malloc,
warm-up) and ``worker`` what a local worker does when it starts.
"""
from __future__ import annotations

import logging

from pipeline.config import Config
from pipeline.engines.base import COUNT_KEYS, IN_FLIGHT_PER_WORKER, EngineSetupError, Result, timed
from pipeline.engines.dask_cluster import DaskEngine
from pipeline.engines.inprocess import InProcessEngine
from pipeline.engines.pool import ProcessPoolEngine
from pipeline.engines.tuning import (GC_GEN0_THRESHOLD, WARM_UP_ARTICLE, relaxed_gc, tune_malloc,
                                     warm_up)
from pipeline.engines.work import WORKER_DIED, concat_results, crashed, process_batch, process_records

__all__ = ["COUNT_KEYS", "DaskEngine", "EngineSetupError", "GC_GEN0_THRESHOLD", "IN_FLIGHT_PER_WORKER",
           "InProcessEngine", "ProcessPoolEngine", "Result", "WARM_UP_ARTICLE", "WORKER_DIED", "concat_results",
           "crashed", "make_engine", "process_batch", "process_records", "relaxed_gc", "timed", "tune_malloc",
           "warm_up"]

log = logging.getLogger("pipeline.engines")


def make_engine(config: Config):
    """Dask when asked; else local worker processes, one by default (a crash or a slow
    page is then isolated to its document); in this process only where no worker
    process can be started."""
    if config.engine == "dask":
        return DaskEngine(config)
    try:
        return ProcessPoolEngine(config)
    except OSError as exc:
        log.warning("cannot start worker processes (%s); cleaning in this process, where a document "
                    "that crashes ends the run and document_timeout_s is not enforced", exc)
        return InProcessEngine(config)
