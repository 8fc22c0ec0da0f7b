"""The labelled comment threads (../shared/comments) and their three figures.

- removed: of the comment lines' 4-word shingles present in the input, the share gone
  from the clean text (multisets, as ``eval.devset2026.shingles``);
- kept: of the page's ``with`` snippets present in the input, the share still in the
  clean article (title and text), whitespace folded;
- labelled: of the removed characters that belong to comment lines, the share whose
  removed block is labelled ``comments``.
Pooled over the pages of a part (``dev`` to tune on, ``held-out`` to quote).
"""
from __future__ import annotations

import json
import lzma
from pathlib import Path

from eval.devset import fold
from eval.devset2026 import shingles

ROOT = Path(__file__).resolve().parents[1]
COMMENTS = ROOT.parent / "shared" / "comments"


def load_pages(path: Path = COMMENTS) -> list[dict]:
    with lzma.open(path / "pages.jsonl.xz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def split(pages: list[dict]) -> tuple[list[dict], list[dict]]:
    return [p for p in pages if p["split"] == "dev"], [p for p in pages if p["split"] != "dev"]


def page_counts(page: dict, article: str, removed: list[dict]) -> dict:
    """One page's counts: thread shingles present and gone, snippets present and
    kept, removed comment-line characters and those of them labelled ``comments``."""
    source = page["scraped"]
    thread = sum((shingles(line) for line in page["comment_lines"]), start=shingles(""))
    present = thread & shingles(source)
    gone = present - shingles(article)
    folded_source, folded_out = fold(source), fold(article)
    snippets = [fold(w) for w in page["with"] if fold(w) in folded_source]
    lines = {fold(x) for x in page["comment_lines"]}
    in_thread = [r for r in removed if fold(r["text"]) in lines]
    return {
        "thread": sum(present.values()), "gone": sum(gone.values()),
        "snippets": len(snippets), "kept": sum(1 for s in snippets if s in folded_out),
        "removed_chars": sum(len(r["text"]) for r in in_thread),
        "labelled_chars": sum(len(r["text"]) for r in in_thread if r["category"] == "comments"),
    }


def summarise(counts: list[dict]) -> dict:
    total = {k: sum(c[k] for c in counts) for k in counts[0]} if counts else {}
    return {
        "pages": len(counts),
        "removed": total["gone"] / total["thread"] if total.get("thread") else 0.0,
        "kept": total["kept"] / total["snippets"] if total.get("snippets") else 1.0,
        "snippets": total.get("snippets", 0), "snippets_kept": total.get("kept", 0),
        "labelled": total["labelled_chars"] / total["removed_chars"] if total.get("removed_chars") else 0.0,
    }


def measure(pages: list[dict], articles: list[str], removed_rows: list[dict]) -> dict:
    """``removed_rows`` carry ``source`` ``devset/<i>`` (``eval.textform.clean_docs``)."""
    by_page: dict[int, list[dict]] = {}
    for r in removed_rows:
        by_page.setdefault(int(r["source"].rsplit("/", 1)[1]), []).append(r)
    return summarise([page_counts(p, a, by_page.get(i, [])) for i, (p, a) in enumerate(zip(pages, articles))])
