"""doc_id: the same whatever the input's spelling or where its folder sits; distinct
for repeated record ids; --incremental carries files over across spellings."""
import json
import shutil
import subprocess
import sys

import pandas as pd

from conftest import ROOT, SEEDS


def _run(inputs, out, cwd, *extra):
    res = subprocess.run([sys.executable, "-m", "pipeline", "run", *inputs, "--out", str(out), "--quiet",
                          "--no-report", *extra], capture_output=True, text=True, cwd=cwd, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    return pd.read_parquet(out / "documents.parquet")


def _ids(docs) -> dict:
    return dict(zip(docs["source"].str.rsplit("/", n=1).str[-1], docs["doc_id"]))


def test_four_spellings_and_a_moved_folder_give_the_same_ids(tmp_path):
    corpus = tmp_path / "a" / "seeds"
    shutil.copytree(SEEDS, corpus)
    runs = [
        _run(["seeds"], tmp_path / "o1", tmp_path / "a"),
        _run(["./seeds/"], tmp_path / "o2", tmp_path / "a"),
        _run([str(corpus)], tmp_path / "o3", tmp_path),
        _run(["."], tmp_path / "o4", corpus),
    ]
    moved = tmp_path / "b" / "elsewhere" / "seeds"
    moved.parent.mkdir(parents=True)
    shutil.move(str(corpus), moved)
    runs.append(_run(["seeds"], tmp_path / "o5", moved.parent))
    first = _ids(runs[0])
    assert len(first) == len(list(SEEDS.glob("*.txt"))) and len(set(first.values())) == len(first)
    for docs in runs[1:]:
        assert _ids(docs) == first
    # a file named on its own keys on its folder's name and its own: the same id again
    one = _run([str(moved / "000_a347b352d9281daa.txt")], tmp_path / "o6", tmp_path)
    assert one["doc_id"].iloc[0] == first["000_a347b352d9281daa.txt"]


def test_two_folders_of_one_name_keep_their_ids_apart(tmp_path):
    for side in ("x", "y"):
        (tmp_path / side / "seeds").mkdir(parents=True)
        shutil.copy(next(SEEDS.glob("*.txt")), tmp_path / side / "seeds" / "a.txt")
    docs = _run(["x/seeds", "y/seeds"], tmp_path / "o", tmp_path)
    assert len(docs) == 2 and docs["doc_id"].is_unique


def test_repeated_record_ids_in_a_container_get_distinct_doc_ids(tmp_path):
    (tmp_path / "in").mkdir()
    body = "The council met for three hours and agreed that the budget would be published in full."
    lines = [{"id": "same", "text": f"{body} Copy {k}."} for k in range(3)]
    (tmp_path / "in" / "pages.jsonl").write_text("\n".join(map(json.dumps, lines)) + "\n")
    docs = _run(["in"], tmp_path / "o", tmp_path)
    assert len(docs) == 3 and docs["doc_id"].is_unique


def test_incremental_carries_over_across_spellings(tmp_path):
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    first = _run(["seeds"], out, tmp_path)
    again = _run([str(corpus)], out, tmp_path, "--incremental")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["incremental"]["files_cleaned"] == 0, manifest["incremental"]
    assert sorted(again["doc_id"]) == sorted(first["doc_id"])
    assert all(s.startswith(str(corpus)) for s in again["source"])  # the sources as named this time
    removed = pd.read_parquet(out / "removed.parquet")
    assert set(removed["source"]) <= set(again["source"])
