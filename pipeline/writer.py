"""write: Parquet outputs that appear complete or not at all.

Rows stream into part files in a staging folder inside ``--out`` as batches finish
(a part rolls over at ``PART_MAX_ROWS`` rows or ``PART_MAX_BYTES``), so memory does
not grow with the corpus. Only when the run ends are the outputs moved into place: a
single file when a table fit in one part, a folder of parts otherwise;
``pandas.read_parquet`` reads either.

The staging folder is laid out like an output folder (``documents.parquet/part-*``),
so the run renders the report from it and publishes the report with the tables.
Publishing is a small journal: the staging folder gets a ``PUBLISH.json`` naming each
output and the inode it was staged as (or that an old output is to be withdrawn), then each output is swapped into place (an
atomic ``renameat2(RENAME_EXCHANGE)`` on Linux, two renames elsewhere). A run killed
part-way through publishing is rolled forward by the next run on the same ``--out``
(``OutputWriter.recover``); a run killed before the journal was written leaves only a
staging folder, which the next run deletes. Either way every output is one run's.

A lock file (``flock``) stops two runs from writing one ``--out`` at once; the kernel
drops the lock when its process dies, even by ``kill -9``, so a stale ``.lock`` file
never blocks a later run.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import logging
import os
import shutil
import uuid
from pathlib import Path
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.schema import OUTPUT_TABLES, documents_schema

log = logging.getLogger("pipeline.writer")

# A part file rolls over at whichever limit comes first (bytes: in-memory Arrow size).
PART_MAX_ROWS = 200_000
PART_MAX_BYTES = 128 * 1024 * 1024
STAGING_PREFIX = ".staging-"
TRASH_MARK = ".old-"
PUBLISH_JOURNAL = "PUBLISH.json"
COMPRESSION = "zstd"
# Columns of whole texts: unique per row, so dictionary encoding and statistics are waste.
LONG_TEXT_COLUMNS = ("text",)


class OutputLocked(Exception):
    """Another run holds the lock on this output folder."""


class OutputUnusable(Exception):
    """``--out`` cannot hold the outputs: an empty name, a file, or a place this user
    cannot write (a setup error, exit 2)."""


def check_out(out: str | os.PathLike) -> Path:
    """``out`` as a Path, refused when empty (``Path("")`` is the current folder, which
    a forgotten variable in a script should not write into)."""
    if not os.fspath(out).strip():
        raise OutputUnusable("--out is empty: name the output folder (--out . for the current one)")
    return Path(out)


def _unusable(out: Path, exc: OSError) -> OutputUnusable:
    if out.exists() and not out.is_dir():
        return OutputUnusable(f"--out {out}: is a file, not a folder")
    return OutputUnusable(f"--out {out}: cannot write there ({exc.strerror or exc})")


class OutputLock:
    """An exclusive ``flock`` on ``OUT/.lock``, held for the whole run.

    A forked worker inherits the lock's descriptor; ``release_inherited`` closes
    that copy, otherwise a worker outliving a killed run would keep the lock held.
    """

    _held_fds: set[int] = set()

    def __init__(self, out: Path):
        self.path = Path(out) / ".lock"
        self._fh = None

    def __enter__(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a+")
        except OSError as exc:
            raise _unusable(self.path.parent, exc) from None
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.seek(0)
            holder = self._fh.read().strip()
            self._fh.close()
            who = f" (pid {holder})" if holder else ""
            raise OutputLocked(f"another run{who} is writing to {self.path.parent} (lock {self.path})") from None
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"{os.getpid()}\n")
        self._fh.flush()
        OutputLock._held_fds.add(self._fh.fileno())
        return self

    @classmethod
    def release_inherited(cls) -> None:
        """In a forked child: close its copies of the descriptors of the locks its parent
        holds. The locks stay the parent's (``flock`` belongs to the open file, which
        the parent still has open)."""
        for fd in list(cls._held_fds):
            try:
                os.close(fd)
            except OSError:
                pass
        cls._held_fds.clear()

    def __exit__(self, *exc):
        OutputLock._held_fds.discard(self._fh.fileno())
        try:
            self._fh.seek(0)
            self._fh.truncate()
        finally:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


class PartWriter:
    """One output table written as rotating part files in ``folder``."""

    def __init__(self, folder: Path, schema: pa.Schema):
        self.folder = folder
        self.schema = schema
        self.parts: list[Path] = []
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._rows_in_part = 0
        self._bytes_in_part = 0
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, table: pa.Table) -> None:
        if table.schema != self.schema:
            table = _aligned(table, self.schema)
        if (self._writer is None or self._rows_in_part >= PART_MAX_ROWS
                or self._bytes_in_part >= PART_MAX_BYTES):
            self._roll()
        self._writer.write_table(table)
        self._rows_in_part += table.num_rows
        self._bytes_in_part += table.nbytes
        self.rows += table.num_rows

    def _next_path(self) -> Path:
        path = self.folder / f"part-{len(self.parts):05d}.parquet"
        self.parts.append(path)
        return path

    def _close_current(self) -> None:
        if self._writer is not None:
            self._writer.close()
            _fsync_file(self.parts[-1])
            self._writer = None

    def _roll(self) -> None:
        self._close_current()
        self._writer = pq.ParquetWriter(self._next_path(), self.schema, **_parquet_options(self.schema))
        self._rows_in_part = self._bytes_in_part = 0

    def adopt(self, part: Path, rows: int) -> None:
        """Take a finished part file of an earlier run as it is (a hard link: no copy)."""
        self._close_current()
        dest = self._next_path()
        try:
            os.link(part, dest)
        except OSError:
            shutil.copyfile(part, dest)
        self.rows += rows

    def close(self) -> None:
        if self._writer is None and not self.parts:
            self._roll()  # an empty run still writes a readable, empty table
        self._close_current()


def _parquet_options(schema: pa.Schema) -> dict:
    """zstd; dictionary pages and min/max statistics only where they pay (not on text)."""
    long_text = [n for n in schema.names if n in LONG_TEXT_COLUMNS]
    return {
        "compression": COMPRESSION,
        "use_dictionary": [n for n in schema.names if n not in long_text],
        "write_statistics": [n for n in schema.names if n not in long_text],
    }


class OutputWriter:
    """Stages all outputs of one run, then publishes them together."""

    def __init__(self, out: Path, keep_fields: tuple[str, ...] = ()):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.staging = self.out / f"{STAGING_PREFIX}{uuid.uuid4().hex[:8]}"
        self.staging.mkdir()
        # named as published, so that the staging folder reads like an output folder
        # (the report is rendered from it before anything is published)
        schemas = {**OUTPUT_TABLES, "documents": documents_schema(keep_fields)}
        self.tables = {name: PartWriter(self.staging / f"{name}.parquet", schema)
                       for name, schema in schemas.items()}

    # -- recovery ---------------------------------------------------------------------

    @staticmethod
    def recover(out: Path) -> None:
        """Deal with what a killed run left in ``out`` (call only while holding the lock).

        A staging folder with a publish journal was killed while publishing: finish
        publishing it. One without was killed while writing: delete it.
        """
        out = Path(out)
        for staging in sorted(out.glob(f"{STAGING_PREFIX}*")):
            if not _finish_publish(staging, out):
                log.info("removing the staging folder of an interrupted run (%s)", staging.name)
            _remove(staging)
        for trash in out.glob(f".*{TRASH_MARK}*"):
            _remove(trash)

    remove_stale_staging = recover  # the earlier name

    # -- writing ----------------------------------------------------------------------

    def write(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            if table.num_rows:
                self.tables[name].write(table)

    def carry_over(self, previous: dict[str, list[Path]], keep: set[str],
                   on_rows: Callable | None = None, renamed: dict[str, str] | None = None) -> dict[str, int]:
        """Copy the rows of sources in ``keep`` from an earlier run's part files.

        A part holding only kept sources is hard-linked as it is; a part holding some
        is filtered row group by row group (memory stays at one row group); a part
        holding none is left behind. ``on_rows(name, table)`` sees every carried
        table (a linked part is read for the columns the manifest counts). Returns the
        rows carried per table. ``renamed`` (last run's source -> this run's: the same
        file, its input spelled another way) rewrites the ``source`` column of the rows
        it names; a part holding any of them is filtered, not linked.
        """
        keep_arr = arrow_strings(sorted(keep))
        renamed = renamed or {}
        old_names = arrow_strings(sorted(renamed))
        carried = {}
        for name, parts in previous.items():
            writer = self.tables[name]
            before = writer.rows
            stats = STAT_COLUMNS.get(name) if on_rows is not None else None
            for part in parts:
                with _reading(part):
                    pf = pq.ParquetFile(part)
                    sources = pf.read(columns=["source"]).column("source")
                inside = pc.is_in(sources, value_set=keep_arr)
                n_keep = pc.sum(inside).as_py() or 0
                if n_keep == 0:
                    continue
                rename = bool(renamed) and bool(pc.any(pc.is_in(sources, value_set=old_names)).as_py())
                if n_keep == len(sources) and not rename:
                    if stats:
                        with _reading(part):
                            counted = pf.read(columns=stats)
                        on_rows(name, counted)
                    writer.adopt(part, n_keep)
                    continue
                for i in range(pf.num_row_groups):  # a row group is one batch of a run
                    with _reading(part):
                        t = pf.read_row_group(i)
                    t = t.filter(pc.is_in(t.column("source"), value_set=keep_arr))
                    if rename and t.num_rows:
                        t = _renamed_sources(t, renamed)
                    if t.num_rows:
                        writer.write(t)
                        if stats:
                            on_rows(name, t.select(stats))
            carried[name] = writer.rows - before
        return carried

    def staged_path(self, name: str) -> Path:
        return self.staging / f"{name}.parquet"

    # -- publishing -------------------------------------------------------------------

    def close_tables(self) -> None:
        """Finish the staged tables (readable from ``staged_path``); publish does it too."""
        for writer in self.tables.values():
            writer.close()

    def publish(self, extra_files: dict[str, bytes | Path] | None = None, withdraw: tuple[str, ...] = ()) -> None:
        """Move every output into place, all or (after a crash, via ``recover``) all.

        ``extra_files`` (bytes, or a file or folder already written in the staging
        folder) are published after the tables, in the order given; put the file that
        says "this run is complete" (the incremental state) last. ``withdraw`` names
        outputs of an earlier run that this one does not replace and that must not
        outlive it (a report of other tables); they go just before the last extra file.
        """
        items: list[tuple[str, str | None]] = []
        self.close_tables()
        for name, writer in self.tables.items():
            src = writer.parts[0] if len(writer.parts) == 1 else writer.folder
            items.append((f"{name}.parquet", src.relative_to(self.staging).as_posix()))
        extra = list((extra_files or {}).items())
        for i, (fname, data) in enumerate(extra):
            if i == len(extra) - 1:
                items.extend((name, None) for name in withdraw)
            tmp = self.staging / fname
            if isinstance(data, Path):
                if data.resolve() != tmp.resolve():
                    os.replace(data, tmp)
            else:
                tmp.write_bytes(data)
            _fsync_tree(tmp)
            items.append((fname, fname))
        if not extra:
            items.extend((name, None) for name in withdraw)
        journal = {"items": [[name, rel, None if rel is None else os.stat(self.staging / rel).st_ino]
                             for name, rel in items]}
        tmp = self.staging / (PUBLISH_JOURNAL + ".tmp")
        tmp.write_text(json.dumps(journal), encoding="utf-8")
        _fsync_file(tmp)
        os.replace(tmp, self.staging / PUBLISH_JOURNAL)
        _fsync_dir(self.staging)
        for name, rel in items:
            if rel is None:
                _withdraw(self.out / name)
            else:
                _swap_into_place(self.staging / rel, self.out / name)
        _fsync_dir(self.out)
        _remove(self.staging)

    def abort(self) -> None:
        """The run failed: drop what it staged, unless publishing had begun, in which
        case finish it (a publish is never left half done)."""
        for writer in self.tables.values():
            try:
                writer._close_current()
            except Exception:  # noqa: BLE001 - best effort on the way out
                pass
        try:
            _finish_publish(self.staging, self.out)
        except OSError as exc:  # leave it to ``recover`` on the next run
            log.error("could not finish publishing %s (%s); the next run on %s will", self.staging, exc, self.out)
            return
        _remove(self.staging)


class UnreadablePart(Exception):
    """A part file of an earlier run's outputs cannot be read (truncated, overwritten,
    not Parquet): the rows it held cannot be carried over."""

    def __init__(self, part: Path, cause: Exception):
        super().__init__(f"cannot read {part} ({type(cause).__name__}: {cause})")
        self.part = part


@contextlib.contextmanager
def _reading(part: Path):
    """Turn a failure to read ``part`` into ``UnreadablePart`` naming the file (Arrow's
    own message, "Parquet magic bytes not found", names none)."""
    try:
        yield
    except (OSError, pa.ArrowException) as exc:
        raise UnreadablePart(part, exc) from exc


# Columns of each table that the manifest counts (see runner.progress.Totals).
STAT_COLUMNS = {
    "documents": ["status", "fixes", "chars_in", "chars_out", "language"],
    "removed": ["category", "rule", "start", "end"],
    "repaired": [],
}


def _finish_publish(staging: Path, out: Path) -> bool:
    """Complete the publish journalled in ``staging``; False when it has no journal."""
    journal = staging / PUBLISH_JOURNAL
    try:
        items = json.loads(journal.read_text(encoding="utf-8"))["items"]
    except (ValueError, KeyError, OSError):
        return False
    log.warning("finishing the publish of an interrupted run (%s)", staging.name)
    for name, rel, ino in items:
        if rel is None:
            _withdraw(out / name)
            continue
        final, staged = out / name, staging / rel
        if _inode(final) == ino:
            continue  # already in place; whatever is at `staged` is the old one
        if _inode(staged) == ino:
            _swap_into_place(staged, final)
        else:
            log.warning("publish journal of %s names %s, which is gone", staging.name, rel)
    return True


def _aligned(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` in ``schema``: columns in its order, a column the table lacks all null
    (a kept record field a batch of error rows does not have), types cast."""
    if table.schema.names != schema.names:
        have = set(table.column_names)
        table = pa.Table.from_arrays(
            [table.column(f.name) if f.name in have else pa.nulls(table.num_rows, f.type) for f in schema],
            schema=pa.schema([table.schema.field(f.name) if f.name in have else f for f in schema]))
    return table.cast(schema)


def _renamed_sources(table: pa.Table, renamed: dict[str, str]) -> pa.Table:
    """``table`` with its ``source`` column's values renamed where ``renamed`` says."""
    i = table.schema.get_field_index("source")
    values = [renamed.get(v, v) for v in table.column(i).to_pylist()]
    return table.set_column(i, table.schema.field(i), arrow_strings(values))


def output_parts(out: Path, name: str) -> list[Path] | None:
    """The part files of a published table (one file, or a folder of parts); None if absent."""
    path = Path(out) / f"{name}.parquet"
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix == ".parquet" and not p.name.startswith((".", "_")))
    if path.is_file():
        return [path]
    return None


# Arrays built from buffers: ``pa.array(list)`` would import pandas (a third of a
# second), which a run with nothing to clean (an incremental re-run) never needs.
def arrow_strings(values: list[str | None]) -> pa.Array:
    data = [b"" if v is None else v.encode("utf-8", "replace") for v in values]
    offsets = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum([len(d) for d in data], out=offsets[1:])
    return pa.Array.from_buffers(pa.large_string(), len(data), [_validity(values), pa.py_buffer(offsets),
                                                               pa.py_buffer(b"".join(data))]).cast(pa.string())


def arrow_ints(values: list[int | None]) -> pa.Array:
    data = np.array([0 if v is None else v for v in values], dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [_validity(values), pa.py_buffer(data)])


def _validity(values: list):
    if all(v is not None for v in values):
        return None
    return pa.py_buffer(np.packbits(np.array([v is not None for v in values], dtype=bool), bitorder="little"))


# -- file system helpers ---------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
try:
    _libc = ctypes.CDLL(None, use_errno=True)
    _renameat2 = _libc.renameat2
    _renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
except (OSError, AttributeError):  # not Linux/glibc: fall back to two renames
    _renameat2 = None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (files or folders); False when the system cannot."""
    if _renameat2 is None:
        return False
    rc = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_into_place(src: Path, final: Path) -> None:
    """Put ``src`` at ``final`` (file or folder, replacing what was there) atomically
    where the system allows; what was at ``final`` is deleted."""
    if not os.path.lexists(final):
        os.rename(src, final)
        return
    if _exchange(src, final):
        _remove(src)  # now the old output
        return
    trash = final.with_name(f".{final.name}{TRASH_MARK}{uuid.uuid4().hex[:6]}")
    os.rename(final, trash)
    os.rename(src, final)
    _remove(trash)


def _withdraw(final: Path) -> None:
    """Take a published output away: renamed aside first (one atomic step), then deleted."""
    if not os.path.lexists(final):
        return
    trash = final.with_name(f".{final.name}{TRASH_MARK}{uuid.uuid4().hex[:6]}")
    os.rename(final, trash)
    _remove(trash)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    """fsync a file, or every file in a folder and the folders themselves."""
    if not path.is_dir():
        _fsync_file(path)
        return
    for root, _, files in os.walk(path):
        for f in files:
            _fsync_file(Path(root) / f)
        _fsync_dir(Path(root))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
