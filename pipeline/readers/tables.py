"""Tabular containers: CSV/TSV and Parquet, a document a row, read row by row.

A CSV row that the parser rejects becomes an error record and the next row is read.
A table with no text or HTML column at all is a usage problem of the whole file, so it
fails as one error row rather than as one per row.

A quote left open in a CSV file makes the csv module read every later line into one
field, quietly, up to the end of the file. That row is an error naming the line the
quote opened on (the rows before it are kept): the end of the file is marked with a
line no CSV holds (``_END_OF_FILE``), and an open quote swallows that mark too.
A field past ``max_document_bytes`` stops the file with an error row (what follows
can no longer be told into rows), as does a line past it.
"""
from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.readers.compression import open_uncompressed, raise_if_cut, too_large
from pipeline.readers.records import FieldMap, error_record, to_record

# Private-use characters no CSV writer emits: the line that marks the end of the file.
_END_OF_FILE = "\uf8ff\ue000end of file\ue000\uf8ff"
_FIELD_LIMIT_ERROR = "field larger than field limit"
# Delimiters told apart by counting them in the header line.
CSV_DELIMITERS = (",", ";", "\t", "|")
# Parquet rows decoded to Python at a time: a few pages' worth, not a row group's.
PARQUET_BATCH_ROWS = 64


class MissingColumns(ValueError):
    """A table has none of the columns a document could come from."""


def _missing(columns: list[str], fields: FieldMap) -> MissingColumns:
    return MissingColumns(
        f"no text or html column (looked for {', '.join(fields.text + fields.html)}; "
        f"the table has {', '.join(map(str, columns)) or 'none'}); name one with --text-field or --html-field"
    )


def read_csv(path: Path, source: str, config: Config) -> Iterator[dict]:
    fields = FieldMap.from_config(config)
    limit = config.max_document_bytes
    # A scraped page is far longer than the csv module's default 128 KiB field limit;
    # a field of more characters than max_document_bytes has more bytes too.
    csv.field_size_limit(limit)
    with open_uncompressed(path) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        header_line = _bounded_line(text, limit, 1)
        delimiter = _delimiter(header_line, path)
        header = next(csv.reader([header_line], delimiter=delimiter), [])
        if not fields.has_document_column(header):
            raise _missing(header, fields)
        lines: list[str] = []  # the lines of the row being read
        rows = csv.reader(itertools.chain(_bounded_lines(text, limit, lines), [_END_OF_FILE + "\n"]),
                          delimiter=delimiter)
        position = 0
        while True:
            before = rows.line_num
            line = before + 2  # the file's line the row starts on (the header is line 1)
            lines.clear()
            try:
                values = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                if _FIELD_LIMIT_ERROR in str(exc):
                    yield error_record(source, str(position), (
                        f"row {position} (line {line}): a field runs past max_document_bytes ({limit:,} characters), "
                        f"or a quote opened there is never closed; the rest of the file is not read"))
                    return
                yield error_record(source, str(position), f"row {position} (line {line}): invalid CSV: {exc}")
                position += 1
                continue
            if values and values[-1].endswith(_END_OF_FILE + "\n"):
                swallowed = rows.line_num - before - 2
                yield error_record(source, str(position), (
                    f"row {position} (line {line}): a quote opened in this row is never closed, so the csv "
                    f"reader ran on to the end of the file and took the {swallowed:,} line(s) after it into "
                    f"one field; close the quote (the rows before it were read)"))
                return
            if values == [_END_OF_FILE]:
                return
            if rows.line_num - before > 1 and _misquoted(lines, delimiter):
                yield error_record(source, str(position), (
                    f"row {position} (line {line}): a quote opened in this row is not closed where its field "
                    f"ends, so the csv reader took the {rows.line_num - before - 1:,} line(s) after it into "
                    f"one field, up to a quote on line {rows.line_num + 1}; fix the quoting"))
                position += 1
                continue
            if values:
                yield to_record(dict(zip(header, values)), position, source, fields)
                position += 1


def _misquoted(lines: list[str], delimiter: str) -> bool:
    """Whether a row that spans lines only does so because a quote was left open: read
    strictly, a quoted field that swallowed the next rows meets their quotes where
    only a delimiter or a line end may follow a closing quote. (A field that holds
    line breaks on purpose, ``"first paragraph\\nsecond"``, reads the same either way.)"""
    try:
        list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error:
        return True
    return False


def _bounded_line(text: io.TextIOWrapper, limit: int, number: int) -> str:
    """One line, at most ``limit`` characters; a line cut with its compressed file is
    the cut's error, not a short last row."""
    line = text.readline(limit + 1)
    if not line.endswith(("\n", "\r")):
        raise_if_cut(text)
        if len(line) > limit:
            raise too_large(f"line {number} is", limit)
    return line


def _bounded_lines(text: io.TextIOWrapper, limit: int, taken: list[str]) -> Iterator[str]:
    """The file's lines, none held past ``limit`` characters (the header read already),
    each also put in ``taken`` (the caller clears it a row)."""
    number = 1
    while True:
        number += 1
        line = _bounded_line(text, limit, number)
        if not line:
            return
        taken.append(line)
        yield line


def _delimiter(header_line: str, path: Path) -> str:
    """Tab for ``.tsv``; otherwise whichever delimiter the header line holds most of."""
    if ".tsv" in path.name.lower():
        return "\t"
    counts = {d: header_line.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_parquet(path: Path, source: str, config: Config) -> Iterator[dict]:
    import pyarrow.parquet as pq

    fields = FieldMap.from_config(config)
    with pq.ParquetFile(path) as table:
        names = table.schema_arrow.names
        if not fields.has_document_column(names):
            raise _missing(names, fields)
        position = 0
        for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=fields.columns(names)):
            for row in batch.to_pylist():
                yield to_record(row, position, source, fields)
                position += 1
