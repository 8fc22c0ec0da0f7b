"""The diff report: report.html (one file or split into pages), report.md."""
from __future__ import annotations

import html
import json
import re
import shutil
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline.report as report
from pipeline.report import CATEGORY_COLOURS, load_outputs, write_report
from pipeline.schema import DOCUMENTS_SCHEMA, REMOVED_SCHEMA, REPAIRED_SCHEMA
from pipeline.report.html import unpacked_sections

MARK = re.compile(r'<mark class="rm c-([\w-]+)" data-cat="([^"]*)" data-rule="([^"]*)">(.*?)</mark>', re.S)


def report_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert m, "report.html has no data block"
    return json.loads(m.group(1))


def write_outputs(out: Path, docs: list[dict], parts: int = 1, shuffle_removed: bool = False) -> Path:
    """A run's Parquet outputs written by hand: documents, removed, repaired, manifest.

    Each doc: doc_id, text (repaired), blocks [(start, end, category, rule)], and any
    documents column to override (status, error, fixes, title...).
    """
    out.mkdir(parents=True, exist_ok=True)
    drows, rrows, prows = [], [], []
    for d in docs:
        text = d.get("text")
        blocks = d.get("blocks", [])
        status = d.get("status", "ok")
        clean = None
        if status != "error":
            keep, cur = [], 0
            for s, e, _, _ in sorted(blocks):
                keep.append(text[cur:s])
                cur = e
            keep.append(text[cur:])
            clean = "".join(keep).strip()
        row = {f.name: None for f in DOCUMENTS_SCHEMA}
        row.update(doc_id=d["doc_id"], source=d.get("source", f"corpus/{d['doc_id']}.txt"), text=clean, status=status,
                   fixes=d.get("fixes", []), encoding="utf-8",
                   chars_in=len(text) if text is not None else None, chars_out=len(clean) if clean is not None else None)
        row.update({k: v for k, v in d.items() if k in row and k not in ("text",)})
        drows.append(row)
        if status != "error":
            prows.append({"doc_id": d["doc_id"], "source": row["source"], "text": text})
            for s, e, cat, rule in blocks:
                rrows.append({"doc_id": d["doc_id"], "source": row["source"], "start": s, "end": e, "category": cat,
                              "rule": rule, "text": text[s:e]})
    if shuffle_removed:
        rrows = rrows[::-1]
    for name, rows, schema in (("documents", drows, DOCUMENTS_SCHEMA), ("removed", rrows, REMOVED_SCHEMA),
                               ("repaired", prows, REPAIRED_SCHEMA)):
        table = pa.Table.from_pylist(rows, schema=schema)
        if parts == 1:
            pq.write_table(table, out / f"{name}.parquet")
        else:
            folder = out / f"{name}.parquet"
            folder.mkdir()
            step = max(1, -(-table.num_rows // parts))
            for k in range(parts):
                pq.write_table(table.slice(k * step, step), folder / f"part-{k:05d}.parquet")
    (out / "manifest.json").write_text(json.dumps({"started": "2026-01-02T03:04:05+00:00", "inputs": ["corpus"]}))
    return out


def sample_docs(n: int = 12) -> list[dict]:
    docs = []
    for i in range(n):
        body = f"Headline number {i}\n\nThe article body of document {i} says <b>something</b> & more.\n\n"
        promo = "Latest News\n\n"
        nl = "Sign up to our newsletter\n"
        text = body + promo + nl
        a = len(body)
        blocks = [(0, len(f"Headline number {i}"), "title", "title.first_short_block"),
                  (a, a + len("Latest News"), "promo", "promo.header")]
        if i % 2 == 0:
            b = a + len(promo)
            blocks.append((b, b + len("Sign up to our newsletter"), "newsletter", "newsletter.call"))
        docs.append({"doc_id": f"d{i:04d}", "text": text, "blocks": blocks, "title": f"Headline number {i}",
                     "url": f"https://example.org/{i}", "fixes": ["fold_whitespace_runs"] if i % 3 == 0 else []})
    docs.append({"doc_id": "bad0", "text": None, "status": "error", "error": "DecodeError: no luck\ntraceback…"})
    return docs


# --------------------------------------------------------------------------- on the seeds


def test_seeds_report_summary_and_marks(seeds_run):
    out, manifest = seeds_run
    page = (out / "report.html").read_text(encoding="utf-8")
    data = report_data(page)
    assert data["inline"] and data["n"] == manifest["counts"]["documents"]
    assert 'id="summary"' in page and 'id="chart-categories"' in page and 'id="rules"' in page
    # every removed block is drawn in place, with its category and rule
    _, removed, repaired, _ = load_outputs(out)
    marks = MARK.findall(page)
    assert len(marks) == len(removed) == manifest["counts"]["removed_blocks"]
    got = sorted((cat, rule, html.unescape(text)) for _, cat, rule, text in marks)
    want = sorted(zip(removed["category"], removed["rule"], removed["text"]))
    assert got == want
    # the top rules and categories are the manifest's
    for rule_key in list(manifest["rules"])[:5]:
        assert rule_key.split("/", 1)[1] in page
    for cat in manifest["removed_by_category"]:
        assert f"chip\" data-cat=\"{cat}\"" in page
    assert f"{manifest['chars']['in']:,}" in page


def test_seeds_report_is_self_contained(seeds_run):
    out, _ = seeds_run
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<(link|img|iframe)\b", page)
    assert not re.search(r"<script[^>]+src=", page)
    assert "@import" not in page and "url(" not in page
    assert not (out / "report").exists()


def test_seeds_report_md(seeds_run):
    out, manifest = seeds_run
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Cleaning report")
    c = manifest["counts"]
    assert f"| {c['documents']:,} | {c['ok']:,} | {c['empty']:,} | {c['error']:,} |" in md
    for cat, n in manifest["removed_by_category"].items():
        assert re.search(rf"^\| {cat} \| {n:,} \|", md, re.M)
    assert "## Encoding fixes" in md and "## Rules that fired most" in md


def test_category_colours_cover_vocabulary():
    from pipeline.schema import CATEGORIES

    assert set(CATEGORIES) <= set(CATEGORY_COLOURS)


# --------------------------------------------------------------------------- by hand


def test_errors_fixes_and_escaping(tmp_path):
    out = write_outputs(tmp_path / "o", sample_docs(6))
    page = write_report(out).read_text(encoding="utf-8")
    assert "&lt;b&gt;something&lt;/b&gt; &amp; more" in page  # text is escaped, never markup
    assert "DecodeError: no luck" in page and 'id="errors"' in page
    assert "fold_whitespace_runs" in page
    data = report_data(page)
    rows = data["shards"][0]
    assert len(rows) == 7 and rows[-1][5] == "error" and rows[-1][11].startswith("DecodeError")
    md = (out / "report.md").read_text()
    assert "## Errors" in md and "DecodeError: no luck" in md


def test_split_pages_and_sharded_index(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "INLINE_MAX_DOCS", 5)
    monkeypatch.setattr(report, "DOCS_PER_PAGE", 4)
    monkeypatch.setattr(report, "INDEX_SHARD_ROWS", 3)
    monkeypatch.setattr(report, "INDEX_INLINE_MAX_BYTES", 600)
    docs = sample_docs(12)
    out = write_outputs(tmp_path / "o", docs)
    top = write_report(out).read_text(encoding="utf-8")
    data = report_data(top)
    assert not data["inline"] and data["n"] == 13
    assert '<section class="doc"' not in top  # the sections live in the pages
    pages = sorted((out / "report").glob("docs-*.html"))
    assert [f"report/{p.name}" for p in pages] == data["page_files"] and len(pages) == 4
    shards = sorted((out / "report").glob("index-*.js"))
    assert len(shards) == len(data["shards"]) == 5 and data["shards"] == [None] * 5
    rows = []
    for k, f in enumerate(shards):
        m = re.fullmatch(r"window.__reportShard\((\d+),(.*)\);\n", f.read_text(encoding="utf-8"), re.S)
        assert int(m.group(1)) == k
        rows += json.loads(m.group(2))
    assert [r[0] for r in rows] == [d["doc_id"] for d in docs]
    # each document is on the page its index row names, in order, with its marks
    for r in rows:
        assert f'id="d-{r[0]}"' in unpacked_sections((out / data["page_files"][r[8]]).read_text(encoding="utf-8"))
    first = pages[0].read_text(encoding="utf-8")
    assert "docs-00002.html" in first and "../report.html" in first
    assert len(MARK.findall(unpacked_sections(first))) == 4 * 2 + 2
    assert "docs-00003.html" in pages[-1].read_text(encoding="utf-8")  # previous link; no next
    assert "next ›" not in pages[-1].read_text(encoding="utf-8")
    # a later small run replaces the pages folder with one self-contained file
    monkeypatch.setattr(report, "INLINE_MAX_DOCS", 1000)
    write_report(out)
    assert not (out / "report").exists() and report_data((out / "report.html").read_text())["inline"]
    assert not list(out.glob(".report-tmp-*"))


def test_folder_of_parts_and_out_of_order_rows(tmp_path):
    docs = sample_docs(9)
    a = write_report(write_outputs(tmp_path / "a", docs)).read_text(encoding="utf-8")
    b = write_report(write_outputs(tmp_path / "b", docs, parts=3, shuffle_removed=True)).read_text(encoding="utf-8")
    strip = lambda s: re.sub(r"Generated [^<]*", "", s)  # noqa: E731
    assert strip(a) == strip(b)
    assert len(MARK.findall(a)) == sum(len(d.get("blocks", [])) for d in docs)


def test_empty_run(tmp_path):
    out = write_outputs(tmp_path / "o", [])
    page = write_report(out).read_text(encoding="utf-8")
    assert report_data(page)["n"] == 0 and "Nothing was removed" in page
    assert "| 0 | 0 | 0 | 0 |" in (out / "report.md").read_text()


def test_overlapping_and_out_of_range_blocks(tmp_path):
    text = "abcdefghij"
    out = write_outputs(tmp_path / "o", [{"doc_id": "x", "text": text,
                                          "blocks": [(0, 4, "promo", "p"), (2, 6, "chrome", "c"), (8, 99, "media", "m")]}])
    page = write_report(out).read_text(encoding="utf-8")
    body = re.search(r'<div class="text">(.*?)</div>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", body) == text  # the text survives whole, each character once


def test_report_generation_is_fast_and_bounded(tmp_path):
    """2,000 documents: split into pages, a small top page, well under a second or two."""
    docs = sample_docs(2000)
    out = write_outputs(tmp_path / "o", docs, parts=2)
    t0 = time.perf_counter()
    top = write_report(out)
    took = time.perf_counter() - t0
    assert took < 10, took
    data = report_data(top.read_text(encoding="utf-8"))
    assert not data["inline"] and len(data["page_files"]) == -(-2001 // report.DOCS_PER_PAGE)
    assert top.stat().st_size < 2_000_000


def test_report_cli(seeds_run, tmp_path):
    from pipeline.cli import main

    out = tmp_path / "copy"
    shutil.copytree(seeds_run[0], out)
    (out / "report.html").unlink()
    assert main(["report", str(out)]) == 0
    assert (out / "report.html").exists() and (out / "report.md").exists()


def test_load_outputs_reads_parts(tmp_path):
    out = write_outputs(tmp_path / "o", sample_docs(5), parts=2)
    docs, removed, repaired, manifest = load_outputs(out)
    assert isinstance(docs, pd.DataFrame) and len(docs) == 6 and len(repaired) == 5 and manifest["inputs"] == ["corpus"]


def test_report_on_a_folder_without_outputs(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_report(tmp_path)
    from pipeline.cli import main

    assert main(["report", str(tmp_path / "missing")]) == 2


def test_a_large_runs_report_folds_long_kept_text_around_the_removed_blocks():
    """Paged reports show each document as a diff: removed blocks in place with
    REPORT_CONTEXT_CHARS of kept text either side, the rest folded to its length; small
    runs show every text whole."""
    from pipeline.report.html import REPORT_CONTEXT_CHARS as C
    from pipeline.report.html import marked_text

    text = "A" * 1000 + "REMOVED" + "B" * 1000
    blocks = [(1000, 1007, "promo", "promo.x")]
    whole = marked_text(text, blocks)
    assert whole.count("A") == 1000 and "fold" not in whole
    folded = marked_text(text, blocks, C)
    assert folded.count("A") == C and folded.count("B") == C and ">REMOVED</mark>" in folded
    assert "… 850 characters kept …" in folded and len(folded) < len(whole) / 4
    assert marked_text("x" * 1000, [], C).count("x") == 2 * C  # nothing removed: its opening only


def test_a_large_runs_report_merges_a_categorys_neighbouring_blocks_and_folds_long_removed_runs():
    """A menu of one-line blocks is one mark naming its rules, not a mark a line; a long
    removed run shows its head and tail with its length between (small runs: every block
    whole, a mark each)."""
    from pipeline.report.html import FOLD_MIN_CHARS, REMOVED_SHOWN_CHARS as R, REPORT_CONTEXT_CHARS as C
    from pipeline.report.html import marked_text

    menu = ["Home", "News", "Sport", "Weather"]
    text = "\n".join(menu) + "\nThe article.\n" + "x" * (2 * R + FOLD_MIN_CHARS + 50)
    blocks, at = [], 0
    for i, word in enumerate(menu):
        blocks.append((at, at + len(word), "chrome", "chrome.nav" if i % 2 else "chrome.link"))
        at += len(word) + 1
    tail = text.index("x")
    blocks.append((tail, len(text), "promo", "promo.run"))
    whole = MARK.findall(marked_text(text, blocks))
    assert [m[1] for m in whole] == ["chrome"] * 4 + ["promo"]
    paged = MARK.findall(marked_text(text, blocks, C))
    assert [(m[1], m[2]) for m in paged] == [("chrome", "chrome.link, chrome.nav"), ("promo", "promo.run")]
    assert paged[0][3] == "Home\nNews\nSport\nWeather"
    assert paged[1][3].count("x") == 2 * R and f"… {2 * R + FOLD_MIN_CHARS + 50 - 2 * R} characters removed …" in paged[1][3]
    # blocks of one category with kept text between them stay apart
    apart = [(0, 4, "chrome", "a"), (18, 22, "chrome", "b")]
    assert len(MARK.findall(marked_text("Home kept words News", apart, C))) == 2


def test_a_large_runs_pages_carry_their_documents_compressed(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "INLINE_MAX_DOCS", 5)
    docs = sample_docs(12)
    out = write_outputs(tmp_path / "o", docs)
    write_report(out)
    for page in sorted((out / "report").glob("docs-*.html")):
        raw = page.read_text(encoding="utf-8")
        assert "<section" not in raw and 'id="docs-z"' in raw
        assert '<section class="doc"' in unpacked_sections(raw)


@pytest.mark.parametrize("parts", [1, 3])
def test_the_removed_totals_from_arrow_match_a_count_block_by_block(tmp_path, parts):
    from pipeline.report.data import StreamJoin, Summary

    out = write_outputs(tmp_path / "o", sample_docs(12), parts=parts)
    by_block, by_table = Summary(), Summary()
    for doc in StreamJoin(out, with_text=False):
        by_block.add(doc)
        by_table.add(doc, count_blocks=False)
    by_table.count_removed(out)
    assert by_block.pair_blocks and by_table.pair_blocks == by_block.pair_blocks
    assert by_table.pair_chars == by_block.pair_chars and by_table.cat_docs == by_block.cat_docs
