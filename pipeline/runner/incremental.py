"""``--incremental``: which input files to carry over from the last run on ``--out``.

A file is unchanged when the output fingerprint (config, code, library versions)
matches and either size and mtime match (mtime safely older than when the last run
looked) or its SHA-256 does. The rows of unchanged files are carried over from the
last outputs; every other file is read and cleaned, and so is a file that gave an
error row last time (the cause may have been passing); files no longer among the
inputs drop out. The bookkeeping is ``.state.parquet``, written by every run.
"""
from __future__ import annotations

import collections
import dataclasses
import logging
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.runner.inputs import InputFile, file_sha256
from pipeline.runner.progress import count_into
from pipeline.schema import OUTPUT_TABLES
from pipeline.writer import arrow_ints, arrow_strings, output_parts

log = logging.getLogger("pipeline")

STATE_FILE = ".state.parquet"
STATE_SCHEMA = pa.schema([
    ("source", pa.string()),
    ("key", pa.string()),      # the file's doc_id key: the same however the input is spelled
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


def state_table(rows: list[dict]) -> pa.Table:
    columns = []
    for field in STATE_SCHEMA:
        values = [r[field.name] for r in rows]
        columns.append(arrow_strings(values) if field.type == pa.string() else arrow_ints(values))
    return pa.Table.from_arrays(columns, schema=STATE_SCHEMA)


def write_state(files: list[InputFile], fingerprint: str, path: Path) -> None:
    pq.write_table(state_table([f.state_row(fingerprint) for f in files]), path, compression="zstd")


def load_state(out: Path) -> dict[str, dict]:
    """The last run's state rows by file key (a state written before keys, by source)."""
    path = Path(out) / STATE_FILE
    if not path.is_file():
        return {}
    try:
        table = pq.ParquetFile(path).read()  # (not read_table: that imports pyarrow.dataset and pandas)
    except Exception as exc:  # noqa: BLE001 - a bad state file means: redo everything
        log.warning("ignoring unreadable %s (%s)", path, exc)
        return {}
    return {row.get("key") or row["source"]: row for row in table.to_pylist()}


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


@dataclasses.dataclass
class Plan:
    keep: list[InputFile]  # carried over from the last outputs
    todo: list[InputFile]  # read and cleaned
    parts: dict[str, list[Path]]  # the last outputs' readable part files, per table
    renamed: dict[str, str] = dataclasses.field(default_factory=dict)  # last run's source -> this run's


def survey(out: Path) -> tuple[dict[str, list[Path]], collections.Counter, list[str]]:
    """The last outputs' part files that can be read, the rows per source in
    documents.parquet (its source column only), and the tables with a part that cannot
    be read (each such part named in a warning)."""
    parts: dict[str, list[Path]] = {}
    counts: collections.Counter = collections.Counter()
    broken: list[str] = []
    for name in OUTPUT_TABLES:
        parts[name] = []
        for part in output_parts(out, name) or []:
            try:
                pf = pq.ParquetFile(part)
                if name == "documents":
                    count_into(counts, pf.read(columns=["source"]).column("source"))
            except Exception as exc:  # noqa: BLE001 - truncated, overwritten, not Parquet
                log.warning("cannot read %s of the last run (%s: %s)", part, type(exc).__name__, exc)
                broken.append(name)
                continue
            parts[name].append(part)
    return parts, counts, broken


def plan(files: list[InputFile], out: Path, fingerprint: str) -> Plan:
    """Split ``files`` into those to carry over from the last outputs and those to clean.

    A documents part that cannot be read loses the row counts of its sources, so
    those files are redone; a removed or repaired part that cannot be read might hold
    rows of any source, so every file is."""
    state = load_state(out)
    if not state:
        log.info("--incremental: no state from an earlier run in %s; cleaning everything", out)
        return Plan([], files, {})
    def last(f: InputFile) -> dict | None:
        return state.get(f.key or f.source) or state.get(f.source)

    keep = [f for f in files if unchanged(f, last(f), fingerprint)]
    if not keep:
        return Plan([], files, {})
    parts, have, broken = survey(out)
    if set(broken) - {"documents"}:
        log.warning("--incremental: the last run's %s cannot be read whole; cleaning every input again",
                    " and ".join(f"{n}.parquet" for n in sorted(set(broken) - {"documents"})))
        return Plan([], files, {})
    ok = [f for f in keep if have.get(last(f)["source"], 0) == last(f)["docs"]]
    if len(ok) < len(keep):
        log.warning("%d unchanged input(s) are missing rows in the last outputs; redoing them",
                    len(keep) - len(ok))
    renamed = {}
    for f in ok:
        f.docs = last(f)["docs"]
        f.last_source = last(f)["source"]
        if f.last_source != f.source:  # the same file, the input spelled another way
            renamed[f.last_source] = f.source
    kept = {f.source for f in ok}
    return Plan(ok, [f for f in files if f.source not in kept], parts, renamed)
