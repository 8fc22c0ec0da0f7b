"""Pass 5 (per batch), the learned block model on what the rules left as content
(``pipeline.rules.features``; the trees in ``pipeline/rules/block_model.json``, made
by ``eval/train_model.py``).

Rule: "model.block_score:<feature>", <feature> the one of
``pipeline.rules.features.FEATURE_NAMES`` that weighed most; the category is that of
the nearest furniture neighbour (not a title, a byline or another model label), else
comments where the thread pass read the block as a reader's comment (its comment
log-odds above MODEL_COMMENT_LOG_ODDS), else chrome.

Thresholds: T.MODEL_MAX_CHARS (longer blocks are not scored); the model's own
``threshold_p``; T.MODEL_COMMENT_LOG_ODDS.
"""
from __future__ import annotations

import functools

import numpy as np

from pipeline.classifier.common import Label
from pipeline.models import BLOCK_MODEL as MODEL_PATH
from pipeline.models import read_model
from pipeline.rules import table as T
from pipeline.rules.features import TreeModel, batch_features


@functools.lru_cache(maxsize=1)
def _block_model() -> TreeModel:
    return TreeModel(read_model(MODEL_PATH))


def _mark_by_model(docs: list[tuple[list[str], list[Label]]],
                   comment_odds: list[tuple[int, np.ndarray] | None] | None = None) -> None:
    """Pass 5: the learned block model judges what the rules left as content.

    Scored for a whole batch of documents at once. A block goes only when the model
    is confident (its threshold was chosen on the development data with recall held);
    the rule names the feature that weighed most. The category is that of the
    nearest furniture neighbour, else comments for a block that reads as a comment
    (``comment_odds``: per document, what ``threads.mark_threads_batch`` returns),
    else chrome.
    """
    model = _block_model()
    # The candidates: what the rules left as content, up to MODEL_MAX_CHARS.
    X, owners = batch_features(docs, max_chars=T.MODEL_MAX_CHARS)
    if not owners:
        return
    probs, codes = model.score(X)
    hits = np.flatnonzero(probs >= model.threshold_p)
    marked = [owners[k] for k in hits.tolist()]
    for (d, i), why in zip(marked, model.reasons(X[hits], codes[:, hits])):
        docs[d][1][i] = ("model", why)
    for d, i in marked:  # then named after a neighbour, in block order as the rules left them
        labels = docs[d][1]
        labels[i] = (_removed_category(labels, i, _odds_of(comment_odds, d, i)), f"model.block_score:{labels[i][1]}")


def _odds_of(comment_odds, d: int, i: int) -> float | None:
    """Block ``i`` of document ``d``'s comment log-odds, where the thread pass scored it."""
    scored = comment_odds[d] if comment_odds else None
    if scored is None or not 0 <= i - scored[0] < len(scored[1]):
        return None
    return float(scored[1][i - scored[0]])


def _removed_category(labels: list[Label], i: int, comment_log_odds: float | None) -> str:
    """The category of block ``i``, which the model removes: its nearest furniture
    neighbour's, else comments where the thread pass read it as a comment, else chrome."""
    category = _neighbour_category(labels, i)
    if category is not None:
        return category
    if comment_log_odds is not None and comment_log_odds > T.MODEL_COMMENT_LOG_ODDS:
        return "comments"
    return "chrome"


def _neighbour_category(labels: list[Label], i: int) -> str | None:
    for j in (i - 1, i + 1):
        if 0 <= j < len(labels) and labels[j] and labels[j][0] not in ("title", "byline", "model"):
            return labels[j][0]
    return None
