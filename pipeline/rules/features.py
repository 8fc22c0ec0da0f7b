"""Block features for the learned pass: what a block looks like and where it sits.

jusText's insight: boilerplate is short, poor in stop words and link-like, and it
comes in runs; article text is long, rich in stop words, and surrounded by more of
itself. These features say that in numbers, for a block and its neighbourhood, and
are the same in training (``eval/train_model.py``) and in the classifier.
"""
from __future__ import annotations

import math
import re

from pipeline.rules import table as T
from pipeline.rules.lexicons import STOP_WORDS

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = {lang: frozenset(ws.split()) for lang, ws in STOP_WORDS.items()}
_ALL_STOP = frozenset().union(*_STOP.values())

FEATURE_NAMES = (
    "bias", "log_len", "is_prose", "sentence_end", "stop_density", "cap_share", "digit_share",
    "punct_share", "ends_colon", "bullet", "table_or_link", "rel_pos", "in_first3", "in_last3",
    "inside_article", "dist_prose", "short_run", "prev_furniture", "next_furniture",
    "prev_prose", "next_prose", "log_prev_len", "log_next_len", "repeated", "words_log",
    "title_case_share", "very_short", "short", "no_stop_words", "short_after_furniture",
    "short_in_run", "tail_short",
)


def _stop_density(words: list[str]) -> float:
    if not words:
        return 0.0
    best = 0.0
    for stops in _STOP.values():
        k = sum(1 for w in words if w in stops)
        if k > best:
            best = k
    return best / len(words)


def block_features(texts: list[str], labels: list, is_prose) -> list[list[float]]:
    """One feature vector per block (all blocks; callers pick the ones they score)."""
    n = len(texts)
    prose = [labels[i] is None and is_prose(t) for i, t in enumerate(texts)]
    prose_idx = [i for i, p in enumerate(prose) if p]
    first = prose_idx[0] if prose_idx else n
    last = prose_idx[-1] if prose_idx else -1
    furniture = [lab is not None and lab[0] not in ("title", "byline") for lab in labels]
    # Length of the run of consecutive non-prose blocks each block sits in.
    run = [0] * n
    i = 0
    while i < n:
        if prose[i]:
            i += 1
            continue
        j = i
        while j < n and not prose[j]:
            j += 1
        for k in range(i, j):
            run[k] = j - i
        i = j
    # Distance (in blocks) to the nearest prose block.
    dist = [n] * n
    d = n
    for k in range(n):
        d = 0 if prose[k] else d + 1
        dist[k] = d
    d = n
    for k in range(n - 1, -1, -1):
        d = 0 if prose[k] else d + 1
        dist[k] = min(dist[k], d)
    folded = [t.strip().lower() for t in texts]
    counts: dict[str, int] = {}
    for f in folded:
        counts[f] = counts.get(f, 0) + 1
    rows = []
    for k, t in enumerate(texts):
        L = len(t)
        words = [w.lower() for w in _WORD.findall(t)]
        nw = len(words)
        letters = sum(1 for c in t if c.isalpha())
        caps = sum(1 for c in t if c.isupper())
        digits = sum(1 for c in t if c.isdigit())
        punct = sum(1 for c in t if not c.isalnum() and not c.isspace())
        tokens = t.split()
        title_case = sum(1 for w in tokens if w[:1].isupper()) / len(tokens) if tokens else 0.0
        rows.append([
            1.0,
            math.log1p(L),
            1.0 if prose[k] else 0.0,
            1.0 if T.SENTENCE_END.search(t) else 0.0,
            _stop_density(words),
            caps / letters if letters else 0.0,
            digits / L if L else 0.0,
            punct / L if L else 0.0,
            1.0 if t.rstrip().endswith(":") else 0.0,
            1.0 if t[:2] in ("- ", "• ", "* ", "· ") else 0.0,
            1.0 if T.TABLE_OR_LINK.search(t) else 0.0,
            k / max(n - 1, 1),
            1.0 if k < 3 else 0.0,
            1.0 if k >= n - 3 else 0.0,
            1.0 if first <= k <= last else 0.0,
            math.log1p(min(dist[k], 50)),
            math.log1p(run[k]),
            1.0 if k > 0 and furniture[k - 1] else 0.0,
            1.0 if k + 1 < n and furniture[k + 1] else 0.0,
            1.0 if k > 0 and prose[k - 1] else 0.0,
            1.0 if k + 1 < n and prose[k + 1] else 0.0,
            math.log1p(len(texts[k - 1])) if k > 0 else 0.0,
            math.log1p(len(texts[k + 1])) if k + 1 < n else 0.0,
            1.0 if counts[folded[k]] > 1 else 0.0,
            math.log1p(nw),
            title_case,
            1.0 if L < 15 else 0.0,
            1.0 if L < 50 else 0.0,
            1.0 if nw and not any(w in _ALL_STOP for w in words) else 0.0,
            1.0 if L < 50 and k > 0 and furniture[k - 1] else 0.0,
            1.0 if L < 50 and run[k] >= 3 else 0.0,
            1.0 if L < 80 and k > last else 0.0,
        ])
    return rows


def score(weights: list[float], means: list[float], scales: list[float], x: list[float]) -> float:
    """Logistic probability that a block is boilerplate."""
    z = 0.0
    for w, m, s, v in zip(weights, means, scales, x):
        z += w * ((v - m) / s)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def top_feature(weights, means, scales, x) -> str:
    """The feature that pushed hardest towards boilerplate: the removal's reason."""
    best, name = -1e9, "bias"
    for fname, w, m, s, v in zip(FEATURE_NAMES, weights, means, scales, x):
        if fname == "bias":
            continue
        c = w * ((v - m) / s)
        if c > best:
            best, name = c, fname
    return name
