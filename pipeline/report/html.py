"""HTML pieces of the report: summary, chart, tables, document sections, pages."""
from __future__ import annotations

import base64
import datetime as _dt
import gzip
import html
import json

from pipeline.report.assets import CSS, JS, category_css, css_class
from pipeline.report.data import FIX_DESCRIPTIONS, Doc, Summary, colour_for

esc = html.escape


def fmt(n) -> str:
    return "–" if n is None else f"{n:,}"


def pct(x: float) -> str:
    if x and abs(x) < 0.001:
        return "<0.1%"
    return f"{x:.1%}"


def human(n: int) -> str:
    """1234567 -> 1.2M, for the big numbers on the cards."""
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e4)):
        if n >= size:
            v = n / size if unit != "k" else n / 1e3
            return f"{v:.1f}{unit}" if v < 100 else f"{v:.0f}{unit}"
    return f"{n:,}"


def json_for_script(obj) -> str:
    """JSON safe inside a <script> element."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def page(title: str, body: str, categories: list[str], *, body_class: str = "") -> str:
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>{esc(title)}</title><style>{CSS}\n{category_css(categories)}</style></head>"
        f"<body class=\"{body_class}\">{body}<script>{JS}</script></body></html>\n"
    )


# --------------------------------------------------------------------------- summary


def _run_line(manifest: dict) -> str:
    bits = []
    started = manifest.get("started")
    if started:
        try:
            t = _dt.datetime.fromisoformat(started)
            bits.append("run " + t.strftime("%Y-%m-%d %H:%M UTC"))
        except ValueError:
            bits.append("run " + esc(str(started)))
        try:
            secs = (_dt.datetime.fromisoformat(manifest["finished"]) - _dt.datetime.fromisoformat(started)).total_seconds()
            bits.append(f"{secs:,.1f} s")
        except (KeyError, ValueError, TypeError):
            pass
    inputs = manifest.get("inputs") or []
    if inputs:
        shown = ", ".join(inputs[:3]) + (f" and {len(inputs) - 3} more" if len(inputs) > 3 else "")
        bits.append("inputs: " + esc(shown))
    skip = (manifest.get("config") or {}).get("skip") or []
    if skip:
        bits.append("skipped stages: " + esc(", ".join(skip)))
    if manifest.get("pipeline_version"):
        bits.append("pipeline " + esc(str(manifest["pipeline_version"])))
    return " · ".join(bits)


def cards_html(s: Summary) -> str:
    ok, empty, err = s.status.get("ok", 0), s.status.get("empty", 0), s.status.get("error", 0)
    removed = s.chars_in - s.chars_out
    cards = [
        ("Documents", human(s.documents), f"{fmt(ok)} ok · {fmt(empty)} empty", "", "documents"),
        ("Errors", fmt(err), pct(err / s.documents) + " of documents" if s.documents else "", "bad" if err else "", "errors"),
        ("Characters in", human(s.chars_in), f"{fmt(s.chars_in)} repaired", "", "chars-in"),
        ("Characters out", human(s.chars_out), f"{fmt(s.chars_out)} clean", "", "chars-out"),
        ("Removed", pct(s.removed_share), f"{fmt(removed)} characters", "", "share"),
        ("Removed blocks", human(s.blocks), f"in {fmt(s.docs_with_blocks)} documents", "", "blocks"),
    ]
    if s.languages:
        uncovered = sum(s.languages_not_covered().values())
        top = ", ".join(f"{lang} {fmt(k)}" for lang, k in s.languages.most_common(3))
        cards.append(("Languages", fmt(len(s.languages)), top + (
            f" · {fmt(uncovered)} documents in languages the lexicons do not cover" if uncovered else ""),
            "warn" if uncovered else "", "languages"))
    return "<div class=\"cards\" id=\"summary\">" + "".join(
        f"<div class=\"card {cls}\" data-k=\"{key}\"><div class=\"k\">{k}</div><div class=\"v\">{v}</div>"
        f"<div class=\"d\">{d}</div></div>" for k, v, d, cls, key in cards) + "</div>"


def composition_html(s: Summary, cats: list[str]) -> str:
    """One bar for the whole corpus: kept text and each category's removed share."""
    if not s.chars_in:
        return ""
    spans, legend = [], []
    kept = max(0, s.chars_in - sum(s.cat_chars.values()))
    spans.append(f"<span class=\"kept\" style=\"width:{100 * kept / s.chars_in:.3f}%\" title=\"kept: {fmt(kept)}\"></span>")
    legend.append(f"<span><i class=\"sw\" style=\"background:var(--kept)\"></i>kept {pct(kept / s.chars_in)}</span>")
    for c in sorted(cats, key=lambda c: -s.cat_chars.get(c, 0)):
        n = s.cat_chars.get(c, 0)
        if not n:
            continue
        w = 100 * n / s.chars_in
        spans.append(f"<span class=\"c-{css_class(c)}\" style=\"width:{w:.3f}%\" title=\"{esc(c)}: {fmt(n)} characters\"></span>")
        legend.append(f"<span><i class=\"sw c-{css_class(c)}\"></i>{esc(c)} {pct(n / s.chars_in)}</span>")
    return (f"<div class=\"panel\"><h2>Where the input characters went <small>{fmt(s.chars_in)} characters of repaired text"
            f"</small></h2><div class=\"comp\">{''.join(spans)}</div><div class=\"legend\">{''.join(legend)}</div></div>")


def chart_svg(s: Summary, cats: list[str]) -> str:
    """Horizontal bars: removed characters by category."""
    rows = sorted((c for c in cats if s.cat_chars.get(c)), key=lambda c: -s.cat_chars[c])
    if not rows:
        return "<p class=\"empty-note\">Nothing was removed.</p>"
    w, label_w, value_w, row_h = 540, 86, 150, 28
    bar_w = w - label_w - value_w
    top = max(s.cat_chars[c] for c in rows)
    h = row_h * len(rows) + 6
    parts = [f"<svg class=\"chart\" id=\"chart-categories\" viewBox=\"0 0 {w} {h}\" role=\"img\" "
             f"aria-label=\"removed characters by category\" xmlns=\"http://www.w3.org/2000/svg\">"]
    for i, c in enumerate(rows):
        y = i * row_h + 4
        n = s.cat_chars[c]
        bw = max(2.0, bar_w * n / top)
        share = pct(n / s.chars_in) if s.chars_in else ""
        parts.append(
            f"<g><title>{esc(c)}: {fmt(n)} characters in {fmt(s.cat_blocks[c])} blocks</title>"
            f"<text x=\"{label_w - 8}\" y=\"{y + 15}\" text-anchor=\"end\">{esc(c)}</text>"
            f"<rect x=\"{label_w}\" y=\"{y + 2}\" width=\"{bw:.1f}\" height=\"{row_h - 10}\" rx=\"4\" fill=\"{colour_for(c)}\"/>"
            f"<text class=\"v\" x=\"{label_w + bw + 8:.1f}\" y=\"{y + 15}\">{human(n) if n >= 100_000 else fmt(n)} chars{' · ' + share if share else ''}"
            f"</text></g>")
    parts.append("</svg>")
    return "".join(parts)


def rules_table(s: Summary, n: int = 15) -> str:
    top = s.top_rules(n)
    if not top:
        return "<p class=\"empty-note\">No rule fired.</p>"
    peak = max(k for _, _, k, _ in top)
    rows = "".join(
        f"<tr><td><i class=\"sw c-{css_class(cat)}\"></i><code>{esc(rule)}</code></td>"
        f"<td class=\"n\">{fmt(k)}</td><td class=\"n\">{fmt(ch)}</td>"
        f"<td class=\"minibar\"><i class=\"c-{css_class(cat)}\" style=\"width:{100 * k / peak:.1f}%\"></i></td></tr>"
        for rule, cat, k, ch in top)
    more = len(s.rule_blocks) - len(top)
    foot = f"<p class=\"sub\">and {more} more rules</p>" if more > 0 else ""
    return (f"<table class=\"t\" id=\"rules\"><tr><th>rule</th><th class=\"n\">blocks</th><th class=\"n\">chars</th><th></th></tr>"
            f"{rows}</table>{foot}")


def fixes_table(s: Summary) -> str:
    if not s.fixes:
        return "<p class=\"empty-note\">The text needed no repair.</p>"
    rows = "".join(
        f"<tr><td><code>{esc(fx)}</code></td><td class=\"desc\">{esc(FIX_DESCRIPTIONS.get(fx, ''))}</td>"
        f"<td class=\"n\">{fmt(k)}</td><td class=\"n\">{pct(k / s.documents) if s.documents else ''}</td></tr>"
        for fx, k in s.fixes_ranked())
    return (f"<table class=\"t\" id=\"fixes\"><tr><th>fix</th><th>what it does</th><th class=\"n\">documents</th>"
            f"<th class=\"n\">share</th></tr>{rows}</table>")


def errors_panel(s: Summary) -> str:
    if not s.errors:
        return ""
    rows = "".join(f"<tr><td>{esc(msg)}</td><td class=\"n\">{fmt(k)}</td></tr>" for msg, k in s.errors.most_common(12))
    ex = "".join(
        f"<tr><td class=\"mono\">{esc(src)}{' #' + esc(str(rec)) if rec is not None else ''}</td>"
        f"<td class=\"desc\">{esc(err[:300])}</td></tr>" for src, rec, err in s.error_examples[:10])
    return (f"<div class=\"panel\" id=\"errors\"><h2>Errors <small>{fmt(s.status.get('error', 0))} documents could not be "
            f"cleaned</small></h2><div class=\"grid2\"><table class=\"t\"><tr><th>error</th><th class=\"n\">documents</th></tr>"
            f"{rows}</table><table class=\"t\"><tr><th>example</th><th>message</th></tr>{ex}</table></div></div>")


def chips_html(cats: list[str], counts=None) -> str:
    """Toggle buttons that hide and show each category's removed blocks."""
    if not cats:
        return ""
    counts = counts or {}
    chips = "".join(
        f"<button type=\"button\" class=\"chip\" data-cat=\"{css_class(c)}\" aria-pressed=\"true\" "
        f"title=\"show or hide removed {esc(c)} blocks\"><i class=\"sw c-{css_class(c)}\"></i>{esc(c)}"
        + (f"<span class=\"cnt\">{fmt(counts[c])}</span>" if counts.get(c) else "") + "</button>"
        for c in cats)
    return (f"<div class=\"chips\" id=\"chips\"><span class=\"lbl\">Removed blocks shown:</span>{chips}"
            f"<button type=\"button\" class=\"linkbtn\" data-allcats=\"on\">all</button>"
            f"<button type=\"button\" class=\"linkbtn\" data-allcats=\"off\">none</button></div>")


# --------------------------------------------------------------------------- documents


# A large run's report shows each document as a diff does: every removed block in place
# with REPORT_CONTEXT_CHARS of the kept text on either side; a longer kept stretch is
# folded to a note of its length (``pipeline inspect --doc`` prints the whole text). So
# the report grows with what was removed, not with the corpus. Small runs show all.
REPORT_CONTEXT_CHARS = 150
# A kept stretch is folded only when that saves at least this much.
FOLD_MIN_CHARS = 120
# In a large run's report, neighbouring removed blocks of one category (nothing but
# whitespace between them: a menu, a thread) are one mark naming each rule that fired,
# and a removed run longer than REMOVED_SHOWN_CHARS on either side of FOLD_MIN_CHARS is
# shown as its head and tail with its length between. A full page's text is mostly
# such runs of short lines; one mark per line made its report larger than the page.
REMOVED_SHOWN_CHARS = 150
# The most rules one merged mark names; more are counted.
MERGED_RULES_NAMED = 4


def _kept(text: str, start: int, end: int, context: int | None, first: bool, last: bool) -> str:
    """Kept text ``text[start:end]``, folded in its middle when ``context`` is set and it
    is long (its head after a removed block, its tail before one)."""
    if context is None or end - start <= 2 * context + FOLD_MIN_CHARS:
        return esc(text[start:end], False)
    head = start if first else start + context  # nothing removed before: no head to show
    tail = end if last else end - context       # nothing removed after: no tail to show
    if first and last:  # a document with nothing removed: its opening only
        head, tail = start + 2 * context, end
    head, tail = max(head, start), min(max(tail, head), end)
    note = f"<span class=\"fold\">… {fmt(tail - head)} characters kept …</span>"
    return esc(text[start:head], False) + note + esc(text[tail:end], False)


def _removed(text: str, start: int, end: int, context: int | None) -> str:
    """Removed text ``text[start:end]``, folded in its middle when ``context`` is set and
    the run is long."""
    if context is None or end - start <= 2 * REMOVED_SHOWN_CHARS + FOLD_MIN_CHARS:
        return esc(text[start:end], False)
    head, tail = start + REMOVED_SHOWN_CHARS, end - REMOVED_SHOWN_CHARS
    return (esc(text[start:head], False) + f"<span class=\"fold\">… {fmt(tail - head)} characters removed …</span>"
            + esc(text[tail:end], False))


def merged_runs(text: str, blocks):
    """Removed blocks (sorted by start) as runs: neighbours of one category with only
    whitespace between them become one run, its rules named in order of first firing
    (MERGED_RULES_NAMED at most, the rest counted)."""
    runs: list[list] = []
    last_end = last_cat = last = None
    for start, end, cat, rule in blocks:
        if (cat == last_cat and start is not None and last_end is not None and last_end <= start
                and (start == last_end or text[last_end:start].isspace())):
            if end is not None and end > last_end:
                last[1] = last_end = end
            if rule not in last[3]:
                last[3].append(rule)
            continue
        last = [start, end, cat, [rule]]
        runs.append(last)
        last_end, last_cat = end, cat
    for run in runs:
        rules = run[3]
        if len(rules) == 1:
            run[3] = rules[0]
            continue
        named = ", ".join(str(r) for r in rules[:MERGED_RULES_NAMED])
        run[3] = named + (f" and {len(rules) - MERGED_RULES_NAMED} more" if len(rules) > MERGED_RULES_NAMED else "")
    return runs


def marked_text(text: str, blocks, context: int | None = None) -> str:
    """The repaired text with each removed block (sorted by start) wrapped in a <mark> of
    its category; with ``context`` (a large run), neighbouring blocks of one category
    merged, and long kept stretches (REPORT_CONTEXT_CHARS) and long removed runs
    (REMOVED_SHOWN_CHARS) folded."""
    parts: list[str] = []
    append = parts.append
    tags = _MARK_TAGS
    cursor, n = 0, len(text)
    seen_block = False
    if context is not None:
        blocks = merged_runs(text, blocks)
    for start, end, cat, rule in blocks:
        if start is None or start < cursor:
            start = cursor
        if end is None or end > n:
            end = n
        if end <= start:
            continue
        tag = tags.get((cat, rule))
        if tag is None:
            tag = tags[(cat, rule)] = (f"<mark class=\"rm c-{css_class(cat)}\" data-cat=\"{esc(str(cat))}\" "
                                       f"data-rule=\"{esc(str(rule))}\">")
            if len(tags) > _MARK_TAGS_MAX:
                tags.clear()
        if start > cursor:
            append(_kept(text, cursor, start, context, first=not seen_block, last=False))
        append(tag)
        append(_removed(text, start, end, context))
        append("</mark>")
        cursor = end
        seen_block = True
    if cursor < n:
        append(_kept(text, cursor, n, context, first=not seen_block, last=True))
    return "".join(parts)


# Opening tags by (category, rule); merged runs name several rules, so it is bounded.
_MARK_TAGS_MAX = 10_000
_MARK_TAGS: dict = {}


def _meta_item(label: str, value, wide: bool = False, link: bool = False) -> str:
    cls = " class=\"wide\"" if wide else ""
    if value is None or value == "":
        return f"<div{cls}><dt>{label}</dt><dd class=\"none\">none</dd></div>"
    if isinstance(value, _dt.datetime):  # the date column: a UTC instant
        value = value.strftime("%Y-%m-%d" if (value.hour, value.minute) == (0, 0) else "%Y-%m-%d %H:%M UTC")
    v = esc(str(value))
    if link and str(value).startswith(("http://", "https://")):
        v = f"<a href=\"{v}\" rel=\"noreferrer noopener\" target=\"_blank\">{v}</a>"
    return f"<div{cls}><dt>{label}</dt><dd>{v}</dd></div>"


def doc_section(doc: Doc, i: int, cats: list[str], context: int | None = None) -> tuple[str, list[int], int]:
    """One document's section; also its removed characters per category and its block count.

    An HTML page's section also shows the page's whole text with what extraction left
    out marked (``extract.*`` blocks), and its characters split three ways that add up:
    left out by extraction, removed by the cleaner, kept."""
    m = doc.meta
    doc.blocks.sort(key=lambda b: (b[0] or 0, b[1] or 0))
    text_blocks, page_blocks = doc.text_blocks(), doc.page_blocks()
    per_cat = [0] * len(cats)
    counts: dict[str, int] = {}
    pos = {c: k for k, c in enumerate(cats)}
    for start, end, cat, _ in doc.blocks:
        k = pos.get(cat)
        if k is not None and end is not None and start is not None and end > start:
            per_cat[k] += end - start
        counts[cat] = counts.get(cat, 0) + 1
    status = m["status"] or "ok"
    rec = f" <span class=\"rec\">#{esc(str(m['record']))}</span>" if m["record"] is not None else ""
    head = (f"<h3>{esc(m['source'] or '')}{rec} <span class=\"badge {esc(status)}\">{esc(status)}</span>"
            f"<code>{esc(m['doc_id'] or '')}</code></h3>")
    cin, cout = m["chars_in"], m["chars_out"]
    share = f" ({pct(1 - cout / cin)} removed)" if cin and cout is not None else ""
    chars = f"{fmt(cin)} → {fmt(cout)}{share}" if cin is not None else None
    left_out = sum(max(0, (e or 0) - (s_ or 0)) for s_, e, _, _ in page_blocks)
    if page_blocks and cin is not None and cout is not None:
        total = left_out + cin
        chars = (f"{fmt(total)}: left out by extraction {pct(left_out / total)}, removed "
                 f"{pct((cin - cout) / total)}, kept {pct(cout / total)}")
    meta = ("<dl class=\"meta\">" + _meta_item("title", m["title"], wide=True) + _meta_item("author", m["author"])
            + _meta_item("date", m["date"]) + _meta_item("encoding", m["encoding"])
            + _meta_item("characters", chars)
            + _meta_item("url", m["url"], wide=True, link=True) + "</dl>")
    fixes = m["fixes"] or []
    fix_html = ("<div class=\"fixes\">Encoding repair: " + "".join(
        f"<span class=\"fix\" title=\"{esc(FIX_DESCRIPTIONS.get(f, f))}\">{esc(f)}</span>" for f in fixes) + "</div>"
                if fixes else "<div class=\"fixes\">Encoding repair: none needed</div>")
    summary = ""
    if counts:
        summary = "<div class=\"docsum\">" + "".join(
            f"<span><i class=\"sw c-{css_class(c)}\"></i>{esc(c)} × {k}</span>"
            for c, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))) + "</div>"
    err = f"<div class=\"errbox\">{esc(m['error'])}</div>" if m["error"] else ""
    body = f"<div class=\"text\">{marked_text(doc.text, text_blocks, context)}</div>" if doc.text is not None else ""
    if page_blocks and doc.page_text is not None:
        body += (f"<details class=\"page\"><summary>The whole page: {fmt(left_out)} characters left out by "
                 f"extraction, marked</summary><div class=\"text\">{marked_text(doc.page_text, page_blocks, context)}"
                 f"</div></details>")
    sec = (f"<section class=\"doc\" id=\"d-{esc(m['doc_id'] or '')}\" data-i=\"{i}\">{head}{meta}{fix_html}{summary}"
           f"{err}{body}</section>")
    return sec, per_cat, len(doc.blocks)


def index_row(doc: Doc, page_no: int, per_cat: list[int], nblocks: int) -> list:
    m = doc.meta
    while per_cat and not per_cat[-1]:
        per_cat = per_cat[:-1]
    row = [m["doc_id"], m["source"], m["record"], _cut(m["title"], 160), _cut(m["url"], 200), m["status"],
           m["chars_in"], m["chars_out"], page_no, per_cat, nblocks]
    if m["status"] == "error":
        row.append(_cut((m["error"] or "").splitlines()[0] if m["error"] else "error", 200))
    return row


def _cut(s, n):
    if s is None:
        return None
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def documents_panel(s: Summary, cats: list[str], inline: bool, first_page: str | None) -> str:
    opts = "".join(f"<option value=\"{esc(c)}\">{esc(c)} ({fmt(s.cat_docs.get(c, 0))})</option>"
                   for c in cats if s.cat_docs.get(c))
    statuses = "".join(f"<option value=\"{st}\">{st} ({fmt(s.status.get(st, 0))})</option>"
                       for st in ("ok", "empty", "error") if s.status.get(st))
    extra = ("<button type=\"button\" class=\"linkbtn\" data-expand=\"all\">expand page</button>"
             "<button type=\"button\" class=\"linkbtn\" data-expand=\"none\">collapse</button>") if inline else (
        f"<a class=\"linkbtn\" href=\"{esc(first_page)}\">read page by page ↗</a>" if first_page else "")
    return f"""<div class="panel" id="documents"><h2>Documents <small>click a document to see its text with the removed
blocks marked in place; hover a block for its rule</small></h2>
<div class="toolbar"><input type="search" id="q" placeholder="Search source, title or URL…" autocomplete="off">
<select id="fcat" title="only documents with removed blocks of this category"><option value="">any category</option>{opts}</select>
<select id="fstatus" title="status"><option value="">any status</option>{statuses}</select>
<select id="fsort" title="order"><option value="">as read</option><option value="share">most removed (share)</option>
<option value="chars">most removed (characters)</option><option value="size">largest</option>
<option value="errors">errors first</option></select>{extra}<span class="count" id="doccount"></span></div>
{chips_html(cats, s.cat_blocks)}
<div class="list" id="doclist"></div><div class="pager" id="pager"></div></div>"""


def top_page(s: Summary, manifest: dict, cats: list[str], *, inline: bool, sections: str, data_json: str,
             first_page: str | None) -> str:
    generated = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = f"""<div class="wrap">
<div class="top"><div><h1>Cleaning report</h1><div class="sub">{_run_line(manifest)}</div></div>
<nav><a href="#summary">summary</a><a href="#documents">documents</a><a href="report.md">report.md</a></nav></div>
{cards_html(s)}
{composition_html(s, cats)}
<div class="grid2"><div class="col"><div class="panel"><h2>Removed characters by category <small>{fmt(s.blocks)} blocks</small></h2>
{chart_svg(s, cats)}</div>
<div class="panel"><h2>Encoding fixes applied <small>documents each fix changed</small></h2>{fixes_table(s)}</div></div>
<div class="panel"><h2>Rules that fired most <small>{fmt(len(s.rule_blocks))} rules fired</small></h2>{rules_table(s)}</div></div>
{errors_panel(s)}
{documents_panel(s, cats, inline, first_page)}
<div id="docstore" hidden>{sections}</div>
<footer>Generated {generated} from documents.parquet, removed.parquet and repaired.parquet.</footer>
</div>
<script type="application/json" id="report-data">{data_json}</script>"""
    return page("Cleaning report", body, cats)


# A page of a large run's documents holds its sections gzip-compressed (base64, inline,
# so the page still opens from disk) and the browser inflates them on load: the text of
# a full page's removed blocks compresses about fourfold. Level 3: most of level 9's
# ratio at twice its speed.
PAGE_GZIP_LEVEL = 3


def packed_sections(sections: str) -> str:
    """``sections`` as the page carries them: gzip, then base64."""
    return base64.b64encode(gzip.compress(sections.encode("utf-8"), PAGE_GZIP_LEVEL, mtime=0)).decode("ascii")


def unpacked_sections(page_html: str) -> str:
    """The sections a ``docs_page`` carries, as HTML (for tests and tools)."""
    start = page_html.index('id="docs-z"')
    start = page_html.index(">", start) + 1
    end = page_html.index("</script>", start)
    return gzip.decompress(base64.b64decode(page_html[start:end])).decode("utf-8")


def docs_page(sections: str, cats: list[str], n_docs: int, *, lo: int, hi: int, prev_href: str | None,
              next_href: str | None) -> str:
    prev = f"<a href=\"{esc(prev_href)}\">‹ previous</a>" if prev_href else ""
    nxt = f"<a href=\"{esc(next_href)}\">next ›</a>" if next_href else ""
    nav = f"<div class=\"pagenav\"><span>{prev}</span><span>documents {fmt(lo)}–{fmt(hi)}</span><span>{nxt}</span></div>"
    body = f"""<div class="wrap"><div class="top"><div><h1>Cleaning report: documents {fmt(lo)}–{fmt(hi)}</h1>
<div class="sub">{fmt(n_docs)} documents in the run · <a href="../report.html">summary and search</a></div></div></div>
<div class="sticky">{chips_html(cats)}</div>{nav}<div id="docs"><noscript>The documents of this page are compressed;
they open with JavaScript on. <code>python -m pipeline inspect DIR --doc ID</code> prints one.</noscript></div>
<script type="text/plain" id="docs-z" data-encoding="gzip+base64">{packed_sections(sections)}</script>{nav}</div>"""
    return page(f"Documents {lo}–{hi} · Cleaning report", body, cats)
