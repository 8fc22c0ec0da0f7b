"""Tabular containers: CSV/TSV and Parquet, a document a row, read row by row.

A CSV row that the parser rejects becomes an error record and the next row is read.
A table with no text or HTML column at all is a usage problem of the whole file, so it
fails as one error row rather than as one per row.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.readers.compression import open_uncompressed
from pipeline.readers.records import FieldMap, error_record, to_record

# A scraped page is far longer than the csv module's default 128 KiB field limit.
CSV_FIELD_LIMIT = 1 << 30
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
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with open_uncompressed(path) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        header_line = text.readline()
        delimiter = _delimiter(header_line, path)
        header = next(csv.reader([header_line], delimiter=delimiter), [])
        if not fields.has_document_column(header):
            raise _missing(header, fields)
        rows = csv.reader(text, delimiter=delimiter)
        position = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                yield error_record(source, str(position), f"row {position}: invalid CSV: {exc}")
                position += 1
                continue
            if values:
                yield to_record(dict(zip(header, values)), position, source, fields)
                position += 1


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
