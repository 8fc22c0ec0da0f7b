"""Quality gate: F1 floors on an in-repo labelled sample (80 development-part pages).

Like trafilatura's evaluation gate: a change that makes the cleaner worse on this
sample fails the tests. The floors sit just under the scores measured when they were
pinned; raise them when the cleaner improves.
"""
import gzip
import json

import pytest

from conftest import DATA
from eval.devset import score
from eval.textform import clean_texts

FLOORS = {
    # form: (F1 floor, recall floor); measured F1/recall 0.960/0.958 and 0.919/0.962
    # when last raised
    # scraped recall 0.949 since the thread pass: on one blog page the author's last
    # lines, which read like the readers' comments under them, go with the thread
    "scraped": (0.950, 0.945),
    "fulltext": (0.915, 0.955),
}
NO_CLEANING_F1 = {"scraped": 0.921, "fulltext": 0.690}


@pytest.fixture(scope="module")
def sample():
    with gzip.open(DATA / "quality_sample.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert all(r["id"][0] not in "cdef" for r in rows), "the sample must come from the development part only"
    return rows


@pytest.mark.parametrize("form", sorted(FLOORS))
def test_f1_floor(sample, form):
    outs, _ = clean_texts([r[form] for r in sample])
    s = score(sample, outs)
    f1_floor, recall_floor = FLOORS[form]
    assert s["f1"] >= f1_floor, s
    assert s["recall"] >= recall_floor, s
    assert s["f1"] > NO_CLEANING_F1[form], "cleaning must beat doing nothing"
