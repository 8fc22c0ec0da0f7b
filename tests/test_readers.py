"""Readers: every container the tests write themselves, read in one run and alone.

The central promise: the same article comes out the same whatever holds it. Its text
as a ``.txt`` file, a JSONL record (plain and gzipped), a JSON array element, a CSV
row and a Parquet row gives one output; its page as an ``.html`` file, a WARC record
and a JSONL ``html`` field gives one output.
"""
from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import os
import tracemalloc

import pandas as pd
import pytest

import pipeline
from conftest import SEEDS
from pipeline.config import Config
from pipeline.readers import READERS, InputError, check_inputs, read_records
from pipeline.readers import jsonl as jsonl_reader

ARTICLE = (SEEDS / "000_a347b352d9281daa.txt").read_text(encoding="utf-8")
ARTICLE_ID = "art-1"
ARTICLE_URL = "https://example.org/news/cse-progress"
PAGE_URL = "https://example.org/2023/04/05/harbour-bridge-reopens"

PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Wednesday morning after eighteen months of repairs "
    "that cost the city far more than its engineers had first estimated.",
    "Commuters who had spent the closure on ferries and detours queued from dawn to be among the "
    "first across, and several said the wait had been worth it for the shorter journey home.",
    "The council said the new deck should last at least forty years, and that the old cables, "
    "which had corroded faster than expected, had all been replaced with galvanised steel.",
    "Work on the approach roads will continue into the summer, with one lane closed at night.",
]
COMMENT = "What a waste of money, the ferry was fine and nobody asked the residents about any of it."
PAGE_HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Example Times</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-04-05T09:30:00Z">
<meta property="og:site_name" content="The Example Times">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
<h1>Harbour bridge reopens after repairs</h1>
{''.join(f'<p>{p}</p>' for p in PARAGRAPHS[:2])}
<p>Sign up for our newsletter</p>
{''.join(f'<p>{p}</p>' for p in PARAGRAPHS[2:])}
</article>
<section id="comments" class="comments"><h3>2 comments</h3>
<div class="comment"><p class="author">Pat says:</p><p>{COMMENT}</p></div></section>
<footer><p>Copyright 2023 The Example Times</p></footer>
</body></html>
"""
OTHER_TEXT = (SEEDS / "001_39b352e4c72263b1.txt").read_text(encoding="utf-8")
DOC_COLUMNS = ["text", "title", "author", "date"]


# ---------------------------------------------------------------- fixture writers

def write_jsonl(path, records, opener=open):
    with opener(path, "wt", encoding="utf-8") as fh:
        for rec in records:
            fh.write(rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False))
            fh.write("\n")


def write_warc(path, pages, extra=True):
    """A gzipped WARC: the pages as responses, plus what a crawl also holds."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(writer, url, body, content_type, status="200 OK"):
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "tests"}))
        for url, body in pages:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
            writer.write_record(response(writer, url, body, "text/html; charset=utf-8"))
        if extra:
            writer.write_record(response(writer, "https://example.org/logo.png", b"\x89PNG\r\n", "image/png"))
            writer.write_record(response(writer, "https://example.org/app.js", b"var x;", "text/javascript"))
            writer.write_record(response(writer, "https://example.org/gone", b"<html>Not found</html>",
                                         "text/html", status="404 Not Found"))


def build_corpus(root):
    """One folder holding every container; returns {label: (source, record)} of the article copies."""
    root.mkdir()
    (root / "page.txt").write_text(ARTICLE, encoding="utf-8")
    write_jsonl(root / "records.jsonl", [
        {"id": ARTICLE_ID, "text": ARTICLE, "url": ARTICLE_URL},
        {"id": "other", "content": OTHER_TEXT},
    ])
    write_jsonl(root / "records.jsonl.gz", [{"text": OTHER_TEXT}, {"body": ARTICLE}], opener=gzip.open)
    (root / "array.json").write_text(json.dumps([{"raw_content": ARTICLE}]), encoding="utf-8")
    with open(root / "rows.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "url", "text"])
        w.writerow([7, ARTICLE_URL, ARTICLE])
    pd.DataFrame({"id": ["p0", "p1"], "text": [OTHER_TEXT, ARTICLE]}).to_parquet(root / "rows.parquet")
    (root / "page.html").write_bytes(PAGE_HTML.encode("utf-8"))
    write_warc(root / "crawl.warc.gz", [(PAGE_URL, PAGE_HTML.encode("utf-8"))])
    (root / "sub").mkdir()
    write_jsonl(root / "sub" / "pages.jsonl", [{"id": "h1", "url": PAGE_URL, "html": PAGE_HTML}])
    (root / "notes.md").write_text("not an input", encoding="utf-8")
    src = str(root)
    return {
        "text": {
            "txt": (f"{src}/page.txt", None),
            "jsonl": (f"{src}/records.jsonl", ARTICLE_ID),
            "jsonl.gz": (f"{src}/records.jsonl.gz", "1"),
            "json array": (f"{src}/array.json", "0"),
            "csv": (f"{src}/rows.csv", "7"),
            "parquet": (f"{src}/rows.parquet", "p1"),
        },
        "html": {
            "html": (f"{src}/page.html", None),
            "warc": (f"{src}/crawl.warc.gz", None),
            "jsonl html": (f"{src}/sub/pages.jsonl", "h1"),
        },
    }


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    """One run over the folder mixing every container."""
    base = tmp_path_factory.mktemp("mixed")
    where = build_corpus(base / "in")
    manifest = pipeline.run([str(base / "in")], base / "out", Config(progress=False), report=False)
    docs = pd.read_parquet(base / "out" / "documents.parquet")
    removed = pd.read_parquet(base / "out" / "removed.parquet")
    return where, manifest, docs, removed


def _row(docs, source, record):
    sel = docs[(docs["source"] == source)
               & (docs["record"].isna() if record is None else docs["record"].eq(record))]
    if record is None and sel.empty:  # a WARC page: its record is the WARC-Record-ID
        sel = docs[docs["source"] == source]
    assert len(sel) == 1, (source, record, docs[["source", "record"]])
    return sel.iloc[0]


def _output(docs, removed, source, record):
    row = _row(docs, source, record)
    blocks = removed[removed["doc_id"] == row["doc_id"]].sort_values("start")
    return ({c: row[c] for c in DOC_COLUMNS},
            list(zip(blocks["start"], blocks["end"], blocks["category"], blocks["rule"], blocks["text"])))


# ---------------------------------------------------------------- one mixed run

def test_mixed_folder_reads_every_container(mixed_run):
    where, manifest, docs, _ = mixed_run
    assert manifest["exit_code"] == 0, docs[docs["status"] == "error"][["source", "error"]]
    assert set(docs["status"]) == {"ok"}
    counts = manifest["counts"]
    assert counts["files"] == 9 and counts["skipped_files"] == 1
    assert counts["documents"] == len(docs) == 12
    for label, (source, record) in {**where["text"], **where["html"]}.items():
        assert _row(docs, source, record)["status"] == "ok", label


def test_warc_skips_non_html_records_and_counts_them(mixed_run):
    where, manifest, docs, _ = mixed_run
    warc = docs[docs["source"] == where["html"]["warc"][0]]
    assert len(warc) == 1  # the page; not the image, the script, the 404, the request or warcinfo
    assert manifest["counts"]["skipped_records"] == 3
    assert warc.iloc[0]["url"] == PAGE_URL
    assert warc.iloc[0]["record"].startswith("<urn:uuid:")


def test_text_is_identical_across_text_containers(mixed_run):
    where, _, docs, removed = mixed_run
    outputs = {label: _output(docs, removed, *at) for label, at in where["text"].items()}
    reference = outputs.pop("txt")
    assert reference[0]["text"] and reference[1], "the article should lose some boilerplate"
    for label, got in outputs.items():
        assert got == reference, label


def test_text_is_identical_across_html_containers(mixed_run):
    where, _, docs, removed = mixed_run
    outputs = {label: _output(docs, removed, *at) for label, at in where["html"].items()}
    reference = outputs.pop("html")
    assert PARAGRAPHS[0] in reference[0]["text"]
    for label, got in outputs.items():
        assert got == reference, label


def test_record_ids_urls_and_stable_doc_ids(mixed_run, tmp_path):
    where, _, docs, _ = mixed_run
    row = _row(docs, *where["text"]["jsonl"])
    assert row["url"] == ARTICLE_URL
    assert _row(docs, *where["text"]["csv"])["url"] == ARTICLE_URL
    assert docs["doc_id"].is_unique
    again = pd.read_parquet(_run(tmp_path, [where["text"]["jsonl"][0]]) / "documents.parquet")
    assert list(again["doc_id"]) == list(docs[docs["source"] == where["text"]["jsonl"][0]]["doc_id"])


def _run(tmp_path, inputs, **config):
    out = tmp_path / "out"
    pipeline.run(inputs, out, Config(progress=False, **config), report=False)
    return out


# ---------------------------------------------------------------- broken records

def test_broken_records_become_error_rows_and_the_rest_goes_through(tmp_path):
    path = tmp_path / "broken.jsonl"
    write_jsonl(path, [
        {"id": "a", "text": ARTICLE},
        '{"id": "b", "text": "unterminated',
        {"id": "c", "title": "no text field at all"},
        {"id": "d", "text": ["not", "a", "string"]},
        "[1, 2]",
        {"id": "e", "text": OTHER_TEXT},
    ])
    csv_path = tmp_path / "broken.csv"
    csv_path.write_text(f'id,text\nr1,"{OTHER_TEXT[:200]}"\nr2\n', encoding="utf-8")
    out = tmp_path / "out"
    manifest = pipeline.run([str(path), str(csv_path)], out, Config(progress=False), report=False)
    docs = pd.read_parquet(out / "documents.parquet").set_index("record")
    assert manifest["exit_code"] == 1
    assert list(docs.loc[["a", "e", "r1"], "status"]) == ["ok", "ok", "ok"]
    for record in ("1", "c", "d", "4", "r2"):
        assert docs.loc[record, "status"] == "error", record
        assert docs.loc[record, "error"].startswith("read: "), record
    assert "line 2" in docs.loc["1", "error"]
    assert manifest["counts"]["error"] == 5


def test_a_table_without_a_text_column_is_one_error(tmp_path):
    pd.DataFrame({"headline": ["a", "b"]}).to_parquet(tmp_path / "t.parquet")
    recs = list(read_records([str(tmp_path / "t.parquet")], Config()))
    assert len(recs) == 1 and "no text or html column" in recs[0]["error"]


# ---------------------------------------------------------------- readers alone

def _read(inputs, **config):
    stats: dict = {}
    return list(read_records([str(i) for i in inputs], Config(**config), stats)), stats


def test_compression_is_detected_from_bytes_not_name(tmp_path):
    import zstandard

    line = json.dumps({"text": "hello"}).encode() + b"\n"
    (tmp_path / "gz_named_plain.jsonl").write_bytes(gzip.compress(line))
    (tmp_path / "plain_named_gz.jsonl.gz").write_bytes(line)
    (tmp_path / "z.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(line))
    (tmp_path / "b.jsonl.bz2").write_bytes(bz2.compress(line))
    (tmp_path / "t.txt.gz").write_bytes(gzip.compress(b"hello"))
    recs, stats = _read([tmp_path])
    assert [r.get("error") for r in recs] == [None] * 5
    assert {bytes(r["raw"]) for r in recs} == {b"hello"}
    assert stats["files"] == 5


def test_field_mapping_flags(tmp_path):
    path = tmp_path / "custom.jsonl"
    write_jsonl(path, [{"key": "k1", "link": "u", "page_text": "the text", "page": "<html></html>",
                        "address": "https://x.org/a"}])
    (rec,), _ = _read([path], text_field="page_text", id_field="key", url_field="address")
    assert (rec["raw"], rec["kind"], rec["record"], rec["url"]) == (b"the text", "text", "k1", "https://x.org/a")
    (rec,), _ = _read([path], html_field="page")
    assert (rec["raw"], rec["kind"], rec["record"], rec["url"]) == ("<html></html>", "html", "0", "u")


def test_html_field_without_text_field_is_an_html_page(tmp_path):
    path = tmp_path / "pages.jsonl"
    write_jsonl(path, [{"html": "<p>x</p>"}, {"html": "<p>x</p>", "text": "y"}])
    kinds = [r["kind"] for r in _read([path])[0]]
    assert kinds == ["html", "text"]


def test_json_array_is_streamed_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl_reader, "ARRAY_CHUNK_CHARS", 7)
    items = [{"id": i, "text": f"text number {i} " * (i + 1)} for i in range(12)] + ["a bare string", 12345]
    (tmp_path / "a.json").write_text("\ufeff [\n" + ",\n".join(json.dumps(x) for x in items) + "\n]\n",
                                     encoding="utf-8")
    recs, _ = _read([tmp_path / "a.json"])
    assert [r["record"] for r in recs] == [str(i) for i in range(14)]
    assert recs[5]["raw"] == items[5]["text"].encode()
    assert recs[12]["raw"] == b"a bare string"
    assert "not an object" in recs[13]["error"]


def test_broken_json_array_keeps_what_came_before(tmp_path):
    (tmp_path / "a.json").write_text('[{"text": "one"}, {"text": "two"} {"text": "three"}]', encoding="utf-8")
    recs, _ = _read([tmp_path / "a.json"])
    assert [r.get("error") is None for r in recs] == [True, True, False]


def test_csv_delimiter_and_invalid_utf8(tmp_path):
    (tmp_path / "semi.csv").write_bytes("id;text\n1;caf\xe9 cr\xe8me\n".encode("latin-1"))
    (rec,), _ = _read([tmp_path / "semi.csv"])
    assert rec["record"] == "1" and rec["raw"] == "caf\xe9 cr\xe8me".encode("latin-1")  # decode stage's job


def test_unknown_files_are_counted_in_folders_and_refused_by_name(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    recs, stats = _read([tmp_path])
    assert recs == [] and stats["skipped_files"] == 1
    recs, _ = _read([tmp_path / "a.pdf"])
    assert "unsupported file type" in recs[0]["error"]
    with pytest.raises(InputError):
        check_inputs([str(tmp_path / "missing.jsonl")])


def test_globs_and_several_inputs(tmp_path):
    for name in ("a.txt", "b.txt", "c.jsonl"):
        (tmp_path / name).write_text('{"text": "x"}' if name.endswith("jsonl") else "x", encoding="utf-8")
    recs, _ = _read([tmp_path / "*.txt", tmp_path / "c.jsonl"])
    assert [r["source"].rsplit("/", 1)[-1] for r in recs] == ["a.txt", "b.txt", "c.jsonl"]


def test_glob_matching_folders_recurses_them_once(tmp_path):
    (tmp_path / "c" / "sub").mkdir(parents=True)
    (tmp_path / "c" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "c" / "sub" / "b.txt").write_text("b", encoding="utf-8")
    recs, _ = _read([f"{tmp_path}/c/**"])
    assert sorted(r["raw"] for r in recs) == [b"a", b"b"]
    recs, _ = _read([f"{tmp_path}/c/s*"])
    assert [r["raw"] for r in recs] == [b"b"]


def test_wet_conversion_records_are_texts(tmp_path):
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.wet.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warc_record(
            PAGE_URL, "conversion", payload=io.BytesIO(ARTICLE.encode()), warc_content_type="text/plain"))
    (rec,), stats = _read([path])
    assert (rec["kind"], rec["raw"], rec["url"]) == ("text", ARTICLE.encode(), PAGE_URL)


def test_every_advertised_extension_has_a_reader():
    for ext in (".txt", ".html", ".htm", ".jsonl", ".json", ".csv", ".parquet", ".warc"):
        assert ext in READERS


# ---------------------------------------------------------------- streaming

STREAM_RECORDS = 400
STREAM_RECORD_CHARS = 50_000  # 20 MB in all
STREAM_PEAK_BYTES = 6_000_000


def _peak_while_reading(path) -> tuple[int, int]:
    tracemalloc.start()
    n = 0
    for rec in read_records([str(path)], Config()):
        assert rec.get("error") is None, rec.get("error")
        n += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return n, peak


def test_jsonl_is_read_record_by_record(tmp_path):
    path = tmp_path / "big.jsonl.gz"
    body = "x" * STREAM_RECORD_CHARS
    with gzip.open(path, "wt", compresslevel=1) as fh:
        for i in range(STREAM_RECORDS):
            fh.write(json.dumps({"id": i, "text": body}) + "\n")
    n, peak = _peak_while_reading(path)
    assert n == STREAM_RECORDS and peak < STREAM_PEAK_BYTES


def test_warc_is_read_record_by_record(tmp_path):
    path = tmp_path / "big.warc.gz"
    body = b"<html><body><p>" + b"y" * STREAM_RECORD_CHARS + b"</p></body></html>"
    write_warc(path, [(f"https://example.org/{i}", body) for i in range(STREAM_RECORDS)], extra=False)
    n, peak = _peak_while_reading(path)
    assert n == STREAM_RECORDS and peak < STREAM_PEAK_BYTES


def test_pretty_printed_json_objects(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "x", "text": "one article"}, indent=2), encoding="utf-8")
    two = json.dumps({"text": "first"}, indent=2) + "\n" + json.dumps({"text": "second"}, indent=2)
    (tmp_path / "two.json").write_text(two, encoding="utf-8")
    recs, _ = _read([tmp_path / "one.json", tmp_path / "two.json"])
    assert [(r["record"], r["raw"]) for r in recs] == [("x", b"one article"), ("0", b"first"), ("1", b"second")]


def test_single_document_files_are_read_once_and_hashed_as_on_disk(tmp_path, monkeypatch):
    """The run reads a .txt/.html file once for both its text and its --incremental
    hash: the hash is of the bytes on disk (compressed or not), the text decompressed,
    and a file that will not decompress is an error row while the others go on."""
    import hashlib

    import pyarrow.parquet as pq
    import zstandard

    body = b"\n\n".join([b"A plain sentence of an article that ends with a full stop, and then goes on "
                          b"for a while so that it reads as a paragraph of running text."] * 3)
    files = {
        "plain.txt": body,
        "packed.txt.gz": gzip.compress(body),
        "page.html.zst": zstandard.ZstdCompressor().compress(b"<html><body><article><p>" + body
                                                             + b"</p></article></body></html>"),
        "broken.txt.gz": gzip.compress(body)[:12] + b"not gzip at all",
    }
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    import builtins
    import collections

    opened = collections.Counter()
    real_open = builtins.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.fspath(file).startswith(str(corpus)):
            opened[os.path.basename(file)] += 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    out = tmp_path / "out"
    pipeline.run([str(corpus)], out, Config(progress=False), report=False)
    monkeypatch.undo()
    assert opened == {name: 1 for name in files}
    docs = pd.read_parquet(out / "documents.parquet").set_index("source")
    assert set(docs.index) == {f"{corpus}/{n}" for n in files}
    for name in ("plain.txt", "packed.txt.gz"):
        assert docs.loc[f"{corpus}/{name}", "text"] == body.decode()
    assert docs.loc[f"{corpus}/page.html.zst", "status"] == "ok"
    broken = docs.loc[f"{corpus}/broken.txt.gz"]
    assert broken["status"] == "error" and broken["error"].startswith("read: ")
    state = pq.read_table(out / ".state.parquet").to_pandas().set_index("source")
    for name, data in files.items():
        if name != "broken.txt.gz":
            assert state.loc[f"{corpus}/{name}", "sha256"] == hashlib.sha256(data).hexdigest()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["files"] == 4
