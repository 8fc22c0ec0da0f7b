"""What extraction left out of an HTML page, so the diff covers the whole page.

trafilatura keeps the article and drops the rest of the page: its comment thread, its
menus, banners and teaser lists. Those are removals too, and a reader of the report
should see them with the same categories as the text stages' removals. So, beside the
extracted text, the page is rendered to plain text once (``page_text``, stored in
``repaired.parquet``): one line per block-level element, in document order, scripts
and styles left out. Each line gets the category the page's markup gives it (the
nearest enclosing element that says what it is):

- comments: an element trafilatura's own comment-section XPaths find
  (``trafilatura.xpaths.COMMENTS_XPATH``, the markup knowledge its extractor uses),
  or one whose class or id names comments (MARKUP_CATEGORIES);
- newsletter, job_ads, promo, media, chrome: by class, id or tag (MARKUP_CATEGORIES,
  in that order of precedence);
- anything else extraction left out: chrome (rule ``extract.page``).

A line is kept when the extracted text holds it (whitespace folded); every run of
consecutive lines left out with one category becomes one removed row, rule
``extract.<category>`` (``extract.page`` for unmarked page text), its offsets into
``page_text``. Those rules are listed in ``pipeline.rules.table.EXTRACTION_RULES``.
"""
from __future__ import annotations

import functools
import re

# Elements that start a new line of the page's text.
BLOCK_TAGS = frozenset("""
address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure
footer form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary table tbody td tfoot
th thead tr ul br
""".split())
# Elements whose text is no page text a reader sees.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "iframe", "object"})
# Markup naming what an element is, tested on "<tag> <class> <id>" in this order: the
# first that matches an element gives its category (the comment containers trafilatura
# finds come before all of them).
MARKUP_CATEGORIES = (
    ("comments", re.compile(r"comment(?!ary)|kommentar|disqus|respond\b|reply|replies|discussion", re.I)),
    ("newsletter", re.compile(r"newsletter|subscribe|subscription|signup|sign-up|abonn", re.I)),
    ("job_ads", re.compile(r"\bjobs?\b|job-|career|vacanc|stellen", re.I)),
    ("promo", re.compile(r"related|recommend|popular|trending|teaser|more-stories|read-more|outbrain|taboola|"
                         r"sponsor|promo|\bads?\b|-ad-|advert|banner-ad|widget", re.I)),
    ("media", re.compile(r"^(?:figure|figcaption)\b|caption|gallery|credit", re.I)),
    ("chrome", re.compile(r"^(?:nav|header|footer|aside|menu|form)\b|nav|menu|breadcrumb|footer|header|cookie|"
                          r"consent|gdpr|share|social|sidebar|toolbar|login|search|tags?\b", re.I)),
)
UNMARKED_RULE = "extract.page"
# A page line not among the extracted lines is looked for inside the extracted text
# (trafilatura joins and splits lines) while lines x extracted characters stays under
# this; past it (a page of tens of thousands of lines), whole lines only, so that a
# huge page costs time in proportion to its size.
SUBSTRING_SEARCH_BUDGET = 200_000_000
_WS = re.compile(r"\s+")
# MARKUP_CATEGORIES as one pattern (one search an element): the first alternative that
# matches at the leftmost place is not the first in precedence, so each category's
# pattern is also tried alone, in order, on the elements the joint one hits.
_ANY_MARKUP = re.compile("|".join(f"(?:{p.pattern})" for _, p in MARKUP_CATEGORIES), re.I)
# Tags whose own name may say what they are (the rest say so by class or id only).
_NAMED_TAGS = frozenset({"nav", "header", "footer", "aside", "menu", "form", "figure", "figcaption"})


@functools.lru_cache(maxsize=1)
def _comment_xpaths():
    from trafilatura.xpaths import COMMENTS_XPATH

    return COMMENTS_XPATH


@functools.lru_cache(maxsize=4096)
def _category_of_names(names: str) -> str | None:
    if _ANY_MARKUP.search(names) is None:
        return None
    for category, pattern in MARKUP_CATEGORIES:
        if pattern.search(names):
            return category
    return None


def _category_of(tag: str, element) -> str | None:
    """The category an element's markup names: its tag, class and id (cached by them:
    a page repeats a few class names thousands of times)."""
    if tag not in BLOCK_TAGS and tag not in _NAMED_TAGS:
        return None  # an inline element (a link, a span) names no region of the page
    cls, ident = element.get("class"), element.get("id")
    if cls is None and ident is None and tag not in _NAMED_TAGS:
        return None
    return _category_of_names(f"{tag} {cls or ''} {ident or ''}")


def page_lines(tree) -> list[tuple[str, str | None]]:
    """The page's text as (line, category) in document order."""
    from lxml import etree

    body = tree.find(".//body") if tree is not None else None
    if body is None:
        return []
    comment_roots = set()
    for xpath in _comment_xpaths():
        try:
            comment_roots.update(xpath(body))
        except etree.XPathError:
            continue
    lines: list[tuple[str, str | None]] = []
    pieces: list[tuple[str, str | None]] = []

    def flush():
        if pieces:
            text = " ".join("".join([p for p, _ in pieces]).split())
            if text:
                category = pieces[0][1]
                if len(pieces) > 1 and any(c != category for _, c in pieces):  # the most text's
                    weight: dict = {}
                    for p, c in pieces:
                        weight[c] = weight.get(c, 0) + len(p.strip())
                    category = max(weight, key=weight.get)
                lines.append((text, category))
            pieces.clear()

    stack: list[str | None] = [None]
    skipping = 0
    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if skipping or tag in SKIP_TAGS or not isinstance(el.tag, str):
                skipping += 1
                continue
            category = "comments" if el in comment_roots else (_category_of(tag, el) or stack[-1])
            stack.append(category)
            if tag in BLOCK_TAGS:
                flush()
            if el.text:
                pieces.append((el.text, category))
        else:
            if skipping:
                skipping -= 1
                if skipping == 0 and el.tail:  # the tail of a skipped element is its parent's text
                    pieces.append((el.tail, stack[-1]))
                continue
            stack.pop()
            if tag in BLOCK_TAGS:
                flush()
            if el.tail and el is not body:
                pieces.append((el.tail, stack[-1]))
    flush()
    return lines


def dropped_by_extraction(lines: list[tuple[str, str | None]], extracted: str) -> tuple[str | None, list[dict]]:
    """(page_text, removed rows) for what extraction left out of the page (``lines``:
    ``page_lines`` of the page, read before extraction prunes its tree)."""
    if not lines:
        return None, []
    kept_text = " ".join((extracted or "").split())
    kept_lines = {" ".join(line.split()) for line in (extracted or "").split("\n")}
    page_text = "\n".join(text for text, _ in lines)
    search_inside = len(lines) * max(1, len(kept_text)) <= SUBSTRING_SEARCH_BUDGET
    rows: list[dict] = []
    offset = 0
    for text, category in lines:
        start, end = offset, offset + len(text)
        offset = end + 1
        if text in kept_lines or (search_inside and text in kept_text):
            continue
        rule = f"extract.{category}" if category else UNMARKED_RULE
        category = category or "chrome"
        last = rows[-1] if rows else None
        if last is not None and last["rule"] == rule and last["end"] + 1 == start:
            last["end"] = end
            last["text"] = page_text[last["start"]:end]
        else:
            rows.append({"start": start, "end": end, "category": category, "rule": rule, "text": text})
    return page_text, rows
