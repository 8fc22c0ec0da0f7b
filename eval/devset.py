"""The annotated dev set (../shared/devset) and the snippet measure.

Score: a ``with`` snippet found in the output is a true positive, missing a false
negative; a ``without`` snippet found is a false positive; whitespace runs folded;
micro-averaged over pages. Pages whose id starts with 0-b are for development; c-f
are held out and are what we quote.
"""
from __future__ import annotations

import json
import lzma
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"
HELD_OUT_PREFIXES = tuple("cdef")
_WS = re.compile(r"\s+")


def fold(s: str) -> str:
    return _WS.sub(" ", s).strip()


def load_pages(devset: Path = DEVSET) -> list[dict]:
    with lzma.open(devset / "pages.jsonl.xz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def is_held_out(page: dict) -> bool:
    return page["id"][0] in HELD_OUT_PREFIXES


def split(pages: list[dict]) -> tuple[list[dict], list[dict]]:
    dev = [p for p in pages if not is_held_out(p)]
    held = [p for p in pages if is_held_out(p)]
    return dev, held


def counts(page: dict, output: str) -> tuple[int, int, int]:
    out = fold(output or "")
    tp = sum(1 for w in page["with"] if fold(w) in out)
    fn = len(page["with"]) - tp
    fp = sum(1 for w in page["without"] if fold(w) in out)
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f, p, r


def score(pages: list[dict], outputs: list[str]) -> dict:
    tp = fp = fn = 0
    for page, out in zip(pages, outputs):
        a, b, c = counts(page, out)
        tp, fp, fn = tp + a, fp + b, fn + c
    f, p, r = prf(tp, fp, fn)
    return {"f1": f, "precision": p, "recall": r, "tp": tp, "fp": fp, "fn": fn, "pages": len(pages)}
