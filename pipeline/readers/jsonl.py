"""JSON containers: one record a line (JSONL), one array of records (``[...]``), or
pretty-printed objects (a ``.json`` file per article, as ``json.dump(indent=2)`` writes).

All are read record by record. A line that is not valid JSON becomes an error record
and the next line is read as usual. An array or a pretty-printed file has no line to
resume at, so a broken value ends the file: the records before it go through, then
one error record.
Text is read as UTF-8 with undecodable bytes kept as escapes, which ``records.utf8``
turns back into the original bytes for the decode stage to deal with.

A line (or a value of an array) past ``max_document_bytes`` is an error row, and is
not held in memory whole: its bytes are passed over up to the next line.
"""
from __future__ import annotations

import codecs
import io
import json
from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.readers.compression import BUFFER_BYTES, open_uncompressed, raise_if_cut, too_large
from pipeline.readers.records import FieldMap, error_record, to_record

# How much of an array (or a stream of values) is read at a time; a longer value doubles the read.
ARRAY_CHUNK_CHARS = 1 << 20
# Leading bytes inspected to tell an array from the other layouts.
SNIFF_BYTES = 256
_JSON_SPACE = " \t\r\n"


class Broken:
    """A container entry that could not be parsed; its message goes into the error row."""

    def __init__(self, message: str, opens_object: bool = False):
        self.message = message
        self.opens_object = opens_object  # a lone "{" line: the start of a pretty-printed object


def read_json(path: Path, source: str, config: Config) -> Iterator[dict]:
    fields = FieldMap.from_config(config)
    for position, item in enumerate(json_values(path, config.max_document_bytes)):
        if isinstance(item, Broken):
            yield error_record(source, str(position), item.message)
        else:
            yield to_record(item, position, source, fields)


def json_values(path: Path, limit: int) -> Iterator[object]:
    """The file's records, whichever of the three layouts it has."""
    with open_uncompressed(path) as stream:
        if _starts_array(stream):
            yield from array_items(stream, limit)
            return
        for number, item in enumerate(json_lines(stream, limit)):
            if number == 0 and isinstance(item, Broken) and item.opens_object:
                break  # a pretty-printed object: read again as a stream of values
            yield item
        else:
            return
    with open_uncompressed(path) as stream:
        yield from _Scanner(_text(stream), limit).values()


def _starts_array(stream) -> bool:
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    head = head.removeprefix(codecs.BOM_UTF8).lstrip(_JSON_SPACE.encode())
    return head[:1] == b"["


def json_lines(stream, limit: int) -> Iterator[object]:
    """Each non-blank line parsed, or a ``Broken`` saying which line failed and why."""
    readline = stream.readline
    number = 0
    while True:
        line = readline(limit + 1)  # the line and its line end
        if not line:
            return
        number += 1
        if line[-1:] != b"\n":
            raise_if_cut(stream)  # a compressed file cut inside this line: the cut is the error
        if len(line) > limit and line[-1:] != b"\n":
            _skip_line(readline)
            yield Broken(f"line {number}: {too_large('the line is', limit)}")
            continue
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        try:
            yield json.loads(line.decode("utf-8", "surrogateescape"))
        except ValueError as exc:
            cut = "" if line[-1:] == b"\n" else (
                "; it is the file's last line and has no line end: the file looks cut short")
            yield Broken(f"line {number}: invalid JSON: {exc}{cut}", opens_object=line.strip() == b"{")


def _skip_line(readline) -> None:
    """Read past the rest of an over-long line, a buffer at a time."""
    while True:
        chunk = readline(BUFFER_BYTES)
        if not chunk or chunk[-1:] == b"\n":
            return


def _text(stream) -> io.TextIOWrapper:
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape")


def array_items(stream, limit: int) -> Iterator[object]:
    """The elements of a top-level JSON array, parsed one at a time."""
    return _Scanner(_text(stream), limit).items()


class _Scanner:
    """Walks JSON values over a text stream, holding one value's text at a time."""

    def __init__(self, text: io.TextIOBase, limit: int):
        self.text = text
        self.limit = limit  # characters of one value held at most (a character is a byte or more)
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()

    def _more(self, at_least: int = ARRAY_CHUNK_CHARS) -> bool:
        if len(self.buf) - self.pos > self.limit:
            raise too_large("a JSON value is", self.limit)
        chunk = self.text.read(max(at_least, ARRAY_CHUNK_CHARS))
        if not chunk:
            raise_if_cut(self.text)
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        self.eof = not chunk
        return bool(chunk)

    def _peek(self) -> str:
        """The next non-space character ('' at the end), without consuming it."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _JSON_SPACE:
                self.pos += 1
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos:self.pos + 1]

    def _value(self) -> object:
        """Parse the next value, reading on while it may be cut off at the buffer's end."""
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or self.eof:
                    self.pos = end
                    return value
            except json.JSONDecodeError:
                if self.eof:
                    raise
            self._more(len(self.buf) - self.pos)

    def values(self) -> Iterator[object]:
        """Top-level values one after another, separated by whitespace only."""
        while self._peek():
            try:
                yield self._value()
            except json.JSONDecodeError as exc:
                yield Broken(f"invalid JSON: {exc.msg} (at character {exc.pos})")
                return

    def items(self) -> Iterator[object]:
        """The elements of ``[ v, v, ... ]``."""
        if self._peek() != "[":
            yield Broken("invalid JSON: expected '['")
            return
        self.pos += 1
        first = True
        while True:
            ch = self._peek()
            if ch == "]":
                return
            if not first:
                if ch != ",":
                    yield Broken(f"invalid JSON: expected ',' or ']' but found {ch or 'the end'!r}")
                    return
                self.pos += 1
                self._peek()
            first = False
            try:
                yield self._value()
            except json.JSONDecodeError as exc:
                yield Broken(f"invalid JSON in array element: {exc.msg}")
                return
