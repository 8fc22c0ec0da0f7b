"""Single-document files: ``.txt`` and ``.html``, one document each, possibly compressed.

The bytes go on undecoded: the decode stage owns BOMs, declared charsets and
detection, for files and container records alike. Reads are bounded by
``max_document_bytes``, on disk and once decompressed.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.readers.compression import ReadError, read_all, read_file_bounded, uncompressed
from pipeline.readers.records import describe_error, error_record

DEFAULT_MAX_DOCUMENT_BYTES = Config.max_document_bytes


def _document(source: str, raw: bytes, kind: str) -> dict:
    """The record of a file that is one document (no record number within it)."""
    return {"source": source, "record": None, "raw": raw, "kind": kind}


def read_text_file(path: Path, source: str, config: Config) -> Iterator[dict]:
    yield _document(source, read_all(path, config.max_document_bytes), "text")


def read_html_file(path: Path, source: str, config: Config) -> Iterator[dict]:
    yield _document(source, read_all(path, config.max_document_bytes), "html")


# The kind of document each single-document reader yields.
DOCUMENT_KINDS = {read_text_file: "text", read_html_file: "html"}


def read_document_file(path: Path, source: str, kind: str,
                       max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> tuple[dict, str | None]:
    """A single-document file read once: its record, and the SHA-256 of its bytes as
    they lie on disk (what ``--incremental`` compares). A run over a folder of small
    files spent as long opening each file twice, to hash it and to read it, as
    reading it. A file that cannot be read (not a regular file, past ``max_bytes``,
    cut short) gives its error record and no hash, so that it is read again next time."""
    try:
        data = read_file_bounded(path, max_bytes)
        return _document(source, uncompressed(data, max_bytes), kind), hashlib.sha256(data).hexdigest()
    except (ReadError, OSError) as exc:
        return error_record(source, None, describe_error(exc)), None
