"""report: the diff report of a run (``report.html``, ``report.md``).

It is rebuilt from the run's Parquet outputs, so ``python -m pipeline report DIR``
regenerates it at any time. The top page holds the run summary (documents, errors,
characters in and out, removed share), a chart of removed characters by category, the
rules that fired most, the encoding fixes, and a searchable, filterable document list.
Each document shows its repaired text with the removed blocks marked in place in their
category's colour (the rule on hover), its metadata columns and its encoding fixes.

Small runs give one self-contained file. Large runs keep the top page small: the
document sections go to ``report/docs-NNNNN.html`` pages of a few hundred documents (each
shown as a diff, with its context, and carried gzip-compressed: ``html.docs_page``),
and when the document index itself grows past a few megabytes it is split into
``report/index-NNNNN.js`` shards that the top page loads on demand. Everything is
inline (CSS, script, SVG); nothing is fetched from the network.

Generation streams the three tables in step (one batch of each in memory) and writes
pages as it goes, so memory stays bounded whatever the run's size.
"""
from __future__ import annotations

import logging
import os
import shutil
import uuid
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.report.assets import css_class
from pipeline.report.data import (
    CATEGORY_COLOURS, FIX_DESCRIPTIONS, Doc, MemoryJoin, Misaligned, StreamJoin, Summary, categories_in_order,
    colour_for, column_bytes, iter_rows, load_outputs, num_rows, parquet_files, read_manifest, summarise,
)
from pipeline.report.html import REPORT_CONTEXT_CHARS, doc_section, docs_page, index_row, json_for_script, top_page
from pipeline.report.markdown import render_markdown
from pipeline.schema import REPORT_OUTPUTS

__all__ = ["REPORT_OUTPUTS", "CATEGORY_COLOURS", "FIX_DESCRIPTIONS", "load_outputs", "write_report", "colour_for", "Summary",
           "summarise", "categories_present", "categories_in_order", "iter_rows", "parquet_files", "read_manifest", "Doc"]

log = logging.getLogger("pipeline.report")

# One self-contained file up to this many documents and this much repaired text.
INLINE_MAX_DOCS = 1000
INLINE_MAX_TEXT_BYTES = 12_000_000
# Split mode: documents per report/docs-NNNNN.html page, and a size cap per page.
DOCS_PER_PAGE = 200
PAGE_MAX_BYTES = 4_000_000
# The document index: rows per shard, and how much of it may sit inline in report.html.
INDEX_SHARD_ROWS = 10_000
INDEX_INLINE_MAX_BYTES = 16_000_000
# Rows per page of the document list.
LIST_PAGE_SIZE = 50
PAGES_DIR = REPORT_OUTPUTS[0]
TMP_PREFIX = ".report-tmp-"


def categories_present(out: Path) -> list[str]:
    seen = set()
    for f in parquet_files(out / "removed.parquet"):
        pf = pq.ParquetFile(f)
        if "category" in pf.schema_arrow.names:
            col = pf.read(columns=["category"]).column("category")
            seen.update(v for v in pc.unique(col).to_pylist() if v is not None)
    return [c for c in categories_in_order(seen) if c in seen]


class _Pages:
    """Document sections into report/docs-NNNNN.html, a page held back until the next one starts."""

    def __init__(self, folder: Path, cats: list[str], n_docs: int):
        self.folder, self.cats, self.n_docs = folder, cats, n_docs
        self.files: list[str] = []
        self.cur: list[str] = []
        self.cur_bytes = 0
        self.cur_lo = 0
        self.held = None  # (number, sections, lo, hi) written once we know whether a page follows

    @staticmethod
    def name(k: int) -> str:
        return f"docs-{k + 1:05d}.html"

    def add(self, i: int, section: str) -> int:
        if self.cur and (len(self.cur) >= DOCS_PER_PAGE or self.cur_bytes + len(section) > PAGE_MAX_BYTES):
            self._seal()
        if not self.cur:
            self.cur_lo = i
        self.cur.append(section)
        self.cur_bytes += len(section)
        return len(self.files)

    def _seal(self) -> None:
        k = len(self.files)
        self.files.append(f"{PAGES_DIR}/{self.name(k)}")
        if self.held is not None:
            self._write(*self.held, has_next=True)
        self.held = (k, "".join(self.cur), self.cur_lo + 1, self.cur_lo + len(self.cur))
        self.cur, self.cur_bytes = [], 0

    def _write(self, k: int, sections: str, lo: int, hi: int, has_next: bool) -> None:
        text = docs_page(sections, self.cats, self.n_docs, lo=lo, hi=hi,
                         prev_href=self.name(k - 1) if k else None, next_href=self.name(k + 1) if has_next else None)
        (self.folder / self.name(k)).write_text(text, encoding="utf-8")

    def close(self) -> None:
        if self.cur:
            self._seal()
        if self.held is not None:
            self._write(*self.held, has_next=False)
            self.held = None


class _Index:
    """The document list's rows, as JSON shards kept inline until they grow too big."""

    def __init__(self, folder: Path, max_inline_bytes: float):
        self.folder = folder
        self.max_inline_bytes = max_inline_bytes
        self.rows: list = []
        self.inline: list[str] | None = []
        self.bytes = 0
        self.files: list[str] = []
        self.count = 0

    def add(self, row: list) -> None:
        self.rows.append(row)
        if len(self.rows) >= INDEX_SHARD_ROWS:
            self._seal()

    def _seal(self) -> None:
        js = json_for_script(self.rows)
        self.rows = []
        k = self.count
        self.count += 1
        if self.inline is not None and self.bytes + len(js) <= self.max_inline_bytes:
            self.inline.append(js)
            self.bytes += len(js)
            return
        if self.inline is not None:  # too big for the top page: spill what was kept, then go on in files
            self.folder.mkdir(parents=True, exist_ok=True)
            for j, kept in enumerate(self.inline):
                self._write(j, kept)
            self.inline = None
        self._write(k, js)

    def _write(self, k: int, js: str) -> None:
        name = f"index-{k + 1:05d}.js"
        (self.folder / name).write_text(f"window.__reportShard({k},{js});\n", encoding="utf-8")
        self.files.append(f"{PAGES_DIR}/{name}")

    def close(self) -> None:
        if self.rows or not self.count:
            self._seal()

    def shards_json(self) -> str:
        if self.inline is not None:
            return "[" + ",".join(self.inline) + "]"
        return "[" + ",".join(["null"] * self.count) + "]"


def _render(out: Path, join, staging: Path) -> tuple[Summary, list[str]]:
    manifest = read_manifest(out)
    cats = categories_present(out)
    n_docs = num_rows(out / "documents.parquet")
    inline = n_docs <= INLINE_MAX_DOCS and column_bytes(out / "repaired.parquet", "text") <= INLINE_MAX_TEXT_BYTES
    folder = staging / PAGES_DIR
    folder.mkdir(parents=True)
    summary = Summary()
    index = _Index(folder, float("inf") if inline else INDEX_INLINE_MAX_BYTES)
    pages = None if inline else _Pages(folder, cats, n_docs)
    sections: list[str] = []
    for i, doc in enumerate(join):
        summary.add(doc, count_blocks=False)
        sec, per_cat, nblocks = doc_section(doc, i, cats, None if inline else REPORT_CONTEXT_CHARS)
        if pages is None:
            sections.append(sec)
            page_no = 0
        else:
            page_no = pages.add(i, sec)
        index.add(index_row(doc, page_no, per_cat, nblocks))
    if pages is not None:
        pages.close()
    index.close()
    summary.count_removed(out)
    data = {
        "n": summary.documents, "inline": inline, "page_size": LIST_PAGE_SIZE, "shard_size": INDEX_SHARD_ROWS,
        "cats": cats, "cat_cls": [css_class(c) for c in cats], "page_files": pages.files if pages else [],
        "shard_files": index.files, "open_first": inline and summary.documents <= 20, "shards": "__SHARDS__",
    }
    data_json = json_for_script(data).replace('"__SHARDS__"', index.shards_json())
    first_page = pages.files[0] if pages and pages.files else None
    top = top_page(summary, manifest, cats, inline=inline, sections="".join(sections), data_json=data_json,
                   first_page=first_page)
    (staging / "report.html").write_text(top, encoding="utf-8")
    (staging / "report.md").write_text(render_markdown(summary, manifest, cats), encoding="utf-8")
    if not any(folder.iterdir()):
        folder.rmdir()
    return summary, cats


def _publish(staging: Path, out: Path) -> None:
    """Swap the new report in: the pages folder first, then report.md and report.html."""
    new_pages, final_pages = staging / PAGES_DIR, out / PAGES_DIR
    trash = None
    if final_pages.exists():
        trash = out / f"{TMP_PREFIX}old-{uuid.uuid4().hex[:8]}"
        final_pages.rename(trash)
    if new_pages.exists():
        new_pages.rename(final_pages)
    os.replace(staging / "report.md", out / "report.md")
    os.replace(staging / "report.html", out / "report.html")
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


def write_report(out: str | Path) -> Path:
    """Write ``report.html`` (plus ``report/`` pages for large runs) and ``report.md`` under ``out``."""
    out = Path(out)
    if not parquet_files(out / "documents.parquet"):
        raise FileNotFoundError(f"no run outputs in {out} (documents.parquet is missing)")
    for stale in out.glob(f"{TMP_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for join in (StreamJoin(out), MemoryJoin(out)):
        staging = out / f"{TMP_PREFIX}{uuid.uuid4().hex[:8]}"
        staging.mkdir(parents=True)
        try:
            _render(out, join, staging)
            _publish(staging, out)
            break
        except Misaligned as exc:
            log.info("report: outputs not in one order (%s); joining through lookup tables", exc)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return out / "report.html"
