"""A batch: a pandas frame of documents, built from reader records, ended as two tables.

Reader records carry the raw input; stages add columns; ``finalize`` turns the frame
into the rows of ``documents.parquet`` and ``removed.parquet``.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.rules.metadata import to_utc
from pipeline.schema import DOCUMENTS_SCHEMA, REMOVED_SCHEMA, REPAIRED_SCHEMA, kept_column

RECORD_FIELDS = ("doc_id", "source", "record", "url", "raw", "kind", "meta_title", "meta_author", "meta_date",
                 "fields")


def make_doc_id(source: str, record: str | None) -> str:
    """Stable across runs: the same key and record give the same id. The key is the
    file's ``doc_key`` (``pipeline.readers.id_key``: its path from the named input's
    folder, however the input is spelled or wherever the folder sits), else its source."""
    key = source if record is None else f"{source}\x00{record}"
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def site_of_url(url) -> str | None:
    """The URL's host, lower case, without a port or credentials (None: no URL)."""
    if not isinstance(url, str) or not url:
        return None
    try:
        return urlsplit(url.strip()).hostname or None
    except ValueError:
        return None


def new_batch(records: list[dict]) -> pd.DataFrame:
    cols = {f: [r.get(f) for r in records] for f in RECORD_FIELDS}
    cols["record"] = [None if v is None else str(v) for v in cols["record"]]
    keys = [r.get("doc_key") or s for r, s in zip(records, cols["source"])]
    cols["doc_id"] = [d or make_doc_id(k, rec) for d, k, rec in zip(cols["doc_id"], keys, cols["record"])]
    cols["kind"] = [k or "text" for k in cols["kind"]]
    errors = [r.get("error") for r in records]
    cols["status"] = ["error" if e else "ok" for e in errors]
    cols["error"] = errors
    index = pd.RangeIndex(len(records))
    return pd.DataFrame({name: pd.Series(_objects(values), index=index, dtype=object, copy=False)
                         for name, values in cols.items()}, index=index, copy=False)


def _objects(values: list) -> np.ndarray:
    return np.fromiter(values, dtype=object, count=len(values))


def _col(batch: pd.DataFrame, name: str) -> list:
    return batch[name].tolist() if name in batch.columns else [None] * len(batch)


def finalize(batch: pd.DataFrame) -> dict[str, pa.Table]:
    """Rows for each output table (documents, removed, repaired) from a processed batch."""
    cols = {c: _col(batch, c) for c in (
        "doc_id", "source", "record", "url", "title", "author", "date", "clean_text", "text",
        "status", "error", "encoding", "fixes", "removed", "language", "page_text", "dropped", "fields")}
    live = [s != "error" for s in cols["status"]]
    text_in = [t if ok else None for t, ok in zip(cols["text"], live)]
    clean = [c if ok else None for c, ok in zip(cols["clean_text"], live)]
    # "empty": nothing but whitespace left (``isspace``: no stripped copy of the text).
    status = [("ok" if c and not c.isspace() else "empty") if ok else s
              for c, ok, s in zip(clean, live, cols["status"])]
    docs = {
        "doc_id": cols["doc_id"], "source": cols["source"], "record": cols["record"], "url": cols["url"],
        "title": cols["title"], "author": cols["author"],
        "date": [to_utc(d) if isinstance(d, str) else None for d in cols["date"]], "date_text": cols["date"],
        "text": clean,
        "status": status, "error": cols["error"], "encoding": cols["encoding"],
        "fixes": [list(f) if f is not None and len(f) else [] for f in cols["fixes"]],
        "chars_in": [len(t) if isinstance(t, str) else None for t in text_in],
        "chars_out": [len(c) if isinstance(c, str) else None for c in clean],
        "language": cols["language"],
        "site": [site_of_url(u) for u in cols["url"]],
    }
    has_text = [isinstance(t, str) for t in text_in]
    repaired = {
        "doc_id": [d for d, h in zip(cols["doc_id"], has_text) if h],
        "source": [s for s, h in zip(cols["source"], has_text) if h],
        "text": [t for t, h in zip(text_in, has_text) if h],
        "page_text": [p if isinstance(p, str) else None for p, h in zip(cols["page_text"], has_text) if h],
    }
    removed = {f.name: [] for f in REMOVED_SCHEMA}
    for doc_id, source, removed_blocks, dropped, ok in zip(cols["doc_id"], cols["source"], cols["removed"],
                                                           cols["dropped"], live):
        # the text stages' removals (offsets into the repaired text), then what
        # extraction left out of an HTML page (offsets into its page text)
        blocks = [*(removed_blocks or ()), *(dropped or ())]
        if not ok or not blocks:
            continue
        removed["doc_id"].extend([doc_id] * len(blocks))
        removed["source"].extend([source] * len(blocks))
        for f in ("start", "end", "category", "rule", "text"):
            removed[f].extend([r[f] for r in blocks])
    documents = pa.Table.from_pydict(docs, schema=DOCUMENTS_SCHEMA)
    kept = sorted({k for f in cols["fields"] if f for k in f})
    for name in kept:  # --keep-fields: after the documents' own columns, as strings
        values = [f.get(name) if f else None for f in cols["fields"]]
        documents = documents.append_column(pa.field(kept_column(name), pa.string()), pa.array(values, pa.string()))
    return {
        "documents": documents,
        "removed": pa.Table.from_pydict(removed, schema=REMOVED_SCHEMA),
        "repaired": pa.Table.from_pydict(repaired, schema=REPAIRED_SCHEMA),
    }
