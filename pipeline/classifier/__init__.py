"""The block classifier: give every block a label, content or a category, and the rule
that decided.

One engine applies the rule table (``pipeline.rules.table``) in passes, each pass
seeing what the earlier ones decided, the way jusText smooths a block by its
neighbours; one module per pass, each naming the rules it fires and the thresholds
it reads:

1. line rules: a block's own text against the genre lexicons, bounded by length
   (``pipeline.rules.linematch``, the rules ``pipeline.rules.table.LINE_RULES``);
2. top matter: byline and headline among the first blocks (``top_matter``);
3. sections: a comment thread or a job board opens at a header and runs on
   (``sections``); a comment thread with or without a header, decided as one section
   where the article ends (``threads``); and the lists under a promo header or an author box's header
   (``lists``);
4. context: captions repeated beside their credit, teaser cards, lines repeated in
   the document, the tail after the article has ended (``context``), and fragments
   outside the span of prose (``outside``);
5. per batch: template lines repeated across documents of one site (``templates``),
   then the learned block model on what the rules left (``model``).

``common`` holds what the passes share. The rules passes 2-5 write are listed in
``pipeline.rules.table.CONTEXT_RULES``. A label is ``(category, rule)``; ``None``
means content. The stage (``pipeline.stages.classify``) runs all this for a batch.
"""
from __future__ import annotations

from pipeline.classifier.common import Label, _fold, _short_folds, is_prose
from pipeline.classifier.context import _mark_context
from pipeline.classifier.lists import _mark_author_box, _mark_promo_lists
from pipeline.classifier.model import _mark_by_model
from pipeline.classifier.outside import _mark_outside_article
from pipeline.classifier.sections import _mark_sections
from pipeline.classifier.templates import _mark_templates, site_of
from pipeline.classifier.threads import mark_threads, mark_threads_batch
from pipeline.classifier.top_matter import _mark_top_matter
from pipeline.rules.linematch import classify_line, classify_lines

# What other code takes from here: the entry points, and what the stage's batch passes use.
__all__ = ["Label", "classify_blocks", "classify_line", "classify_lines", "classify_rules", "is_prose",
           "mark_threads_batch", "site_of", "_fold", "_mark_by_model", "_mark_templates", "_passes_after_threads",
           "_passes_before_threads", "_rule_passes", "_short_folds"]


def classify_rules(texts: list[str], line_labels: list[Label] | None = None, html: bool = False,
                   meta_title: str | None = None) -> tuple[list[Label], dict]:
    """Passes 1-4: everything but the learned model. ``line_labels`` are pass 1's
    results when the caller has them already (the stage runs pass 1 for a whole batch
    at once, ``pipeline.rules.linematch``). ``html``/``meta_title``: see pass 2."""
    labels, meta, _ = _rule_passes(texts, line_labels, html, meta_title)
    return labels, meta


def _rule_passes(texts: list[str], line_labels: list[Label] | None, html: bool,
                 meta_title: str | None) -> tuple[list[Label], dict, list[str | None]]:
    """``classify_rules``, and the short blocks' folds it worked out on the way
    (``_short_folds``), which the template pass compares across documents.
    The order of the passes is the classifier's: each sees what the earlier decided."""
    labels, meta = _passes_before_threads(texts, line_labels, html, meta_title)
    mark_threads(texts, labels)
    return labels, meta, _passes_after_threads(texts, labels)


def _passes_before_threads(texts: list[str], line_labels: list[Label] | None, html: bool = False,
                           meta_title: str | None = None) -> tuple[list[Label], dict]:
    """Passes 1-3 up to the thread pass (which the stage runs for a batch at once)."""
    labels: list[Label] = list(line_labels) if line_labels is not None else classify_lines(texts)
    meta = _mark_top_matter(texts, labels, html, meta_title)
    _mark_sections(texts, labels)
    return labels, meta


def _passes_after_threads(texts: list[str], labels: list[Label]) -> list[str | None]:
    """The passes after the thread pass, up to the learned model; returns the short
    blocks' folds."""
    _mark_promo_lists(texts, labels)
    _mark_author_box(texts, labels)
    short_folds = _short_folds(texts)
    _mark_context(texts, labels, list(short_folds))
    _mark_outside_article(texts, labels)
    return short_folds


def labels_before_threads(texts: list[str]) -> list[Label]:
    """The labels the thread pass sees (what ``make train-threads`` trains it on)."""
    return _passes_before_threads(texts, None)[0]


def classify_blocks(texts: list[str], use_model: bool = True, html: bool = False,
                    meta_title: str | None = None) -> tuple[list[Label], dict]:
    """All passes for one document (the stage does the same for a batch at once)."""
    labels, meta = classify_rules(texts, html=html, meta_title=meta_title)
    if use_model:
        _mark_by_model([(texts, labels)])
    return labels, meta

