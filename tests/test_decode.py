"""The decode stage: byte-order marks, declared charsets, UTF-8, detection.

The paragraphs are test_repair's clean texts; detection is tested on whole texts and
on single paragraphs (150-600 bytes), where charset detectors are least sure.
"""
from __future__ import annotations

import codecs

import pytest

from pipeline.stages.decode import decode_bytes
from test_repair import CLEAN, LEGACY, LEGACY_ALSO

SHORTEST_PARAGRAPH_BYTES = 150


def test_text_input_passes_through():
    assert decode_bytes("already text ’") == ("already text ’", "unicode")


def test_empty_and_ascii_are_utf8():
    assert decode_bytes(b"") == ("", "utf-8")
    assert decode_bytes(b"plain ascii") == ("plain ascii", "utf-8")


@pytest.mark.parametrize(
    "raw, encoding",
    [
        (codecs.BOM_UTF8 + "café ’".encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "café ’".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "café ’".encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + "café ’".encode("utf-32-le"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + "café ’".encode("utf-32-be"), "utf-32-be"),
    ],
)
def test_byte_order_mark_decides_and_is_dropped(raw, encoding):
    assert decode_bytes(raw) == ("café ’", encoding)


def _page(head: str, body: str, encoding: str) -> tuple[str, bytes]:
    text = f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"
    return text, text.encode(encoding)


@pytest.mark.parametrize(
    "head, encoding, recorded",
    [
        ('<meta charset="windows-1251">', "cp1251", "cp1251"),
        ("<meta charset=shift_jis>", "shift_jis", "shift_jis"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GB2312">', "gb18030", "gb2312"),
        ('<meta charset="iso-8859-2">', "iso8859-2", "iso8859-2"),
    ],
)
def test_declared_html_charset_is_used(head, encoding, recorded):
    body = {"cp1251": CLEAN["ru"], "shift_jis": CLEAN["ja"], "gb18030": "市政府周二公布了新的计划",
            "iso8859-2": "Władze miasta przedstawiły"}[encoding]
    text, raw = _page(head, body, encoding)
    assert decode_bytes(raw) == (text, recorded)


def test_declared_xml_encoding_is_used():
    text = '<?xml version="1.0" encoding="windows-1253"?>\n<doc>' + CLEAN["el"] + "</doc>"
    assert decode_bytes(text.encode("cp1253")) == (text, "cp1253")


def test_declared_latin1_reads_as_cp1252_like_browsers():
    """0x93/0x94 in a page labelled ISO-8859-1 are cp1252's curly quotes."""
    text, raw = _page('<meta charset="ISO-8859-1">', "“café”", "cp1252")
    assert decode_bytes(raw) == (text, "cp1252")


def test_misdeclared_utf8_page_stays_utf8():
    """An old template's latin-1 label on a page that is valid UTF-8."""
    text, raw = _page('<meta charset="iso-8859-1">', CLEAN["de"], "utf-8")
    assert decode_bytes(raw) == (text, "utf-8")


def test_unknown_declared_charset_falls_through():
    text, raw = _page('<meta charset="x-no-such-thing">', CLEAN["fr"], "utf-8")
    assert decode_bytes(raw) == (text, "utf-8")


@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_strict_utf8(lang):
    assert decode_bytes(CLEAN[lang].encode("utf-8")) == (CLEAN[lang], "utf-8")


@pytest.mark.parametrize("lang", ["en", "de", "ru", "ja"])
def test_mostly_utf8_keeps_its_reading_with_bad_bytes_replaced(lang):
    """A few stray bytes (a truncated sequence, a cp1252 quote) in a UTF-8 file."""
    text = CLEAN[lang]
    cut = len(text) // 2
    raw = text[:cut].encode() + b"\x92" + text[cut:].encode() + b"\xe2\x80"
    assert decode_bytes(raw) == (text[:cut] + "\ufffd" + text[cut:] + "\ufffd", "utf-8")


def _legacy_cases():
    cases = []
    for lang, enc in [*LEGACY.items(), *LEGACY_ALSO.items()]:
        try:
            CLEAN[lang].encode(enc)
        except UnicodeEncodeError:
            continue
        cases.append(pytest.param(CLEAN[lang], enc, id=f"{lang}-{enc}-whole"))
        for n, para in enumerate(p for p in CLEAN[lang].split("\n") if p):
            if len(para.encode(enc)) >= SHORTEST_PARAGRAPH_BYTES:
                cases.append(pytest.param(para, enc, id=f"{lang}-{enc}-para{n}"))
    return cases


@pytest.mark.parametrize("text, enc", _legacy_cases())
def test_legacy_code_page_detected(text, enc):
    decoded, _ = decode_bytes(text.encode(enc))
    assert decoded == text


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "it"])
def test_short_western_text_prefers_cp1252(lang):
    """Detectors call a short German paragraph Big5 or a French one mac-latin2;
    valid, plausible cp1252 wins unless another reading is clearly better."""
    for para in (p for p in CLEAN[lang].split("\n") if p):
        assert decode_bytes(para.encode("cp1252")) == (para, "cp1252")


def test_cp1250_beats_cp1252_when_it_makes_the_words():
    """``W³adze`` (cp1252) against ``Władze`` (cp1250): letters inside words win."""
    para = CLEAN["pl"].split("\n")[0]
    assert decode_bytes(para.encode("cp1250")) == (para, "cp1250")
