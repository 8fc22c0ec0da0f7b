"""extract: HTML pages to main text plus the page's own metadata, with trafilatura.

Comments are left out here (trafilatura knows the markup of comment threads better
than any text rule); what trafilatura keeps of newsletter prompts, related stories
and captions is left to the text stages that follow, which see the extracted text
exactly as they would see a scraped ``.txt`` file.

trafilatura often leaves out an article's lead paragraph (the standfirst set apart
above the body). The page's own description (``<meta name="description">``) usually
repeats that lead, in full or cut short with an ellipsis. When the description is not
in the extracted text, the element of the page that holds it is found and its text is
put back at the head of the body. Only text the page shows is added: a description
that appears nowhere in the page's body adds nothing. A description is matched on its
letters and digits, as descriptions write a dash as a hyphen or drop a quote. A copy of
the description inside a link, a menu or an aside is a teaser card, not the lead; an
excerpt-style description (the lead, then the body's first words) finds the lead by its
head. Where the
description leads nowhere, the element the page's markup names its lead ("lead",
"intro", "standfirst", "chapo", ...), just above the extracted body, is put back instead.
A subtitle set under the headline in the page's ``<hgroup>`` goes back the same way.

A page that renders its article with script leaves trafilatura only a teaser; when its
structured data (JSON-LD ``articleBody``) is several times longer, that is the text.

The text is brought to Unicode's composed form (NFC), as ``trafilatura.extract`` does
for its own output: ``bare_extraction`` leaves a page's decomposed letters (``u`` and a
combining diaeresis for ``ü``) as they were, and the same word then fails to match
itself. NFC changes no character a reader sees.

What extraction left out of the page (its comment thread, menus, banners) is kept as
removed rows against a plain text of the whole page (``pipeline.stages.page_diff``),
so the diff report covers the page and not only the extracted text.

Metadata a reader already found (a record's URL, say) wins over what the page says
about itself; the page fills in what is missing. The page's title loses the site's name
it often carries ("Headline | Site", "Site - Headline"): the title column is the headline.

Pages are parsed here (``load_page``), not by trafilatura's ``load_html``, whose
parser keeps libxml2's default limits: past 256 levels of nesting, or 10 MB in one
attribute or text node, libxml2 stops, and the tree holds what came before (252 of
1,000 paragraphs each left in an unclosed ``<div>``; nothing at all after a 10 MB
attribute), with no exception to tell. Ours lifts them (``huge_tree``) and reads
libxml2's error log: where it still stopped (nesting past 2,048 levels) the page is
parsed again without its layout containers (``FLATTEN_TAGS``: they nest, the text is
in paragraphs, headings and lists inside them), and where even that stops, the page
is an error naming the limit, never an ``ok`` row missing its end.
"""
from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import urlsplit

import pandas as pd
from lxml import etree
from lxml.html import HTMLParser

from pipeline.config import Config
from pipeline.stages.base import map_documents
from pipeline.stages.page_diff import dropped_by_extraction, page_lines

# trafilatura's own parser settings, with libxml2's size and depth limits lifted.
HTML_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                         remove_pis=True, huge_tree=True)
# libxml2's nesting limit with huge_tree (XML_PARSE_HUGE), for the error message.
LIBXML2_HUGE_MAX_DEPTH = 2048
# Tags taken out, opening and closing, of a page nested past libxml2's limit: layout
# containers and inline styling, which hold the text but add nothing to it.
FLATTEN_TAGS = ("div", "span", "font", "section", "center", "small", "big", "b", "i", "u", "em", "strong")
_FLATTEN = re.compile(r"</?(?:%s)\b[^>]*>" % "|".join(FLATTEN_TAGS), re.IGNORECASE)


class ParserLimit(ValueError):
    """A page libxml2 cannot parse whole: what it would keep is not the page."""

# trafilatura's settings for the main text. Chosen on the development part of the dev
# set (eval/html_eval.py --sweep); see the quality notes for the figures.
TRAFILATURA_OPTIONS = {
    "include_comments": False,  # comment threads are not the article
    "include_tables": True,     # data tables are article content more often than not
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,       # a repeated line is the classifier's call, with its rule
}

# htmldate's "extensive search" (free-text dates parsed by dateparser) costs more than
# the rest of the page's extraction put together; the page's markup (meta tags,
# JSON-LD, <time>, the URL) and the byline rules find the date without it.
DATE_EXTENSIVE_SEARCH = False

# A page whose main text comes out shorter than this is extracted again favouring
# recall, and the longer text kept: on such pages trafilatura has usually taken a
# teaser or a caption for the article. None: no second try.
RECALL_RETRY_BELOW_CHARS = 300

# A page that renders its article with script shows the HTML extractor only a teaser;
# its structured data (JSON-LD ``articleBody``) often holds the whole text. When the
# main text comes out shorter than ARTICLE_BODY_BELOW_CHARS and the page's articleBody
# is at least ARTICLE_BODY_MIN_FACTOR times as long, the articleBody is the text. (A
# smaller factor is the same article, told with or without its captions.)
ARTICLE_BODY_BELOW_CHARS = 1000
ARTICLE_BODY_MIN_FACTOR = 3
_LD_JSON = '//script[@type="application/ld+json"]/text()'
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")

# Put back a lead paragraph trafilatura left out (see the module docstring).
RESTORE_LEAD = True
# Restoring the lead: descriptions shorter than this say too little to find a paragraph by.
LEAD_MIN_CHARS = 20
# The start of the description looked for in the page's text nodes.
LEAD_PROBE_CHARS = 15
# The element holding the lead may be at most this many times the description's length
# (or LEAD_MAX_CHARS, whichever is more): larger, and it is the article, not its lead.
LEAD_MAX_FACTOR = 3
LEAD_MAX_CHARS = 800
# Lead by markup: when the description leads nowhere, the element the page's markup
# calls its lead ("lead", "intro", "standfirst", "chapo", "excerpt", ...) just above the
# extracted body, when the text has left it out. A class naming an author box, a
# teaser list or a card is another story's teaser or the writer's bio, not this lead.
LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:lead|leadtext|intro|introtext|teaser-text|standfirst|chapo|chapeau|excerpt|summary|"
    r"subtitle|dek|deck|abstract|sapo|entradilla|bajada|sumario|lede)(?:$|[\s_-])", re.IGNORECASE)
LEAD_CLASS_EXCLUDED = re.compile(
    r"author|newsletter|list|card|item|related|sidebar|widget|footer|comment|promo|box|asset|media|image|photo|video",
    re.IGNORECASE)
# Elements inside which a lead never sits: menus, asides, captions, links, list items.
LEAD_SKIP_ANCESTORS = frozenset({"nav", "aside", "footer", "figure", "figcaption", "li", "a", "form"})
# Elements inside which the description's copy is another story's teaser card or the
# site's menu, not this page's lead. Fewer than LEAD_SKIP_ANCESTORS: pages do show their
# lead as a caption (figure) or as summary bullets (li).
DESCRIPTION_SKIP_ANCESTORS = frozenset({"nav", "aside", "footer", "a"})
# A lead found by markup reads as a paragraph: at least this long (a kicker or a date
# is shorter), at most LEAD_MAX_CHARS.
LEAD_CLASS_MIN_CHARS = 60
# The body's first paragraph: the first extracted line at least this long...
BODY_START_MIN_CHARS = 80
# ...and the lead ends at most this much page text above it (room for a date line, a
# byline or a photo credit; further up, an element is not this article's lead).
LEAD_MAX_GAP_CHARS = 400
# A teaser card holds a headline or a link of its own, a lead image its picture; a lead
# paragraph holds neither.
_HEADLINE_LINK_OR_IMAGE = (".//h1|.//h2|.//h3|.//h4|.//a[string-length(normalize-space()) > 20]|"
                           ".//img|.//picture|.//figure|.//figcaption")
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:\.{2,}|…|\[…\]|\[\.\.\.\])\s*$")
_WS = re.compile(r"\s+")
# Descriptions and the page's text are compared on their letters and digits alone: a
# description often writes the lead's dash as a hyphen, its quotes straight, its case
# otherwise.
_NOT_ALNUM = re.compile(r"[\W_]+")
_TEXT_NODES = ".//text()[not(ancestor::script) and not(ancestor::style)]"

# A page's title often carries the site's name ("Headline | Site", "Site - Headline");
# the title column wants the headline. A part of the title set off by one of these
# separators is dropped when it is the site's own name (its og:site_name, or its host
# name with or without the www and the TLD), compared on letters and digits alone.
TITLE_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", " » ")
# A host name's label shorter than this ("de", "co", "www") names no site.
SITE_LABEL_MIN_CHARS = 3
_URL_HEAD = re.compile(r"^(?:https?://)?(?:www\.)?", re.IGNORECASE)

# A byline word trafilatura leaves in front of a name in some languages ("Par Jean Dupont").
AUTHOR_PREFIX = re.compile(r"^(?:by|von|par|por|door|przez)\s+(?=\w)", re.IGNORECASE)


def extract_page(html: str, url: str | None, title, author, date) -> tuple:
    """``extract_html``, plus the page's whole text and what extraction left out of it
    (``pipeline.stages.page_diff``): (text, url, title, author, date, page_text, dropped)."""
    tree = load_page(html)
    lines = page_lines(tree)  # before extraction prunes the tree
    out = extract_html(html, url, title, author, date, tree=tree)
    return (*out, *dropped_by_extraction(lines, out[0]))


def extract_html(html: str, url: str | None, title, author, date, tree=None) -> tuple:
    """Return (text, url, title, author, date) for one page (``tree``: the page
    already parsed by ``load_page``)."""
    import trafilatura
    from trafilatura.settings import set_date_params

    tree = load_page(html) if tree is None else tree
    doc = None
    if tree is not None:
        doc = trafilatura.bare_extraction(tree, url=url or None, with_metadata=True,
                                          date_extraction_params=set_date_params(DATE_EXTENSIVE_SEARCH),
                                          **TRAFILATURA_OPTIONS)
    if doc is None:
        return "", url, title, author, date
    text = _nfc(doc.text or "")
    if RECALL_RETRY_BELOW_CHARS is not None and len(text) < RECALL_RETRY_BELOW_CHARS:
        opts = {**TRAFILATURA_OPTIONS, "favor_recall": True, "favor_precision": False}
        again = trafilatura.bare_extraction(load_page(html), url=url or None, with_metadata=False, **opts)
        if again is not None and len(again.text or "") > len(text):
            text = _nfc(again.text)
    if ARTICLE_BODY_BELOW_CHARS is not None and len(text) < ARTICLE_BODY_BELOW_CHARS:
        body = article_body(tree)
        if body and len(body) >= ARTICLE_BODY_MIN_FACTOR * max(len(text), 1):
            text = body
    headline = without_site_name(_clean(doc.title), doc.sitename, url or doc.url or doc.hostname)
    lead = None
    if RESTORE_LEAD:
        lead = missing_lead(tree, doc.description, text) or marked_lead(tree, text)
        subtitle = hgroup_subtitle(tree, (doc.title, headline), text)
        lead = "\n".join(part for part in (subtitle, lead) if part) or None
    return (
        with_lead(text, lead, doc.title),
        url or _clean(doc.url),
        title or headline,
        author or _author(doc.author),
        date or _clean(doc.date),
    )


def load_page(html: str):
    """The page's tree as trafilatura's ``load_html`` makes it from a string (its repairs,
    its fallback to bytes, its rejection of a one-element non-HTML document), parsed
    without libxml2's default limits; raises ``ParserLimit`` where libxml2 cannot parse
    it whole even so."""
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree, stopped = _parse(html)
    if stopped:
        tree, stopped_again = _parse(_FLATTEN.sub("", html))
        if stopped_again:
            raise ParserLimit(f"libxml2 cannot parse the page whole ({stopped_again}), not even with its layout "
                              f"containers ({', '.join(FLATTEN_TAGS[:4])}, ...) taken out; it nests deeper than "
                              f"{LIBXML2_HUGE_MAX_DEPTH:,} levels or holds a single node past libxml2's size "
                              f"limit, and the text past that point would be lost")
    if tree is not None and dubious and len(tree) < 2:
        return None  # (as load_html: not HTML, or a fragment)
    return tree


def _parse(html: str):
    """(tree or None, why libxml2 stopped early or None)."""
    from lxml.html import fromstring

    try:
        tree = fromstring(html, parser=HTML_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        return _parse_bytes(html)
    except etree.LxmlError:  # an empty document
        tree = None
    stopped = _stopped(HTML_PARSER.error_log)
    if tree is None or len(tree) < 1:
        return _parse_bytes(html)
    return tree, stopped


def _parse_bytes(html: str):
    from lxml.html import fromstring

    try:
        tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=HTML_PARSER)
    except (ValueError, etree.LxmlError):
        return None, None
    return tree, _stopped(HTML_PARSER.error_log)


def _stopped(log) -> str | None:
    """libxml2's message where it gave up on the document (a fatal error: the HTML
    parser recovers from every other), or None."""
    for entry in log:
        if entry.level == etree.ErrorLevels.FATAL:
            return entry.message.strip()
    return None


def _fold(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _loose(s: str) -> str:
    """Letters and digits only, lower-cased: how a description is matched to the page."""
    return _NOT_ALNUM.sub("", s).lower()


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def article_body(tree) -> str | None:
    """The longest ``articleBody`` in the page's JSON-LD, NFC, or None."""
    found: list[str] = []
    for raw in tree.xpath(_LD_JSON):
        try:
            stack = [json.loads(raw)]
        except ValueError:
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                body = item.get("articleBody")
                if isinstance(body, str):
                    found.append(body)
                stack.extend(v for k, v in item.items() if k != "articleBody")
            elif isinstance(item, list):
                stack.extend(item)
    best = max(found, key=len, default="").strip()
    # Some sites put markup in it; that is no plain text to take.
    return _nfc(best) if best and not _MARKUP.search(best) else None


def missing_lead(tree, description: str | None, text: str) -> str | None:
    """The page's lead paragraph when the extracted text lacks it, else None."""
    core = _fold(_TRAILING_ELLIPSIS.sub("", _nfc(description or "")))
    if len(core) < LEAD_MIN_CHARS:
        return None
    # A lead-sized description is matched on its letters and digits (see _loose); a
    # longer one, most of the article, only as it is written.
    key = _loose if len(core) <= LEAD_MAX_CHARS else _fold
    wanted = key(core)
    if not wanted or wanted in key(text):
        return None
    body = tree.find("body")
    if body is None:
        return None
    limit = max(LEAD_MAX_FACTOR * len(core), LEAD_MAX_CHARS)
    probe = wanted[:LEAD_PROBE_CHARS]
    for node in body.xpath(_TEXT_NODES):
        if probe in key(_nfc(node)) and not _in_link_or_aside(node.getparent(), body):
            lead = _enclosing_text(node.getparent(), body, wanted, key, limit, key(text))
            if lead:
                return lead
            # Markup left unclosed (an <h2> ended by </h3>) makes the lead's element
            # swallow the article; the text node alone still holds the whole lead.
            own = _fold(_nfc(node))
            if len(own) <= limit and wanted in key(own):
                return own
    return None


def _in_link_or_aside(element, body) -> bool:
    """The element sits inside a link, a menu, an aside or a footer (DESCRIPTION_SKIP_ANCESTORS):
    a description found there is a teaser card's copy of it, not the page's lead."""
    while element is not None and element is not body:
        if element.tag in DESCRIPTION_SKIP_ANCESTORS:
            return True
        element = element.getparent()
    return False


def hgroup_subtitle(tree, titles: tuple, text: str) -> str | None:
    """The subtitle under the page's headline when the text lacks it, else None.

    HTML's ``<hgroup>`` is a heading with its subheadings: where the page's headline
    (its ``<h1>``, the page's title) sits in one, the headings and paragraphs after it
    are the article's subtitle. An hgroup whose h1 is the site's name holds a tagline
    and is left alone, as is a subtitle too short to read as a sentence
    (LEAD_CLASS_MIN_CHARS)."""
    wanted = {_loose(title) for title in titles if title} - {""}
    if not wanted:
        return None
    have = _loose(text)
    for group in tree.iterfind(".//hgroup"):
        heads = group.findall("h1")
        if len(heads) != 1 or _loose(heads[0].text_content()) not in wanted:
            continue
        parts = []
        for element in heads[0].itersiblings():
            part = _fold(_nfc(element.text_content()))
            if len(part) >= LEAD_CLASS_MIN_CHARS and _loose(part) not in have:
                parts.append(part)
        return "\n".join(parts) or None
    return None


def marked_lead(tree, text: str) -> str | None:
    """The lead the page's markup names (LEAD_CLASS), just above the extracted body's
    first paragraph, when the text lacks it; else None."""
    first = next((line for line in text.split("\n") if len(line) >= BODY_START_MIN_CHARS), None)
    body = tree.find("body") if first is not None else None
    if body is None:
        return None
    probe = _fold(first)[:LEAD_PROBE_CHARS]
    nodes = body.xpath(_TEXT_NODES)
    start = next((k for k, node in enumerate(nodes) if probe in _fold(_nfc(node))), None)
    if start is None:
        return None
    gap = 0
    for node in reversed(nodes[:start]):
        holder = _lead_holder(node.getparent(), body)
        if holder is not None:
            lead = _fold(_nfc(holder.text_content()))
            if (LEAD_CLASS_MIN_CHARS <= len(lead) <= LEAD_MAX_CHARS and lead not in _fold(text)
                    and not holder.xpath(_HEADLINE_LINK_OR_IMAGE)):
                return lead
            return None
        gap += len(_fold(node))
        if gap > LEAD_MAX_GAP_CHARS:
            return None
    return None


def _lead_holder(element, body):
    """The element around a text node whose class or id names it the lead; None when
    there is none or the node sits in a menu, an aside, a caption, a link or a list."""
    while element is not None and element is not body:
        if element.tag in LEAD_SKIP_ANCESTORS:
            return None
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if LEAD_CLASS.search(names) and not LEAD_CLASS_EXCLUDED.search(names):
            return element
        element = element.getparent()
    return None


def _enclosing_text(element, body, wanted: str, key, limit: int, text_key: str = "") -> str | None:
    """Text of the nearest element around a text node that holds the whole description
    (``wanted``: the description as ``key`` compares it), or of one that holds its head
    when the rest of the description is how the extracted text (``text_key``) opens (within
    LEAD_MAX_GAP_CHARS, room for a headline or a date line above the body): an
    excerpt-style description is the lead followed by the body's first words."""
    while element is not None and element is not body:
        content = _fold(_nfc(element.text_content()))
        if len(content) > limit:
            return None
        got = key(content)
        if wanted in got:
            return content
        rest = wanted[len(got):] if wanted.startswith(got) and len(content) >= LEAD_CLASS_MIN_CHARS else ""
        if len(rest) >= LEAD_PROBE_CHARS and rest[:LEAD_PROBE_CHARS] in text_key[:LEAD_MAX_GAP_CHARS]:
            return content
        element = element.getparent()
    return None


def with_lead(text: str, lead: str | None, title: str | None) -> str:
    """The lead put back at the head of the body, after the headline when the text opens with it."""
    if not lead:
        return text
    first, _, rest = text.partition("\n")
    if title and _fold(first) == _fold(title):
        return f"{first}\n{lead}\n{rest}" if rest else f"{first}\n{lead}"
    return f"{lead}\n{text}" if text else lead


def _site_names(sitename: str | None, url: str | None) -> set[str]:
    """The site's name as a title may spell it, each as _loose compares it."""
    names = {_loose(sitename)} if sitename else set()
    host = urlsplit(url if "//" in url else f"//{url}").hostname if url else None
    if host:
        host = _URL_HEAD.sub("", host)
        names.add(_loose(host))
        labels = host.split(".")
        names.update(_loose(label) for label in labels[:-1] if len(label) >= SITE_LABEL_MIN_CHARS)
    names.discard("")
    return names


def without_site_name(title: str | None, sitename: str | None, url: str | None) -> str | None:
    """The title less a leading or trailing part that is the site's name (see
    TITLE_SITE_SEPARATORS); the title as it was when no such part is found."""
    if not title:
        return title
    names = _site_names(sitename, url)
    if not names:
        return title
    for sep in TITLE_SITE_SEPARATORS:
        pos = title.find(sep)
        while pos > 0:
            head, tail = title[:pos], title[pos + len(sep):]
            if _loose(_URL_HEAD.sub("", tail)) in names and _loose(head):
                title = head.strip()
                break
            pos = title.find(sep, pos + 1)
    for sep in TITLE_SITE_SEPARATORS:
        head, found, tail = title.partition(sep)
        if found and _loose(_URL_HEAD.sub("", head)) in names and _loose(tail):
            title = tail.strip()
            break
    return title


def _clean(value) -> str | None:
    """trafilatura leaves empty strings where a page has no value; the columns want null."""
    if value is None:
        return None
    value = _nfc(str(value)).strip()
    return value or None


def _author(value) -> str | None:
    value = _clean(value)
    return _clean(AUTHOR_PREFIX.sub("", value)) if value else None


def extract(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    if "extract" in config.skip:
        return batch
    return map_documents(
        batch,
        "extract",
        extract_page,
        ["text", "url", "meta_title", "meta_author", "meta_date"],
        ["text", "url", "meta_title", "meta_author", "meta_date", "page_text", "dropped"],
        where=batch["kind"].eq("html"),
    )
