"""decode: bytes to text, recording which encoding was used.

Order of evidence: a byte-order mark, then a charset the document declares (HTML meta,
XML prolog), then strict UTF-8, then detection for legacy code pages. A file that is
almost all valid UTF-8 keeps its UTF-8 reading with the few bad bytes replaced,
rather than being misread whole as cp1252.
"""
from __future__ import annotations

import codecs
import re

import pandas as pd

from pipeline.config import Config
from pipeline.stages.base import map_documents

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Share of undecodable bytes below which a UTF-8 reading is kept with replacements.
MOSTLY_UTF8_MAX_BAD_SHARE = 0.01
DECLARED_SCAN_BYTES = 4096


def _lookup(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(raw: bytes | str) -> tuple[str, str]:
    """Return (text, encoding name)."""
    if isinstance(raw, str):
        return raw, "unicode"
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            name = "utf-8" if enc == "utf-8-sig" else enc.replace("-le", "").replace("-be", "")
            return raw[len(bom):].decode(enc, errors="replace"), name if enc == "utf-8-sig" else enc
    m = _DECLARED.search(raw[:DECLARED_SCAN_BYTES])
    if m:
        declared = _lookup((m.group(1) or m.group(2)).decode("ascii", "ignore"))
        if declared:
            if declared in ("utf-16", "utf-32") or declared.startswith("utf_16") or declared.startswith("utf_32"):
                declared = "utf-8"  # a page served as bytes with no BOM is not UTF-16
            try:
                return raw.decode(declared), _canonical(declared)
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = _count_bad_utf8(raw)
        if bad / max(len(raw), 1) <= MOSTLY_UTF8_MAX_BAD_SHARE and _has_multibyte(raw):
            return raw.decode("utf-8", errors="replace"), "utf-8"
        del exc
    return _detect(raw)


def _canonical(name: str) -> str:
    return {"utf_8": "utf-8", "cp1252": "cp1252", "latin_1": "latin-1", "iso8859-1": "latin-1"}.get(name, name)


def _count_bad_utf8(raw: bytes) -> int:
    return raw.decode("utf-8", errors="replace").count("\ufffd") - raw.count(b"\xef\xbf\xbd")


def _has_multibyte(raw: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", raw) is not None


def _detect(raw: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return raw.decode("cp1252", errors="replace"), "cp1252"
    return str(best), _canonical(best.encoding)


def decode(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    return map_documents(batch, "decode", decode_bytes, ["raw"], ["text", "encoding"])
