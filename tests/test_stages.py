"""segment and strip, and the per-document error isolation every stage shares."""
import pytest

from pipeline.batch import new_batch
from pipeline.config import Config
from pipeline.stages import run_stages
from pipeline.stages.base import map_documents
from pipeline.stages.segment import segment_text
from pipeline.stages.strip import strip_document


def test_segment_offsets_trim_lines():
    text = "Title\n\n  indented line  \nlast"
    (spans,) = segment_text(text)
    assert [text[s:e] for s, e in spans] == ["Title", "indented line", "last"]


def test_strip_removes_whole_lines_and_keeps_the_rest_verbatim():
    text = "Keep one.\nDrop me\n\nKeep two.\n"
    (spans,) = segment_text(text)
    labels = [None, ("chrome", "test.rule"), None]
    clean, removed, *_ = strip_document(text, spans, labels, {}, None, None, None, skip_strip=False)
    assert clean == "Keep one.\n\nKeep two."
    assert removed == [{"start": 10, "end": 17, "category": "chrome", "rule": "test.rule", "text": "Drop me"}]


def test_strip_with_nothing_to_remove_returns_text_unchanged():
    text = "One.\n\n\nTwo.  \n"
    (spans,) = segment_text(text)
    clean, removed, *_ = strip_document(text, spans, [None, None], {}, None, None, None, skip_strip=False)
    assert clean == text and removed == []


def test_skip_strip_keeps_repaired_text():
    batch = new_batch([{"source": "a.txt", "raw": "Share\nArticle text.".encode()}])
    out = run_stages(batch, Config(skip=("strip",)))
    assert out.loc[0, "clean_text"] == "Share\nArticle text."
    assert out.loc[0, "removed"] == []


def test_a_raising_document_becomes_an_error_row_and_the_rest_go_on():
    batch = new_batch([{"source": "a", "raw": b"x"}, {"source": "b", "raw": b"y"}])
    batch["text"] = ["ok", "boom"]

    def fn(text):
        if text == "boom":
            raise ValueError("bad document")
        return (text.upper(),)

    out = map_documents(batch, "demo", fn, ["text"], ["upper"])
    assert out["status"].tolist() == ["ok", "error"]
    assert "demo: ValueError: bad document" in out.loc[1, "error"]
    assert out.loc[0, "upper"] == "OK"


def test_decode_then_repair_on_cp1252_bytes():
    raw = "Caf\u00e9 \u2019quoted\u2019 text.".encode("cp1252")
    out = run_stages(new_batch([{"source": "a.txt", "raw": raw}]), Config())
    assert out.loc[0, "text"] == "Caf\u00e9 \u2019quoted\u2019 text."
    assert isinstance(out.loc[0, "encoding"], str)


@pytest.mark.parametrize("text", [
    "", "\n", "  \n\t\n", "one", "  padded  \nnext\n\n\nlast  ", "a\u2028b\nc\r\nd\u00a0",
    "\u0085x\x0c\ny \u3000", "tabs\tinside\tline\n\t\tindented",
])
def test_segment_spans_are_the_trimmed_non_blank_lines(text):
    import re

    expected = [m.span() for m in re.finditer(r"\S(?:[^\n]*\S)?", text)]
    assert segment_text(text) == (expected,)


def test_segment_blocks_gives_each_span_its_text():
    from pipeline.stages.segment import segment_blocks

    text = "  Title \n\n\tBody line one.\u00a0\n \u2003\nlast"
    spans, blocks = segment_blocks(text)
    assert (spans,) == segment_text(text)
    assert blocks == [text[s:e] for s, e in spans] == ["Title", "Body line one.", "last"]
