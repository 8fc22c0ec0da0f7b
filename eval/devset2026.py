"""The second dev set (../shared/devset-2026) and its shingle measure.

Shingles: whitespace folded, the text cut into 4-word shingles of ``\\w+`` tokens;
per page precision and recall of the output's shingles against the gold body's (as
multisets), each averaged over pages, F1 of the two averages. The split is by site:
``dev`` to tune on, ``held-out`` to quote.
"""
from __future__ import annotations

import collections
import json
import lzma
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET_2026 = ROOT.parent / "shared" / "devset-2026"
SHINGLE_WORDS = 4
_WORD = re.compile(r"\w+")


def load_pages(path: Path = DEVSET_2026) -> list[dict]:
    with lzma.open(path / "pages.jsonl.xz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def split(pages: list[dict]) -> tuple[list[dict], list[dict]]:
    return [p for p in pages if p["split"] == "dev"], [p for p in pages if p["split"] != "dev"]


def shingles(text: str | None) -> collections.Counter:
    words = _WORD.findall(text or "")
    return collections.Counter(tuple(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def shingle_score(golds: list[str], outputs: list[str]) -> dict:
    """Per-page shingle precision and recall (multisets), averaged; F1 of the averages."""
    ps, rs = [], []
    for gold, out in zip(golds, outputs):
        g, o = shingles(gold), shingles(out)
        common = sum((g & o).values())
        ps.append(common / sum(o.values()) if o else (1.0 if not g else 0.0))
        rs.append(common / sum(g.values()) if g else 1.0)
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r, "pages": len(golds)}
