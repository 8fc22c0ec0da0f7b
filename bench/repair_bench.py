"""Repair-stage throughput beside ftfy.fix_text, on the same texts in the same run.

The issue's bar is a ratio (repair stage at least 10x ``ftfy.fix_text``), so both
are timed here, interleaved, best of ``REPEATS`` rounds each: a busy machine slows
a round of either, and the best round is the least disturbed one. On a big corpus
the rounds stop once ``ROUNDS_BUDGET_S`` is spent (ftfy takes seconds per MB).

    python bench/repair_bench.py            # dev set `scraped` texts: all, and English

``make bench`` (owned elsewhere) calls ``bench_repair(texts)``.
"""
from __future__ import annotations

import json
import lzma
import re
import sys
import time
from pathlib import Path

import ftfy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.stages.repair import repair_text  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset" / "pages.jsonl.xz"
REPEATS = 3
ROUNDS_BUDGET_S = 30.0
# A page is English when this share of its words are among the five commonest
# English words (German, French and the rest score near zero).
ENGLISH_STOPWORDS = frozenset({"the", "and", "of", "to", "is"})
ENGLISH_MIN_STOPWORD_SHARE = 0.08
_WORD = re.compile(r"[a-z]+")


def _round_seconds(fn, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - start


def _time_both(texts: list[str], repeats: int) -> dict:
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    repair_s, ftfy_s, spent = float("inf"), float("inf"), 0.0
    for _ in range(repeats):
        this_repair = _round_seconds(repair_text, texts)
        this_ftfy = _round_seconds(ftfy.fix_text, texts)
        repair_s, ftfy_s = min(repair_s, this_repair), min(ftfy_s, this_ftfy)
        spent += this_repair + this_ftfy
        if spent > ROUNDS_BUDGET_S:
            break
    repair_mb_s, ftfy_mb_s = mb / repair_s, mb / ftfy_s
    return {
        "repair_mb_s": round(repair_mb_s, 2),
        "ftfy_mb_s": round(ftfy_mb_s, 2),
        "ratio": round(repair_mb_s / ftfy_mb_s, 1),
        "mb": round(mb, 2),
    }


def bench_repair(texts: list[str], repeats: int = REPEATS) -> dict:
    """Time ``repair_text`` and ``ftfy.fix_text`` (default config) on ``texts``.

    Returns MB/s of each (MB of UTF-8), their ratio and the corpus size in MB; and,
    under ``english``, the same for the English texts among them (the issue's bar
    is set on English), when there are any.
    """
    result = _time_both(texts, repeats)
    english = [t for t in texts if is_english(t)]
    if english and len(english) < len(texts):
        result["english"] = _time_both(english, repeats)
    return result


def is_english(text: str) -> bool:
    words = _WORD.findall(text.lower())
    hits = sum(w in ENGLISH_STOPWORDS for w in words)
    return bool(words) and hits / len(words) >= ENGLISH_MIN_STOPWORD_SHARE


def load_devset(form: str = "scraped", path: Path = DEVSET) -> list[str]:
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line)[form] for line in fh]


def main() -> int:
    if not DEVSET.exists():
        print(f"dev set not found at {DEVSET}", file=sys.stderr)
        return 2
    texts = load_devset("scraped")
    result = bench_repair(texts)
    for label, r, n in (
        ("English scraped", result.get("english"), sum(map(is_english, texts))),
        ("all scraped", result, len(texts)),
    ):
        print(
            f"{label:>16} ({n} pages, {r['mb']} MB): repair {r['repair_mb_s']} MB/s,"
            f" ftfy.fix_text {r['ftfy_mb_s']} MB/s, ratio {r['ratio']}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
