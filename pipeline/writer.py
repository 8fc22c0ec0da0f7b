"""write: Parquet outputs that appear complete or not at all.

Rows stream into part files in a staging folder inside ``--out`` as batches finish;
only when the run ends are the parts moved into place (a single file when the run fit
in one part, a folder of parts otherwise; ``pandas.read_parquet`` reads either). A
lock file stops two runs from writing one ``--out`` at once.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import OUTPUT_TABLES

# Rows per part file before a new part is started.
PART_MAX_ROWS = 200_000
STAGING_PREFIX = ".staging-"


class OutputLocked(Exception):
    """Another run holds the lock on this output folder."""


class OutputLock:
    def __init__(self, out: Path):
        self.path = Path(out) / ".lock"
        self._fh = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a+")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.close()
            raise OutputLocked(f"another run is writing to {self.path.parent} (lock {self.path})") from None
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"{os.getpid()}\n")
        self._fh.flush()
        return self

    def __exit__(self, *exc):
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()


class PartWriter:
    """One output table written as rotating part files."""

    def __init__(self, folder: Path, schema: pa.Schema):
        self.folder = folder
        self.schema = schema
        self.parts: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._rows_in_part = 0
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, table: pa.Table) -> None:
        if self._writer is None or self._rows_in_part >= PART_MAX_ROWS:
            self._roll()
        self._writer.write_table(table)
        self._rows_in_part += table.num_rows

    def _roll(self) -> None:
        if self._writer is not None:
            self._writer.close()
        path = self.folder / f"part-{len(self.parts):05d}.parquet"
        self.parts.append(path)
        self._writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self._rows_in_part = 0

    def close(self) -> None:
        if self._writer is None:
            self._roll()  # an empty run still writes a readable, empty table
        self._writer.close()


class OutputWriter:
    """Stages all outputs of one run, then publishes them together."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.staging = self.out / f"{STAGING_PREFIX}{uuid.uuid4().hex[:8]}"
        self.staging.mkdir()
        self.tables = {name: PartWriter(self.staging / name, schema) for name, schema in OUTPUT_TABLES.items()}

    @staticmethod
    def remove_stale_staging(out: Path) -> None:
        """Leftovers of a killed run (only called while holding the lock)."""
        for p in Path(out).glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(p, ignore_errors=True)

    def write(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            if table.num_rows or name == "documents":
                self.tables[name].write(table)

    def staged_path(self, name: str) -> Path:
        return self.staging / name

    def publish(self, extra_files: dict[str, bytes] | None = None) -> None:
        """Move every output into place; each rename is atomic on one filesystem."""
        for writer in self.tables.values():
            writer.close()
        for name, writer in self.tables.items():
            final = self.out / f"{name}.parquet"
            if len(writer.parts) == 1:
                src = writer.parts[0]
            else:
                src = writer.folder
            _replace(src, final)
        for fname, data in (extra_files or {}).items():
            tmp = self.staging / fname
            tmp.write_bytes(data)
            _replace(tmp, self.out / fname)
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _replace(src: Path, final: Path) -> None:
    """Put ``src`` at ``final``, file or folder, replacing what was there."""
    if final.is_dir() and not final.is_symlink():
        trash = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:6]}")
        final.rename(trash)
        src.rename(final)
        shutil.rmtree(trash, ignore_errors=True)
    elif src.is_dir() and final.exists():
        final.unlink()
        src.rename(final)
    else:
        os.replace(src, final)
