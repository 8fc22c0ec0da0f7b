"""The records of the files to clean, read lazily, grouped into bounded batches."""
from __future__ import annotations

import logging
import time
from typing import Iterable, Iterator

from pipeline.config import Config
from pipeline.readers import InputError, error_record, read_document_file, read_records
from pipeline.runner.inputs import InputFile, file_sha256

log = logging.getLogger("pipeline")


def batches_of(records: Iterable[dict], config: Config) -> Iterator[list[dict]]:
    """Group records into batches bounded by document count and raw bytes."""
    batch, size = [], 0
    for rec in records:
        raw = rec.get("raw") or b""
        batch.append(rec)
        size += len(raw)
        if len(batch) >= config.batch_docs or size >= config.batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def records_of(todo: list[InputFile], config: Config, read_stats: dict, read_time: list[float]) -> Iterator[dict]:
    """Every record of the files in ``todo``, hashing each file as it is read (for the
    incremental state); the seconds spent reading are added to ``read_time[0]``."""
    for f in todo:
        t0 = time.perf_counter()
        to_hash = f.sha256 is None and f.size is not None
        if to_hash and f.document_kind is not None:  # one document: read once, hashed from the same bytes
            read_stats["files"] += 1
            try:
                rec, f.sha256 = read_document_file(f.path, f.source, f.document_kind, config.max_document_bytes)
            except Exception as exc:  # noqa: BLE001 - as read_records: an error row, the run goes on
                rec = error_record(f.source, None, f"{type(exc).__name__}: {exc}")
            read_time[0] += time.perf_counter() - t0
            rec["doc_key"] = f.key
            yield rec
            continue
        if to_hash:
            f.sha256 = file_sha256(f.path)  # before reading: a change after this is seen next run
        try:
            for rec in read_records([f.read_arg()], config, read_stats):
                if rec.get("source") != f.source and not f.unstable:
                    f.unstable = True
                    log.warning("%s came back as source %r; it will not be carried over by --incremental",
                                f.source, rec.get("source"))
                read_time[0] += time.perf_counter() - t0
                rec["doc_key"] = f.key  # from the input as the user named it, not this one file
                yield rec
                t0 = time.perf_counter()
        except InputError as exc:
            yield {"source": f.source, "doc_key": f.key, "record": None, "raw": b"", "kind": "text",
                   "error": f"read: {exc}"}
        read_time[0] += time.perf_counter() - t0
