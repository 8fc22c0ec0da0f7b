"""Input faults (issue #18): every input ends as one row per document it holds, or as
an error row naming the file and the cause; nothing vanishes, nothing hangs the run.

Real faults only: files really cut with their compressor's output, real FIFOs, real
permission bits (as root, the run drops the capabilities that bypass them), a real
symlink to ``/dev/zero``, a real non-UTF-8 file name. Each test runs the pipeline
(in-process, or the command line where the exit status or privileges matter) and
reads ``documents.parquet`` as a user would.
"""
from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import random
import resource
import shutil
import stat
import subprocess
import sys
import zlib
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.batch import make_doc_id
from pipeline.config import Config

ROOT = Path(__file__).resolve().parents[2]
# A run that hangs on a fault is a failed test, not a stuck suite.
RUN_TIMEOUT_S = 120
# Address space of a run that meets /dev/zero: a read without a bound fails fast
# instead of taking the machine's memory.
RUN_MEMORY_BYTES = 4 << 30

_rng = random.Random(18)
_WORDS = [
    "council", "harbour", "budget", "residents", "meeting", "bridge", "library", "station", "river",
    "market", "teacher", "summer", "report", "engineers", "traffic", "morning", "village", "museum",
    "garden", "election", "weather", "festival", "railway", "hospital", "workers", "children",
]


def article(i: int, sentences: int = 8) -> str:
    """A distinct paragraph-like text (it does not compress to nothing, so a cut stream
    has records before the cut)."""
    rng = random.Random(i)
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 16))]
        out.append(f"Article {i}: " + " ".join(words).capitalize() + ".")
    return " ".join(out)


def run(inputs, out: Path, **config) -> tuple[dict, pd.DataFrame]:
    manifest = pipeline.run([str(i) for i in inputs], out, Config(progress=False, **config), report=False)
    return manifest, read_docs(out)


def read_docs(out: Path) -> pd.DataFrame:
    return pd.read_parquet(Path(out) / "documents.parquet")


def run_cli(args: list, *, drop_dac: bool = False, memory: int | None = None,
            timeout: int = RUN_TIMEOUT_S) -> subprocess.CompletedProcess:
    """``python -m pipeline run ...`` in a child process. ``drop_dac``: without the
    capabilities that let root read past permission bits (so a mode-000 folder is
    unreadable to it, as to any user)."""
    cmd = [sys.executable, "-m", "pipeline", "run", *map(os.fsdecode, args), "--quiet", "--no-report"]
    if drop_dac and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop CAP_DAC_OVERRIDE to test permission bits")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *cmd]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def limit_memory():
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limit_memory)


def errors(docs: pd.DataFrame) -> pd.DataFrame:
    return docs[docs["status"] == "error"]


def one_error(docs: pd.DataFrame, source) -> str:
    errs = errors(docs)
    assert len(errs) == 1, errs[["source", "record", "error"]].to_string()
    row = errs.iloc[0]
    assert row["source"] == str(source), (row["source"], str(source))
    return row["error"]


# ------------------------------------------------------------------ 1. cut containers

def _jsonl_lines(n: int) -> list[bytes]:
    return [json.dumps({"id": f"r{i:03d}", "text": article(i)}).encode() + b"\n" for i in range(n)]


def _compress_flushed(kind: str, lines: list[bytes]) -> tuple[bytes, list[int]]:
    """The lines compressed so that each is decodable as soon as its bytes are in (a
    flush, or a stream of its own, after each), with the compressed offset each ends at."""
    ends, out = [], io.BytesIO()
    if kind == "gz":
        z = zlib.compressobj(wbits=31)
        for line in lines:
            out.write(z.compress(line) + z.flush(zlib.Z_SYNC_FLUSH))
            ends.append(out.tell())
        out.write(z.flush())
    elif kind == "zst":
        import zstandard

        w = zstandard.ZstdCompressor().stream_writer(out, closefd=False)
        for line in lines:
            w.write(line)
            w.flush(zstandard.FLUSH_BLOCK)
            ends.append(out.tell())
        w.close()
    else:  # bz2, xz: a stream a line, one after another (as parallel compressors write them)
        compress = bz2.compress if kind == "bz2" else lzma.compress
        for line in lines:
            out.write(compress(line))
            ends.append(out.tell())
    return out.getvalue(), ends


@pytest.mark.parametrize("kind", ["gz", "zst", "bz2", "xz"])
def test_cut_compressed_jsonl_keeps_every_record_before_the_cut(tmp_path, kind):
    lines = _jsonl_lines(200)
    blob, ends = _compress_flushed(kind, lines)
    cut = ends[119] + (ends[120] - ends[119]) // 2  # inside record 120
    path = tmp_path / f"pages.jsonl.{kind}"
    path.write_bytes(blob[:cut])
    manifest, docs = run([path], tmp_path / "out")
    ok = docs[docs["status"] == "ok"].sort_values("record")
    assert ok["record"].tolist() == [f"r{i:03d}" for i in range(120)]
    message = one_error(docs, path)
    assert "truncated" in message and f"byte {cut:,}" in message and "120 record(s)" in message, message
    assert len(docs) == 121 and manifest["exit_code"] == 1


def test_cut_plain_jsonl_last_line_is_one_error_row(tmp_path):
    data = b"".join(_jsonl_lines(10))
    path = tmp_path / "pages.jsonl"
    path.write_bytes(data[: len(data) - 40])
    manifest, docs = run([path], tmp_path / "out")
    assert (docs["status"] == "ok").sum() == 9
    assert "cut short" in one_error(docs, path)


@pytest.mark.parametrize("compress", ["zst", "gz"])
def test_cut_single_document_is_an_error_not_empty(tmp_path, compress):
    import zstandard

    text = "\n\n".join(article(i) for i in range(40)).encode()
    blob = zstandard.ZstdCompressor().compress(text) if compress == "zst" else gzip.compress(text)
    path = tmp_path / f"story.txt.{compress}"
    path.write_bytes(blob[: len(blob) // 2])
    manifest, docs = run([path], tmp_path / "out")
    assert len(docs) == 1 and manifest["exit_code"] == 1
    assert one_error(docs, path).startswith("read: truncated: the ")


def _warc(n: int, gz: bool, paragraphs: int = 4) -> tuple[bytes, list[int]]:
    """A WARC of n HTML pages (each record its own gzip member when ``gz``), and the
    offset each record ends at."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    ends = []
    for i in range(n):
        body = (f"<!doctype html><html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1>"
                + "".join(f"<p>{article(i * 100 + k, 3)}</p>" for k in range(paragraphs))
                + "</article></body></html>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
        ends.append(buf.tell())
    return buf.getvalue(), ends


def test_gzipped_warc_cut_by_200_bytes_keeps_the_pages_before(tmp_path):
    blob, ends = _warc(5, gz=True)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(blob[:-200])
    manifest, docs = run([path], tmp_path / "out")
    assert sorted(docs.loc[docs["status"] == "ok", "url"]) == [f"https://example.org/{i}" for i in range(4)]
    message = one_error(docs, path)
    assert "truncated" in message and "gzip" in message, message
    assert manifest["exit_code"] == 1


def test_plain_warc_cut_in_half_marks_the_cut_page_an_error(tmp_path):
    blob, ends = _warc(5, gz=False)
    path = tmp_path / "crawl.warc"
    for cut in (len(blob) // 2, ends[1] + 30, ends[2] + 3):  # in a payload, in a header block, at its start
        path.write_bytes(blob[:cut])
        out = tmp_path / f"out-{cut}"
        manifest, docs = run([path], out)
        whole = sum(1 for end in ends if end <= cut)
        assert sorted(docs.loc[docs["status"] == "ok", "url"]) == [f"https://example.org/{i}" for i in range(whole)]
        assert "truncated" in one_error(docs, path)
        assert manifest["exit_code"] == 1


# ------------------------------------------------------------- 2. unreadable folder

def test_unreadable_subfolder_is_an_error_row(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "a.txt").write_text(article(1))
    (corpus / "locked" / "b.txt").write_text(article(2))
    (corpus / "locked").chmod(0)
    try:
        result = run_cli([corpus, "--out", tmp_path / "out"], drop_dac=True)
    finally:
        (corpus / "locked").chmod(stat.S_IRWXU)
    assert result.returncode == 1, result.stderr
    docs = read_docs(tmp_path / "out")
    assert set(docs["source"]) == {f"{corpus}/a.txt", f"{corpus}/locked"}
    message = one_error(docs, f"{corpus}/locked")
    assert "cannot list the folder" in message and "Permission denied" in message, message


# ----------------------------------------------------------- 4. non-UTF-8 file name

def test_non_utf8_file_name_is_read_with_an_escaped_source(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plain.txt").write_text(article(1))
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "w") as fh:
        fh.write(article(2))
    for incremental in ([], ["--incremental"]):  # the second run finds its file again by that source
        result = run_cli([corpus, "--out", tmp_path / "out", *incremental])
        assert result.returncode == 0, result.stderr
        docs = read_docs(tmp_path / "out")
        assert sorted(docs["source"]) == [f"{corpus}/caf\\xe9.txt", f"{corpus}/plain.txt"]
        assert (docs["status"] == "ok").all()
        assert "Article 2:" in docs.set_index("source").loc[f"{corpus}/caf\\xe9.txt", "text"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["incremental"]["files_carried_over"] == 2


# ----------------------------------------------------------------- 6. libxml2 limits

def _para(i: int) -> str:
    return f"<p>Paragraph {i}. {article(i, 2)}</p>"


def test_html_past_libxml2_default_limits_keeps_its_content(tmp_path):
    corpus = tmp_path / "pages"
    corpus.mkdir()
    (corpus / "unclosed.html").write_text(
        "<html><head><title>Unclosed</title></head><body>" + "".join(f"<div>{_para(i)}" for i in range(1000))
        + "</body></html>")
    (corpus / "deep.html").write_text(
        "<html><head><title>Deep</title></head><body><article>" + "<div>" * 300
        + "".join(_para(i) for i in range(20)) + "</div>" * 300 + "</article></body></html>")
    (corpus / "attribute.html").write_text(
        "<html><head><title>Attribute</title></head><body><article><div data-blob=\"" + "x" * (10 << 20)
        + "\"></div>" + "".join(_para(i) for i in range(20)) + "</article></body></html>")
    (corpus / "deeper.html").write_text(  # past even huge_tree's 2,048 levels, in tags not flattened
        "<html><head><title>Deeper</title></head><body>" + "<blockquote>" * 3000
        + "".join(_para(i) for i in range(20)) + "</blockquote>" * 3000 + "</body></html>")
    manifest, docs = run([corpus], tmp_path / "out")
    docs = docs.set_index("source")
    kept = {name: docs.loc[f"{corpus}/{name}", "text"] or "" for name in ("unclosed.html", "deep.html",
                                                                           "attribute.html")}
    assert all(f"Paragraph {i}." in kept["unclosed.html"] for i in range(1000))
    assert all(f"Paragraph {i}." in kept["deep.html"] for i in range(20))
    assert all(f"Paragraph {i}." in kept["attribute.html"] for i in range(20))
    message = one_error(docs.reset_index(), f"{corpus}/deeper.html")
    assert "libxml2" in message and "2,048 levels" in message, message


# --------------------------------------------------- 7. non-regular files, size limit

def test_fifo_in_a_folder_is_an_error_row_and_never_opened(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(1))
    os.mkfifo(corpus / "pipe.txt")
    os.mkfifo(corpus / "pipe.jsonl")  # a container: hashed for the state before it is read
    result = run_cli([corpus, "--out", tmp_path / "out"])  # a FIFO opened for reading would block here
    assert result.returncode == 1, result.stderr
    docs = read_docs(tmp_path / "out").set_index("source")
    assert docs.loc[f"{corpus}/a.txt", "status"] == "ok"
    for name in ("pipe.txt", "pipe.jsonl"):
        assert docs.loc[f"{corpus}/{name}", "status"] == "error"
        assert "not a regular file (a FIFO)" in docs.loc[f"{corpus}/{name}", "error"]


def test_symlink_to_dev_zero_is_an_error_row(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(1))
    os.symlink("/dev/zero", corpus / "zero.txt")
    result = run_cli([corpus, "--out", tmp_path / "out"], memory=RUN_MEMORY_BYTES)
    assert result.returncode == 1, result.stderr
    docs = read_docs(tmp_path / "out")
    assert "not a regular file (a character device)" in one_error(docs, f"{corpus}/zero.txt")


def test_documents_past_max_document_bytes_are_error_rows(tmp_path):
    limit = 4096
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    small, big = article(1, 4), article(2, 60)
    assert len(small) < limit < len(big)
    (corpus / "small.txt").write_text(small)
    (corpus / "big.txt").write_text(big)
    (corpus / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (64 << 20)))  # 64 MiB from 64 KiB
    (corpus / "records.jsonl").write_text(json.dumps({"id": "s", "text": small}) + "\n"
                                          + json.dumps({"id": "b", "text": big}) + "\n"
                                          + json.dumps({"id": "s2", "text": small}) + "\n")
    with open(corpus / "rows.csv", "w", newline="") as fh:
        csv.writer(fh).writerows([["id", "text"], ["s", small], ["b", big]])
    warc, _ = _warc(1, gz=False, paragraphs=30)
    (corpus / "crawl.warc").write_bytes(warc)  # its page is past 4 KiB too
    result = run_cli([corpus, "--out", tmp_path / "out", "--max-document-size", str(limit)],
                     memory=RUN_MEMORY_BYTES)
    assert result.returncode == 1, result.stderr
    docs = read_docs(tmp_path / "out")
    ok = docs[docs["status"] == "ok"]
    assert sorted(zip(ok["source"], ok["record"].fillna(""))) == [
        (f"{corpus}/records.jsonl", "s"), (f"{corpus}/records.jsonl", "s2"), (f"{corpus}/rows.csv", "s"),
        (f"{corpus}/small.txt", "")]
    errs = errors(docs)
    assert sorted(errs["source"]) == sorted(f"{corpus}/{n}" for n in (
        "big.txt", "bomb.txt.gz", "crawl.warc", "records.jsonl", "rows.csv"))
    assert errs["error"].str.contains(r"larger than max_document_bytes \(4 KiB\)").all(), errs["error"].tolist()


# ---------------------------------------------------------------- 9. repeated ids

def test_repeated_record_ids_get_distinct_doc_ids(tmp_path):
    path = tmp_path / "dups.jsonl"
    path.write_text("".join(json.dumps({"id": rid, "text": article(k)}) + "\n"
                            for k, rid in enumerate(["a", "b", "a", "a", "a#2"])))
    manifest, docs = run([path], tmp_path / "out")
    assert docs["doc_id"].is_unique
    assert sorted(docs["record"]) == ["a", "a#2", "a#2#2", "a#3", "b"]
    first = docs.set_index("record").loc["a"]
    # the first keeps the id it always had: hashed from the file's key (its folder's
    # name and its own, pipeline.readers.id_key) and its record id
    assert first["doc_id"] == make_doc_id(f"{tmp_path.name}/dups.jsonl", "a")
    assert "Article 0:" in first["text"]


# ------------------------------------------------- 11. what a named input really is

def test_named_fifo_and_symlink_loop_say_what_they_are(tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    result = run_cli([tmp_path / "pipe.jsonl", "--out", tmp_path / "out"])
    assert result.returncode == 2 and "neither a file nor a folder (a FIFO)" in result.stderr, result.stderr
    result = run_cli([tmp_path / "loop.txt", "--out", tmp_path / "out"])
    assert result.returncode == 2 and "symlink loop" in result.stderr, result.stderr
    # found in a folder, the loop is an error row of its own
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(1))
    os.symlink("loop.txt", corpus / "loop.txt")
    manifest, docs = run([corpus], tmp_path / "out")
    assert one_error(docs, f"{corpus}/loop.txt") == "read: symlink loop"


# ------------------------------------------------------------- 12. quiet data issues

def test_unclosed_csv_quote_is_an_error_row_naming_the_line(tmp_path):
    rows = [f'{i},"{article(i, 2)}"\n' for i in range(6)]
    rows[3] = f'3,"{article(3, 2)}\n'  # the quote is never closed: the csv module reads on to row 4's quote
    merged = tmp_path / "merged.csv"
    merged.write_text("id,text\n" + "".join(rows))
    unquoted = [f"{i},{article(i, 2)}\n" for i in range(6)]
    unquoted[2] = f'2,"{article(2, 2)}\n'  # no quote after it: it runs to the end of the file
    to_end = tmp_path / "to_end.csv"
    to_end.write_text("id,text\n" + "".join(unquoted))
    multiline = tmp_path / "multiline.csv"  # line breaks inside a quoted field on purpose: no error
    multiline.write_text('id,text\n0,"first paragraph\nsecond paragraph"\n1,"one more"\n')

    manifest, docs = run([merged], tmp_path / "out1")
    assert sorted(docs.loc[docs["status"] == "ok", "record"]) == ["0", "1", "2", "5"]
    message = one_error(docs, merged)
    assert "row 3 (line 5)" in message and "not closed" in message and "1 line(s)" in message, message
    assert manifest["exit_code"] == 1

    manifest, docs = run([to_end], tmp_path / "out2")
    assert sorted(docs.loc[docs["status"] == "ok", "record"]) == ["0", "1"]
    message = one_error(docs, to_end)
    assert "row 2 (line 4)" in message and "never closed" in message and "3 line(s)" in message, message

    manifest, docs = run([multiline], tmp_path / "out3")
    assert manifest["exit_code"] == 0 and len(docs) == 2


def test_jsonl_xz_is_read_and_unsupported_compression_is_an_error_row(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pages.jsonl.xz").write_bytes(lzma.compress(b"".join(_jsonl_lines(3))))
    (corpus / "pages.jsonl.lz4").write_bytes(b"\x04\x22\x4d\x18not really lz4")
    manifest, docs = run([corpus], tmp_path / "out")
    assert sorted(docs.loc[docs["status"] == "ok", "record"]) == ["r000", "r001", "r002"]
    assert "compressed with lz4" in one_error(docs, f"{corpus}/pages.jsonl.lz4")
    assert manifest["counts"]["skipped_files"] == 0


def test_binary_input_is_not_text_and_real_text_in_any_encoding_passes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "random.txt").write_bytes(random.Random(7).randbytes(1 << 20))
    (corpus / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(50_000))
    german = "Der Gemeinderat hat am Dienstag den Haushalt für das kommende Jahr beschlossen. " * 4
    japanese = "東京都は火曜日、来年度の予算案を発表した。野党は計画を厳しく批判した。" * 4
    texts = {
        "utf16_bom.txt": german.encode("utf-16"),
        "utf16le_no_bom.txt": german.encode("utf-16-le"),
        "utf32_bom.txt": german.encode("utf-32"),
        "japanese_utf16_bom.txt": japanese.encode("utf-16"),
        "shift_jis.txt": japanese.encode("shift_jis"),
        "cp1252.txt": german.encode("cp1252"),
        "utf8.txt": (german + japanese).encode(),
    }
    for name, data in texts.items():
        (corpus / name).write_bytes(data)
    manifest, docs = run([corpus], tmp_path / "out")
    docs = docs.set_index("source")
    for name in ("random.txt", "image.html"):
        assert docs.loc[f"{corpus}/{name}", "status"] == "error"
        assert "not text" in docs.loc[f"{corpus}/{name}", "error"]
    for name in texts:
        row = docs.loc[f"{corpus}/{name}"]
        assert row["status"] == "ok", (name, row["error"])
    assert "Gemeinderat" in docs.loc[f"{corpus}/utf16le_no_bom.txt", "text"]
    assert "東京都" in docs.loc[f"{corpus}/shift_jis.txt", "text"]
