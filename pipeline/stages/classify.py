"""classify: give every block a label, content or a category, and the rule that decided.

The stage is the batch adapter of the classifier (``pipeline.classifier``, one module
per pass): pass 1, the line rules, for every block of the batch in one go; passes 2-4
per document, with the comment-thread pass between them for the batch at once; then,
for the batch at once, the template lines repeated across a
site's documents and the learned block model; last, the user's rules (the config's
``[rules]``), with the thresholds they set in force for the whole batch.
"""
from __future__ import annotations

import pandas as pd

from pipeline.classifier import (Label, _mark_by_model, _mark_templates, _passes_after_threads,
                                 _passes_before_threads, classify_lines, mark_threads_batch, site_of)
from pipeline.classifier.user import apply_user_rules
from pipeline.config import Config
from pipeline.rules.user import thresholds_set
from pipeline.stages.base import map_documents


def _classify_document(block_texts: list[str], line_labels: list[Label], kind=None, meta_title=None) -> tuple:
    return _passes_before_threads(block_texts, line_labels, kind == "html", meta_title)


def _after_threads(block_texts: list[str], labels: list[Label]) -> tuple:
    return (_passes_after_threads(block_texts, labels),)


def _line_labels_of_batch(batch: pd.DataFrame) -> pd.DataFrame:
    """Each document's block texts (as segment made them, else cut from the text once;
    used by every pass), and pass 1 for every block of the batch in one go, split back
    per document."""
    live = batch["status"].ne("error").to_numpy()
    cut = batch["block_texts"] if "block_texts" in batch.columns else [None] * len(batch)  # from segment
    docs = [(texts if texts is not None else [text[s:e] for s, e in blocks]) if ok and blocks is not None else []
            for ok, text, blocks, texts in zip(live, batch["text"], batch["blocks"], cut)]
    flat = classify_lines([t for texts in docs for t in texts])
    per_doc, k = [], 0
    for texts in docs:
        per_doc.append(flat[k:k + len(texts)])
        k += len(texts)
    batch["block_texts"] = pd.Series(docs, index=batch.index, dtype=object)
    batch["line_labels"] = pd.Series(per_doc, index=batch.index, dtype=object)
    return batch


def classify(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    with thresholds_set(config.rules):
        return _classify(batch, config)


def _classify(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    batch = _line_labels_of_batch(batch)
    batch = map_documents(batch, "classify", _classify_document, ["block_texts", "line_labels", "kind", "meta_title"],
                          ["labels", "found_meta"])
    live = batch.index[batch["status"].ne("error")]
    odds = mark_threads_batch(list(zip(batch.loc[live, "block_texts"], batch.loc[live, "labels"])),
                              list(zip(batch.loc[live, "text"], batch.loc[live, "blocks"])))  # in place
    odds_of = dict(zip(live, odds))
    batch = map_documents(batch, "classify", _after_threads, ["block_texts", "labels"], ["short_folds"])
    live = batch.index[batch["status"].ne("error")]
    docs = list(zip(batch.loc[live, "block_texts"], batch.loc[live, "labels"]))
    sites = [site_of(u, s) for u, s in zip(batch.loc[live, "url"], batch.loc[live, "source"])]
    _mark_templates(docs, sites, batch.loc[live, "short_folds"].tolist())  # labels are updated in place
    _mark_by_model(docs, [odds_of.get(i) for i in live])
    if config.rules:
        languages = [None] * len(docs)
        if config.rules.phrases_by_language:  # the language of what would be kept
            from pipeline.language import detect_languages

            languages = detect_languages(["\n".join(t for t, lab in zip(texts, labels) if lab is None)
                                          for texts, labels in docs])
        for (texts, labels), language in zip(docs, languages):
            apply_user_rules(texts, labels, config.rules, language)
    return batch.drop(columns=["block_texts", "line_labels", "short_folds"])
