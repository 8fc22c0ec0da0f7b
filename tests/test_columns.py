"""The typed columns as a user reads them: ``date`` a UTC timestamp in pandas and DuckDB
with its wording beside it, ``language`` from the clean text, ``site`` from the URL."""
import datetime
import json
import subprocess
import sys

import duckdb
import pandas as pd

import pipeline
from conftest import ROOT

BODY_EN = ("The harbour bridge reopened on Monday after eighteen months of repairs, and the first "
           "commuters crossed it before dawn. The city council said the work came in under budget.")
BODY_DE = ("Die Brücke am Hafen ist seit Montag wieder offen. Nach achtzehn Monaten Bauzeit fuhren "
           "die ersten Pendler noch vor dem Morgengrauen darüber, und der Stadtrat ist zufrieden.")


def _corpus(tmp_path):
    records = [
        {"id": "a", "url": "https://News.Example.com:8443/2015/bridge?x=1",
         "text": f"Bridge reopens after repairs\n\nBy Jane Doe | July 14, 2015 at 2:30 pm\n\n{BODY_EN}\n\n{BODY_EN}"},
        {"id": "b", "url": "https://www.beispiel.de/bruecke",
         "text": f"Die Brücke ist wieder offen\n\nVon Max Muster | 3. Mai 2020 um 9.05 Uhr\n\n{BODY_DE}\n\n{BODY_DE}"},
        {"id": "c", "text": f"{BODY_EN}\n\n{BODY_EN}"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    pipeline.run([str(path)], out, report=False)
    return out


def test_date_is_a_utc_timestamp_in_pandas_and_duckdb(tmp_path):
    out = _corpus(tmp_path)
    docs = pd.read_parquet(out / "documents.parquet").set_index("record")
    assert str(docs["date"].dtype) == "datetime64[us, UTC]"
    assert docs.loc["a", "date"] == pd.Timestamp("2015-07-14 14:30", tz="UTC")
    assert docs.loc["a", "date_text"] == "July 14, 2015 at 2:30 pm"
    assert docs.loc["b", "date"] == pd.Timestamp("2020-05-03 09:05", tz="UTC")
    assert pd.isna(docs.loc["c", "date"]) and pd.isna(docs.loc["c", "date_text"])
    con = duckdb.connect()
    kind, = con.execute(f"SELECT DISTINCT typeof(date) FROM read_parquet('{out / 'documents.parquet'}')").fetchone()
    assert kind == "TIMESTAMP WITH TIME ZONE"
    n, = con.execute(f"SELECT count(*) FROM read_parquet('{out / 'documents.parquet'}') "
                     "WHERE date >= TIMESTAMPTZ '2015-07-14 14:30:00+00' AND date < TIMESTAMPTZ '2015-07-15 00:00:00+00'"
                     ).fetchone()
    assert n == 1


def test_language_and_site(tmp_path):
    out = _corpus(tmp_path)
    docs = pd.read_parquet(out / "documents.parquet").set_index("record")
    assert docs.loc["a", "language"] == "en" and docs.loc["b", "language"] == "de"
    assert docs.loc["a", "site"] == "news.example.com"  # host only: no port, lower case
    assert docs.loc["b", "site"] == "www.beispiel.de"
    assert pd.isna(docs.loc["c", "site"])


def test_clean_gives_the_instant_and_the_wording():
    cleaned = pipeline.clean(f"Bridge reopens\n\nBy Jane Doe, 14.07.2015, 23:10 UTC\n\n{BODY_EN}\n\n{BODY_EN}")
    assert cleaned.date == datetime.datetime(2015, 7, 14, 23, 10, tzinfo=datetime.timezone.utc)
    assert cleaned.date_text == "14.07.2015, 23:10 UTC"
    assert cleaned.language == "en"


def test_languages_the_lexicons_do_not_cover_are_counted(tmp_path):
    """A Russian page is cleaned by the structural passes only: the manifest and the
    report say how many documents that was, and in which languages."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "ru.txt").write_text(("Москва — столица России, и здесь живёт больше двенадцати миллионов человек. " * 6
                                 + "\n\n") * 3, encoding="utf-8")
    (src / "en.txt").write_text(f"{BODY_EN}\n\n{BODY_EN}", encoding="utf-8")
    out = tmp_path / "out"
    manifest = pipeline.run([str(src)], out)
    langs = manifest["languages"]
    assert langs["documents"] == {"en": 1, "ru": 1}
    assert langs["not_covered"] == {"documents": 1, "languages": {"ru": 1}}
    assert "ru" not in langs["covered_languages"] and "en" in langs["covered_languages"]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "1 documents in languages the lexicons do not cover (ru 1)" in report
    assert "languages the lexicons do not cover" in (out / "report.html").read_text(encoding="utf-8")


def test_keep_fields_carries_record_fields_through_as_columns(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    records = [
        {"id": "a", "text": f"{BODY_EN}\n\n{BODY_EN}", "lang": "en", "score": 0.75, "tags": ["x", "y"],
         "date": "2015-07-14"},
        {"id": "b", "text": f"{BODY_DE}\n\n{BODY_DE}", "lang": "de", "score": 3},
        {"id": "c", "no_text_here": True, "lang": "fr"},  # an error row: no text field
    ]
    (src / "pages.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                                     encoding="utf-8")
    (src / "more.csv").write_text("id,text,lang\nd,\"" + BODY_EN + "\",en\n", encoding="utf-8")
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--quiet",
                          "--no-report", "--keep-fields", "lang,score,tags,date"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert res.returncode == 1, res.stderr  # record c is an error row
    docs = pd.read_parquet(out / "documents.parquet").set_index("record")
    assert list(docs.columns[-4:]) == ["lang", "score", "tags", "record_date"]
    assert docs.loc["a", "lang"] == "en" and docs.loc["a", "score"] == "0.75" and docs.loc["a", "tags"] == '["x", "y"]'
    assert docs.loc["a", "record_date"] == "2015-07-14" and docs.loc["b", "score"] == "3"
    assert pd.isna(docs.loc["b", "record_date"]) and docs.loc["d", "lang"] == "en"
    assert docs.loc["c", "status"] == "error"
