"""decode: bytes to text, recording which encoding was used.

Order of evidence: a byte-order mark, then a charset the document declares (HTML meta,
XML prolog), then strict UTF-8, then detection for legacy code pages. A file that is
almost all valid UTF-8 keeps its UTF-8 reading with the few bad bytes replaced,
rather than being misread whole as cp1252.

Two corrections to that order, both for the way real pages go wrong:

- A page that declares a legacy charset but is valid UTF-8 with multi-byte sequences
  in it is UTF-8 (a template copied from an old site keeps its old meta tag; legacy
  text that happens to be valid multi-byte UTF-8 is vanishingly rare).
- Detection is unsure on short texts (a German paragraph of 120 bytes comes back as
  Big5). cp1252 is by far the commonest legacy code page, so when the bytes are valid
  cp1252 and charset-normalizer finds that reading plausible, it wins unless another
  reading is clearly better (see ``_better_than_cp1252``).

The names recorded in ``encoding`` are Python codec names (``codecs.lookup(x).name``),
with ``-sig``/``-le``/``-be`` where a byte-order mark decided it.

Bytes that are no text at all (an image, an archive, random bytes saved as ``.txt``)
decode to something under one of the readings above, and come out as pages of
garbage marked ``ok``. They are an error, ``not text``, decided from the bytes: text
in any language and encoding has almost no C0 control characters, binary data has
about one byte in nine (``NOT_TEXT_CONTROL_SHARE``). Bytes with that many are decoded
as usual first and judged by the text they give: UTF-16 and UTF-32 (with a mark or
detected) are full of NUL bytes and still pass.
"""
from __future__ import annotations

import codecs
import re

import pandas as pd

from pipeline.config import Config
from pipeline.stages.base import map_documents

# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# A declaration sits in the head of the page; the body may quote markup about charsets.
DECLARED_SCAN_BYTES = 4096
# Labels that browsers (WHATWG Encoding) read as windows-1252: pages labelled latin-1
# or ASCII use cp1252's punctuation in 0x80-0x9F, and so do we.
_READ_AS_CP1252 = {"latin_1", "iso8859-1", "ascii", "cp1252"}
_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")
# Mostly UTF-8: at most this share of the non-ASCII sequences are invalid, and at
# least MOSTLY_UTF8_MIN_VALID are valid. A cp1252 file has almost no valid ones; a
# file mixing UTF-8 and cp1252 paragraphs goes to detection, and ftfy mends the rest.
MOSTLY_UTF8_MAX_BAD_SHARE = 0.25
MOSTLY_UTF8_MIN_VALID = 2
# Code pages that web pages and exported files really use. charset-normalizer also
# weighs DOS and Mac pages (cp775, mac-latin2, ...), which fit short Latin texts as
# well as cp1252 does and are almost never right; they count only when nothing
# else fits.
WEB_ENCODINGS = frozenset(
    codecs.lookup(name).name
    for name in (
        *(f"cp{n}" for n in range(1250, 1259)),
        *(f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16)),
        "koi8-r", "koi8-u", "cp874", "tis-620",
        "shift_jis", "cp932", "euc_jp", "euc_jis_2004", "iso2022_jp",
        "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr", "cp949",
    )
)
# How much more coherent (charset-normalizer's language fit, 0-1) another reading
# must be than cp1252's to beat it; smaller gaps are noise on short texts.
CP1252_COHERENCE_MARGIN = 0.1

# Not text: more than this share of control characters (C0 but tab, line feed,
# vertical tab, form feed, carriage return and escape, which ISO-2022 text uses; and
# DEL). Random bytes have 11%, executables and images more; text next to none.
NOT_TEXT_CONTROL_SHARE = 0.05
# ... counted only in documents of at least this many bytes or characters: a few
# stray control characters in a line or two are the repair stage's to remove.
NOT_TEXT_MIN_LENGTH = 64
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_CHARS = re.compile("[" + re.escape(_CONTROL_BYTES.decode("ascii")) + "]")


class NotText(ValueError):
    """A document whose bytes are binary data, not text in any encoding."""


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(raw: bytes | str) -> tuple[str, str]:
    """Return (text, encoding name); raise ``NotText`` for binary data."""
    if isinstance(raw, str):
        _check_text(raw, raw)
        return raw, "unicode"
    suspect = len(raw) >= NOT_TEXT_MIN_LENGTH and _control_share(raw) > NOT_TEXT_CONTROL_SHARE
    for decoder in (_by_bom, _by_declaration, _by_utf8):
        found = decoder(raw)
        if found is not None:
            break
    else:
        found = _detect(raw)
    if suspect:
        _check_text(found[0], raw)
    return found


def _control_share(raw: bytes) -> float:
    """The share of control bytes, counted in C (``translate`` drops every other byte)."""
    return len(raw.translate(None, _TEXT_BYTES)) / len(raw)


def _check_text(text: str, raw: bytes | str) -> None:
    if len(text) < NOT_TEXT_MIN_LENGTH or _CONTROL_CHARS.search(text) is None:
        return
    share = len(_CONTROL_CHARS.findall(text)) / len(text)
    if share > NOT_TEXT_CONTROL_SHARE:
        unit = "bytes" if isinstance(raw, bytes) else "characters"
        raise NotText(f"binary data, not text: {share:.0%} of its {len(raw):,} {unit} are control characters "
                      f"(text has next to none; the limit is {NOT_TEXT_CONTROL_SHARE:.0%}); "
                      f"is it a file of another type?")


def _by_bom(raw: bytes) -> tuple[str, str] | None:
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc.removesuffix("-sig"), errors="replace"), enc
    return None


def _by_declaration(raw: bytes) -> tuple[str, str] | None:
    """The charset an HTML meta tag or XML prolog names, if it decodes the bytes."""
    m = _DECLARED.search(raw[:DECLARED_SCAN_BYTES])
    if m is None:
        return None
    declared = _codec_name((m.group(1) or m.group(2)).decode("ascii"))
    if declared is None or declared.startswith(("utf-16", "utf-32")):
        return None  # unknown, or impossible: the declaration itself read as ASCII
    if declared in _READ_AS_CP1252:
        declared = "cp1252"
    if declared != "utf-8" and _is_multibyte_utf8(raw):
        return None  # mis-declared: strict UTF-8 comes next and takes it
    try:
        return raw.decode(declared), declared
    except UnicodeDecodeError:
        return None


def _is_multibyte_utf8(raw: bytes) -> bool:
    if _MULTIBYTE_UTF8.search(raw) is None:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _by_utf8(raw: bytes) -> tuple[str, str] | None:
    """Strict UTF-8; or UTF-8 with replacements when only a few bytes are bad."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if valid >= MOSTLY_UTF8_MIN_VALID and bad <= MOSTLY_UTF8_MAX_BAD_SHARE * (valid + bad):
        return text, "utf-8"
    return None


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _detect(raw: bytes) -> tuple[str, str]:
    """Legacy code pages: charset-normalizer, with cp1252 preferred when in doubt."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw))
    web = [m for m in matches if _codec_name(m.encoding) in WEB_ENCODINGS]
    matches = web or matches
    as_cp1252 = _strict(raw, "cp1252")
    cp1252 = from_bytes(raw, cp_isolation=["cp1252"]).best() if as_cp1252 else None
    if cp1252 is not None:
        rivals = [m for m in matches if _better_than_cp1252(m, raw, cp1252, as_cp1252)]
        if not rivals:
            return as_cp1252, "cp1252"
        best = rivals[0]
    elif matches:
        best = matches[0]
    else:
        return raw.decode("cp1252", errors="replace"), "cp1252"
    return str(best), _codec_name(best.encoding) or best.encoding


def _better_than_cp1252(match, raw: bytes, cp1252, as_cp1252: str) -> bool:
    """Whether another plausible reading beats the plausible cp1252 one.

    Same text: no. A single-byte reading that puts letters where cp1252 has symbols
    inside words (cp1250 Polish: ``W³adze`` -> ``Władze``): yes. Otherwise only a
    reading that is as clean (chaos) and clearly more coherent.
    """
    text = str(match)
    if text == as_cp1252:
        return False
    if len(text) == len(raw):
        gained, lost = _letters_inside_words(text, as_cp1252, raw)
        if gained != lost:
            return gained > lost
    return (
        match.chaos <= cp1252.chaos
        and match.coherence >= cp1252.coherence + CP1252_COHERENCE_MARGIN
    )


def _letters_inside_words(text: str, other: str, raw: bytes) -> tuple[int, int]:
    """Count the places where one of two single-byte readings of ``raw`` has a letter
    between two letters and the other a non-letter: (text's, other's). A symbol that
    becomes a letter next to a space or a digit (``£4`` -> ``Ł4``) says nothing.
    Only non-ASCII bytes can read differently, so only they are looked at."""
    gained = lost = 0
    for m in _NON_ASCII_BYTE.finditer(raw, 1, len(raw) - 1):
        i = m.start()
        a, b = text[i], other[i]
        if a.isalpha() == b.isalpha():
            continue
        reading = text if a.isalpha() else other
        if reading[i - 1].isalpha() and reading[i + 1].isalpha():
            gained += a.isalpha()
            lost += b.isalpha()
    return gained, lost


def decode(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    return map_documents(batch, "decode", decode_bytes, ["raw"], ["text", "encoding"])
