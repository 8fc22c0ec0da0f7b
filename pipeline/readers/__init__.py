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
"""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Callable, Iterator

from pipeline.config import Config
from pipeline.readers.compression import strip_compression_suffix
from pipeline.readers.files import DOCUMENT_KINDS, read_document_file, read_html_file, read_text_file
from pipeline.readers.jsonl import read_json
from pipeline.readers.records import SKIP, error_record
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

__all__ = ["DOCUMENT_KINDS", "READERS", "InputError", "check_inputs", "error_record", "expand_inputs",
           "read_document_file", "read_records", "reader_for"]


def reader_for(path: Path) -> Reader | None:
    name = strip_compression_suffix(path.name).lower()
    for ext in _EXTENSIONS_LONGEST_FIRST:
        if name.endswith(ext):
            return READERS[ext]
    return None


class InputError(Exception):
    """An input the user named does not exist or matches nothing (a usage error)."""


def expand_inputs(inputs: list[str]) -> Iterator[tuple[Path, str, bool]]:
    """Yield (path, source, named_explicitly) for every file under the inputs, sorted.

    A glob's matches are taken like inputs of their own: a file as it is, a folder
    recursed.
    """
    for given in inputs:
        if any(ch in given for ch in "*?["):
            yield from _expand_glob(given)
            continue
        p = Path(given)
        if p.is_dir():
            yield from _walk(p, given)
        elif p.is_file():
            yield p, given, True
        else:
            raise InputError(f"input not found: {given}")


def _expand_glob(pattern: str) -> Iterator[tuple[Path, str, bool]]:
    """The files a glob reaches, each once (``corpus/**`` matches a folder and its files)."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        raise InputError(f"no files match {pattern!r}")
    seen: set[str] = set()
    for m in matches:
        found = [(Path(m), m, False)] if os.path.isfile(m) else _walk(Path(m), m) if os.path.isdir(m) else []
        for path, source, explicit in found:
            if source not in seen:
                seen.add(source)
                yield path, source, explicit


def _walk(folder: Path, given: str) -> Iterator[tuple[Path, str, bool]]:
    """Every file under a folder, hidden ones left out, in a stable order."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        # relpath once a folder, not once a file (it makes both paths absolute)
        rel = os.path.relpath(root, folder)
        prefix = given if rel == os.curdir else os.path.join(given, rel)
        for f in sorted(files):
            if f.startswith("."):
                continue
            yield base / f, os.path.join(prefix, f), False


def check_inputs(inputs: list[str]) -> None:
    """Fail early (exit 2) on inputs that do not exist, before any work starts."""
    for given in inputs:
        if any(ch in given for ch in "*?["):
            if not glob.glob(given, recursive=True):
                raise InputError(f"no files match {given!r}")
        elif not Path(given).exists():
            raise InputError(f"input not found: {given}")


def read_records(inputs: list[str], config: Config, stats: dict | None = None) -> Iterator[dict]:
    """Every document under ``inputs`` as a raw record; unknown files are counted, not read.

    ``stats`` gets ``files`` (files read), ``skipped_files`` (files of no known type
    found in folders and globs) and ``skipped_records`` (entries of a container that
    are not documents, such as a WARC's images), for the manifest.
    """
    stats = stats if stats is not None else {}
    for key in ("files", "skipped_files", "skipped_records"):
        stats.setdefault(key, 0)
    for path, source, explicit in expand_inputs(inputs):
        reader = reader_for(path)
        if reader is None:
            if explicit:
                yield error_record(source, None, f"unsupported file type {path.suffix or path.name!r}")
            else:
                stats["skipped_files"] += 1
            continue
        stats["files"] += 1
        try:
            for rec in reader(path, source, config):
                if rec is SKIP:
                    stats["skipped_records"] += 1
                else:
                    yield rec
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the run
            yield error_record(source, None, f"{type(exc).__name__}: {exc}")
