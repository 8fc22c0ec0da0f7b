"""Single-document files: ``.txt`` and ``.html``, one document each, possibly compressed.

The bytes go on undecoded: the decode stage owns BOMs, declared charsets and
detection, for files and container records alike.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.readers.compression import read_all, uncompressed


def _document(source: str, raw: bytes, kind: str) -> dict:
    """The record of a file that is one document (no record number within it)."""
    return {"source": source, "record": None, "raw": raw, "kind": kind}


def read_text_file(path: Path, source: str, config: Config) -> Iterator[dict]:
    yield _document(source, read_all(path), "text")


def read_html_file(path: Path, source: str, config: Config) -> Iterator[dict]:
    yield _document(source, read_all(path), "html")


# The kind of document each single-document reader yields.
DOCUMENT_KINDS = {read_text_file: "text", read_html_file: "html"}


def read_document_file(path: Path, source: str, kind: str) -> tuple[dict, str]:
    """A single-document file read once: its record, and the SHA-256 of its bytes as
    they lie on disk (what ``--incremental`` compares). A run over a folder of small
    files spent as long opening each file twice, to hash it and to read it, as
    reading it."""
    with open(path, "rb") as fh:
        data = fh.read()
    return _document(source, uncompressed(data), kind), hashlib.sha256(data).hexdigest()
