"""One run: read -> batches -> engine -> write, with progress, a manifest and a report.

This is the only place that knows about all the parts at once; the stages, engines
and writers stay ignorant of each other.
"""
from __future__ import annotations

import collections
import datetime as _dt
import json
import logging
import platform
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow.compute as pc

from pipeline import __version__
from pipeline.config import Config
from pipeline.engines import make_engine, timed
from pipeline.readers import check_inputs, read_records
from pipeline.writer import OutputLock, OutputWriter

log = logging.getLogger("pipeline")

# A log line every this many seconds when stderr is not a terminal.
LOG_EVERY_SECONDS = 10.0


def batches_of(records: Iterable[dict], config: Config) -> Iterator[list[dict]]:
    """Group records into batches bounded by document count and raw bytes."""
    batch, size = [], 0
    for rec in records:
        raw = rec.get("raw") or b""
        batch.append(rec)
        size += len(raw)
        if len(batch) >= config.batch_docs or size >= config.batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class Progress:
    """A bar on a terminal; periodic log lines otherwise."""

    def __init__(self, enabled: bool | None):
        self.tty = sys.stderr.isatty() if enabled is None else enabled
        self.docs = self.errors = 0
        self.bytes_in = 0
        self.t0 = self._last = time.perf_counter()
        self._bar = None
        if self.tty:
            from tqdm import tqdm

            self._bar = tqdm(unit=" docs", desc="cleaning", file=sys.stderr, dynamic_ncols=True)

    def update(self, docs: int, errors: int, chars: int) -> None:
        self.docs += docs
        self.errors += errors
        self.bytes_in += chars
        if self._bar is not None:
            self._bar.update(docs)
            self._bar.set_postfix(errors=self.errors, refresh=False)
        elif time.perf_counter() - self._last >= LOG_EVERY_SECONDS:
            self._last = time.perf_counter()
            rate = self.docs / max(self._last - self.t0, 1e-9)
            log.info("cleaned %d documents (%d errors), %.1f docs/s", self.docs, self.errors, rate)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def run(inputs: list[str] | str, out: str | Path, config: Config | None = None, report: bool = True,
        **kwargs) -> dict:
    """Clean every document under ``inputs`` into ``out``; return the run summary.

    The summary is what ``manifest.json`` holds; ``summary["exit_code"]`` is 0 when
    every document came out clean and 1 when some have ``status=error``.
    """
    config = config or Config(**kwargs)
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    inputs = [str(i) for i in inputs]
    out = Path(out)
    check_inputs(inputs)
    started = _dt.datetime.now(_dt.timezone.utc)
    read_stats: dict = {}
    counts = collections.Counter()
    removed_by_category = collections.Counter()
    removed_chars_by_category = collections.Counter()
    rules = collections.Counter()
    fixes = collections.Counter()
    chars = collections.Counter()
    timings: dict[str, float] = {}
    with OutputLock(out):
        OutputWriter.remove_stale_staging(out)
        writer = OutputWriter(out)
        engine = make_engine(config)
        progress = Progress(config.progress)
        try:
            records = read_records(inputs, config, read_stats)
            for tables, _ in timed(engine.map(batches_of(records, config)), timings):
                writer.write(tables)
                docs, removed = tables["documents"], tables["removed"]
                status = docs.column("status").to_pylist()
                counts.update(status)
                for fx in docs.column("fixes").to_pylist():
                    fixes.update(fx or [])
                chars["in"] += pc.sum(docs.column("chars_in")).as_py() or 0
                chars["out"] += pc.sum(docs.column("chars_out")).as_py() or 0
                for cat, rule, text in zip(removed.column("category").to_pylist(),
                                           removed.column("rule").to_pylist(),
                                           removed.column("text").to_pylist()):
                    removed_by_category[cat] += 1
                    removed_chars_by_category[cat] += len(text)
                    rules[f"{cat}/{rule}"] += 1
                progress.update(docs.num_rows, status.count("error"), 0)
        except BaseException:
            writer.abort()
            raise
        finally:
            progress.close()
            engine.close()
        finished = _dt.datetime.now(_dt.timezone.utc)
        manifest = {
            "pipeline_version": __version__,
            "started": started.isoformat(),
            "finished": finished.isoformat(),
            "inputs": inputs,
            "out": str(out),
            "config": config.to_dict(),
            "config_fingerprint": config.output_fingerprint(),
            "counts": {
                "documents": sum(counts.values()),
                "ok": counts.get("ok", 0),
                "empty": counts.get("empty", 0),
                "error": counts.get("error", 0),
                "files": read_stats.get("files", 0),
                "skipped_files": read_stats.get("skipped_files", 0),
                "skipped_records": read_stats.get("skipped_records", 0),
                "removed_blocks": sum(removed_by_category.values()),
            },
            "chars": {"in": chars["in"], "out": chars["out"]},
            "removed_by_category": dict(removed_by_category.most_common()),
            "removed_chars_by_category": dict(removed_chars_by_category.most_common()),
            "rules": dict(rules.most_common()),
            "fixes": dict(fixes.most_common()),
            "timings_s": {k: round(v, 4) for k, v in timings.items()},
            "versions": _versions(),
        }
        manifest["exit_code"] = 1 if manifest["counts"]["error"] else 0
        writer.publish({"manifest.json": json.dumps(manifest, indent=2, ensure_ascii=False).encode()})
    if report:
        from pipeline.report import write_report

        write_report(out)
    return manifest


def _versions() -> dict:
    import ftfy
    import pandas
    import pyarrow
    import trafilatura

    return {
        "python": platform.python_version(),
        "pipeline": __version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "ftfy": ftfy.__version__,
        "trafilatura": trafilatura.__version__,
    }
