import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
_WS = re.compile(r"\s+")


def fold(s: str) -> str:
    return _WS.sub(" ", s).strip()


def body_lines(text: str) -> list[str]:
    return [fold(line) for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="session")
def seeds_expected() -> dict:
    return json.loads((DATA / "seeds_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory):
    """One run over the seeds, shared by the tests that read its outputs."""
    import pipeline

    out = tmp_path_factory.mktemp("seeds_out")
    manifest = pipeline.run([str(SEEDS)], out)
    return out, manifest
