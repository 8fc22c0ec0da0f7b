"""Pass 4, context: decisions that need a block's neighbours or the rest of the
document.

Rules:
- "media.caption_duplicate": a caption printed twice, once bare and once with its credit;
- "promo.teaser_card": "<headline> image" then "<headline>", then its standfirst;
- "repeat_of_boilerplate": a short line repeated in the document whose first copy was
  labelled boilerplate (not a title or a byline); the category is that copy's;
- "chrome.repeated_copy": a second copy of the article, a run of blocks repeating
  earlier blocks in order (REPEATED_COPY_MIN_PROSE_BLOCKS distinct ones prose);
- "tail.after_boilerplate": after the article has ended, a block that follows
  after-article boilerplate with only boilerplate after it; the category is that of
  the block before it. A block of prose is never taken so: it is the article's last
  paragraph after a newsletter box set inside the article.

Thresholds: T.TAIL_BLOCK_MAX_CHARS (a teaser card's standfirst, a tail block),
T.REPEAT_MAX_CHARS (repeats), T.REPEATED_COPY_MIN_PROSE_BLOCKS and T.PROSE_MIN_CHARS
(a copy), T.AFTER_ARTICLE_CATEGORIES; the media words of
``pipeline.rules.lexicons.MEDIA_WORDS``.
"""
from __future__ import annotations

import re

from pipeline.classifier.common import Label, _fold, _short_folds, is_prose
from pipeline.rules import table as T
from pipeline.rules.lexicons import MEDIA_WORDS

_TEASER_SUFFIX = re.compile(rf"^(?P<head>.+?)\s+(?:{MEDIA_WORDS}|thumbnail|teaser)s?$", re.IGNORECASE)

# The media words (lexicons.MEDIA_WORDS) that end in something other than a letter or
# a digit; a test holds this list to the lexicon.
_MEDIA_WORDS_ENDING_IN_A_DOT = ("fot.", "abb.")


def _may_end_in_media_word(text: str) -> bool:
    """Whether ``_TEASER_SUFFIX`` can match ``text`` at all, from its last characters:
    every word it ends in ends in a letter or a digit, but "fot." and "abb."."""
    return text[-1:].isalnum() or text[-4:].lower() in _MEDIA_WORDS_ENDING_IN_A_DOT


def _mark_context(texts: list[str], labels: list[Label], folded: list[str | None] | None = None) -> None:
    """Pass 4: decisions that need a block's neighbours. ``folded``: ``_short_folds``
    of the texts, when the caller has them (filled in here for longer blocks)."""
    n = len(texts)
    # Folded only where compared: short blocks (repeats), and pairs that pass a cheap test.
    folded = _short_folds(texts) if folded is None else folded

    def fold_of(i: int) -> str:
        if folded[i] is None:
            folded[i] = _fold(texts[i])
        return folded[i]

    # Each block's first character, lower-cased (one call for the document).
    initials = "\n".join(t[:1] for t in texts).lower().split("\n")
    if len(initials) != n:  # a block opening with a line feed: one by one
        initials = [t[:1].lower() for t in texts]
    for i in range(n - 1):
        if labels[i] is not None:
            continue
        after = labels[i + 1]
        # A caption printed twice, once bare and once with its credit.
        if after is not None:
            if after[0] == "media" and (fold_of(i + 1).startswith(fold_of(i))
                                        or fold_of(i).startswith(fold_of(i + 1))):
                labels[i] = ("media", "media.caption_duplicate")
            continue
        # A teaser card: "<headline> image" then "<headline>", then its standfirst.
        if initials[i][:1] == initials[i + 1][:1] and _may_end_in_media_word(texts[i]):
            # The cheap tests first: the next block must start this one.
            m = (fold_of(i).startswith(fold_of(i + 1) + " ") and fold_of(i + 1)
                 and _TEASER_SUFFIX.match(texts[i]))
            if m and _fold(m["head"]) == fold_of(i + 1):
                labels[i] = ("promo", "promo.teaser_card")
                labels[i + 1] = ("promo", "promo.teaser_card")
                k = i + 2
                if (k < n and labels[k] is None and len(texts[k]) <= T.TAIL_BLOCK_MAX_CHARS
                        and (k + 1 == n or labels[k + 1] is not None)):
                    labels[k] = ("promo", "promo.teaser_card")
    # Template lines: a short line repeated in the document, its first copy boilerplate.
    first_label: dict[str, Label] = {}
    for i in range(n):
        if len(texts[i]) > T.REPEAT_MAX_CHARS:
            continue
        key = folded[i]
        if key in first_label:
            if labels[i] is None and first_label[key] and first_label[key][0] not in ("title", "byline"):
                labels[i] = (first_label[key][0], "repeat_of_boilerplate")
        else:
            first_label[key] = labels[i]
    _mark_repeated_copy(texts, labels)
    # The tail: after the article has ended, what follows after-article boilerplate
    # and is followed only by boilerplate belongs to it.
    only_boilerplate_after = True
    for i in range(n - 1, 0, -1):
        if labels[i] is not None:
            continue
        prev = labels[i - 1]
        if (only_boilerplate_after and prev is not None and prev[0] in T.AFTER_ARTICLE_CATEGORIES
                and len(texts[i]) <= T.TAIL_BLOCK_MAX_CHARS and not is_prose(texts[i])):
            labels[i] = (prev[0], "tail.after_boilerplate")
        else:
            only_boilerplate_after = False


def _mark_repeated_copy(texts: list[str], labels: list[Label]) -> None:
    """Label a second copy of the article: each run of blocks that repeats, in order,
    the blocks from an earlier position (the copy starts after the original does),
    when REPEATED_COPY_MIN_PROSE_BLOCKS distinct blocks of the run are prose (one
    paragraph printed again and again is not a copy of an article). The first copy
    stays."""
    n = len(texts)
    first: dict[str, int] = {}
    keys = texts  # blocks come trimmed (``segment``)
    i = 0
    while i < n:
        j = first.get(keys[i])
        if j is None or not keys[i]:
            first.setdefault(keys[i], i)
            i += 1
            continue
        k = 0
        while i + k < n and j + k < i and keys[i + k] == keys[j + k]:
            k += 1
        # a run shorter than the prose blocks a copy needs is none (a repeated menu line)
        prose = 0 if k < T.REPEATED_COPY_MIN_PROSE_BLOCKS else len(
            {keys[t] for t in range(i, i + k) if len(keys[t]) >= T.PROSE_MIN_CHARS and is_prose(texts[t])})
        if prose >= T.REPEATED_COPY_MIN_PROSE_BLOCKS:
            for t in range(i, i + k):
                if labels[t] is None:
                    labels[t] = ("chrome", "chrome.repeated_copy")
            i += k
        else:
            i += 1
