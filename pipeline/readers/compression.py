"""Open a file as a stream of its uncompressed bytes, whatever compressed it.

Compression is recognised from the first bytes, never from the name: scrapers write
``.jsonl`` files that are gzipped and ``.gz`` files that are not. The stream is read
lazily, so a multi-gigabyte container never sits in memory whole.
"""
from __future__ import annotations

import bz2
import contextlib
import gzip
import io
from pathlib import Path
from typing import BinaryIO, Iterator

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
BZIP2_MAGIC = b"BZh"
MAGIC_BYTES = 4
# Suffixes a compressor adds; the container's own extension sits before them.
COMPRESSION_SUFFIXES = (".gz", ".gzip", ".zst", ".zstd", ".bz2")
# Read buffer: large enough that line splitting and decompression run in big steps.
BUFFER_BYTES = 1 << 20


def sniff_compression(head: bytes) -> str | None:
    """``gzip``, ``zstd``, ``bz2`` or None, from a file's first bytes."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    if head.startswith(BZIP2_MAGIC) and len(head) >= 4 and head[3:4].isdigit():
        return "bz2"
    return None


def strip_compression_suffix(name: str) -> str:
    """``a.jsonl.gz`` -> ``a.jsonl``: the name that says which container it is."""
    lower = name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


@contextlib.contextmanager
def open_uncompressed(path: Path) -> Iterator[BinaryIO]:
    """A buffered binary stream of the file's content, decompressed if need be."""
    raw = open(path, "rb")
    try:
        head = raw.read(MAGIC_BYTES)
        raw.seek(0)
        kind = sniff_compression(head)
        if kind is None:
            stream: BinaryIO = io.BufferedReader(raw, BUFFER_BYTES)
        else:
            stream = io.BufferedReader(_decompressor(kind, raw), BUFFER_BYTES)
        yield stream
    finally:
        raw.close()


def _decompressor(kind: str, raw: BinaryIO):
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # multi-member (per-record) gzip too
    if kind == "bz2":
        return bz2.BZ2File(raw, mode="rb")
    import zstandard

    return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)


def read_all(path: Path) -> bytes:
    """The whole uncompressed content: for single-document files only."""
    with open(path, "rb") as fh:
        return uncompressed(fh.read())


def uncompressed(data: bytes) -> bytes:
    """A whole file's bytes, already read, decompressed if its first bytes say so."""
    kind = sniff_compression(data[:MAGIC_BYTES])
    if kind is None:
        return data
    with _decompressor(kind, io.BytesIO(data)) as stream:
        return stream.read()
