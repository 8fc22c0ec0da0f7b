"""What every pass shares: the label type, folding for comparisons, and the shapes of
a block (prose, a fragment) and of a label (furniture).

Fires no rule. Reads T.REPEAT_MAX_CHARS (which blocks ``_short_folds`` folds),
T.PROSE_MIN_CHARS and T.PROSE_LONG_CHARS (``is_prose``), T.TABLE_OR_LINK and
``T.ends_sentence`` (``_is_fragment``).
"""
from __future__ import annotations

import re2

from pipeline.rules import table as T

Label = tuple[str, str] | None


def _fold(s: str) -> str:
    """Case and runs of whitespace folded: how repeats and duplicates are compared.
    (A printable string holds no whitespace but ASCII spaces: with no run of them and
    none at either end, lower-casing is all there is to do.)"""
    if s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s.lower()
    return " ".join(s.lower().split())


# What ``_fold`` would change in blocks joined by NULs besides their case: whitespace
# other than the space (``str.isspace``'s, all in the BMP), two spaces, or a space at
# either end of a block. (google-re2: one pass at DFA speed.)
_OTHER_SPACES = "".join(f"\\x{{{cp:x}}}" for cp in range(0x10000) if chr(cp).isspace() and cp != 0x20)
_UNPLAIN = re2.compile(f"[{_OTHER_SPACES}]|  |\\x00 | \\x00|^ | $")


def _short_folds(texts: list[str]) -> list[str | None]:
    """``_fold`` of each block up to REPEAT_MAX_CHARS (None for longer ones). When no
    such block has whitespace to fold, one lower-casing of them all joined does."""
    short = [i for i, t in enumerate(texts) if len(t) <= T.REPEAT_MAX_CHARS]
    folded: list[str | None] = [None] * len(texts)
    joined = "\x00".join([texts[i] for i in short])
    lowered = joined.lower().split("\x00")
    # Nothing to fold: no whitespace but single spaces between words (splitting and
    # joining would change nothing), and no space at either end of a block.
    try:
        plain = _UNPLAIN.search(joined) is None
    except UnicodeEncodeError:  # a lone surrogate: RE2 takes UTF-8 only
        plain = False
    if len(lowered) == len(short) and plain:
        for i, f in zip(short, lowered):
            folded[i] = f
    else:
        for i in short:
            folded[i] = _fold(texts[i])
    return folded


def is_prose(text: str) -> bool:
    n = len(text)
    return n >= T.PROSE_LONG_CHARS or (n >= T.PROSE_MIN_CHARS and T.ends_sentence(text))


def _content_chars(texts: list[str], labels: list[Label], blocks: range, enough: int,
                   prose_only: bool = False) -> int:
    """Characters of unlabelled text (with ``prose_only``, of unlabelled prose) in
    ``blocks``, counted until there are ``enough``."""
    total = 0
    for j in blocks:
        if labels[j] is None and (not prose_only or is_prose(texts[j])):
            total += len(texts[j])
            if total >= enough:
                break
    return total


def _is_fragment(text: str, max_chars: int) -> bool:
    """Short, not a sentence, not a table row or a link: a menu item or a label."""
    return (len(text) <= max_chars and not T.ends_sentence(text)
            and not T.TABLE_OR_LINK.search(text))


def _is_furniture(label: Label) -> bool:
    return label is not None and label[0] not in ("title", "byline")
