"""Engines: feed batches of records through the stage chain, somewhere.

- ``InProcessEngine`` (``inprocess``): in this process (``--workers 1``).
- ``ProcessPoolEngine`` (``pool``): local worker processes (``--workers N``).
- ``DaskEngine`` (``dask_cluster``): a Dask cluster (``--engine dask``), a
  ``LocalCluster`` sized by ``--workers`` when no ``--dask-address`` is given.

All three ship the same unit of work, ``work.process_batch``, so outputs do not
depend on the engine; ``tuning`` holds what makes a worker process fast (gc, malloc,
warm-up) and ``worker`` what a local worker does when it starts.
"""
from __future__ import annotations

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


def make_engine(config: Config):
    if config.engine == "dask":
        return DaskEngine(config)
    if config.workers > 1:
        return ProcessPoolEngine(config)
    return InProcessEngine(config)
