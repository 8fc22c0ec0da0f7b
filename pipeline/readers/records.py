"""From one record of a container (a JSON object, a CSV row, a Parquet row) to a raw record.

Which field holds the text, the HTML, the id and the URL is set by ``--text-field``,
``--html-field``, ``--id-field`` and ``--url-field``; a field not set is found among
the names scrapers usually give it. ``record`` is the record's id when it has one, else
its 0-based position in the file, so ``doc_id`` (hashed from source and record) is the
same on every run over the same file.

A text field's value is handed on as its UTF-8 bytes: a page's text then takes exactly
the path a ``.txt`` file of that text takes, and comes out the same. An HTML field's
value is handed on as it is: the page was decoded when its container was written, and
its ``<meta charset>`` no longer describes it (unless the container held bytes that
are not UTF-8: those go on as the original bytes, for the decode stage to work out).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from pipeline.config import Config

# Auto-detected field names, first found wins.
TEXT_FIELDS = ("text", "content", "body", "raw_content")
HTML_FIELDS = ("html", "raw_html")
ID_FIELDS = ("id", "doc_id")
URL_FIELDS = ("url", "link")

# A reader yields this instead of a record for an entry it skips on purpose (a WARC
# response that is not an HTML page); ``read_records`` counts it in the manifest.
SKIP: dict = {"skip": True}


@dataclasses.dataclass(frozen=True)
class FieldMap:
    """The field names to look in, in order, for each role."""

    text: tuple[str, ...]
    html: tuple[str, ...]
    id: tuple[str, ...]
    url: tuple[str, ...]
    prefer_html: bool  # --html-field named and --text-field not: the HTML is the document
    keep: tuple[str, ...] = ()  # --keep-fields: carried through as columns

    @classmethod
    def from_config(cls, config: Config) -> "FieldMap":
        def names(given: str | None, usual: tuple[str, ...]) -> tuple[str, ...]:
            return (given,) if given else usual

        return cls(
            text=names(config.text_field, TEXT_FIELDS),
            html=names(config.html_field, HTML_FIELDS),
            id=names(config.id_field, ID_FIELDS),
            url=names(config.url_field, URL_FIELDS),
            prefer_html=bool(config.html_field) and not config.text_field,
            keep=tuple(config.keep_fields),
        )

    def columns(self, available: list[str]) -> list[str]:
        """The columns of a table worth reading (all roles, in the table's order)."""
        wanted = set(self.text + self.html + self.id + self.url + self.keep)
        return [c for c in available if c in wanted]

    def has_document_column(self, available: list[str]) -> bool:
        return any(c in available for c in self.text + self.html)


def first_present(row: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    """The first of ``names`` the row has a non-null value for, and that value."""
    for name in names:
        value = row.get(name)
        if value is not None:
            return name, value
    return None, None


def error_record(source: str, record: str | None, message: str) -> dict:
    return {"source": source, "record": record, "raw": b"", "kind": "text", "error": f"read: {message}"}


def describe_error(exc: BaseException) -> str:
    """An exception as an error row's message: our own read errors say it all; an OS
    error names its cause without the path (the row's ``source`` names the file);
    anything else keeps its type, which is what there is to go on."""
    from pipeline.readers.compression import ReadError

    if isinstance(exc, ReadError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"{type(exc).__name__}: {exc}"


def to_record(row: Any, position: int, source: str, fields: FieldMap) -> dict:
    """One container entry to a raw record, or an error record saying what is wrong."""
    if isinstance(row, str):  # a bare string in a JSON container is a text
        return {"source": source, "record": str(position), "raw": utf8(row), "kind": "text"}
    if not isinstance(row, Mapping):
        return error_record(source, str(position), f"record is a {type(row).__name__}, not an object")
    record = _record_id(row, position, fields)
    order = ((fields.html, "html"), (fields.text, "text"))
    if not fields.prefer_html:
        order = order[::-1]
    for names, kind in order:
        name, value = first_present(row, names)
        if name is None:
            continue
        if not isinstance(value, (str, bytes)):
            return error_record(source, record, f"field {name!r} holds a {type(value).__name__}, not text")
        raw = utf8(value) if isinstance(value, str) and (kind == "text" or _has_escapes(value)) else value
        rec = {"source": source, "record": record, "raw": raw, "kind": kind, "url": _url(row, fields)}
        if fields.keep:
            rec["fields"] = {name: field_text(row.get(name)) for name in fields.keep}
        return rec
    looked = ", ".join(fields.text + fields.html)
    return error_record(source, record, f"record has no text or html field (looked for {looked})")


def field_text(value: Any) -> str | None:
    """A kept field's value as its column holds it: a string as it is, bytes decoded,
    anything else (a number, a list, an object) as JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def _record_id(row: Mapping[str, Any], position: int, fields: FieldMap) -> str:
    _, value = first_present(row, fields.id)
    if value is None or value == "":
        return str(position)
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _url(row: Mapping[str, Any], fields: FieldMap) -> str | None:
    _, value = first_present(row, fields.url)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _has_escapes(text: str) -> bool:
    """Whether a lenient read kept undecodable bytes in the text (as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def utf8(text: str) -> bytes:
    """A text's UTF-8 bytes; bytes a lenient read kept as escapes go back as they were."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return text.encode("utf-8", "replace")
