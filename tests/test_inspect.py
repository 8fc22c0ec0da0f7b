"""python -m pipeline inspect DIR [--doc ID] [--category NAME]."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pandas as pd
from rich.console import Console

from pipeline.inspect import inspect
from pipeline.report import CATEGORY_COLOURS
from conftest import ROOT, fold
from test_report import sample_docs, write_outputs


def run_inspect(out, colour: bool = False, **kw) -> tuple[int, str]:
    buf = io.StringIO()
    console = Console(file=buf, width=240, force_terminal=colour, color_system="truecolor" if colour else None)
    rc = inspect(out, console=console, **kw)
    return rc, buf.getvalue()


def ansi_bg(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "48;2;" + ";".join(str(int(h[i:i + 2], 16)) for i in (0, 2, 4))


def test_summary_table(seeds_run):
    out, manifest = seeds_run
    rc, text = run_inspect(out)
    assert rc == 0
    c = manifest["counts"]
    assert re.search(rf"documents\s+{c['documents']}\b", text)
    assert f"{manifest['chars']['in']:,}" in text and f"{manifest['chars']['out']:,}" in text
    for cat, n in manifest["removed_by_category"].items():
        assert re.search(rf"{cat}\s+│\s+{n}\s+│", text), cat
    assert "rules that fired most" in text


def test_category_lists_the_seeds_newsletter_prompts(seeds_run):
    out, _ = seeds_run
    removed = pd.read_parquet(out / "removed.parquet")
    prompts = removed[removed["category"] == "newsletter"]
    assert len(prompts) >= 3
    rc, text = run_inspect(out, category="newsletter")
    assert rc == 0
    flat = fold(re.sub(r"[│┃]", " ", text))
    for r in prompts.itertuples():
        assert fold(r.text) in flat, r.text
        assert r.source in flat and r.rule in flat
    assert f"{len(prompts)} blocks in {prompts['doc_id'].nunique()} documents" in text
    assert "job_ads." not in text  # only that category


def test_category_cli_acceptance(seeds_run):
    """The issue's acceptance line, through the real command."""
    out, _ = seeds_run
    env = dict(os.environ, COLUMNS="250", PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-m", "pipeline", "inspect", str(out), "--category", "newsletter"],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    flat = fold(re.sub(r"[│┃]", " ", p.stdout))
    for phrase in ("enter your email", "Sign up for our daily email update", "newsletter"):
        assert phrase.lower() in flat.lower()


def test_doc_prints_clean_text_and_coloured_blocks(seeds_run):
    out, _ = seeds_run
    docs = pd.read_parquet(out / "documents.parquet")
    removed = pd.read_parquet(out / "removed.parquet")
    doc_id = removed["doc_id"].value_counts().index[0]
    d = docs[docs["doc_id"] == doc_id].iloc[0]
    rc, text = run_inspect(out, doc=doc_id)
    assert rc == 0
    flat = fold(text)
    assert fold(d["text"])[:200] in flat and d["source"] in text
    mine = removed[removed["doc_id"] == doc_id]
    assert f"removed blocks ({len(mine)})" in text
    for r in mine.itertuples():
        assert r.rule in text
    rc, coloured = run_inspect(out, colour=True, doc=doc_id)
    for cat in mine["category"].unique():
        assert ansi_bg(CATEGORY_COLOURS[cat]) in coloured, cat
    # by source, by the end of a source path, by a doc_id prefix
    for key in (d["source"], d["source"].rsplit("/", 1)[-1], doc_id[:6]):
        rc, text2 = run_inspect(out, doc=key)
        assert rc == 0 and doc_id in text2, key
    # one category inside one document
    rc, text3 = run_inspect(out, doc=doc_id, category=mine["category"].iloc[0])
    assert rc == 0 and f"removed {mine['category'].iloc[0]} blocks" in text3


def test_usage_errors(seeds_run, tmp_path):
    out, _ = seeds_run
    assert run_inspect(out, doc="no-such-document")[0] == 2
    assert run_inspect(out, category="nonsense")[0] == 2
    assert run_inspect(tmp_path / "nothing-here")[0] == 2


def test_ambiguous_doc_and_error_documents(tmp_path):
    out = write_outputs(tmp_path / "o", sample_docs(12))
    rc, text = run_inspect(out, doc="d000")  # a prefix of ten doc_ids
    assert rc == 2 and "10 documents match" in text
    rc, text = run_inspect(out, doc="bad0")
    assert rc == 0 and "DecodeError: no luck" in text and "removed blocks (0)" in text
    rc, text = run_inspect(out)
    assert rc == 0 and "errors" in text and "DecodeError: no luck" in text
