"""The installed package cleans exactly as the checkout does.

A wheel is built from the checkout (no network: the build tools are dev extras),
installed into a fresh virtual environment with no access to the checkout, and run on
the seeds and a sample of dev pages from a folder outside the checkout; its outputs
must match the editable install's row for row. A wheel that left out a learned model
would clean differently (fewer removed blocks), so this is what a Dask worker that
installed the package would produce.
"""
import gzip
import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, ROOT, SEEDS

SAMPLE_PAGES = 40
COMPARED = {"documents": ["source", "doc_id", "status", "title", "author", "date", "text"],
            "removed": ["doc_id", "start", "end", "category", "rule", "text"]}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # Built from a copy of what git would commit: a stale build/ folder in the checkout
    # would otherwise feed files into the wheel that a clean build leaves out.
    dist, src = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("src")
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "pyproject.toml", "README.md", "pipeline"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes((ROOT / name).read_bytes())
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                          "--no-index", "-q", "-w", str(dist), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    (path,) = dist.glob("clean_articles-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A fresh venv holding only the wheel; the dependencies come from this test's
    environment through a path entry (installing them would need the network)."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=False)
    py = env / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    (Path(site) / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return py


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    for p in sorted(SEEDS.glob("*.txt")):
        (folder / p.name).write_bytes(p.read_bytes())
    with gzip.open(DATA / "quality_sample.jsonl.gz", "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= SAMPLE_PAGES:
                break
            (folder / f"dev_{i:03d}.txt").write_text(json.loads(line)["scraped"], encoding="utf-8")
    return folder


def _run(python, inputs, out, cwd):
    res = subprocess.run([str(python), "-m", "pipeline", "run", "inputs", "--out", str(out), "--quiet",
                          "--no-report"], capture_output=True, text=True, cwd=cwd, timeout=600,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)})
    assert res.returncode == 0, res.stderr
    return {name: pd.read_parquet(out / f"{name}.parquet", columns=cols).sort_values(cols[:2]).reset_index(drop=True)
            for name, cols in COMPARED.items()}


def test_wheel_holds_the_models(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "pipeline/rules/block_model.json" in names
    assert "pipeline/rules/thread_model.json" in names


def test_installed_wheel_cleans_as_the_checkout(installed, inputs, tmp_path):
    where = subprocess.run([str(installed), "-c", "import pipeline; print(pipeline.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert str(ROOT) not in where  # the wheel's copy, not the checkout's
    (tmp_path / "inputs").symlink_to(inputs)
    from_wheel = _run(installed, inputs, tmp_path / "wheel_out", tmp_path)
    from_checkout = _run(sys.executable, inputs, tmp_path / "checkout_out", tmp_path)
    assert len(from_wheel["documents"]) == SAMPLE_PAGES + len(list(SEEDS.glob("*.txt")))
    assert len(from_wheel["removed"]) > 0
    for name in COMPARED:
        pd.testing.assert_frame_equal(from_wheel[name], from_checkout[name])


def test_missing_model_stops_the_run(installed, inputs, tmp_path):
    site = subprocess.run([str(installed), "-c", "import pipeline, pathlib; print(pathlib.Path(pipeline.__file__).parent)"],
                          capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()
    model = Path(site) / "rules" / "block_model.json"
    saved = model.read_bytes()
    model.unlink()
    try:
        res = subprocess.run([str(installed), "-m", "pipeline", "run", str(inputs), "--out", str(tmp_path / "o")],
                             capture_output=True, text=True, cwd=tmp_path, timeout=300)
    finally:
        model.write_bytes(saved)
    assert res.returncode == 2
    assert "block_model.json" in res.stderr and "missing" in res.stderr
    assert not (tmp_path / "o" / "documents.parquet").exists()


def test_version_and_console_name(installed, tmp_path):
    import pipeline

    res = subprocess.run([str(installed), "-m", "pipeline", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.split() == ["python", "-m", "pipeline", pipeline.__version__]
    script = Path(sys.executable).parent / "clean-articles"
    res = subprocess.run([str(script), "run", "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.startswith("usage: clean-articles run")
