"""Pass 2, top matter: byline(s) and the headline among the first blocks.

Rules: "byline.author_date", "byline.author", "byline.dateline" (a byline the
metadata parser reads, ``pipeline.rules.metadata.parse_byline``; it may relabel a
chrome line), "title.first_short_block".

Thresholds: T.BYLINE_SEARCH_BLOCKS, T.BYLINE_MAX_CHARS; T.TITLE_SEARCH_BLOCKS,
T.TITLE_MIN_CHARS, T.TITLE_MAX_CHARS, T.TITLE_MIN_BODY_CHARS, T.NOT_A_TITLE,
``T.ends_sentence``.
"""
from __future__ import annotations

from pipeline.classifier.common import Label, _content_chars, _fold
from pipeline.rules import table as T
from pipeline.rules.metadata import parse_byline


def _matches_title(block: str, title: str | None) -> bool:
    """The block is the page's title, or the part of it before the site's name."""
    b, t = _fold(block), _fold(title or "")
    return bool(b) and bool(t) and b in t


def _mark_top_matter(texts: list[str], labels: list[Label], html: bool = False,
                     meta_title: str | None = None) -> dict:
    """Pass 2: byline(s) and the headline among the first blocks. For an HTML page
    (``html``) the extractor has usually dropped the headline, so the first short
    block is lifted only when it matches the page's own title, ``meta_title``."""
    meta: dict = {"author": None, "date": None, "title": None}
    for i in range(min(T.BYLINE_SEARCH_BLOCKS + 1, len(texts))):
        if labels[i] is not None and labels[i][0] != "chrome":
            continue
        if len(texts[i]) > T.BYLINE_MAX_CHARS:
            continue
        parsed = parse_byline(texts[i])
        if parsed:
            author, date = parsed
            labels[i] = ("byline", "byline.author_date" if author and date else
                         "byline.author" if author else "byline.dateline")
            meta["author"] = meta["author"] or author
            meta["date"] = meta["date"] or date
    for i in range(min(T.TITLE_SEARCH_BLOCKS, len(texts))):
        if labels[i] is not None:
            continue
        t = texts[i]
        if (T.TITLE_MIN_CHARS <= len(t) <= T.TITLE_MAX_CHARS and not T.ends_sentence(t)
                and not T.NOT_A_TITLE.match(t)):
            body_after = _content_chars(texts, labels, range(i + 1, len(texts)), T.TITLE_MIN_BODY_CHARS)
            if body_after >= T.TITLE_MIN_BODY_CHARS and (not html or _matches_title(t, meta_title)):
                labels[i] = ("title", "title.first_short_block")
                meta["title"] = t
        break  # only the first unlabelled block may be the headline
    return meta
