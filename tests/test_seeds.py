"""The five seed articles against their hand-labelled answer (seeds_expected.json)."""
import pandas as pd
import pytest

from conftest import SEEDS, body_lines, fold

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


def test_all_five_seeds_present():
    assert len(SEED_FILES) == 5


@pytest.fixture(scope="module")
def outputs(seeds_run):
    out, _ = seeds_run
    docs = pd.read_parquet(out / "documents.parquet")
    removed = pd.read_parquet(out / "removed.parquet")
    docs["name"] = docs["source"].str.rsplit("/", n=1).str[-1]
    removed["name"] = removed["source"].str.rsplit("/", n=1).str[-1]
    return docs, removed


def _none(v):
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


@pytest.mark.parametrize("name", SEED_FILES)
def test_body_lines(outputs, seeds_expected, name):
    docs, _ = outputs
    row = docs[docs["name"] == name].iloc[0]
    assert row["status"] == "ok"
    assert body_lines(row["text"]) == seeds_expected[name]["body_lines"]


@pytest.mark.parametrize("name", SEED_FILES)
def test_removed_lines_and_categories(outputs, seeds_expected, name):
    _, removed = outputs
    got = removed[removed["name"] == name].sort_values("start")
    got_pairs = [(fold(t), c) for t, c in zip(got["text"], got["category"])]
    want_pairs = [(fold(r["text"]), r["category"]) for r in seeds_expected[name]["removed"]]
    assert got_pairs == want_pairs


@pytest.mark.parametrize("name", SEED_FILES)
def test_metadata(outputs, seeds_expected, name):
    docs, _ = outputs
    row = docs[docs["name"] == name].iloc[0]
    exp = seeds_expected[name]
    assert _none(row["title"]) == exp["title"]
    assert _none(row["author"]) == exp["author"]
    # ``date`` is a UTC timestamp (midnight: the seeds give no time); the wording beside it.
    assert (None if pd.isna(row["date"]) else row["date"].date().isoformat()) == exp["date"]
    assert (row["date_text"] is None or pd.isna(row["date_text"])) == (exp["date"] is None)


def test_every_removal_has_category_and_rule(outputs):
    _, removed = outputs
    assert removed["category"].notna().all() and removed["rule"].notna().all()
    assert set(removed["category"]) <= {"comments", "job_ads", "newsletter", "promo", "chrome", "media", "title", "byline"}


def test_clean_seed_comes_out_unchanged(outputs):
    """002 has no boilerplate: its text leaves exactly as it came in."""
    docs, removed = outputs
    name = "002_6c8db55b47c50c3f.txt"
    row = docs[docs["name"] == name].iloc[0]
    original = (SEEDS / name).read_text(encoding="utf-8")
    assert row["text"] == original
    assert removed[removed["name"] == name].empty


def test_removed_offsets_point_into_repaired_text(seeds_run):
    out, _ = seeds_run
    repaired = pd.read_parquet(out / "repaired.parquet").set_index("doc_id")["text"]
    removed = pd.read_parquet(out / "removed.parquet")
    for r in removed.itertuples():
        assert repaired[r.doc_id][r.start:r.end] == r.text
