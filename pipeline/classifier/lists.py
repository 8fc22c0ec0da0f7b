"""Pass 3, lists under a header: a promo header's teaser list, and the author box
that closes a document.

Rules: "promo.list_under_header" (the items under a "promo.header" line),
"byline.bio_under_header" (the blocks under a "byline.bio_header" line).

Thresholds: T.PROMO_LIST_ITEM_MAX_CHARS, and prose as ``common.is_prose`` reads it
(T.PROSE_MIN_CHARS, T.PROSE_LONG_CHARS); T.SECTION_MIN_CONTENT_BEFORE,
T.BIO_MAX_BLOCKS, T.BIO_MAX_CHARS.
"""
from __future__ import annotations

import re

from pipeline.classifier.common import Label, _content_chars, is_prose
from pipeline.rules import table as T

# A list item's mark: a dash, bullet or star and a space. (Wider than the block
# model's "bullet" feature, ``features._BULLETS``, which stays as the model was
# trained: en and em dashes mark lists too.)
_LIST_MARK = re.compile(r"[-–—•*·]\s")


def _mark_promo_lists(texts: list[str], labels: list[Label]) -> None:
    """A promo header takes the teaser lines listed under it, up to the next prose,
    or up to a line without the list's marks when its first item had one (the
    article's next subheading, where the list sits inside the article)."""
    n = len(texts)
    for i in range(n):
        if not (labels[i] and labels[i][1] == "promo.header"):
            continue
        marked = None
        for j in range(i + 1, n):
            t = texts[j]
            if labels[j] is not None or len(t) > T.PROMO_LIST_ITEM_MAX_CHARS or is_prose(t):
                break
            has_mark = _LIST_MARK.match(t) is not None
            marked = has_mark if marked is None else marked
            if marked and not has_mark:
                break
            labels[j] = ("promo", "promo.list_under_header")


def _content_chars_before(texts: list[str], labels: list[Label], i: int) -> int:
    """Unlabelled characters before block ``i``, counted up to SECTION_MIN_CONTENT_BEFORE."""
    return _content_chars(texts, labels, range(i), T.SECTION_MIN_CONTENT_BEFORE)


def _mark_author_box(texts: list[str], labels: list[Label]) -> None:
    """An author box closing the document: its header ("Über den Autor") takes the
    few short blocks after it (the author's name, role and bio), when nothing else
    follows them."""
    n = len(texts)
    for i in range(n - 1, -1, -1):
        if not (labels[i] and labels[i][1] == "byline.bio_header"):
            continue
        if _content_chars_before(texts, labels, i) < T.SECTION_MIN_CONTENT_BEFORE:
            return
        after = [j for j in range(i + 1, n) if labels[j] is None]
        if len(after) <= T.BIO_MAX_BLOCKS and all(len(texts[j]) <= T.BIO_MAX_CHARS for j in after):
            for j in after:
                labels[j] = ("byline", "byline.bio_under_header")
        return
