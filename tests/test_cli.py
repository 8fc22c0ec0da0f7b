"""The command line on a temporary folder, as a user runs it."""
import json
import subprocess
import sys

import pandas as pd

from conftest import ROOT, SEEDS


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def test_run_writes_every_output(tmp_path):
    src = tmp_path / "in" / "c0"
    src.mkdir(parents=True)
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        (src / p.name).write_bytes(p.read_bytes())
    (tmp_path / "in" / "c1").mkdir()
    (tmp_path / "in" / "c1" / sorted(SEEDS.glob("*.txt"))[0].name).write_text("Same name, other folder.\n")
    out = tmp_path / "out"
    res = run_cli("run", str(tmp_path / "in"), "--out", str(out), "--quiet")
    assert res.returncode == 0, res.stderr
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == 3 and docs["source"].is_unique
    assert docs["doc_id"].is_unique
    for name in ("removed.parquet", "report.html", "manifest.json"):
        assert (out / name).exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 3


def test_skip_strip_keeps_everything(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    res = run_cli("run", str(seed), "--out", str(tmp_path / "o"), "--skip", "strip", "--quiet")
    assert res.returncode == 0, res.stderr
    assert pd.read_parquet(tmp_path / "o" / "removed.parquet").empty


def test_missing_input_is_a_usage_error(tmp_path):
    res = run_cli("run", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert "not found" in res.stderr


def test_bad_flag_is_a_usage_error(tmp_path):
    res = run_cli("run", "seeds", "--out", str(tmp_path / "o"), "--skip", "classify")
    assert res.returncode == 2


def test_undecodable_document_is_an_error_row_and_exit_1(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("A fine article.\n")
    (d / "bad.xyz").write_text("not a known type")
    res = run_cli("run", str(d / "good.txt"), str(d / "bad.xyz"), "--out", str(tmp_path / "o"), "--quiet")
    assert res.returncode == 1
    docs = pd.read_parquet(tmp_path / "o" / "documents.parquet")
    assert sorted(docs["status"]) == ["error", "ok"]


def test_inspect_and_report_commands(seeds_run):
    out, _ = seeds_run
    res = run_cli("inspect", str(out), "--category", "newsletter")
    assert res.returncode == 0 and "newsletter" in res.stdout.lower()
    res = run_cli("report", str(out))
    assert res.returncode == 0
