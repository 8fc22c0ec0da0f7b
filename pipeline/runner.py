"""One run: read -> batches -> engine -> write, with progress, a manifest and a report.

This is the only place that knows about all the parts at once; the stages, engines
and writers stay ignorant of each other.

A run, step by step (all under the ``--out`` lock):

1. finish or clear whatever a killed run left behind (``OutputWriter.recover``);
2. list the input files, with size and mtime (no reading yet);
3. with ``--incremental``, compare them against ``.state.parquet`` of the last run:
   a file is unchanged when the output fingerprint (config, code, library versions)
   matches and either size and mtime match (mtime safely older than when the last
   run looked) or its SHA-256 does. The rows of unchanged files are carried over
   from the last outputs (whole part files hard-linked where possible, else filtered
   row group by row group); every other file is read and cleaned, and so is a file
   that gave an error row last time (the cause may have been passing); files no
   longer among the inputs drop out;
4. stream the files to redo through the engine in batches bounded by documents and
   bytes, writing parts as results arrive;
5. publish tables, ``manifest.json`` and the new ``.state.parquet`` together.

Every run writes ``.state.parquet``, so a later ``--incremental`` run can build on a
plain one.
"""
from __future__ import annotations

import collections
import dataclasses
import datetime as _dt
import glob
import hashlib
import json
import logging
import os
import platform
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.config import Config
from pipeline.engines import relaxed_gc
from pipeline.readers import (DOCUMENT_KINDS, InputError, check_inputs, error_record, expand_inputs,
                              read_document_file, read_records, reader_for)
from pipeline.readers.compression import open_regular
from pipeline.writer import OutputLock, OutputWriter, arrow_ints, arrow_strings, output_parts

log = logging.getLogger("pipeline")

# A log line every this many seconds when stderr is not a terminal.
LOG_EVERY_SECONDS = 10.0
STATE_FILE = ".state.parquet"
STATE_SCHEMA = pa.schema([
    ("source", pa.string()),
    ("size", pa.int64()),
    ("mtime_ns", pa.int64()),
    ("sha256", pa.string()),
    ("fingerprint", pa.string()),
    ("docs", pa.int64()),      # rows this file put in documents.parquet; -1: never trust
    ("seen_ns", pa.int64()),   # when size and mtime were taken
])
# A file modified this close to when a run looked at it may have changed again within
# one mtime tick: its content is hashed rather than its mtime trusted (git's "racy" rule).
RACY_NS = 2_000_000_000
HASH_CHUNK = 1024 * 1024


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
    """A bar on a terminal; a log line every ``LOG_EVERY_SECONDS`` otherwise."""

    def __init__(self, enabled: bool | None, total_bytes: int = 0):
        # None: a bar on a terminal, log lines otherwise; True: a bar; False: silent.
        self.tty = sys.stderr.isatty() if enabled is None else enabled
        self.quiet = enabled is False
        self.docs = self.errors = 0
        self.bytes_in = 0
        self.total = total_bytes
        self.t0 = self._last = time.perf_counter()
        self._bar = None
        if self.tty:
            from tqdm import tqdm

            self._bar = tqdm(total=total_bytes or None, unit="B", unit_scale=True, unit_divisor=1024,
                             desc="cleaning", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self, docs: int, errors: int, nbytes: int) -> None:
        self.docs += docs
        self.errors += errors
        self.bytes_in += nbytes
        if self._bar is not None:
            self._bar.update(min(nbytes, max(self.total - self._bar.n, 0)) if self.total else nbytes)
            self._bar.set_postfix(docs=self.docs, errors=self.errors, refresh=False)
        elif not self.quiet and time.perf_counter() - self._last >= LOG_EVERY_SECONDS:
            self._last = time.perf_counter()
            self.log_line()

    def log_line(self) -> None:
        dt = max(time.perf_counter() - self.t0, 1e-9)
        share = f" of {self.total / 1e6:.1f} MB ({100 * self.bytes_in / self.total:.0f}%)" if self.total else ""
        log.info("cleaned %d documents (%d errors), %.1f MB%s; %.1f docs/s, %.2f MB/s",
                 self.docs, self.errors, self.bytes_in / 1e6, share, self.docs / dt, self.bytes_in / 1e6 / dt)

    def close(self) -> None:
        if self._bar is not None:
            if self.total and self._bar.n < self.total:
                self._bar.update(self.total - self._bar.n)
            self._bar.close()


class Totals:
    """The manifest's counts, summed column-wise (pyarrow) over output tables."""

    def __init__(self):
        self.status = collections.Counter()
        self.fixes = collections.Counter()
        self.chars = collections.Counter()
        self.removed_by_category = collections.Counter()
        self.removed_chars_by_category = collections.Counter()
        self.rules = collections.Counter()

    def add(self, name: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        if name == "documents":
            _count_into(self.status, table.column("status"))
            fixes = pc.list_flatten(table.column("fixes"))
            if len(fixes):
                _count_into(self.fixes, fixes)
            self.chars["in"] += pc.sum(table.column("chars_in")).as_py() or 0
            self.chars["out"] += pc.sum(table.column("chars_out")).as_py() or 0
        elif name == "removed":
            # (not Table.group_by: it loads Acero, pyarrow.dataset and pandas, a third of a
            # second that a run with nothing to clean should not pay)
            category = table.column("category")
            key = pc.binary_join_element_wise(category, table.column("rule"), arrow_strings(["/"])[0])
            _count_into(self.rules, key)
            _count_into(self.removed_by_category, category)
            chars = pc.subtract(table.column("end"), table.column("start"))
            for cat in pc.unique(category).to_pylist():
                mask = pc.equal(category, arrow_strings([cat])[0]) if cat is not None else pc.is_null(category)
                self.removed_chars_by_category[cat] += pc.sum(pc.filter(chars, mask)).as_py() or 0


def _count_into(counter: collections.Counter, column) -> None:
    for item in pc.value_counts(column).to_pylist():
        counter[item["values"]] += item["counts"]


@dataclasses.dataclass
class InputFile:
    path: Path
    source: str
    explicit: bool
    size: int | None
    mtime_ns: int | None
    seen_ns: int
    sha256: str | None = None
    docs: int = 0
    unstable: bool = False  # its records came back under another source name
    had_errors: bool = False  # some of its documents have status=error: retried next time
    document_kind: str | None = None  # "text"/"html" for a file of one document

    def read_arg(self) -> str:
        """What to hand ``read_records`` so it reads this one file as the same source."""
        if any(ch in self.source for ch in "*?["):
            return glob.escape(self.source)
        return self.source

    def state_row(self, fingerprint: str) -> dict:
        return {"source": self.source, "size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256,
                "fingerprint": fingerprint, "docs": -1 if self.unstable or self.had_errors else self.docs,
                "seen_ns": self.seen_ns}


def state_table(rows: list[dict]) -> pa.Table:
    columns = []
    for field in STATE_SCHEMA:
        values = [r[field.name] for r in rows]
        columns.append(arrow_strings(values) if field.type == pa.string() else arrow_ints(values))
    return pa.Table.from_arrays(columns, schema=STATE_SCHEMA)


def file_sha256(path: Path) -> str | None:
    try:
        with open_regular(path) as fh:  # never a FIFO or a device: their reads block or never end
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def list_inputs(inputs: list[str], stats: dict) -> list[InputFile]:
    """Every input file once, with size and mtime, in reading order."""
    files, seen = [], set()
    for path, source, explicit in expand_inputs(inputs):
        reader = reader_for(path)
        if reader is None and not explicit:
            stats["skipped_files"] = stats.get("skipped_files", 0) + 1
            continue
        if source in seen:
            continue
        seen.add(source)
        now = time.time_ns()
        try:
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size = mtime = None
        files.append(InputFile(path, source, explicit, size, mtime, now, document_kind=DOCUMENT_KINDS.get(reader)))
    return files


def load_state(out: Path) -> dict[str, dict]:
    path = Path(out) / STATE_FILE
    if not path.is_file():
        return {}
    try:
        table = pq.ParquetFile(path).read()  # (not read_table: that imports pyarrow.dataset and pandas)
    except Exception as exc:  # noqa: BLE001 - a bad state file means: redo everything
        log.warning("ignoring unreadable %s (%s)", path, exc)
        return {}
    return {row["source"]: row for row in table.to_pylist()}


def unchanged(f: InputFile, prev: dict | None, fingerprint: str) -> bool:
    if prev is None or prev["fingerprint"] != fingerprint or prev["docs"] is None or prev["docs"] < 0:
        return False
    if f.size is None or prev["size"] != f.size:
        return False
    if prev["mtime_ns"] == f.mtime_ns and f.mtime_ns < prev["seen_ns"] - RACY_NS:
        f.sha256 = prev["sha256"]
        return True
    f.sha256 = file_sha256(f.path)
    return f.sha256 is not None and f.sha256 == prev["sha256"]


def previous_doc_counts(out: Path) -> dict[str, int]:
    """Rows per source in the published documents.parquet (its source column only)."""
    counts: collections.Counter = collections.Counter()
    for part in output_parts(out, "documents") or []:
        try:
            col = pq.ParquetFile(part).read(columns=["source"]).column("source")
        except Exception as exc:  # noqa: BLE001
            log.warning("cannot read %s (%s); its sources will be redone", part, exc)
            continue
        _count_into(counts, col)
    return counts


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
    from pipeline.classifier import check_models
    from pipeline.language import check_language_model

    check_models()
    check_language_model()
    started = _dt.datetime.now(_dt.timezone.utc)
    read_stats: dict = {"files": 0, "skipped_files": 0}
    totals = Totals()
    timings: dict[str, float] = {}
    fingerprint = config.output_fingerprint()
    with OutputLock(out):
        OutputWriter.recover(out)
        t0 = time.perf_counter()
        files = list_inputs(inputs, read_stats)
        keep: list[InputFile] = []
        todo: list[InputFile] = files
        carried: dict[str, int] = {}
        if config.incremental:
            state = load_state(out)
            if state:
                keep = [f for f in files if unchanged(f, state.get(f.source), fingerprint)]
                if keep:
                    have = previous_doc_counts(out)
                    ok = [f for f in keep if have.get(f.source, 0) == state[f.source]["docs"]]
                    if len(ok) < len(keep):
                        log.warning("%d unchanged input(s) are missing rows in the last outputs; redoing them",
                                    len(keep) - len(ok))
                    keep = ok
                    for f in keep:
                        f.docs = state[f.source]["docs"]
                kept = {f.source for f in keep}
                todo = [f for f in files if f.source not in kept]
            else:
                log.info("--incremental: no state from an earlier run in %s; cleaning everything", out)
        timings["plan"] = time.perf_counter() - t0

        writer = OutputWriter(out)
        try:
            if keep:
                t0 = time.perf_counter()
                carried = writer.carry_over(
                    {name: output_parts(out, name) or [] for name in writer.tables},
                    {f.source for f in keep}, on_rows=totals.add)
                timings["carry_over"] = time.perf_counter() - t0
                log.info("--incremental: %d unchanged input(s) carried over (%d documents), %d to clean",
                         len(keep), carried.get("documents", 0), len(todo))
            read_stats["files"] += sum(1 for f in keep if f.size is not None)
            with relaxed_gc():
                _clean(todo, config, writer, totals, timings, read_stats)
            finished = _dt.datetime.now(_dt.timezone.utc)
            manifest = _manifest(inputs, out, config, fingerprint, started, finished, totals, timings,
                                 read_stats, files, keep, todo, carried)
            state_path = writer.staging / STATE_FILE
            pq.write_table(state_table([f.state_row(fingerprint) for f in keep + todo]), state_path,
                           compression="zstd")
            t0 = time.perf_counter()
            writer.publish({"manifest.json": json.dumps(manifest, indent=2, ensure_ascii=False).encode(),
                            STATE_FILE: state_path})
            timings["publish"] = time.perf_counter() - t0
        except BaseException:
            writer.abort()
            raise
    if report:
        from pipeline.report import write_report

        write_report(out)
    return manifest


def _clean(todo: list[InputFile], config: Config, writer: OutputWriter, totals: Totals,
           timings: dict, read_stats: dict) -> None:
    """Stream the files in ``todo`` through the engine into ``writer``."""
    from pipeline.engines import make_engine, timed

    if not todo:
        timings.setdefault("wall", 0.0)
        return
    engine = make_engine(config)
    progress = Progress(config.progress, total_bytes=sum(f.size or 0 for f in todo))
    docs_per_source: collections.Counter = collections.Counter()
    error_sources: set[str] = set()
    read_time = [0.0]

    def records() -> Iterator[dict]:
        for f in todo:
            t0 = time.perf_counter()
            to_hash = f.sha256 is None and f.size is not None
            if to_hash and f.document_kind is not None:  # one document: read once, hashed from the same bytes
                read_stats["files"] += 1
                try:
                    rec, f.sha256 = read_document_file(f.path, f.source, f.document_kind, config.max_document_bytes)
                except Exception as exc:  # noqa: BLE001 - as read_records: an error row, the run goes on
                    rec = error_record(f.source, None, f"{type(exc).__name__}: {exc}")
                read_time[0] += time.perf_counter() - t0
                yield rec
                continue
            if to_hash:
                f.sha256 = file_sha256(f.path)  # before reading: a change after this is seen next run
            try:
                for rec in read_records([f.read_arg()], config, read_stats):
                    if rec.get("source") != f.source and not f.unstable:
                        f.unstable = True
                        log.warning("%s came back as source %r; it will not be carried over by --incremental",
                                    f.source, rec.get("source"))
                    read_time[0] += time.perf_counter() - t0
                    yield rec
                    t0 = time.perf_counter()
            except InputError as exc:
                yield {"source": f.source, "record": None, "raw": b"", "kind": "text", "error": f"read: {exc}"}
            read_time[0] += time.perf_counter() - t0

    write_time = 0.0
    try:
        for tables, t in timed(engine.map(batches_of(records(), config)), timings):
            t0 = time.perf_counter()
            writer.write(tables)
            docs = tables["documents"]
            totals.add("documents", docs)
            totals.add("removed", tables["removed"])
            _count_into(docs_per_source, docs.column("source"))
            is_error = pc.equal(docs.column("status"), "error")
            errors = pc.sum(is_error).as_py() or 0
            if errors:
                error_sources.update(pc.filter(docs.column("source"), is_error).to_pylist())
            write_time += time.perf_counter() - t0
            progress.update(docs.num_rows, errors, t.get("input_bytes", 0))
    finally:
        progress.close()
        engine.close()
    if not progress.tty and not progress.quiet and progress.docs:
        progress.log_line()
    for f in todo:
        f.docs = docs_per_source.get(f.source, 0)
        f.had_errors = f.source in error_sources
    timings["read"] = read_time[0]
    timings["write"] = write_time


def _manifest(inputs, out, config, fingerprint, started, finished, totals: Totals, timings, read_stats,
              files, keep, todo, carried) -> dict:
    counts = totals.status
    manifest = {
        "pipeline_version": __version__,
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "inputs": inputs,
        "out": str(out),
        "config": config.to_dict(),
        "config_fingerprint": fingerprint,
        "counts": {
            "documents": sum(counts.values()),
            "ok": counts.get("ok", 0),
            "empty": counts.get("empty", 0),
            "error": counts.get("error", 0),
            "files": read_stats.get("files", 0),
            "skipped_files": read_stats.get("skipped_files", 0),
            "skipped_records": read_stats.get("skipped_records", 0),
            "removed_blocks": sum(totals.removed_by_category.values()),
        },
        "incremental": {
            "enabled": config.incremental,
            "files_carried_over": len(keep),
            "files_cleaned": len(todo),
            "documents_carried_over": carried.get("documents", 0),
        },
        "chars": {"in": totals.chars["in"], "out": totals.chars["out"]},
        "removed_by_category": dict(totals.removed_by_category.most_common()),
        "removed_chars_by_category": dict(totals.removed_chars_by_category.most_common()),
        "rules": dict(totals.rules.most_common()),
        "fixes": dict(totals.fixes.most_common()),
        "timings_s": {k: round(v, 4) for k, v in timings.items()},
        "versions": _versions(),
    }
    manifest["exit_code"] = 1 if manifest["counts"]["error"] else 0
    return manifest


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "pipeline": __version__}
    for dist in ("pandas", "pyarrow", "ftfy", "trafilatura"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out
