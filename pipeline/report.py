"""report: the diff report, one self-contained HTML page (and a Markdown summary).

It is rebuilt from the run's Parquet outputs, so ``python -m pipeline report DIR``
regenerates it at any time. Removed blocks are drawn in place in the repaired text,
in their category's colour, with the rule that removed them.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

CATEGORY_COLOURS = {
    "comments": "#f4a261",
    "job_ads": "#e76f51",
    "newsletter": "#2a9d8f",
    "promo": "#e9c46a",
    "chrome": "#8d99ae",
    "media": "#a8dadc",
    "title": "#b5e48c",
    "byline": "#cdb4db",
}


def load_outputs(out: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    out = Path(out)
    docs = pd.read_parquet(out / "documents.parquet")
    removed = pd.read_parquet(out / "removed.parquet")
    repaired = pd.read_parquet(out / "repaired.parquet")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return docs, removed, repaired, manifest


def _marked_text(text: str, blocks: pd.DataFrame) -> str:
    parts, cursor = [], 0
    for b in blocks.sort_values("start").itertuples():
        parts.append(html.escape(text[cursor:b.start]))
        parts.append(
            f'<mark class="rm cat-{b.category}" data-category="{b.category}" title="{html.escape(b.category)}: '
            f'{html.escape(b.rule)}">{html.escape(text[b.start:b.end])}</mark>'
        )
        cursor = b.end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


def render_html(docs, removed, repaired, manifest) -> str:
    counts = manifest["counts"]
    chars = manifest["chars"]
    share = 1 - chars["out"] / chars["in"] if chars["in"] else 0.0
    css = "\n".join(f".cat-{c}{{background:{col}}}" for c, col in CATEGORY_COLOURS.items())
    cat_rows = "".join(
        f"<tr><td><span class='swatch cat-{c}'></span>{c}</td><td>{n}</td>"
        f"<td>{manifest['removed_chars_by_category'].get(c, 0)}</td></tr>"
        for c, n in manifest["removed_by_category"].items()
    )
    texts = dict(zip(repaired["doc_id"], repaired["text"]))
    by_doc = {k: g for k, g in removed.groupby("doc_id")} if len(removed) else {}
    sections = []
    for d in docs.itertuples():
        text = texts.get(d.doc_id)
        body = _marked_text(text, by_doc.get(d.doc_id, removed.iloc[0:0])) if text is not None else ""
        meta = " · ".join(html.escape(str(v)) for v in (d.title, d.author, d.date) if isinstance(v, str))
        err = f"<p class='error'>{html.escape(d.error)}</p>" if isinstance(d.error, str) else ""
        sections.append(
            f"<section class='doc' id='doc-{d.doc_id}'><h2>{html.escape(d.source)}"
            f"{' #' + html.escape(d.record) if isinstance(d.record, str) else ''} <small>{d.status}</small></h2>"
            f"<p class='meta'>{meta}</p>{err}<pre>{body}</pre></section>"
        )
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Cleaning report</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:70em}}pre{{white-space:pre-wrap}}
.swatch{{display:inline-block;width:1em;height:1em;margin-right:.4em}}mark.rm{{text-decoration:line-through}}
table{{border-collapse:collapse}}td,th{{padding:.2em .8em;border-bottom:1px solid #ddd}}.error{{color:#b00}}
{css}</style></head><body>
<h1>Cleaning report</h1>
<p id="summary">{counts['documents']} documents, {counts['error']} errors; {chars['in']} characters in,
{chars['out']} out ({share:.1%} removed).</p>
<table><tr><th>category</th><th>blocks</th><th>characters</th></tr>{cat_rows}</table>
{''.join(sections)}
</body></html>"""


def write_report(out: str | Path) -> Path:
    out = Path(out)
    docs, removed, repaired, manifest = load_outputs(out)
    page = out / "report.html"
    tmp = out / ".report.html.tmp"
    tmp.write_text(render_html(docs, removed, repaired, manifest), encoding="utf-8")
    tmp.replace(page)
    return page
