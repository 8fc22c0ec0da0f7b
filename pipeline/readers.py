"""read: find the inputs and yield raw records, one per document, lazily.

A record is a dict with ``source`` (the path as reached from the input the user
named), ``record`` (position or id inside a multi-record file, else None), ``raw``
(bytes or str), ``kind`` (``text`` or ``html``) and optional page metadata. A record
that cannot be read carries ``error`` instead of failing the run.

Readers are registered by file extension in ``READERS``; each is a generator
``reader(path, source, config) -> Iterator[dict]``.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Callable, Iterator

from pipeline.config import Config

Reader = Callable[[Path, str, Config], Iterator[dict]]


def read_text_file(path: Path, source: str, config: Config) -> Iterator[dict]:
    yield {"source": source, "record": None, "raw": path.read_bytes(), "kind": "text"}


def read_html_file(path: Path, source: str, config: Config) -> Iterator[dict]:
    yield {"source": source, "record": None, "raw": path.read_bytes(), "kind": "html"}


READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
}


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for ext in sorted(READERS, key=len, reverse=True):
        if name.endswith(ext):
            return READERS[ext]
    return None


class InputError(Exception):
    """An input the user named does not exist or matches nothing (a usage error)."""


def expand_inputs(inputs: list[str]) -> Iterator[tuple[Path, str, bool]]:
    """Yield (path, source, named_explicitly) for every file under the inputs, sorted."""
    for given in inputs:
        if any(ch in given for ch in "*?["):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                raise InputError(f"no files match {given!r}")
            for m in matches:
                if os.path.isfile(m):
                    yield Path(m), m, False
            continue
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith("."):
                        continue
                    full = Path(root) / f
                    yield full, os.path.join(given, os.path.relpath(full, p)), False
        elif p.is_file():
            yield p, given, True
        else:
            raise InputError(f"input not found: {given}")


def check_inputs(inputs: list[str]) -> None:
    """Fail early (exit 2) on inputs that do not exist, before any work starts."""
    for given in inputs:
        if any(ch in given for ch in "*?["):
            if not glob.glob(given, recursive=True):
                raise InputError(f"no files match {given!r}")
        elif not Path(given).exists():
            raise InputError(f"input not found: {given}")


def read_records(inputs: list[str], config: Config, stats: dict | None = None) -> Iterator[dict]:
    """Every document under ``inputs`` as a raw record; unknown files are counted, not read."""
    stats = stats if stats is not None else {}
    stats.setdefault("files", 0)
    stats.setdefault("skipped_files", 0)
    for path, source, explicit in expand_inputs(inputs):
        reader = reader_for(path)
        if reader is None:
            if explicit:
                yield {"source": source, "record": None, "raw": b"", "kind": "text",
                       "error": f"read: unsupported file type {path.suffix or path.name!r}"}
            else:
                stats["skipped_files"] += 1
            continue
        stats["files"] += 1
        try:
            yield from reader(path, source, config)
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the run
            yield {"source": source, "record": None, "raw": b"", "kind": "text",
                   "error": f"read: {type(exc).__name__}: {exc}"}
