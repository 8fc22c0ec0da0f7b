"""Pass 4, outside the article: fragments before the first and after the last prose
block, where furniture shows the page went on, and a credit line after the article.

Rules: "byline.after_article" (a "By Jane Doe" signature after the last prose),
"tail.fragment_after_article" and "head.fragment_before_article" (category chrome).

Thresholds: T.BYLINE_MAX_CHARS (a signature), T.TAIL_FRAGMENT_MAX_CHARS,
T.HEAD_FRAGMENT_MAX_CHARS; a fragment as ``common._is_fragment`` reads it
(``T.ends_sentence``, T.TABLE_OR_LINK) and prose as ``common.is_prose`` does
(T.PROSE_MIN_CHARS, T.PROSE_LONG_CHARS); the signature's shape is
``pipeline.rules.metadata.SIGNATURE_LINE``.
"""
from __future__ import annotations

import re

from pipeline.classifier.common import Label, _is_fragment, _is_furniture, is_prose
from pipeline.rules import table as T
from pipeline.rules.metadata import NAME_JOINERS, SIGNATURE_LINE


def _is_signature(text: str) -> bool:
    """A "By Jane Doe" line after the article's last paragraph: the credit, where some
    sites print it. Every word of the name is capitalised ("By the end of the day" is
    not one), and the line is short and not a sentence."""
    if len(text) > T.BYLINE_MAX_CHARS or T.ends_sentence(text):
        return False
    m = SIGNATURE_LINE.match(text)
    if not m:
        return False
    words = re.split(r"[\s,&]+", m["author"])
    return all(w[:1].isupper() or w.lower() in NAME_JOINERS for w in words if w)


def _mark_outside_article(texts: list[str], labels: list[Label]) -> None:
    """Fragments outside the article's prose, where furniture shows the page went on.

    After the last prose block, fragments that follow a boilerplate block (the
    article has visibly ended) go; before the first prose block, fragments that come
    before the headline or before other furniture (the page header) go.
    """
    # The first and the last prose block (found from either end: most of a long
    # document is never looked at).
    first = next((i for i, t in enumerate(texts) if labels[i] is None and is_prose(t)), None)
    if first is None:
        return
    last = next(i for i in range(len(texts) - 1, first - 1, -1) if labels[i] is None and is_prose(texts[i]))
    ended = False
    for i in range(last + 1, len(texts)):
        if _is_furniture(labels[i]):
            ended = True
        elif labels[i] is None and _is_signature(texts[i]):
            labels[i] = ("byline", "byline.after_article")
        elif labels[i] is None and ended and _is_fragment(texts[i], T.TAIL_FRAGMENT_MAX_CHARS):
            labels[i] = ("chrome", "tail.fragment_after_article")
    title = next((i for i in range(first) if labels[i] and labels[i][0] == "title"), None)
    furniture_before = [i for i in range(first) if _is_furniture(labels[i])]
    header_end = max([title or 0, *furniture_before]) if (title is not None or furniture_before) else 0
    for i in range(header_end):
        if labels[i] is None and _is_fragment(texts[i], T.HEAD_FRAGMENT_MAX_CHARS):
            labels[i] = ("chrome", "head.fragment_before_article")
