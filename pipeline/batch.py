"""A batch: a pandas frame of documents, built from reader records, ended as two tables.

Reader records carry the raw input; stages add columns; ``finalize`` turns the frame
into the rows of ``documents.parquet`` and ``removed.parquet``.
"""
from __future__ import annotations

import hashlib

import pandas as pd
import pyarrow as pa

from pipeline.schema import DOCUMENTS_SCHEMA, REMOVED_SCHEMA, REPAIRED_SCHEMA

RECORD_FIELDS = ("doc_id", "source", "record", "url", "raw", "kind", "meta_title", "meta_author", "meta_date")


def make_doc_id(source: str, record: str | None) -> str:
    """Stable across runs: the same input path and record position give the same id."""
    key = source if record is None else f"{source}\x00{record}"
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def new_batch(records: list[dict]) -> pd.DataFrame:
    rows = []
    for r in records:
        row = {f: r.get(f) for f in RECORD_FIELDS}
        row["record"] = None if row["record"] is None else str(row["record"])
        row["doc_id"] = row["doc_id"] or make_doc_id(row["source"], row["record"])
        row["kind"] = row["kind"] or "text"
        row["status"] = "error" if r.get("error") else "ok"
        row["error"] = r.get("error")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*RECORD_FIELDS, "status", "error"], dtype=object)
    return frame


def _col(batch: pd.DataFrame, name: str) -> list:
    return batch[name].tolist() if name in batch.columns else [None] * len(batch)


def finalize(batch: pd.DataFrame) -> dict[str, pa.Table]:
    """Rows for each output table (documents, removed, repaired) from a processed batch."""
    docs = {f.name: [] for f in DOCUMENTS_SCHEMA}
    removed = {f.name: [] for f in REMOVED_SCHEMA}
    repaired = {f.name: [] for f in REPAIRED_SCHEMA}
    cols = {c: _col(batch, c) for c in (
        "doc_id", "source", "record", "url", "title", "author", "date", "clean_text", "text",
        "status", "error", "encoding", "fixes", "removed")}
    for k in range(len(batch)):
        status, error = cols["status"][k], cols["error"][k]
        text_in = cols["text"][k] if status != "error" else None
        clean = cols["clean_text"][k] if status != "error" else None
        if status != "error":
            status = "ok" if clean and clean.strip() else "empty"
        docs["doc_id"].append(cols["doc_id"][k])
        docs["source"].append(cols["source"][k])
        docs["record"].append(cols["record"][k])
        docs["url"].append(cols["url"][k])
        docs["title"].append(cols["title"][k])
        docs["author"].append(cols["author"][k])
        docs["date"].append(cols["date"][k])
        docs["text"].append(clean)
        docs["status"].append(status)
        docs["error"].append(error)
        docs["encoding"].append(cols["encoding"][k])
        docs["fixes"].append(list(cols["fixes"][k] or []))
        docs["chars_in"].append(len(text_in) if isinstance(text_in, str) else None)
        docs["chars_out"].append(len(clean) if isinstance(clean, str) else None)
        if isinstance(text_in, str):
            repaired["doc_id"].append(cols["doc_id"][k])
            repaired["source"].append(cols["source"][k])
            repaired["text"].append(text_in)
        for r in (cols["removed"][k] or []) if status != "error" else []:
            removed["doc_id"].append(cols["doc_id"][k])
            removed["source"].append(cols["source"][k])
            for f in ("start", "end", "category", "rule", "text"):
                removed[f].append(r[f])
    return {
        "documents": pa.Table.from_pydict(docs, schema=DOCUMENTS_SCHEMA),
        "removed": pa.Table.from_pydict(removed, schema=REMOVED_SCHEMA),
        "repaired": pa.Table.from_pydict(repaired, schema=REPAIRED_SCHEMA),
    }
