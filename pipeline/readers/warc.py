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

A WARC cut short must not pass its last, partial page off as whole: warcio reads a
record up to its ``Content-Length`` and stops quietly at the end of the file, so a
record whose length was not all there is the archive's one error row (so is a
compressed archive whose stream is cut, see ``compression``), after the pages before it.
A payload past ``max_document_bytes`` is an error row, read no further than the limit.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.readers.compression import ReadError, open_uncompressed, raise_if_cut, too_large
from pipeline.readers.records import SKIP, error_record

PAGE_RECORD_TYPES = ("response", "resource", "conversion")
PAGE_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
# A conversion record holds the text a crawler extracted from a page.
TEXT_RECORD_TYPE, TEXT_CONTENT_TYPE = "conversion", "text/plain"
# With no Content-Type, a payload is a page when its start says so.
SNIFF_BYTES = 1024
HTML_MARKERS = (b"<!doctype html", b"<html")
HTTP_OK = range(200, 300)
# Bytes of a record drained at a time to see whether all of it is in the file.
DRAIN_BYTES = 1 << 16


def read_warc(path: Path, source: str, config: Config) -> Iterator[dict]:
    from warcio.archiveiterator import ArchiveIterator

    limit = config.max_document_bytes
    with open_uncompressed(path) as stream:
        archive = ArchiveIterator(stream)
        records = iter(archive)
        rec = None
        pages = 0
        for position in itertools.count():
            try:
                rec = next(records)
            except StopIteration:
                break
            except ReadError:
                raise
            except Exception as exc:  # noqa: BLE001 - warcio's parse errors have no common base
                yield _unreadable(source, archive, stream, pages, f"cannot be parsed ({type(exc).__name__}: {exc})")
                return
            if rec.format.startswith("warc") and rec.rec_headers.get_header("Content-Length") is None:
                # every WARC record has one; warcio reads a header block the file cut short as a record
                yield _unreadable(source, archive, stream, pages, "has no Content-Length")
                return
            if rec.rec_type not in PAGE_RECORD_TYPES:
                continue
            record = rec.rec_headers.get_header("WARC-Record-ID") or str(position)
            try:
                page = _page(rec, source, record, limit)
            except ReadError:  # the file itself is cut or corrupt: the archive's one error row
                raise
            except Exception as exc:  # noqa: BLE001 - one bad payload must not stop the archive
                page = error_record(source, record, f"{type(exc).__name__}: {exc}")
            if _cut(rec):
                raise_if_cut(stream)  # a compressed archive cut: its own message says where
                yield _cut_record(source, record, rec, pages)
                return
            pages += page is not SKIP
            yield page
        raise_if_cut(stream)
        if rec is not None and _cut(rec):
            yield _cut_record(source, rec.rec_headers.get_header("WARC-Record-ID"), rec, pages)
        elif archive.fh.tell() > archive.offset:
            # warcio ends quietly on a record whose header block the file cut short
            yield _cut_header(source, archive.offset, pages)


def _at_end(archive, stream) -> bool:
    """Whether warcio failed on the last bytes of the file (a cut), not in its middle."""
    reader = archive.reader
    return not stream.peek(1) and (reader is None or not reader.rem_length())


def _unreadable(source: str, archive, stream, pages: int, what: str) -> dict:
    """The error row for a record that cannot be read: the file cut there (raised, or
    its header cut at the end of the file), else the record itself is broken."""
    raise_if_cut(stream)
    if _at_end(archive, stream):
        return _cut_header(source, archive.offset, pages)
    return error_record(source, None, f"the WARC record at byte {archive.offset:,} {what}; the {pages:,} "
                                      f"page(s) before it were read")


def _cut_header(source: str, offset: int, pages: int) -> dict:
    return error_record(source, None, (
        f"truncated: the file ends inside the header of the WARC record at byte {offset:,}; "
        f"the {pages:,} page(s) before it were read"))


def _cut(rec) -> bool:
    """Whether the file ended before the record's Content-Length did. The rest of the
    record is read first (warcio would read it before the next record anyway)."""
    raw = rec.raw_stream
    while raw.read(DRAIN_BYTES):
        pass
    return getattr(raw, "limit", 0) > 0


def _cut_record(source: str, record: str | None, rec, pages: int) -> dict:
    length = rec.rec_headers.get_header("Content-Length")
    missing = rec.raw_stream.limit
    return error_record(source, record, (
        f"truncated: the file ends inside WARC record {record or ''} ({missing:,} of its {length} bytes are "
        f"missing); the {pages:,} page(s) before it were read"))


def _page(rec, source: str, record: str, limit: int) -> dict:
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
    payload = rec.content_stream().read(limit + 1)
    if len(payload) > limit:
        return error_record(source, record, str(too_large("the page is", limit)))
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
