"""read: find the inputs and yield raw records, one per document, lazily.

A record is a dict with ``source`` (the path as reached from the input the user
named), ``record`` (position or id inside a multi-record file, else None), ``raw``
(bytes or str), ``kind`` (``text`` or ``html``) and optional page metadata (``url``).
A record that cannot be read carries ``error`` instead of failing the run.

Readers are registered by file extension in ``READERS``; each is a generator
``reader(path, source, config) -> Iterator[dict]`` that reads its file record by
record, so memory does not grow with the file. The extension is looked up after any
compression suffix (``a.jsonl.gz`` is JSONL); whether a file is compressed is decided
from its bytes (``pipeline.readers.compression``).

Every entry found under an input ends as rows or as a count, never as nothing: a
folder that cannot be listed, a FIFO, a device or a symlink loop of a known type, a
file cut short, a record past ``max_document_bytes`` each become an error row naming
the file and the cause; a file of no known type is counted in ``skipped_files``.

``source`` is text that Parquet can hold: a file name's bytes that are not UTF-8 are
written as ``\\xNN`` escapes (``caf\\xe9.txt`` for the Latin-1 name ``café.txt``), and
such a source given back as an input finds its file again (``resolve_input``).
"""
from __future__ import annotations

import functools
import glob
import os
import re
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from pipeline.config import Config
from pipeline.readers.compression import (ReadError, describe_entry, size_text, strip_compression_suffix,
                                          too_large, unsupported_compression)
from pipeline.readers.files import DOCUMENT_KINDS, read_document_file, read_html_file, read_text_file
from pipeline.readers.jsonl import read_json
from pipeline.readers.records import SKIP, describe_error, error_record
from pipeline.readers.tables import read_csv, read_parquet
from pipeline.readers.warc import read_warc

Reader = Callable[[Path, str, Config], Iterator[dict]]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".jsonl": read_json,
    ".ndjson": read_json,
    ".json": read_json,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".parquet": read_parquet,
    ".warc": read_warc,
    ".wet": read_warc,
}

_EXTENSIONS_LONGEST_FIRST = sorted(READERS, key=len, reverse=True)
# A str holds at most this many UTF-8 bytes a character: only longer strs need encoding
# to be measured against max_document_bytes.
MAX_UTF8_BYTES_PER_CHAR = 4

__all__ = ["DOCUMENT_KINDS", "READERS", "InputError", "check_inputs", "error_record", "expand_inputs",
           "read_document_file", "read_records", "reader_for", "resolve_input", "safe_source"]


class UnreadableFolder(type(Path())):
    """A folder that could not be listed, found while walking an input: it is read as
    an entry of its own, whose only row is the error saying why."""

    reason: str = "cannot list the folder"


def _read_unreadable_folder(path: Path, source: str, config: Config) -> Iterator[dict]:
    raise ReadError(getattr(path, "reason", UnreadableFolder.reason))
    yield  # a generator, as every reader is


def _unsupported_compression_reader(compression: str) -> Reader:
    def read(path: Path, source: str, config: Config) -> Iterator[dict]:
        raise ReadError(f"compressed with {compression}, which is not read here; decompress it first "
                        f"(gzip, bzip2, xz and zstd are read as they are)")
        yield  # a generator, as every reader is

    return read


def reader_for(path: Path) -> Reader | None:
    if isinstance(path, UnreadableFolder):
        return _read_unreadable_folder
    name = strip_compression_suffix(path.name).lower()
    for ext in _EXTENSIONS_LONGEST_FIRST:
        if name.endswith(ext):
            return READERS[ext]
    other = unsupported_compression(name)
    if other is not None and any(other[0].endswith(ext) for ext in _EXTENSIONS_LONGEST_FIRST):
        return _unsupported_compression_reader(other[1])
    return None


class InputError(Exception):
    """An input the user named does not exist, matches nothing, or is neither a file
    nor a folder (a usage error)."""


_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def safe_source(name: str) -> str:
    """A path as text Parquet can hold: bytes of the name that are not UTF-8 (kept by
    Python as lone surrogates) become ``\\xNN``, as ``backslashreplace`` writes them."""
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def resolve_input(given: str) -> str:
    """The path to open for an input: as given, or, when nothing has that name and it
    holds ``\\xNN`` escapes, the name ``safe_source`` made them from (a run reads a
    file again by its ``source``)."""
    if "\\x" not in given or os.path.lexists(given):
        return given
    raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), given)
    return raw if os.path.lexists(raw) else given


def _not_usable(given: str, path: str) -> str:
    """Why a named input is no input: missing, a symlink loop, a FIFO..."""
    if not os.path.lexists(path):
        return f"input not found: {given}"
    problem = describe_entry(path)
    if problem is None:  # a regular file after all (it appeared meanwhile)
        return f"input cannot be read: {given}"
    if problem.startswith("not a regular file"):
        return f"input is neither a file nor a folder{problem[len('not a regular file'):]}: {given}"
    if problem.startswith(("symlink loop", "broken symlink")):
        return f"input is a {problem}: {given}"
    return f"input cannot be read ({problem}): {given}"


class Found(NamedTuple):
    """A file under the inputs: its path, its ``source`` (the path as reached from the
    input the user named), whether the user named it, and its ``doc_id`` key."""
    path: Path
    source: str
    explicit: bool
    key: str


def expand_inputs(inputs: list[str]) -> Iterator[Found]:
    """Every file under the inputs, sorted.

    A glob's matches are taken like inputs of their own: a file as it is, a folder
    recursed. Entries that are no regular file (FIFOs, sockets, symlink loops) are
    yielded too, for their reader to refuse with an error row.

    Each file's ``key`` (what its ``doc_id`` is hashed from, ``id_key``) does not
    depend on how the input is spelled or where its folder sits; two files of one run
    never share one (a later one gets ``#2``, ``#3``).
    """
    keys: set[str] = set()
    _resolved.cache_clear()  # paths are resolved afresh each run (a folder may have moved)
    for path, source, explicit, base, base_source in _expand(inputs):
        key = id_key(path, source, base, base_source)
        if key in keys:
            key = _next_occurrence(key, keys)
        keys.add(key)
        yield Found(path, source, explicit, key)


def id_key(path: Path, source: str, base: str, base_source: str) -> str:
    """What a file's ``doc_id`` is hashed from: its path from the folder that holds the
    input the user named, that folder's name included. For a folder input, the
    folder's own name and the path under it (``seeds``, ``./seeds``, ``/data/seeds``
    and ``.`` run inside it all give ``seeds/a.txt``; so does the folder moved
    elsewhere); for a file input, its folder's name and its name."""
    real, is_dir = _resolved(base)
    if is_dir:
        rest = source[len(base_source):].lstrip("/") if source.startswith(base_source) else os.path.basename(source)
        return f"{os.path.basename(real) or real}/{rest}" if rest else os.path.basename(real)
    return f"{os.path.basename(os.path.dirname(real))}/{safe_source(os.path.basename(str(path)))}"


@functools.lru_cache(maxsize=256)
def _resolved(base: str) -> tuple[str, bool]:
    """A named input's real path and whether it is a folder (once an input, not once a
    file: both cost a system call per path component)."""
    real = os.path.realpath(base)
    return real, os.path.isdir(real)


def _expand(inputs: list[str]) -> Iterator[tuple[Path, str, bool, str, str]]:
    """(path, source, named_explicitly, the input or glob match it was found under,
    that one's source) for every file under the inputs."""
    for given in inputs:
        if any(ch in given for ch in "*?["):
            yield from _expand_glob(given)
            continue
        path = resolve_input(given)
        p = Path(path)
        if p.is_dir():
            for found, source, explicit in _walk(p, safe_source(given)):
                yield found, source, explicit, path, safe_source(given)
        elif p.is_file() or os.path.lexists(path):
            # (a FIFO or a symlink loop found in a folder comes back here as an input of
            # its own: its reader refuses it with an error row; named by the user,
            # ``check_inputs`` has refused it already)
            yield p, safe_source(given), True, path, safe_source(given)
        else:
            raise InputError(_not_usable(given, path))


def _expand_glob(pattern: str) -> Iterator[tuple[Path, str, bool, str, str]]:
    """The files a glob reaches, each once (``corpus/**`` matches a folder and its files)."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        raise InputError(f"no files match {pattern!r}")
    seen: set[str] = set()
    for m in matches:
        found = _walk(Path(m), safe_source(m)) if os.path.isdir(m) else [(Path(m), safe_source(m), False)]
        for path, source, explicit in found:
            if source not in seen:
                seen.add(source)
                yield path, source, explicit, m, safe_source(m)


def _walk(folder: Path, given: str) -> Iterator[tuple[Path, str, bool]]:
    """Every file under a folder, hidden ones left out, in a stable order; a folder that
    cannot be listed is yielded as an ``UnreadableFolder`` (``os.walk`` alone would
    pass over it without a word)."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _unlistable(errors, folder, given)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        # relpath once a folder, not once a file (it makes both paths absolute)
        rel = os.path.relpath(root, folder)
        prefix = given if rel == os.curdir else os.path.join(given, safe_source(rel))
        for f in sorted(files):
            if f.startswith("."):
                continue
            yield base / f, os.path.join(prefix, safe_source(f)), False
    yield from _unlistable(errors, folder, given)


def _unlistable(errors: list[OSError], folder: Path, given: str) -> Iterator[tuple[Path, str, bool]]:
    while errors:
        exc = errors.pop(0)
        where = exc.filename if exc.filename is not None else folder
        rel = os.path.relpath(where, folder)
        path = UnreadableFolder(where)
        path.reason = f"cannot list the folder: {exc.strerror or exc}; its files are not read"
        yield path, given if rel == os.curdir else os.path.join(given, safe_source(rel)), True


def check_inputs(inputs: list[str]) -> None:
    """Fail early (exit 2) on inputs that do not exist or are neither file nor folder
    (a FIFO, a symlink loop), before any work starts."""
    for given in inputs:
        if any(ch in given for ch in "*?["):
            if not glob.glob(given, recursive=True):
                raise InputError(f"no files match {given!r}")
            continue
        path = resolve_input(given)
        if not (os.path.isdir(path) or os.path.isfile(path)):
            raise InputError(_not_usable(given, path))


def read_records(inputs: list[str], config: Config, stats: dict | None = None) -> Iterator[dict]:
    """Every document under ``inputs`` as a raw record; unknown files are counted, not read.

    ``stats`` gets ``files`` (files read), ``skipped_files`` (files of no known type
    found in folders and globs) and ``skipped_records`` (entries of a container that
    are not documents, such as a WARC's images), for the manifest.

    A file that fails part way (cut short, corrupt) gives the records read before the
    failure and then one error row saying where it stopped.
    """
    stats = stats if stats is not None else {}
    for key in ("files", "skipped_files", "skipped_records"):
        stats.setdefault(key, 0)
    limit = config.max_document_bytes
    for path, source, explicit, key in expand_inputs(inputs):
        reader = reader_for(path)
        if reader is None:
            if explicit:
                rec = error_record(source, None, f"unsupported file type {path.suffix or path.name!r}")
                rec["doc_key"] = key
                yield rec
            else:
                stats["skipped_files"] += 1
            continue
        stats["files"] += 1
        records = 0
        seen: set[str] = set()
        try:
            for rec in reader(path, source, config):
                if rec is SKIP:
                    stats["skipped_records"] += 1
                    continue
                record = rec.get("record")
                if record is not None:
                    if record in seen:
                        rec["record"] = record = _next_occurrence(record, seen)
                    seen.add(record)
                raw = rec.get("raw")
                if raw and len(raw) * MAX_UTF8_BYTES_PER_CHAR > limit and _byte_size(raw) > limit:
                    what = "the document" if record is None else f"record {record}"
                    rec = error_record(source, record, str(too_large(f"{what} is {size_text(_byte_size(raw))},",
                                                                     limit)))
                records += 1
                rec["doc_key"] = key
                yield rec
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the run
            rec = error_record(source, None, _after(describe_error(exc), records, reader))
            rec["doc_key"] = key
            yield rec


def _byte_size(raw: bytes | str) -> int:
    if isinstance(raw, bytes):
        return len(raw)
    return len(raw.encode("utf-8", "surrogatepass"))


def _next_occurrence(record: str, seen: set[str]) -> str:
    """``id`` seen before in this file: ``id#2`` (``#3``, ...), so that two records of
    one container never share a ``doc_id``; the first keeps the id as it is."""
    n = 2
    while f"{record}#{n}" in seen:
        n += 1
    return f"{record}#{n}"


def _after(message: str, records: int, reader: Reader) -> str:
    """A container's error says how much of the file came through before it."""
    if reader in DOCUMENT_KINDS or not records:
        return message
    return f"{message}; the {records:,} record(s) before it were read"
