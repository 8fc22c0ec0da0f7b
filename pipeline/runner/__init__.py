"""One run: read -> batches -> engine -> write, with progress, a manifest and a report.

A run, step by step (all under the ``--out`` lock; ``job.run``):

1. finish or clear whatever a killed run left behind (``OutputWriter.recover``);
2. list the input files, with size and mtime (no reading yet), leaving out any under
   ``--out`` itself (``inputs``);
3. with ``--incremental``, choose what to carry over from the last run (``incremental``);
4. stream the files to redo through the engine in batches bounded by documents and
   bytes (``feed``), writing parts as results arrive, counting as they pass
   (``progress``);
5. render the report from the staged tables, then publish tables, report,
   ``manifest.json`` (``manifest``) and the new ``.state.parquet`` together.

Every run writes ``.state.parquet``, so a later ``--incremental`` run can build on a
plain one.
"""
from __future__ import annotations

from pipeline.runner.feed import batches_of
from pipeline.runner.job import run

__all__ = ["batches_of", "run"]
