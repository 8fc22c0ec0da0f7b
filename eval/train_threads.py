"""Train the thread model from the development parts only, reproducibly.

Rows are the blocks of scraped text a thread may span (``threads.Runs``): a
block of a labelled thread (``../shared/comments``, dev part) is a comment; every other
block of those pages, and every block of the development pages of ``../shared/devset``
and ``../shared/devset-2026`` (their scraped text, and devset-2026's gold article
bodies, which hold no thread by definition), is not. A logistic model (sklearn at
training time only; the cleaner reads the weights from JSON) over the dense features
and the words of a block and of its neighbours; words seen in fewer than
MIN_WORD_DOCS training documents are left out, and so are word weights under
MIN_WORD_WEIGHT. The threshold on a thread's summed log-odds is chosen on out-of-fold
scores (each page scored by a model fitted without its fold, through the cleaner's own
code): the most thread taken while no kind of page loses more than MAX_ARTICLE_LOSS
of its other text.

    python -m eval.train_threads        # writes pipeline/rules/thread_model.json
"""
from __future__ import annotations

import hashlib
import json
import sys
from urllib.parse import urlsplit

import numpy as np

from eval import devset, devset2026, threads
from eval.devset import fold
from pipeline.classifier import threads as TH
from pipeline.stages.repair import repair_text
from pipeline.stages.segment import segment_blocks

FOLDS = 5
C = 10.0                 # inverse regularisation strength of the logistic model
MIN_WORD_DOCS = 5
MIN_WORD_WEIGHT = 0.05
NEAR_WORDS_SCALE = 0.5   # neighbours' words, scaled against the block's own
# The out-of-fold choice of block cost and threshold: the most thread taken while the
# pages without a thread lose at most MAX_ARTICLE_LOSS of their text, and the thread
# pages at most MAX_THREAD_PAGE_LOSS of their other text.
MAX_ARTICLE_LOSS = 0.0005
MAX_THREAD_PAGE_LOSS = 0.005
BLOCK_COSTS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
THRESHOLDS = (0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0)


def rule_labels(texts: list[str]):
    """The labels the thread pass sees: those of the passes before it."""
    from pipeline.classifier import labels_before_threads
    return labels_before_threads(texts)


def doc(text: str, group: str, kind: str, comment_lines=()) -> dict:
    text, _ = repair_text(text)
    spans, texts = segment_blocks(text)
    labels = rule_labels(texts)
    lines = {fold(x) for x in comment_lines}
    d = {"group": group, "kind": kind, "texts": texts, "labels": labels,
         "is_thread": np.array([fold(t) in lines for t in texts], dtype=float),
         "chars": np.array([len(t) for t in texts], dtype=float),
         "fold": int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) % FOLDS,
         "region": None}
    runs = TH.Runs([(texts, labels)], [(text, spans)])
    if runs.docs:
        lo, end, first = runs.starts[0], runs.ends[0], runs.firsts[0]
        d["region"] = (lo, end)
        d["runs"] = runs
        d["skip"] = lo - first  # the rows before the start: its neighbours
        d["words"] = runs.blocks.word_lists()
        d["dense"] = runs.dense[lo - first:]
    return d


def collect() -> list[dict]:
    docs = []
    thread_pages = [p for p in threads.load_pages() if p["split"] == "dev"]
    taken = {p["id"] for p in thread_pages}
    for p in thread_pages:
        docs.append(doc(p["scraped"], urlsplit(p["url"]).netloc, "thread", p["comment_lines"]))
    dev, _ = devset.split(devset.load_pages())
    docs += [doc(p["scraped"], p["id"], "devset") for p in dev if p["id"] not in taken]
    dev26, _ = devset2026.split(devset2026.load_pages())
    for p in dev26:
        site = urlsplit(p["url"]).netloc
        if p["id"] not in taken:
            docs.append(doc(p["scraped"], site, "devset-2026"))
        docs.append(doc(p["body"], site, "gold"))
    return docs


def fit(docs: list[dict]) -> dict:
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    docs = [d for d in docs if d["region"]]
    doc_freq: dict[str, int] = {}
    for d in docs:
        for w in {w for ws in d["words"] for w in ws}:
            doc_freq[w] = doc_freq.get(w, 0) + 1
    vocab = sorted(w for w, c in doc_freq.items() if c >= MIN_WORD_DOCS)
    index = {w: i for i, w in enumerate(vocab)}
    dense = np.vstack([d["dense"] for d in docs])
    mean, scale = dense.mean(axis=0), dense.std(axis=0)
    scale[scale == 0] = 1.0
    blocks = []
    for d in docs:
        rows, cols, vals = [], [], []
        for i, ws in enumerate(d["words"]):
            for w in ws:
                if w in index:
                    rows.append(i)
                    cols.append(index[w])
                    vals.append(1.0 / np.sqrt(len(ws)))
        n, lo = len(d["words"]), d["skip"]
        W = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
        near = TH.neighbour_mean(W.toarray(), np.zeros(n, int), np.full(n, n))[lo:] * NEAR_WORDS_SCALE
        blocks.append(sp.hstack([W[lo:], sp.csr_matrix(near), sp.csr_matrix((d["dense"] - mean) / scale)]))
    X = sp.vstack(blocks).tocsr()
    y = np.concatenate([d["is_thread"][d["region"][0]:d["region"][1] + 1] for d in docs])
    lr = LogisticRegression(C=C, max_iter=5000)
    lr.fit(X, y)
    coef = lr.coef_[0]
    nv = len(vocab)
    own = {w: round(float(c), 4) for w, c in zip(vocab, coef[:nv]) if abs(c) >= MIN_WORD_WEIGHT}
    near = {w: round(float(c) * NEAR_WORDS_SCALE, 4) for w, c in zip(vocab, coef[nv:2 * nv])
            if abs(c) * NEAR_WORDS_SCALE >= MIN_WORD_WEIGHT}
    return {"features": list(TH.FEATURE_NAMES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "weights": coef[2 * nv:].round(6).tolist(), "bias": round(float(lr.intercept_[0]), 6),
            "words": own, "near_words": near}


def out_of_fold_scores(docs: list[dict]) -> list:
    scores: list = [None] * len(docs)
    for k in range(FOLDS):
        model = TH.ThreadModel(fit([d for d in docs if d["fold"] != k]))
        for i, d in enumerate(docs):
            if d["fold"] == k and d["region"]:
                scores[i] = model.log_odds(d["runs"], model.word_parts(d["runs"]))[d["skip"]:]
    return scores


def outcome(docs, scores, min_score: float, cost: float = 0.0) -> dict:
    """Characters of thread taken and of other text taken, by kind of page, with the
    cleaner's decision (``threads.best_thread``) on out-of-fold log-odds ``scores``
    (before the block ``cost``)."""
    out: dict = {}
    for d, s in zip(docs, scores):
        o = out.setdefault(d["kind"], {"thread": 0, "thread_taken": 0, "article": 0, "article_taken": 0})
        taken = np.zeros(len(d["texts"]), bool)
        if s is not None:
            lo, end = d["region"]
            start = TH.best_thread(d["runs"].counted[0][lo:], lo, s - cost, min_score)
            if start is not None:
                taken[start:end + 1] = True
        chars, y = d["chars"], d["is_thread"]
        o["thread"] += int((chars * y).sum())
        o["thread_taken"] += int((chars * y * taken).sum())
        o["article"] += int((chars * (1 - y)).sum())
        o["article_taken"] += int((chars * (1 - y) * taken).sum())
    return out


def summary(o: dict) -> str:
    return "; ".join(f"{kind}: thread {c['thread_taken'] / max(1, c['thread']):.3f} "
                     f"other lost {c['article_taken'] / max(1, c['article']):.4f}" for kind, c in o.items())


def loss(o: dict, kind: str) -> float:
    c = o[kind]
    return c["article_taken"] / max(1, c["article"])


def main() -> int:
    docs = collect()
    print(f"{len(docs)} documents, {sum(len(d['texts']) for d in docs)} blocks")
    scores = out_of_fold_scores(docs)
    best, best_taken = (BLOCK_COSTS[-1], THRESHOLDS[-1]), -1.0
    for cost in BLOCK_COSTS:
        for th in THRESHOLDS:
            o = outcome(docs, scores, th, cost)
            taken = o["thread"]["thread_taken"] / max(1, o["thread"]["thread"])
            ok = (max(loss(o, k) for k in o if k != "thread") <= MAX_ARTICLE_LOSS
                  and loss(o, "thread") <= MAX_THREAD_PAGE_LOSS)
            if ok and taken > best_taken:
                best, best_taken = (cost, th), taken
            print(f"  {'ok' if ok else '  '} cost {cost:.1f} threshold {th:4.1f}: {summary(o)}")
    cost, th = best
    print(f"chosen: cost {cost}, threshold {th}")
    spec = {**fit(docs), "block_cost": cost, "threshold": th}
    TH.MODEL_PATH.write_text(json.dumps(spec, indent=0, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(spec['words'])} words, {len(spec['near_words'])} neighbour words; "
          f"{TH.MODEL_PATH.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
