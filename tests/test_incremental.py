"""--incremental: unchanged inputs are carried over, changed ones redone, removed ones dropped."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline import writer
from pipeline.config import Config

from conftest import ROOT
from test_engines import SORT, make_corpus, read_outputs

INC = Config(progress=False, incremental=True, batch_docs=4)


def run(corpus: Path, out: Path, config: Config = INC) -> dict:
    return pipeline.run([str(corpus)], out, config, report=False)


def age(root: Path, seconds: float = 3600) -> None:
    """Backdate every file, as if the corpus were written an hour ago (not "racy")."""
    t = time.time() - seconds
    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (t, t))


def assert_each_source_once(out: Path, sources: set[str]) -> pd.DataFrame:
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs["doc_id"].is_unique
    assert set(docs["source"]) == sources
    assert len(docs) == len(sources)
    rep = pd.read_parquet(out / "repaired.parquet")
    assert rep["doc_id"].is_unique and set(rep["doc_id"]) == set(docs["doc_id"])
    return docs


def sources_of(corpus: Path) -> set[str]:
    return {str(p) for p in corpus.rglob("*.txt")}


@pytest.fixture
def corpus(tmp_path) -> Path:
    c = make_corpus(tmp_path / "in", copies=4)
    age(c)
    return c


def test_unchanged_corpus_is_carried_over_whole(corpus, tmp_path):
    out = tmp_path / "out"
    first = run(corpus, out)
    assert first["incremental"]["files_cleaned"] == 20
    before = read_outputs(out)
    second = run(corpus, out)
    assert second["incremental"] == {"enabled": True, "files_carried_over": 20, "files_cleaned": 0,
                                     "documents_carried_over": 20}
    assert "decode" not in second["timings_s"]  # nothing was cleaned
    after = read_outputs(out)
    for name in SORT:
        pd.testing.assert_frame_equal(before[name], after[name])
    for key in ("counts", "chars", "removed_by_category", "removed_chars_by_category", "rules", "fixes"):
        assert second[key] == first[key], key


def test_changed_added_and_removed_inputs(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    changed = corpus / "c001" / sorted(p.name for p in (corpus / "c001").iterdir())[0]
    changed.write_text("A brand new headline here\n\nCompletely new body text for this article, "
                       "long enough to be kept as content by the cleaner.\n", encoding="utf-8")
    removed = next((corpus / "c002").iterdir())
    removed.unlink()
    added = corpus / "c003" / "new.txt"
    added.write_text("Another article\n\nWith a body that says something new.\n", encoding="utf-8")
    m = run(corpus, out)
    assert m["incremental"]["files_cleaned"] == 2  # changed + added
    assert m["incremental"]["files_carried_over"] == 18
    docs = assert_each_source_once(out, sources_of(corpus))
    assert str(removed) not in set(docs["source"])
    rep = pd.read_parquet(out / "repaired.parquet")
    assert "Completely new body text" in rep.loc[rep["source"] == str(changed), "text"].iloc[0]
    rem = pd.read_parquet(out / "removed.parquet")
    assert set(rem["doc_id"]) <= set(docs["doc_id"])  # no rows left of the old version or the removed file
    # the same outputs as a from-scratch run over the corpus as it is now
    fresh = tmp_path / "fresh"
    run(corpus, fresh, Config(progress=False))
    a, b = read_outputs(out), read_outputs(fresh)
    for name in SORT:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert m["counts"] == json.loads((fresh / "manifest.json").read_text())["counts"]


def test_touched_but_unchanged_file_is_not_redone(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    f = next((corpus / "c000").iterdir())
    os.utime(f)  # new mtime, same content: the hash decides
    m = run(corpus, out)
    assert m["incremental"]["files_cleaned"] == 0


def test_same_size_rewrite_right_after_a_run_is_caught(tmp_path):
    """A file rewritten within the mtime tick of the run that read it ("racy") is hashed."""
    corpus = make_corpus(tmp_path / "in", copies=1)  # just written: every file is racy
    out = tmp_path / "out"
    run(corpus, out)
    f = sorted((corpus / "c000").iterdir())[0]
    st = f.stat()
    data = bytearray(f.read_bytes())
    data[0:1] = b"Z" if data[0:1] != b"Z" else b"Y"
    f.write_bytes(bytes(data))
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    m = run(corpus, out)
    assert m["incremental"]["files_cleaned"] == 1
    assert_each_source_once(out, sources_of(corpus))


def test_config_change_redoes_everything(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    m = run(corpus, out, Config(progress=False, incremental=True, skip=("strip",)))
    assert m["incremental"]["files_cleaned"] == 20
    assert m["counts"]["removed_blocks"] == 0
    assert_each_source_once(out, sources_of(corpus))


def test_multi_part_outputs_link_whole_parts_and_filter_mixed_ones(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "PART_MAX_ROWS", 4)
    out = tmp_path / "out"
    run(corpus, out)
    parts = sorted((out / "documents.parquet").iterdir())
    assert len(parts) >= 4
    inodes = {p.stat().st_ino for p in parts}
    changed = sorted((corpus / "c003").iterdir())[-1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    m = run(corpus, out)
    assert m["incremental"]["files_cleaned"] == 1
    new_parts = sorted((out / "documents.parquet").iterdir())
    assert len(inodes & {p.stat().st_ino for p in new_parts}) >= 3  # untouched parts were linked, not copied
    assert_each_source_once(out, sources_of(corpus))
    rep = pd.read_parquet(out / "repaired.parquet")
    assert "One more line." in rep.loc[rep["source"] == str(changed), "text"].iloc[0]


def test_multi_record_file_is_redone_whole(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    lines = [json.dumps({"id": f"a{i}", "text": f"Title {i}\n\nBody of article {i}, long enough to keep.\n"})
             for i in range(6)]
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "b.jsonl").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    age(corpus)
    out = tmp_path / "out"
    run(corpus, out)
    assert len(pd.read_parquet(out / "documents.parquet")) == 8
    (corpus / "a.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")  # a shrinks to 3 records
    m = run(corpus, out)
    assert m["incremental"]["files_cleaned"] == 1 and m["incremental"]["documents_carried_over"] == 2
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == 5 and docs["doc_id"].is_unique
    assert sorted(docs.loc[docs["source"].str.endswith("a.jsonl"), "record"]) == ["a0", "a1", "a2"]


def test_missing_outputs_are_rebuilt_not_trusted(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    (out / "documents.parquet").unlink()
    m = run(corpus, out)
    assert m["incremental"]["files_cleaned"] == 20
    assert_each_source_once(out, sources_of(corpus))


def test_plain_run_after_incremental_rewrites_everything(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    m = run(corpus, out, Config(progress=False))
    assert m["incremental"]["files_cleaned"] == 20
    assert_each_source_once(out, sources_of(corpus))


FLAKY_SCRIPT = textwrap.dedent("""
    # The CLI with a first stage that raises for the document named in FLAKY_SOURCE.
    # (A script, not a monkeypatch of this process: the worker processes that run the
    # stages are forked from it only while it has no other threads.)
    import os, sys
    import pipeline.stages as st

    victim = os.environ.get("FLAKY_SOURCE")

    def flaky(batch, config):
        if victim and any(s == victim for s in batch["source"]):
            raise RuntimeError("transient")
        return batch

    st.STAGES = (("flaky", flaky), *st.STAGES)

    if __name__ == "__main__":
        from pipeline.cli import main
        sys.exit(main(sys.argv[1:]))
""")


def test_a_document_that_failed_is_retried(corpus, tmp_path):
    """An error may have been passing (a worker killed for memory, a file being written):
    an incremental re-run tries its file again."""
    victim = sorted((corpus / "c000").iterdir())[0]
    script = tmp_path / "flaky_run.py"
    script.write_text(FLAKY_SCRIPT, encoding="utf-8")
    out = tmp_path / "out"

    def cli(batch_docs: str, env: dict) -> int:
        cmd = [sys.executable, str(script), "run", str(corpus), "--out", str(out), "--incremental",
               "--batch-docs", batch_docs, "--no-report", "--quiet"]
        return subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env}).returncode

    assert cli("1", {"FLAKY_SOURCE": str(victim)}) == 1
    assert json.loads((out / "manifest.json").read_text())["counts"]["error"] == 1
    assert cli("4", {}) == 0
    m = json.loads((out / "manifest.json").read_text())
    assert m["incremental"]["files_cleaned"] == 1 and m["counts"]["error"] == 0
    assert_each_source_once(out, sources_of(corpus))


def test_an_unchanged_rerun_keeps_the_report_and_a_changed_one_renders_it(tmp_path):
    """The report of an --incremental run that publishes the same tables is the last
    run's, linked, not rendered again (the re-run's cost); any change renders it anew."""
    corpus = make_corpus(tmp_path / "in", 2)
    age(corpus)
    out = tmp_path / "out"
    pipeline.run([str(corpus)], out, INC, report=True)
    before = (out / "report.html").read_bytes()
    manifest = pipeline.run([str(corpus)], out, INC, report=True)
    assert manifest.get("report_reused") is True and manifest["incremental"]["files_cleaned"] == 0
    assert (out / "report.html").read_bytes() == before and (out / "report.md").exists()
    first = sorted(corpus.rglob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nA new closing paragraph, added since the last run.\n",
                     encoding="utf-8")
    manifest = pipeline.run([str(corpus)], out, INC, report=True)
    assert not manifest.get("report_reused") and manifest["incremental"]["files_cleaned"] == 1
    assert "A new closing paragraph" in (out / "report.html").read_text(encoding="utf-8") or any(
        "A new closing paragraph" in p.read_text(encoding="utf-8") for p in (out / "report").rglob("*.html"))
    first.unlink()  # an input dropped out: the tables change, the report is rendered
    manifest = pipeline.run([str(corpus)], out, INC, report=True)
    assert not manifest.get("report_reused")
