"""Engines: the same outputs in-process, in local workers and on Dask; failure isolation;
streaming in bounded batches and parts."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import pipeline
from pipeline.config import Config
from pipeline.runner import batches_of

from conftest import ROOT, SEEDS

SORT = {"documents": ["doc_id"], "removed": ["doc_id", "start"], "repaired": ["doc_id"]}


def make_corpus(root: Path, copies: int, marker_at: str | None = None) -> Path:
    """Seed articles copied into ``copies`` folders, each copy a little different."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for c in range(copies):
        d = root / f"c{c:03d}"
        d.mkdir(parents=True, exist_ok=True)
        for s in seeds:
            text = s.read_text(encoding="utf-8")
            (d / s.name).write_text(f"{text}\nCopy {c} of {s.stem}.\n", encoding="utf-8")
    if marker_at:
        (root / marker_at).write_text("POISON-DOCUMENT\nThis one breaks things.\n", encoding="utf-8")
    return root


def read_outputs(out: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, keys in SORT.items():
        df = pd.read_parquet(out / f"{name}.parquet")
        tables[name] = df.sort_values(keys).reset_index(drop=True)
    return tables


def assert_same_outputs(a: Path, b: Path) -> None:
    ta, tb = read_outputs(a), read_outputs(b)
    for name in SORT:
        pd.testing.assert_frame_equal(ta[name], tb[name], check_dtype=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), copies=6)


@pytest.fixture(scope="module")
def local_out(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    pipeline.run([str(corpus)], out, Config(progress=False, batch_docs=7), report=False)
    return out


def test_batches_are_bounded_by_docs_and_bytes():
    recs = [{"raw": b"x" * 100} for _ in range(50)]
    by_docs = list(batches_of(recs, Config(batch_docs=8, batch_bytes=10**9)))
    assert [len(b) for b in by_docs] == [8] * 6 + [2]
    by_bytes = list(batches_of(recs, Config(batch_docs=1000, batch_bytes=450)))
    assert [len(b) for b in by_bytes] == [5] * 10
    assert sum(len(b) for b in by_bytes) == 50


def test_workers_give_the_same_outputs_as_in_process(corpus, local_out, tmp_path):
    manifest = pipeline.run([str(corpus)], tmp_path, Config(progress=False, workers=2, batch_docs=5), report=False)
    assert manifest["counts"]["documents"] == 30
    assert_same_outputs(local_out, tmp_path)


@pytest.mark.timeout(120)
def test_dask_local_cluster_gives_the_same_outputs(corpus, local_out, tmp_path):
    manifest = pipeline.run([str(corpus)], tmp_path,
                            Config(progress=False, engine="dask", workers=2, batch_docs=5), report=False)
    assert manifest["counts"]["documents"] == 30
    assert manifest["config"]["engine"] == "dask"
    assert_same_outputs(local_out, tmp_path)


def test_parts_folder_reads_whole(corpus, local_out, tmp_path, monkeypatch):
    """A table larger than one part is published as a folder that pandas reads whole."""
    from pipeline import writer

    monkeypatch.setattr(writer, "PART_MAX_ROWS", 8)
    pipeline.run([str(corpus)], tmp_path, Config(progress=False, batch_docs=4), report=False)
    assert (tmp_path / "documents.parquet").is_dir()
    assert len(list((tmp_path / "documents.parquet").glob("part-*.parquet"))) >= 3
    assert not list(tmp_path.glob(".staging-*"))
    assert_same_outputs(local_out, tmp_path)


POISON_SCRIPT = textwrap.dedent("""
    # The CLI with an extra stage that raises for the whole batch when it holds the
    # marker. (A script, not a monkeypatch of this process: the worker processes that
    # run the stages are forked from it only while it has no other threads, and Dask's
    # tests leave one behind.)
    import sys
    import pipeline.stages as st

    def poison(batch, config):
        texts = batch["text"].tolist() if "text" in batch.columns else []
        if any(isinstance(t, str) and "POISON-DOCUMENT" in t for t in texts):
            raise RuntimeError("poisoned batch")
        return batch

    st.STAGES = (*st.STAGES[:3], ("poison", poison), *st.STAGES[3:])

    if __name__ == "__main__":
        from pipeline.cli import main
        sys.exit(main(sys.argv[1:]))
""")


def test_a_stage_that_raises_costs_one_document(tmp_path):
    corpus = make_corpus(tmp_path / "in", copies=2, marker_at="c001/poison.txt")
    script = tmp_path / "poison_run.py"
    script.write_text(POISON_SCRIPT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), "run", str(corpus), "--out", str(tmp_path / "out"), "--batch-docs", "4",
         "--no-report", "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=110, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 1, proc.stderr[-3000:]
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert len(docs) == 11 and docs["doc_id"].is_unique
    bad = docs[docs["source"].str.endswith("poison.txt")]
    assert bad["status"].tolist() == ["error"]
    assert "RuntimeError: poisoned batch" in bad["error"].iloc[0]
    assert (docs.drop(bad.index)["status"] == "ok").all()


KILLER_SCRIPT = textwrap.dedent("""
    # A stage chain with a stage that kills its worker process on one document.
    import os, sys
    import pipeline.stages as st

    def killer(batch, config):
        for t in batch["text"].tolist():
            if isinstance(t, str) and "POISON-DOCUMENT" in t:
                os._exit(7)
        return batch

    st.STAGES = (*st.STAGES[:3], ("killer", killer), *st.STAGES[3:])

    if __name__ == "__main__":
        from pipeline.cli import main
        sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.timeout(120)
def test_a_document_that_kills_its_worker_becomes_an_error_row(tmp_path):
    corpus = make_corpus(tmp_path / "in", copies=4, marker_at="c002/poison.txt")
    script = tmp_path / "killer_run.py"
    script.write_text(KILLER_SCRIPT, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(script), "run", str(corpus), "--out", str(out), "--workers", "2", "--no-report"],
        cwd=ROOT, capture_output=True, text=True, timeout=110,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 1, proc.stderr[-3000:]
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == 21 and docs["doc_id"].is_unique
    bad = docs[docs["source"].str.endswith("poison.txt")]
    assert bad["status"].tolist() == ["error"]
    assert "worker process died" in bad["error"].iloc[0]
    assert (docs.drop(bad.index)["status"] == "ok").all()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["error"] == 1 and manifest["exit_code"] == 1


@pytest.mark.timeout(120)
def test_dask_worker_death_costs_one_document(tmp_path):
    """A Dask worker killed by one document: that document is an error row, the rest come through."""
    import dask
    from distributed.diagnostics.plugin import WorkerPlugin

    from pipeline.engines import DaskEngine

    class Killer(WorkerPlugin):
        def setup(self, worker):
            import pipeline.stages as st

            def killer(batch, config):
                for raw in batch["raw"].tolist():
                    if raw and b"POISON-DOCUMENT" in raw:
                        os._exit(7)
                return batch

            st.STAGES = (("killer", killer), *st.STAGES)

    records = [{"source": f"doc{i}.txt", "raw": f"Document {i}\nSome text here.\n".encode()} for i in range(12)]
    records[5]["raw"] = b"POISON-DOCUMENT\n"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        engine = DaskEngine(Config(engine="dask", workers=2))
        try:
            engine.client.register_plugin(Killer())
            docs = pa.concat_tables(t["documents"] for t, _ in engine.map(batches_of(records, Config(batch_docs=3))))
        finally:
            engine.close()
    status = dict(zip(docs.column("source").to_pylist(), docs.column("status").to_pylist()))
    assert len(status) == 12 and docs.num_rows == 12
    assert status.pop("doc5.txt") == "error"
    assert set(status.values()) == {"ok"}


def test_relaxed_gc_collects_less_often_and_restores_the_settings():
    import gc

    from pipeline.engines import GC_GEN0_THRESHOLD, relaxed_gc

    before = gc.get_threshold()
    with relaxed_gc():
        assert gc.get_threshold()[0] == GC_GEN0_THRESHOLD
        assert gc.get_freeze_count() > 0
        cycle = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # a cycle is still collected
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_tune_malloc_sets_glibc_thresholds_where_there_is_glibc():
    import platform

    from pipeline.engines import tune_malloc

    assert tune_malloc() is (platform.libc_ver()[0] == "glibc")


def test_warm_up_builds_what_forked_workers_would_each_build():
    """The parent cleans WARM_UP_ARTICLE before forking, so the per-process tables
    must exist after it, and the article must reach every kind of rule it is for."""
    code = textwrap.dedent("""
        from pipeline.config import Config
        from pipeline.engines import warm_up
        import importlib
        from pipeline.classifier import model
        from pipeline.rules import features, linematch
        repair = importlib.import_module("pipeline.stages.repair")
        caches = [linematch._engine, features._bmp_flags, features._lower_symbols,
                  model._block_model, repair._screen_set]
        assert [c.cache_info().currsize for c in caches] == [0] * len(caches)
        warm_up(Config())
        print([c.cache_info().currsize for c in caches])
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "0" not in out.stdout.strip().strip("[]").split(", ")

    from pipeline.engines import WARM_UP_ARTICLE, process_records

    tables, _ = process_records([{"source": "w/0", "raw": WARM_UP_ARTICLE.encode(), "kind": "text"}], Config())
    categories = set(tables["removed"].column("category").to_pylist())
    assert {"comments", "newsletter", "promo", "chrome", "media", "title", "byline"} <= categories
    doc = tables["documents"].to_pylist()[0]
    assert doc["text"].startswith("The river ran dry") and doc["text"].endswith("avec l'eau.")
