"""Quality gate for the product's first promise, comment threads go and the article
stays, on an in-repo sample of development-part pages (``tests/data/threads_sample``):
27 scraped pages of ``../shared/comments`` whose thread is labelled line by line, and
29 gold article bodies of ``../shared/devset-2026``, which hold no thread. The floors
sit just under what was measured when they were set; a regression fails ``make test``.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from eval import threads
from eval.textform import article_text, clean_docs

SAMPLE = Path(__file__).parent / "data" / "threads_sample.jsonl.gz"
# Measured when set: thread removed 0.696, snippets kept 0.975 (78 of 80), removed thread
# labelled comments 0.996, gold bodies lost 0.0012. The sample's pages are development
# pages the thread model was fitted on: these are regression floors, not estimates
# (held-out figures: ``make eval``).
MIN_THREAD_REMOVED = 0.675
MIN_SNIPPETS_KEPT = 0.975
MIN_LABELLED_COMMENTS = 0.97
MAX_GOLD_LOST = 0.0015


@pytest.fixture(scope="module")
def sample() -> dict[str, list[dict]]:
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return {kind: [r for r in rows if r["kind"] == kind] for kind in ("thread", "gold")}


def test_comment_threads_go_and_the_article_stays(sample):
    pages = sample["thread"]
    titles, bodies, removed = clean_docs([p["scraped"] for p in pages])
    m = threads.measure(pages, [article_text(t, x) for t, x in zip(titles, bodies)], removed)
    assert m["removed"] >= MIN_THREAD_REMOVED, m
    assert m["kept"] >= MIN_SNIPPETS_KEPT, m
    assert m["labelled"] >= MIN_LABELLED_COMMENTS, m


def test_clean_articles_lose_almost_nothing(sample):
    bodies = [p["body"] for p in sample["gold"]]
    _, _, removed = clean_docs(bodies)
    lost = sum(len(r["text"]) for r in removed)
    assert lost / sum(len(b) for b in bodies) <= MAX_GOLD_LOST, [(r["rule"], r["text"][:60]) for r in removed]
