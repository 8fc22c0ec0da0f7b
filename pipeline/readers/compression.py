"""Open a file as a stream of its uncompressed bytes, whatever compressed it.

Compression is recognised from the first bytes, never from the name: scrapers write
``.jsonl`` files that are gzipped and ``.gz`` files that are not. The stream is read
lazily, so a multi-gigabyte container never sits in memory whole.

Nothing read here may be lost without a trace, nor hang or sink the run:

- Only regular files are opened. A FIFO would block the run until some writer came
  along, a device (``/dev/zero`` behind a symlink) never ends; both are refused from
  their ``stat``, before any ``open`` (``NotRegularFile``).
- Decompression is done here, not by ``gzip.GzipFile`` and friends: those raise on a
  cut stream from inside a buffered read and take the last buffer (a megabyte of
  records) with them, and a cut zstd stream just ends, as if it were complete. Here
  every byte decompressed before a cut is handed on, then the stream ends as a file
  ends (so a buffered read returns what it holds) and remembers the cut: any read
  after that raises ``Truncated``, which says where the stream stopped, and so does
  ``raise_if_cut``, which readers call where a stream ended mid-line, and
  ``open_uncompressed`` when its block ends.
- Each read of a document is bounded (``read_bounded``): what is past
  ``max_document_bytes`` once decompressed is an error, whatever the file's size on
  disk (a decompression bomb included).
"""
from __future__ import annotations

import bz2
import contextlib
import errno
import io
import lzma
import os
import stat
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
BZIP2_MAGIC = b"BZh"
XZ_MAGIC = b"\xfd7zXZ\x00"
MAGIC_BYTES = 6
# Suffixes a compressor adds; the container's own extension sits before them.
COMPRESSION_SUFFIXES = (".gz", ".gzip", ".zst", ".zstd", ".bz2", ".xz")
# Suffixes of compressions not read here: a container so named is an error row that
# says so, not a file skipped for its unknown type.
UNSUPPORTED_COMPRESSION_SUFFIXES = {".lz4": "lz4", ".br": "brotli", ".lzo": "lzo", ".lz": "lzip",
                                    ".lzma": "lzma (legacy)", ".z": "compress (.Z)", ".sz": "snappy",
                                    ".zip": "zip", ".7z": "7-zip"}
# Read buffer: large enough that line splitting and decompression run in big steps.
BUFFER_BYTES = 1 << 20
# Compressed bytes read from the file at a time.
INPUT_CHUNK_BYTES = 1 << 18
# zstandard's streaming decompressor has no output limit per call, and a zstd block
# of 128 KiB can be written in 4 bytes: feeding it this much at a time bounds what one
# call can make (at most 32,768 times this: 128 MiB) whatever the input, and costs
# under 1% of decompression speed on text.
ZSTD_INPUT_SLICE_BYTES = 4096
# zlib, bz2 and xz are asked for at most this much output a call.
OUTPUT_CHUNK_BYTES = 1 << 20


class ReadError(Exception):
    """A file or record that cannot be read as it is; its message goes in the error row."""


class NotRegularFile(ReadError, OSError):
    """A FIFO, a device, a socket or a folder where a file was expected (an OSError, so
    that whoever guards a read with ``except OSError`` never opens it either)."""


class Truncated(ReadError):
    """A compressed stream that ends before its end marker: the file was cut."""


class CorruptStream(ReadError):
    """A compressed stream the decompressor rejects."""


class TooLarge(ReadError):
    """A document past ``max_document_bytes``."""


def size_text(n: int) -> str:
    """``33554432`` -> ``32 MiB``: limits and sizes as a user would write them."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            value = n / (1 << shift)
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def too_large(what: str, limit: int) -> TooLarge:
    return TooLarge(f"{what} larger than max_document_bytes ({size_text(limit)}); "
                    f"raise it with --max-document-size or max_document_bytes in the config")


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def describe_entry(path: str | Path) -> str | None:
    """Why ``path`` cannot be read as a file (``not a regular file (a FIFO)``,
    ``symlink loop``, ``broken symlink ...``, ``Permission denied``), or None when it can."""
    try:
        _regular_stat(path)
    except OSError as exc:
        return str(exc) if isinstance(exc, NotRegularFile) else exc.strerror or str(exc)
    return None


def _regular_stat(path: str | Path) -> os.stat_result:
    """``os.stat`` of a regular file; ``NotRegularFile`` for anything else, with what it
    is; the OSError as it is where the name cannot be looked up (gone, no permission)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFile("symlink loop") from exc
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise NotRegularFile(f"broken symlink (to {os.readlink(path)!r}, which does not exist)") from exc
        raise
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(f"not a regular file ({_file_kind(st.st_mode)})")
    return st


def open_regular(path: str | Path) -> BinaryIO:
    """The file opened for reading, unbuffered, if it is a regular file.

    Checked before opening (a FIFO's ``open`` itself blocks) and again on the open
    descriptor, in case the name was swapped in between; ``O_NONBLOCK`` keeps even
    that swap from blocking.
    """
    return _open_regular(path)[0]


def _open_regular(path: str | Path) -> tuple[BinaryIO, os.stat_result]:
    _regular_stat(path)
    fh = open(path, "rb", buffering=0, opener=_open_nonblocking)
    try:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"not a regular file ({_file_kind(st.st_mode)})")
    except BaseException:
        fh.close()
        raise
    return fh, st


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)


def sniff_compression(head: bytes) -> str | None:
    """``gzip``, ``zstd``, ``bz2``, ``xz`` or None, from a file's first bytes."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    if head.startswith(BZIP2_MAGIC) and len(head) >= 4 and head[3:4].isdigit():
        return "bz2"
    if head.startswith(XZ_MAGIC):
        return "xz"
    return None


def strip_compression_suffix(name: str) -> str:
    """``a.jsonl.gz`` -> ``a.jsonl``: the name that says which container it is."""
    lower = name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def unsupported_compression(name: str) -> tuple[str, str] | None:
    """(the name without its suffix, the compression) for ``a.jsonl.lz4`` and the like."""
    lower = name.lower()
    for suffix, compression in UNSUPPORTED_COMPRESSION_SUFFIXES.items():
        if lower.endswith(suffix):
            return name[: -len(suffix)], compression
    return None


@contextlib.contextmanager
def open_uncompressed(path: Path) -> Iterator[BinaryIO]:
    """A buffered binary stream of the file's content, decompressed if need be.

    Every byte before a cut in a compressed stream is read; the block that read it
    then raises ``Truncated`` as it ends (if nothing raised it before)."""
    raw = open_regular(path)
    try:
        kind = sniff_compression(raw.read(MAGIC_BYTES))
        raw.seek(0)
        source: io.RawIOBase = raw if kind is None else Decompressed(kind, raw)
        stream = io.BufferedReader(source, BUFFER_BYTES)
        yield stream
        raise_if_cut(stream)
    finally:
        raw.close()


def raise_if_cut(stream) -> None:
    """Raise ``Truncated`` if ``stream`` (buffered, or text over a buffered stream) ended
    where its compressed file was cut, not at its end."""
    buffered = getattr(stream, "buffer", stream)
    source = getattr(buffered, "raw", None)
    if isinstance(source, Decompressed) and source.cut is not None:
        raise source.cut


class _Codec:
    """One compressed stream (a gzip member, a zstd frame, ...) being decompressed."""

    def __init__(self, kind: str):
        self.kind = kind
        if kind == "gzip":
            self._d = zlib.decompressobj(wbits=31)
        elif kind == "bz2":
            self._d = bz2.BZ2Decompressor()
        elif kind == "xz":
            self._d = lzma.LZMADecompressor()
        else:
            import zstandard

            self._d = zstandard.ZstdDecompressor().decompressobj()
        self.input = b""  # compressed bytes handed in but not yet taken by the decompressor

    @property
    def eof(self) -> bool:
        return self._d.eof

    @property
    def unused(self) -> bytes:
        """Input past the end of this stream (the next member or frame, or padding)."""
        return self._d.unused_data + self.input

    def holds_output(self) -> bool:
        """bz2 and xz buffer output they could not hand back within the size asked for."""
        return self.kind in ("bz2", "xz") and not self._d.needs_input

    def step(self) -> bytes:
        """Decompress some of the input; b"" when more input is needed."""
        d = self._d
        if self.kind == "gzip":
            out = d.decompress(self.input, OUTPUT_CHUNK_BYTES)
            self.input = d.unconsumed_tail
            return out
        if self.kind in ("bz2", "xz"):
            out = d.decompress(self.input, OUTPUT_CHUNK_BYTES)
            self.input = b""
            return out
        out = b""
        rest = memoryview(self.input)  # (slices of a memoryview copy nothing)
        while not out and rest and not d.eof:
            out = d.decompress(rest[:ZSTD_INPUT_SLICE_BYTES])
            rest = rest[ZSTD_INPUT_SLICE_BYTES:]
        self.input = bytes(rest) if rest else b""
        return out  # past the frame's end, ``unused`` hands the rest on to the next frame


def _codec_errors() -> tuple[type[BaseException], ...]:
    """What the decompressors raise on data they cannot decode."""
    import zstandard

    return (zlib.error, OSError, EOFError, lzma.LZMAError, zstandard.ZstdError)


class Decompressed(io.RawIOBase):
    """The decompressed bytes of a gzip, bzip2, xz or zstd file, members and frames one
    after another (as ``gzip -c a b > c`` and parallel compressors write them).

    Where the file ends inside a stream, the bytes decompressed up to there are
    returned, then the end of the file (``cut`` holds the ``Truncated`` error); the
    next read raises it. NUL bytes between or after streams are padding (gzip's FAQ 8,
    xz's stream padding); anything else there must be another stream of the same kind.
    """

    def __init__(self, kind: str, raw: BinaryIO):
        self.kind = kind
        self._raw = raw
        self._codec: _Codec | None = _Codec(kind)
        self._read = 0  # compressed bytes taken from the file
        self._out = 0  # decompressed bytes handed on
        self._pending = memoryview(b"")
        self._raw_eof = False
        self.cut: Truncated | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self.cut is not None:
            raise self.cut
        if not self._pending:
            self._pending = memoryview(self._next())
        n = min(len(b), len(self._pending))
        b[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        self._out += n
        return n

    def _more_input(self) -> bytes:
        if self._raw_eof:
            return b""
        chunk = self._raw.read(INPUT_CHUNK_BYTES)
        if not chunk:
            self._raw_eof = True
        self._read += len(chunk)
        return chunk

    def _next(self) -> bytes:
        """The next piece of output; b"" at the true end; raises where the file was cut."""
        while self._codec is not None:
            codec = self._codec
            if codec.eof:
                self._next_stream(codec.unused)
                continue
            if not codec.input and not codec.holds_output():
                codec.input = self._more_input()
            try:
                out = codec.step()
            except _codec_errors() as exc:
                raise CorruptStream(f"the {self.kind} stream is corrupt near byte {self._read:,} of the file "
                                    f"({exc})") from exc
            if out:
                return out
            if self._raw_eof and not codec.input and not codec.eof and not codec.holds_output():
                self.cut = Truncated(f"truncated: the {self.kind} stream ends early: the file stops at byte "
                                     f"{self._read:,}, inside a compressed stream, after {self._out:,} bytes "
                                     f"decompressed")
                return b""
        return b""

    def _next_stream(self, rest: bytes) -> None:
        """After a stream's end: skip padding, then start the next stream, if any."""
        while True:
            rest = rest.lstrip(b"\x00")
            if rest:
                break
            rest = self._more_input()
            if not rest:
                self._codec = None
                return
        self._codec = _Codec(self.kind)
        self._codec.input = rest


def read_bounded(stream: BinaryIO, limit: int, what: str, expected: int = BUFFER_BYTES) -> bytes:
    """All of a stream, or ``TooLarge`` as soon as it is past ``limit`` bytes (the
    stream is not read further: a bomb never sits in memory). ``expected``: the size
    it likely has, read in one go (asking for the limit itself would allocate it, 32
    MiB for every small file)."""
    chunks, total = [], 0
    ask = min(expected, limit) + 1
    while total <= limit:
        chunk = stream.read(min(ask, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        ask = BUFFER_BYTES
    if total > limit:
        raise too_large(what, limit)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_all(path: Path, limit: int) -> bytes:
    """The whole uncompressed content, at most ``limit`` bytes: for single-document files."""
    return uncompressed(read_file_bounded(path, limit), limit)


def read_file_bounded(path: Path, limit: int) -> bytes:
    """A file's bytes as they lie on disk, at most ``limit`` of them."""
    fh, st = _open_regular(path)
    with fh:
        return read_bounded(fh, limit, "the file is", expected=st.st_size)


def uncompressed(data: bytes, limit: int) -> bytes:
    """A whole file's bytes, already read, decompressed if its first bytes say so."""
    kind = sniff_compression(data[:MAGIC_BYTES])
    if kind is None:
        return data
    with io.BufferedReader(Decompressed(kind, io.BytesIO(data)), BUFFER_BYTES) as stream:
        content = read_bounded(stream, limit, "the document is")
        raise_if_cut(stream)
        return content
