"""Clean scraped articles: repair encoding, strip what is not the article, keep metadata.

Two entry points mirror the command line:

- ``clean(text_or_bytes)`` cleans one document in memory and returns a ``Cleaned``;
- ``run(inputs, out)`` cleans files, folders or globs into Parquet under ``out``.
"""
from __future__ import annotations

import dataclasses
import datetime

__version__ = "0.1.0"


@dataclasses.dataclass
class Cleaned:
    text: str
    title: str | None
    author: str | None
    date: datetime.datetime | None  # UTC; ``date_text`` is the wording it was read from
    removed: list[dict]
    fixes: list[str]
    encoding: str | None
    status: str
    error: str | None = None
    repaired: str | None = None
    date_text: str | None = None
    language: str | None = None


def clean(document: str | bytes, *, html: bool | None = None, url: str | None = None, config=None) -> Cleaned:
    """Clean one document. ``html`` defaults to sniffing for an ``<html`` tag."""
    from pipeline.batch import new_batch
    from pipeline.config import Config
    from pipeline.stages import run_stages

    if not isinstance(document, (str, bytes, bytearray)):
        raise TypeError(f"clean() takes one document as str or bytes, not {type(document).__name__}; "
                        "for files and folders use pipeline.run(inputs, out)")
    document = bytes(document) if isinstance(document, bytearray) else document
    config = config or Config()
    if html is None:
        head = document[:2048].lower()
        html = (b"<html" in head or b"<!doctype html" in head) if isinstance(head, bytes) else (
            "<html" in head or "<!doctype html" in head)
    batch = new_batch([{"source": "<memory>", "raw": document, "kind": "html" if html else "text", "url": url}])
    row = run_stages(batch, config).iloc[0]
    if row["status"] == "error":
        return Cleaned("", None, None, None, [], [], row.get("encoding"), "error", row["error"])
    from pipeline.rules.metadata import to_utc

    text = row["clean_text"] or ""
    return Cleaned(
        text=text, title=row["title"], author=row["author"], date=to_utc(row["date"]),
        removed=list(row["removed"] or []), fixes=list(row["fixes"] or []), encoding=row["encoding"],
        status="ok" if text.strip() else "empty", repaired=row["text"], date_text=row["date"],
        language=row.get("language"),
    )


def run(inputs, out, config=None, **kwargs) -> dict:
    """Clean ``inputs`` (paths, folders, globs) into ``out``; returns the manifest dict."""
    from pipeline.runner import run as _run

    return _run(inputs, out, config, **kwargs)
