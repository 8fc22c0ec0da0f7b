"""classify: give every block a label, content or a category, and the rule that decided.

One engine applies the rule table (``pipeline.rules.table``) in passes, each pass
seeing what the earlier ones decided, the way jusText smooths a block by its
neighbours:

1. line rules: a block's own text against the genre lexicons, bounded by length;
2. top matter: byline and headline among the first blocks;
3. sections: a comment thread or a job board opens at a header and runs on;
4. context: captions repeated beside their credit, teaser cards, lines repeated in
   the document, the tail after the article has ended, and fragments outside the
   span of prose;
5. per batch: template lines repeated across documents of one site, then the learned
   block model on what the rules left (``pipeline.rules.features``).

A label is ``(category, rule)``; ``None`` means content.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import re2

from pipeline.config import Config
from pipeline.rules import table as T
from pipeline.rules.features import TreeModel, batch_features
from pipeline.rules.lexicons import MEDIA_WORDS
from pipeline.rules.linematch import classify_line, classify_lines  # noqa: F401 (classify_line: API)
from pipeline.rules.metadata import NAME_JOINERS, SIGNATURE_LINE, parse_byline
from pipeline.stages.base import map_documents

Label = tuple[str, str] | None

_TEASER_SUFFIX = re.compile(rf"^(?P<head>.+?)\s+(?:{MEDIA_WORDS}|thumbnail|teaser)s?$", re.IGNORECASE)


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


_COMMENT_OPENERS = frozenset(r.name for r in T.LINE_RULES if r.opens_section and r.category == "comments")


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


def _content_chars_before(texts: list[str], labels: list[Label], i: int) -> int:
    """Unlabelled characters before block ``i``, counted up to SECTION_MIN_CONTENT_BEFORE."""
    return _content_chars(texts, labels, range(i), T.SECTION_MIN_CONTENT_BEFORE)


def _prose_chars_before(texts: list[str], labels: list[Label], i: int) -> int:
    """Characters of unlabelled prose before block ``i``, counted up to
    SECTION_MIN_CONTENT_BEFORE: a comment thread follows an article's prose, and a
    comment count in the page's header (menus above it) opens none."""
    return _content_chars(texts, labels, range(i), T.SECTION_MIN_CONTENT_BEFORE, prose_only=True)


def _mark_sections(texts: list[str], labels: list[Label]) -> None:
    """Pass 3: comment threads and job boards run on from their header."""
    n = len(texts)
    # Comment thread: from the first opener that has comment evidence close below it,
    # to the end of the document.
    for i in range(n):
        lab = labels[i]
        if not (lab and lab[1] in _COMMENT_OPENERS):
            continue
        if _prose_chars_before(texts, labels, i) < T.SECTION_MIN_CONTENT_BEFORE:
            continue
        window = range(i + 1, min(n, i + 1 + T.COMMENT_EVIDENCE_WINDOW))
        if not any(_is_comment_evidence(texts[j], labels[j]) for j in window):
            continue
        for j in range(i + 1, n):
            if labels[j] is None:
                labels[j] = ("comments", "comments.section")
        break
    # Job board: a header confirmed by salary/recruiter evidence close below it (so a
    # document without any job-ad line has none).
    i = 0 if any(lab and lab[0] == "job_ads" for lab in labels) else n
    while i < n:
        if labels[i] is None and len(texts[i]) <= T.SHORT_LINE and T.JOB_BOARD_HEADER.match(texts[i]):
            window = range(i + 1, min(n, i + 1 + T.JOB_EVIDENCE_WINDOW))
            if any(labels[j] and labels[j][0] == "job_ads" for j in window):
                end = _job_board_end(texts, labels, i)
                labels[i] = ("job_ads", "job_ads.board_header")
                for j in range(i + 1, end + 1):
                    if labels[j] is None:
                        labels[j] = ("job_ads", "job_ads.board_section")
                i = end
        i += 1


def _is_comment_evidence(text: str, label: Label) -> bool:
    """A line only a comment thread has: a commenter, a reply link, a timestamp."""
    if label is not None and label[1] in T.COMMENT_EVIDENCE_RULES:
        return True
    return len(text) <= T.SHORT_LINE * 2 and T.COMMENT_TIMESTAMP.search(text) is not None


def _job_board_end(texts: list[str], labels: list[Label], header: int) -> int:
    """Last block of a board: the last evidence line or repeat of a board line."""
    seen: set[str] = set()
    last = header
    for j in range(header + 1, len(texts)):
        if j - last > T.JOB_EVIDENCE_WINDOW:
            break
        key = _fold(texts[j])
        is_evidence = labels[j] is not None and labels[j][0] == "job_ads"
        if is_evidence or key in seen:
            last = j
        elif labels[j] is not None:
            break  # another kind of boilerplate closes the board
        seen.add(key)
    return last


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
    # The tail: after the article has ended, what follows after-article boilerplate
    # and is followed only by boilerplate belongs to it.
    only_boilerplate_after = True
    for i in range(n - 1, 0, -1):
        if labels[i] is not None:
            continue
        prev = labels[i - 1]
        if (only_boilerplate_after and prev is not None and prev[0] in T.AFTER_ARTICLE_CATEGORIES
                and len(texts[i]) <= T.TAIL_BLOCK_MAX_CHARS):
            labels[i] = (prev[0], "tail.after_boilerplate")
        else:
            only_boilerplate_after = False


def is_prose(text: str) -> bool:
    n = len(text)
    return n >= T.PROSE_LONG_CHARS or (n >= T.PROSE_MIN_CHARS and T.ends_sentence(text))


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


def _is_fragment(text: str, max_chars: int) -> bool:
    """Short, not a sentence, not a table row or a link: a menu item or a label."""
    return (len(text) <= max_chars and not T.ends_sentence(text)
            and not T.TABLE_OR_LINK.search(text))


def _is_furniture(label: Label) -> bool:
    return label is not None and label[0] not in ("title", "byline")


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


@functools.lru_cache(maxsize=1)
def _block_model() -> TreeModel | None:
    path = Path(__file__).resolve().parents[1] / "rules" / "block_model.json"
    if not path.exists():
        return None
    return TreeModel(json.loads(path.read_text(encoding="utf-8")))


def _mark_by_model(docs: list[tuple[list[str], list[Label]]]) -> None:
    """Pass 5: the learned block model judges what the rules left as content.

    Scored for a whole batch of documents at once. A block goes only when the model
    is confident (its threshold was chosen on the development data with recall held);
    the rule names the feature that weighed most. The category is that of the
    nearest furniture neighbour, else chrome.
    """
    model = _block_model()
    if model is None:
        return
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
        labels[i] = (_neighbour_category(labels, i), f"model.block_score:{labels[i][1]}")


def _neighbour_category(labels: list[Label], i: int) -> str:
    for j in (i - 1, i + 1):
        if 0 <= j < len(labels) and labels[j] and labels[j][0] not in ("title", "byline", "model"):
            return labels[j][0]
    return "chrome"


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
    (``_short_folds``), which the template pass compares across documents."""
    labels: list[Label] = list(line_labels) if line_labels is not None else classify_lines(texts)
    meta = _mark_top_matter(texts, labels, html, meta_title)
    _mark_sections(texts, labels)
    _mark_promo_lists(texts, labels)
    _mark_author_box(texts, labels)
    short_folds = _short_folds(texts)
    _mark_context(texts, labels, list(short_folds))
    _mark_outside_article(texts, labels)
    return labels, meta, short_folds


def classify_blocks(texts: list[str], use_model: bool = True, html: bool = False,
                    meta_title: str | None = None) -> tuple[list[Label], dict]:
    """All passes for one document (the stage does the same for a batch at once)."""
    labels, meta = classify_rules(texts, html=html, meta_title=meta_title)
    if use_model:
        _mark_by_model([(texts, labels)])
    return labels, meta


def _classify_document(block_texts: list[str], line_labels: list[Label], kind=None, meta_title=None) -> tuple:
    return _rule_passes(block_texts, line_labels, kind == "html", meta_title)


# What urlsplit would clean or treat specially in a URL: then it is asked.
_URL_ODDITY = re.compile(r"[\\\t\r\n]")


def site_of(url, source) -> str:
    """The group template lines are counted in: the URL's host, else the source's folder."""
    if isinstance(url, str) and "://" in url:
        scheme, _, rest = url.partition("://")
        if scheme.isascii() and scheme.isalpha() and not _URL_ODDITY.search(rest):
            # The network location, as urlsplit finds it: up to a "/", "?" or "#".
            return rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].lower()
        return urlsplit(url).netloc.lower()
    return str(source).rsplit("/", 1)[0] if isinstance(source, str) and "/" in source else ""


def _mark_templates(docs: list[tuple[list[str], list[Label]]], sites: list[str],
                    short_folds: list[list[str | None]] | None = None) -> None:
    """Lines repeated across documents of one site are its template (menus, footers).
    ``short_folds``: each document's ``_short_folds``, when the caller has them."""
    by_site: dict[str, list[int]] = {}
    for d, site in enumerate(sites):
        by_site.setdefault(site, []).append(d)
    for members in by_site.values():
        if len(members) < T.TEMPLATE_MIN_DOCS:
            continue
        folds = {d: short_folds[d] if short_folds is not None else _short_folds(docs[d][0]) for d in members}
        seen: dict[str, int] = {}
        for d in members:
            texts = docs[d][0]
            for key in {f for f, t in zip(folds[d], texts) if f is not None and not is_prose(t)}:
                seen[key] = seen.get(key, 0) + 1
        need = max(T.TEMPLATE_MIN_DOCS, T.TEMPLATE_MIN_SHARE * len(members))
        template = {k for k, c in seen.items() if c >= need}
        if not template:
            continue
        for d in members:
            labels = docs[d][1]
            for i, f in enumerate(folds[d]):
                if labels[i] is None and f is not None and f in template:
                    labels[i] = ("chrome", "template.repeated_across_site")


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
    batch = _line_labels_of_batch(batch)
    batch = map_documents(batch, "classify", _classify_document, ["block_texts", "line_labels", "kind", "meta_title"],
                          ["labels", "found_meta", "short_folds"])
    live = batch.index[batch["status"].ne("error")]
    docs = list(zip(batch.loc[live, "block_texts"], batch.loc[live, "labels"]))
    sites = [site_of(u, s) for u, s in zip(batch.loc[live, "url"], batch.loc[live, "source"])]
    _mark_templates(docs, sites, batch.loc[live, "short_folds"].tolist())  # labels are updated in place
    _mark_by_model(docs)
    return batch.drop(columns=["block_texts", "line_labels", "short_folds"])
