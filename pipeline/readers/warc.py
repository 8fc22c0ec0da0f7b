"""WARC archives: each HTML page a crawler saved becomes one document.

Only ``response`` and ``resource`` records carry pages, and ``conversion`` records
their text (Common Crawl's WET files). Of those, what is not an HTML page or a page's
plain text (images, scripts, stylesheets, PDFs, redirects and error pages) is skipped
on purpose and counted in the manifest as ``skipped_records``; it is not an error. The
other record types (``request``, ``warcinfo``, ``metadata``, ``revisit``) are not
documents at all and are passed over silently. ``WARC-Target-URI`` becomes the
document's ``url`` and ``WARC-Record-ID`` its ``record``.

The page's bytes go on as they were served, HTTP transfer and content encodings
undone, so a WARC record and the same page saved as an ``.html`` file come out the same.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.readers.compression import open_uncompressed
from pipeline.readers.records import SKIP, error_record

PAGE_RECORD_TYPES = ("response", "resource", "conversion")
PAGE_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
# A conversion record holds the text a crawler extracted from a page.
TEXT_RECORD_TYPE, TEXT_CONTENT_TYPE = "conversion", "text/plain"
# With no Content-Type, a payload is a page when its start says so.
SNIFF_BYTES = 1024
HTML_MARKERS = (b"<!doctype html", b"<html")
HTTP_OK = range(200, 300)


def read_warc(path: Path, source: str, config: Config) -> Iterator[dict]:
    from warcio.archiveiterator import ArchiveIterator

    with open_uncompressed(path) as stream:
        for position, rec in enumerate(ArchiveIterator(stream)):
            if rec.rec_type not in PAGE_RECORD_TYPES:
                continue
            record = rec.rec_headers.get_header("WARC-Record-ID") or str(position)
            try:
                yield _page(rec, source, record)
            except Exception as exc:  # noqa: BLE001 - one bad payload must not stop the archive
                yield error_record(source, record, f"{type(exc).__name__}: {exc}")


def _page(rec, source: str, record: str) -> dict:
    """The record as a document, or ``SKIP`` when it holds no HTML page."""
    if rec.http_headers is not None:
        status = rec.http_headers.get_statuscode()
        if not (status and status.isdigit() and int(status) in HTTP_OK):
            return SKIP
        content_type = rec.http_headers.get_header("Content-Type")
    else:
        content_type = rec.rec_headers.get_header("Content-Type")
    kind = _kind(rec.rec_type, content_type)
    if content_type and kind is None:
        return SKIP
    payload = rec.content_stream().read()
    if kind is None:
        if not _looks_like_html(payload):
            return SKIP
        kind = "html"
    return {
        "source": source,
        "record": record,
        "raw": payload,
        "kind": kind,
        "url": rec.rec_headers.get_header("WARC-Target-URI"),
    }


def _kind(rec_type: str, content_type: str | None) -> str | None:
    """``html``, ``text`` or None (not a page, or no Content-Type to tell by)."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type in PAGE_CONTENT_TYPES:
        return "html"
    if rec_type == TEXT_RECORD_TYPE and media_type == TEXT_CONTENT_TYPE:
        return "text"
    return None


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:SNIFF_BYTES].lstrip().lower()
    return any(marker in head for marker in HTML_MARKERS)
