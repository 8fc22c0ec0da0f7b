"""report.md: the run summary in Markdown, for terminals and CI logs."""
from __future__ import annotations

from pipeline.report.data import FIX_DESCRIPTIONS, Summary
from pipeline.report.html import fmt, pct


def _cell(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def render_markdown(s: Summary, manifest: dict, cats: list[str], *, top_rules: int = 20) -> str:
    ok, empty, err = s.status.get("ok", 0), s.status.get("empty", 0), s.status.get("error", 0)
    lines = ["# Cleaning report", ""]
    run = []
    if manifest.get("started"):
        run.append(f"run started {manifest['started']}")
    if manifest.get("inputs"):
        run.append("inputs: " + ", ".join(f"`{i}`" for i in manifest["inputs"][:5])
                   + (f" and {len(manifest['inputs']) - 5} more" if len(manifest["inputs"]) > 5 else ""))
    if run:
        lines += ["; ".join(run), ""]
    lines += [
        "| documents | ok | empty | errors | characters in | characters out | removed | removed blocks |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {fmt(s.documents)} | {fmt(ok)} | {fmt(empty)} | {fmt(err)} | {fmt(s.chars_in)} | {fmt(s.chars_out)} "
        f"| {pct(s.removed_share)} | {fmt(s.blocks)} |",
        "",
        "## Removed by category",
        "",
    ]
    present = sorted((c for c in cats if s.cat_blocks.get(c)), key=lambda c: -s.cat_chars.get(c, 0))
    if present:
        lines += ["| category | blocks | characters | share of input | documents |", "| --- | ---: | ---: | ---: | ---: |"]
        for c in present:
            share = pct(s.cat_chars[c] / s.chars_in) if s.chars_in else ""
            lines.append(f"| {c} | {fmt(s.cat_blocks[c])} | {fmt(s.cat_chars[c])} | {share} | {fmt(s.cat_docs[c])} |")
    else:
        lines.append("Nothing was removed.")
    lines += ["", "## Rules that fired most", ""]
    top = s.top_rules(top_rules)
    if top:
        lines += ["| rule | category | blocks | characters |", "| --- | --- | ---: | ---: |"]
        lines += [f"| `{_cell(r)}` | {_cell(c)} | {fmt(k)} | {fmt(ch)} |" for r, c, k, ch in top]
        if len(s.rule_blocks) > len(top):
            lines += ["", f"and {len(s.rule_blocks) - len(top)} more rules"]
    else:
        lines.append("No rule fired.")
    lines += ["", "## Languages", ""]
    if s.languages:
        lines.append(", ".join(f"{lang} {fmt(k)}" for lang, k in s.languages.most_common(12)))
        uncovered = s.languages_not_covered()
        if uncovered:
            lines += ["", f"{fmt(sum(uncovered.values()))} documents in languages the lexicons do not cover "
                      f"({', '.join(f'{lang} {fmt(k)}' for lang, k in uncovered.most_common(8))}): only the "
                      "structural passes and the learned model clean them, so more of their comments and "
                      "prompts may stay."]
    else:
        lines.append("No language identified (no clean text long enough).")
    lines += ["", "## Encoding fixes", ""]
    if s.fixes:
        lines += ["| fix | documents | what it does |", "| --- | ---: | --- |"]
        lines += [f"| `{_cell(f)}` | {fmt(k)} | {_cell(FIX_DESCRIPTIONS.get(f, ''))} |" for f, k in s.fixes_ranked()]
    else:
        lines.append("The text needed no repair.")
    if s.errors:
        lines += ["", "## Errors", "", "| error | documents |", "| --- | ---: |"]
        lines += [f"| {_cell(m)} | {fmt(k)} |" for m, k in s.errors.most_common(15)]
        lines += ["", "First documents with an error:", ""]
        lines += [f"- `{src}`{' #' + str(rec) if rec is not None else ''}: {_cell(e.splitlines()[0] if e else 'error')}"
                  for src, rec, e in s.error_examples[:10]]
    lines += ["", "Per-document detail: `report.html`; in a terminal: `python -m pipeline inspect DIR --doc ID`.", ""]
    return "\n".join(lines)
