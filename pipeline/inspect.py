"""inspect: read a run's outputs in a terminal.

    python -m pipeline inspect DIR                   the run's summary tables
    python -m pipeline inspect DIR --doc ID          one document: metadata, fixes, clean
                                                     text, removed blocks by category
    python -m pipeline inspect DIR --category NAME   every removed block of a category,
                                                     with its document

``ID`` is a ``doc_id`` (or a unique prefix of one), a ``source`` path, the end of one
(``--doc c0/a.txt``) or the start of a file name (``--doc 003_``). Everything streams from the Parquet outputs, so it works on a
run of any size.
"""
from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.report.data import (
    CATEGORY_COLOURS, DOC_COLUMNS, FIX_DESCRIPTIONS, colour_for, iter_rows, read_manifest, summarise,
)
from pipeline.schema import CATEGORIES

EXIT_OK, EXIT_USAGE = 0, 2
# Rows listed by --category before the rest is only counted.
CATEGORY_LIMIT = 200
_WS = re.compile(r"\s+")

__all__ = ["inspect", "CATEGORY_COLOURS"]


def _fold(s: str | None, limit: int | None = None) -> str:
    s = _WS.sub(" ", s or "").strip()
    if limit and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


def _tag(category: str) -> Text:
    return Text(f" {category} ", style=f"bold black on {colour_for(category)}")


def _label(source: str | None, record) -> str:
    return (source or "?") + (f" #{record}" if record is not None else "")


def inspect(out: str | Path, doc: str | None = None, category: str | None = None, console: Console | None = None,
            limit: int = CATEGORY_LIMIT) -> int:
    console = console or Console()
    out = Path(out)
    if not (out / "documents.parquet").exists():
        console.print(f"[red]no run outputs in {out} (documents.parquet is missing)[/red]")
        return EXIT_USAGE
    if category is not None and category not in _known_categories(out):
        console.print(f"[red]unknown category {category!r}[/red]; categories: {', '.join(CATEGORIES)}")
        return EXIT_USAGE
    if doc:
        return _show_doc(out, doc, category, console)
    if category:
        return _show_category(out, category, console, limit)
    return _show_summary(out, console)


def _known_categories(out: Path) -> set[str]:
    from pipeline.report import categories_present

    return set(CATEGORIES) | set(categories_present(out))


# --------------------------------------------------------------------------- summary


def _show_summary(out: Path, console: Console) -> int:
    s = summarise(out)
    manifest = read_manifest(out)
    ok, empty, err = s.status.get("ok", 0), s.status.get("empty", 0), s.status.get("error", 0)
    run = Table(title=f"run in {out}", title_justify="left", show_header=False, box=None, padding=(0, 2))
    run.add_column("measure", style="bold")
    run.add_column("value", justify="right")
    run.add_row("documents", f"{s.documents:,}")
    run.add_row("ok / empty / error", f"{ok:,} / {empty:,} / " + (f"[red]{err:,}[/red]" if err else "0"))
    run.add_row("characters in", f"{s.chars_in:,}")
    run.add_row("characters out", f"{s.chars_out:,}")
    run.add_row("removed", f"{s.removed_share:.1%}")
    run.add_row("removed blocks", f"{s.blocks:,} in {s.docs_with_blocks:,} documents")
    if manifest.get("started"):
        run.add_row("started", str(manifest["started"]))
    console.print(run)

    cats = Table(title="removed by category", title_justify="left")
    for col, just in (("category", "left"), ("blocks", "right"), ("characters", "right"), ("share", "right"),
                      ("documents", "right")):
        cats.add_column(col, justify=just)
    for c in sorted(s.cat_blocks, key=lambda c: -s.cat_chars[c]):
        share = f"{s.cat_chars[c] / s.chars_in:.1%}" if s.chars_in else ""
        cats.add_row(_tag(c), f"{s.cat_blocks[c]:,}", f"{s.cat_chars[c]:,}", share, f"{s.cat_docs[c]:,}")
    if s.cat_blocks:
        console.print(cats)
    else:
        console.print("nothing was removed")

    top = s.top_rules(10)
    if top:
        rules = Table(title=f"rules that fired most ({len(s.rule_blocks)} fired)", title_justify="left")
        rules.add_column("rule")
        rules.add_column("category")
        rules.add_column("blocks", justify="right")
        rules.add_column("characters", justify="right")
        for r, c, k, ch in top:
            rules.add_row(r, _tag(c), f"{k:,}", f"{ch:,}")
        console.print(rules)

    if s.fixes:
        fixes = Table(title="encoding fixes", title_justify="left")
        fixes.add_column("fix")
        fixes.add_column("documents", justify="right")
        fixes.add_column("what it does", style="dim")
        for f, k in s.fixes_ranked():
            fixes.add_row(f, f"{k:,}", FIX_DESCRIPTIONS.get(f, ""))
        console.print(fixes)

    if s.errors:
        errors = Table(title="errors", title_justify="left")
        errors.add_column("error", style="red", overflow="fold")
        errors.add_column("documents", justify="right")
        for m, k in s.errors.most_common(10):
            errors.add_row(m, f"{k:,}")
        console.print(errors)
    console.print(f"[dim]report: {out / 'report.html'} · one document: --doc ID · one category: --category NAME[/dim]")
    return EXIT_OK


# --------------------------------------------------------------------------- one document


def _find_doc(out: Path, key: str) -> tuple[list[tuple[str, str, object]], str]:
    """Documents matching ``key``: exact doc_id or source first; else a doc_id prefix, a source ending or file-name prefix."""
    exact, loose = [], []
    tail = key if key.startswith("/") else "/" + key
    for doc_id, source, record in iter_rows(out / "documents.parquet", ("doc_id", "source", "record")):
        if doc_id == key or source == key:
            exact.append((doc_id, source, record))
        elif ((len(key) >= 4 and doc_id and doc_id.startswith(key)) or (source and source.endswith(tail))
              or (len(key) >= 4 and source and source.rsplit("/", 1)[-1].startswith(key))):
            loose.append((doc_id, source, record))
    return (exact, "exact") if exact else (loose, "loose")


def _show_doc(out: Path, key: str, category: str | None, console: Console) -> int:
    found, how = _find_doc(out, key)
    if not found:
        console.print(f"[red]no document {key!r} in {out}[/red] (give a doc_id, a prefix of one, or a source path)")
        return EXIT_USAGE
    if len({d[0] for d in found}) > 1 and not (how == "exact" and len({d[1] for d in found}) == 1 and
                                                  len({d[2] for d in found}) == 1):
        console.print(f"[yellow]{len(found)} documents match {key!r}; give one doc_id:[/yellow]")
        for doc_id, source, record in found[:20]:
            console.print(f"  {doc_id}  {_label(source, record)}")
        return EXIT_USAGE
    doc_id = found[0][0]
    want = lambda v: v == doc_id  # noqa: E731
    row = next(iter_rows(out / "documents.parquet", DOC_COLUMNS + ("text",), filter_column="doc_id", keep=want))
    d = dict(zip(DOC_COLUMNS + ("text",), row))
    blocks = sorted(iter_rows(out / "removed.parquet", ("start", "end", "category", "rule", "text", "doc_id"),
                              filter_column="doc_id", keep=want), key=lambda b: (b[0] or 0, b[1] or 0))
    status_style = {"ok": "green", "empty": "yellow", "error": "red"}.get(d["status"], "white")
    console.rule(f"[bold]{_label(d['source'], d['record'])}[/bold]  [{status_style}]{d['status']}[/{status_style}]")
    meta = Table(show_header=False, box=None, padding=(0, 2))
    meta.add_column("field", style="bold")
    meta.add_column("value", overflow="fold")
    for field in ("doc_id", "title", "author", "date", "url", "encoding"):
        meta.add_row(field, str(d[field]) if d[field] is not None else Text("none", style="dim"))
    if d["chars_in"] is not None:
        share = f" ({1 - (d['chars_out'] or 0) / d['chars_in']:.1%} removed)" if d["chars_in"] else ""
        meta.add_row("characters", f"{d['chars_in']:,} in → {d['chars_out'] or 0:,} out{share}")
    fixes = d["fixes"] or []
    meta.add_row("fixes", ", ".join(fixes) if fixes else Text("none", style="dim"))
    if d["error"]:
        meta.add_row("error", Text(str(d["error"]), style="red"))
    console.print(meta)
    console.rule("clean text")
    if d["text"]:
        console.print(d["text"], markup=False, highlight=False)
    else:
        console.print("(none)", style="dim")
    shown = [b for b in blocks if category is None or b[2] == category]
    what = f"removed {category} blocks" if category else "removed blocks"
    console.rule(f"{what} ({len(shown)})")
    for start, end, cat, rule, text, _ in shown:
        line = Text()
        line.append_text(_tag(cat))
        line.append(f" {rule} ", style="dim")
        line.append(f"[{start}:{end}] ", style="dim")
        line.append(text or "", style=colour_for(cat))
        console.print(line, highlight=False)
    if not shown:
        console.print("(none)", style="dim")
    return EXIT_OK


# --------------------------------------------------------------------------- one category


def _show_category(out: Path, category: str, console: Console, limit: int) -> int:
    docs = {}
    table = Table(title=Text.assemble("removed blocks: ", _tag(category)), title_justify="left", show_lines=False)
    table.add_column("document", overflow="fold", ratio=2)
    table.add_column("rule", overflow="fold", ratio=1)
    table.add_column("text", overflow="fold", ratio=4)
    total = 0
    wanted = lambda v: v == category  # noqa: E731
    for doc_id, source, rule, text, _ in iter_rows(out / "removed.parquet", ("doc_id", "source", "rule", "text", "category"),
                                                filter_column="category", keep=wanted):
        total += 1
        docs[doc_id] = docs.get(doc_id, 0) + 1
        if total <= limit:
            table.add_row(Text.assemble(source or "?", "\n", (doc_id or "", "dim")), rule, _fold(text, 400))
    table.caption = (f"{total:,} blocks in {len(docs):,} documents"
                     + (f"; first {limit:,} shown" if total > limit else ""))
    table.caption_justify = "left"
    console.print(table)
    return EXIT_OK
