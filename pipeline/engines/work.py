"""The unit of work every engine ships: one batch of raw records through the stage
chain, with a per-document fallback.

Failure isolation inside the worker: a stage that raises for one document makes that
document an error row (``stages.base.map_documents``); if a whole batch raises anyway,
it is redone one document at a time and only the documents that still raise become
error rows. A document that kills its worker process is the engine's business.
"""
from __future__ import annotations

import logging
import time

import pyarrow as pa

from pipeline.config import Config
from pipeline.engines.base import Result

log = logging.getLogger("pipeline.engines")

WORKER_DIED = "worker: the worker process died while cleaning this document"


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
            return crashed(records, f"batch: {type(exc).__name__}: {exc}")
        log.warning("a batch of %d documents raised %s: redoing it document by document",
                    len(records), type(exc).__name__)
        return concat_results([process_batch([rec], config) for rec in records])


def crashed(records: list[dict], message: str) -> Result:
    """Error rows for documents that could not be cleaned (no stage runs on them)."""
    from pipeline.batch import finalize, new_batch

    rows = [{k: r.get(k) for k in ("doc_id", "doc_key", "source", "record", "url", "kind")} for r in records]
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
