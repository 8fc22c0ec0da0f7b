"""inspect: read a run's outputs in a terminal."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from pipeline.report import CATEGORY_COLOURS, load_outputs


def inspect(out: str | Path, doc: str | None = None, category: str | None = None, console: Console | None = None) -> int:
    console = console or Console()
    docs, removed, repaired, manifest = load_outputs(Path(out))
    if doc:
        rows = docs[(docs["doc_id"] == doc) | (docs["source"] == doc)]
        if rows.empty:
            console.print(f"[red]no document {doc!r} in {out}[/red]")
            return 2
        d = rows.iloc[0]
        console.rule(f"{d['source']}  [{d['status']}]")
        for field in ("doc_id", "title", "author", "date", "url", "encoding", "error"):
            if d[field] is not None and not (isinstance(d[field], float) and pd.isna(d[field])):
                console.print(f"[bold]{field}[/bold]: {d[field]}")
        console.print(f"[bold]fixes[/bold]: {', '.join(d['fixes']) or '-'}")
        console.rule("clean text")
        console.print(d["text"] or "", markup=False, highlight=False)
        console.rule("removed")
        for r in removed[removed["doc_id"] == d["doc_id"]].sort_values("start").itertuples():
            colour = CATEGORY_COLOURS.get(r.category, "white")
            console.print(f"[on {colour}] {r.category} [/] [dim]{r.rule}[/dim] ", end="")
            console.print(r.text, markup=False, highlight=False)
        return 0
    if category:
        sel = removed[removed["category"] == category]
        table = Table(title=f"removed blocks: {category} ({len(sel)})")
        for col in ("source", "rule", "text"):
            table.add_column(col, overflow="fold")
        for r in sel.itertuples():
            table.add_row(r.source, r.rule, r.text)
        console.print(table)
        return 0
    counts = manifest["counts"]
    table = Table(title=f"run in {out}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for k, v in counts.items():
        table.add_row(k, str(v))
    table.add_row("chars in", str(manifest["chars"]["in"]))
    table.add_row("chars out", str(manifest["chars"]["out"]))
    for c, n in manifest["removed_by_category"].items():
        table.add_row(f"removed: {c}", str(n))
    console.print(table)
    return 0
