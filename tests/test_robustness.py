"""Atomic outputs, the --out lock, kill -9 at any moment, exit codes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.writer import OutputLock, OutputLocked

from conftest import ROOT
from test_engines import make_corpus, read_outputs

pytestmark = pytest.mark.timeout(240)


def cli(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **kw)


PACED_SCRIPT = textwrap.dedent("""
    # The CLI with one more stage that sleeps PACE_S per batch, so that a test can
    # kill a run in the middle however fast the machine is.
    import os, sys, time
    import pipeline.stages as st

    def pace(batch, config):
        time.sleep(float(os.environ.get("PACE_S", "0")))
        return batch

    st.STAGES = (*st.STAGES, ("pace", pace))

    if __name__ == "__main__":
        from pipeline.cli import main
        sys.exit(main(sys.argv[1:]))
""")


def paced(tmp: Path, *args: str, pace: float = 0.1) -> subprocess.Popen:
    script = tmp / "paced_run.py"
    if not script.exists():
        script.write_text(PACED_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PACE_S": str(pace)}
    return subprocess.Popen([sys.executable, str(script), *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)


def wait_for(cond, timeout: float = 60.0, every: float = 0.02) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(every)
    return False


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def staged_rows_written(out: Path) -> bool:
    """True once the run has streamed at least one batch into a staged part."""
    return any(p.stat().st_size > 1024 for p in out.glob(".staging-*/documents.parquet/part-*.parquet"))


def check_complete(out: Path, corpus: Path) -> pd.DataFrame:
    docs = pd.read_parquet(out / "documents.parquet")
    sources = {str(p) for p in corpus.rglob("*.txt")}
    assert docs["doc_id"].is_unique, "an input came out twice"
    assert set(docs["source"]) == sources and len(docs) == len(sources)
    tables = read_outputs(out)
    assert set(tables["repaired"]["doc_id"]) == set(docs["doc_id"])
    assert set(tables["removed"]["doc_id"]) <= set(docs["doc_id"])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == len(sources)
    assert not list(out.glob(".staging-*")) and not list(out.glob(".*.old-*"))
    return docs


@pytest.fixture
def big_corpus(tmp_path) -> Path:
    """200 documents: in batches of 5, paced at 0.1 s a batch, a run takes 4 s or more."""
    return make_corpus(tmp_path / "big", copies=40)


@pytest.fixture
def small_batches(tmp_path) -> Path:
    cfg = tmp_path / "small.json"
    cfg.write_text(json.dumps({"batch_docs": 5}))
    return cfg


@pytest.mark.parametrize("workers,incremental", [("1", False), ("2", True)])
def test_kill_9_mid_run_then_rerun_gives_complete_outputs(big_corpus, small_batches, tmp_path, workers, incremental):
    out = tmp_path / "out"
    cmd = ["run", str(big_corpus), "--out", str(out), "--workers", workers, "--no-report", "--quiet",
           "--config", str(small_batches)] + (["--incremental"] if incremental else [])
    if incremental:  # a finished run to build on, then a change that makes the next run work
        assert paced(tmp_path, *cmd, pace=0).wait(timeout=200) == 0
        for p in sorted(big_corpus.glob("c0[0-2]*/*.txt")):
            p.write_text(p.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        before = pd.read_parquet(out / "documents.parquet")
    first = paced(tmp_path, *cmd)
    assert wait_for(lambda: staged_rows_written(out) or first.poll() is not None), "the run never wrote a part"
    time.sleep(0.3)
    os.kill(first.pid, signal.SIGKILL)  # the main process only: its workers must not outlive it
    assert first.wait(timeout=30) == -signal.SIGKILL, "the run finished before it could be killed"
    assert wait_for(lambda: not group_alive(first.pid), timeout=10), "worker processes outlived the run"
    if incremental:  # the interrupted run changed nothing
        pd.testing.assert_frame_equal(pd.read_parquet(out / "documents.parquet"), before)
    # a stale .lock and a half-written staging folder are left behind; neither blocks a re-run
    assert (out / ".lock").exists() and list(out.glob(".staging-*"))
    again = paced(tmp_path, *cmd, pace=0)
    _, err = again.communicate(timeout=200)
    assert again.returncode == 0, err[-3000:]
    check_complete(out, big_corpus)
    if incremental:
        rep = pd.read_parquet(out / "repaired.parquet")
        edited = rep[rep["source"].str.contains("/c0[0-2][0-9]/", regex=True)]
        assert len(edited) == 150 and edited["text"].str.contains("Edited.").all()
        assert json.loads((out / "manifest.json").read_text())["incremental"]["files_cleaned"] == 150


def test_kill_9_at_random_moments(big_corpus, small_batches, tmp_path):
    """Kill the process group at several moments (early, mid-run, late); the last run completes."""
    out = tmp_path / "out"
    cmd = ["run", str(big_corpus), "--out", str(out), "--no-report", "--quiet", "--config", str(small_batches)]
    for delay in (0.05, 1.0, 2.5):
        p = paced(tmp_path, *cmd)
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGKILL)
        assert p.wait(timeout=30) == -signal.SIGKILL
        assert not (out / "documents.parquet").exists()  # nothing half-written is ever published
    final = paced(tmp_path, *cmd, pace=0)
    _, err = final.communicate(timeout=200)
    assert final.returncode == 0, err[-3000:]
    check_complete(out, big_corpus)


CRASH_IN_PUBLISH = textwrap.dedent("""
    # Dies by SIGKILL right after the first output has been swapped into place.
    import os, signal, sys
    import pipeline.writer as w

    real = w._swap_into_place
    calls = []

    def swap(src, final):
        real(src, final)
        calls.append(final)
        if len(calls) == int(os.environ["CRASH_AFTER"]):
            os.kill(os.getpid(), signal.SIGKILL)

    w._swap_into_place = swap

    if __name__ == "__main__":
        from pipeline.cli import main
        sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.parametrize("crash_after", [2])
def test_kill_9_while_publishing_is_rolled_forward(tmp_path, crash_after):
    corpus = make_corpus(tmp_path / "in", copies=3)
    out = tmp_path / "out"
    script = tmp_path / "crash.py"
    script.write_text(CRASH_IN_PUBLISH)
    base = ["run", str(corpus), "--out", str(out), "--no-report", "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CRASH_AFTER": "99"}
    assert subprocess.run([sys.executable, str(script), *base], cwd=ROOT, env=env).returncode == 0
    # a second run with another config dies half-way through publishing its outputs
    env["CRASH_AFTER"] = str(crash_after)
    p = subprocess.run([sys.executable, str(script), *base, "--skip", "strip"], cwd=ROOT, env=env)
    assert p.returncode == -signal.SIGKILL
    assert list(out.glob(".staging-*/PUBLISH.json"))
    # the next run on the same --out finishes that publish before anything else, so no
    # table is left from the older run beside one from the newer
    from pipeline.writer import OutputWriter

    with OutputLock(out):
        OutputWriter.recover(out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["skip"] == ["strip"]
    assert len(pd.read_parquet(out / "removed.parquet")) == 0
    docs = check_complete(out, corpus)
    assert (docs["status"] == "ok").all()


def test_a_second_run_on_the_same_out_exits_2(tmp_path):
    corpus = make_corpus(tmp_path / "in", copies=1)
    out = tmp_path / "out"
    with OutputLock(out):
        with pytest.raises(OutputLocked):
            with OutputLock(out):
                pass
        p = cli("run", str(corpus), "--out", str(out), "--no-report")
        _, err = p.communicate(timeout=60)
        assert p.returncode == 2
        assert "another run" in err and str(os.getpid()) in err
    assert not (out / "documents.parquet").exists()
    p = cli("run", str(corpus), "--out", str(out), "--no-report")
    assert p.wait(timeout=60) == 0


def test_concurrent_runs_one_wins(big_corpus, small_batches, tmp_path):
    out = tmp_path / "out"
    cmd = ["run", str(big_corpus), "--out", str(out), "--no-report", "--quiet", "--config", str(small_batches)]
    first = paced(tmp_path, *cmd)
    assert wait_for(lambda: bool(list(out.glob(".staging-*"))) or first.poll() is not None)
    second = cli(*cmd)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 2 and "another run" in err
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()


def test_exit_codes(tmp_path):
    corpus = make_corpus(tmp_path / "in", copies=1)
    bad = tmp_path / "in" / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4")
    assert cli("run", str(tmp_path / "missing"), "--out", str(tmp_path / "o1")).wait(timeout=60) == 2
    assert cli("run", str(corpus), "--out", str(tmp_path / "o2"), "--workers", "0").wait(timeout=60) == 2
    assert cli("run", str(corpus), "--out", str(tmp_path / "o3"), "--no-report").wait(timeout=60) == 0
    # a file named on the command line that cannot be read is an error row: exit 1
    p = cli("run", str(corpus), str(bad), "--out", str(tmp_path / "o4"), "--no-report")
    assert p.wait(timeout=60) == 1
    docs = pd.read_parquet(tmp_path / "o4" / "documents.parquet")
    assert docs["status"].value_counts().to_dict() == {"ok": 5, "error": 1}
