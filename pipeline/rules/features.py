"""Block features for the learned pass: what a block looks like and where it sits.

jusText's insight: boilerplate is short, poor in stop words and link-like, and it
comes in runs; article text is long, rich in stop words, and surrounded by more of
itself. These features say that in numbers, for a block and its neighbourhood, and
are the same in training (``eval/train_model.py``) and in the classifier.
"""
from __future__ import annotations

import math
import re

import numpy as np

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


_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[^\w\s]")


# word -> indices of the languages it is a stop word in: one lookup per word.
_LANGS = sorted(_STOP)
_STOP_LANGS: dict[str, tuple[int, ...]] = {}
for _i, _lang in enumerate(_LANGS):
    for _w in _STOP[_lang]:
        _STOP_LANGS[_w] = _STOP_LANGS.get(_w, ()) + (_i,)


def _stop_density(words: list[str]) -> float:
    """Share of stop words in the block's best-matching language."""
    if not words:
        return 0.0
    counts = [0] * len(_LANGS)
    get = _STOP_LANGS.get
    for w in words:
        for i in get(w, ()):
            counts[i] += 1
    return max(counts) / len(words)


def _context(texts: list[str], labels: list, is_prose):
    """Per-document facts every block's features draw on."""
    n = len(texts)
    prose = [labels[i] is None and is_prose(t) for i, t in enumerate(texts)]
    prose_idx = [i for i, p in enumerate(prose) if p]
    first = prose_idx[0] if prose_idx else n
    last = prose_idx[-1] if prose_idx else -1
    furniture = [lab is not None and lab[0] not in ("title", "byline") for lab in labels]
    run = [0] * n  # length of the run of non-prose blocks each block sits in
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
    dist = [n] * n  # blocks to the nearest prose block
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
    return prose, first, last, furniture, run, dist, folded, counts


def block_features(texts: list[str], labels: list, is_prose, candidates=None) -> list[list[float]]:
    """Feature vectors for the blocks in ``candidates`` (default: all), in that order."""
    n = len(texts)
    prose, first, last, furniture, run, dist, folded, counts = _context(texts, labels, is_prose)
    rows = []
    for k in (range(n) if candidates is None else candidates):
        t = texts[k]
        L = len(t)
        words = _WORD.findall(t.lower())
        nw = len(words)
        letters = len(_LETTER.findall(t))
        caps = sum(map(str.isupper, t))
        digits = len(_DIGIT.findall(t))
        punct = len(_PUNCT.findall(t))
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


class TreeModel:
    """A boosted tree ensemble as arrays, scored for many blocks at once with numpy.

    All trees are walked level by level together, so a batch of thousands of blocks
    costs a few dozen array operations instead of a Python loop per tree and block.
    """

    def __init__(self, spec: dict):
        trees = spec["trees"]
        width = max(len(t["feature"]) for t in trees)

        def pad(key, fill):
            return np.array([t[key] + [fill] * (width - len(t[key])) for t in trees])

        self.feature = np.maximum(pad("feature", 0), 0)
        self.threshold = pad("threshold", 0.0)
        self.left = pad("left", -1)
        self.right = pad("right", -1)
        self.value = pad("value", 0.0)
        self.is_leaf = self.left == -1
        self.init = spec["init"]
        self.threshold_p = spec["threshold"]
        self.spec = spec

    def leaves(self, X: np.ndarray) -> np.ndarray:
        """Leaf index per (tree, row)."""
        n_trees, n = self.feature.shape[0], X.shape[0]
        rows = np.arange(n)[None, :]
        trees = np.arange(n_trees)[:, None]
        node = np.zeros((n_trees, n), dtype=int)
        while True:
            leaf = self.is_leaf[trees, node]
            if leaf.all():
                return node
            f = self.feature[trees, node]
            go_left = X[rows, f] <= self.threshold[trees, node]
            nxt = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(leaf, node, nxt)

    def probability(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        node = self.leaves(X)
        z = self.init + self.value[np.arange(len(self.value))[:, None], node].sum(axis=0)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def reasons(self, X: np.ndarray) -> list[str]:
        """Per row, the feature whose splits pushed it furthest towards boilerplate
        (each split's change in node value credited to its feature, all trees at once)."""
        if len(X) == 0:
            return []
        n_trees, n = self.feature.shape[0], X.shape[0]
        rows = np.arange(n)[None, :]
        trees = np.arange(n_trees)[:, None]
        contrib = np.zeros((n, len(FEATURE_NAMES)))
        node = np.zeros((n_trees, n), dtype=int)
        while True:
            leaf = self.is_leaf[trees, node]
            if leaf.all():
                break
            f = self.feature[trees, node]
            go_left = X[rows, f] <= self.threshold[trees, node]
            nxt = np.where(leaf, node, np.where(go_left, self.left[trees, node], self.right[trees, node]))
            delta = np.where(leaf, 0.0, self.value[trees, nxt] - self.value[trees, node])
            np.add.at(contrib, (np.broadcast_to(rows, f.shape), f), delta)
            node = nxt
        return [FEATURE_NAMES[i] for i in contrib.argmax(axis=1)]
