"""Rules a user changes without code (the config's [rules] table), as a user runs them."""
import subprocess
import sys

import pandas as pd
import pytest

import pipeline
from conftest import ROOT
from pipeline.config import Config
from pipeline.rules import table as T
from pipeline.rules.user import RulesError, UserRules

BODY = ("The harbour bridge reopened on Monday after eighteen months of repairs, and the first commuters "
        "crossed it before dawn. The council said the work came in under budget and ahead of the winter.")
PAGE = "\n\n".join([
    "Bridge reopens after repairs", BODY, BODY,
    "Sign up for our newsletter", "Tide tables for the week ahead", BODY,
    "3 comments", "Pat says:", "Great news, I cross it every day and the detour was a nightmare.",
])


def _clean(rules: dict):
    return pipeline.clean(PAGE, config=Config(rules=UserRules.from_table(rules)))


def test_no_rules_is_the_default_outcome():
    cleaned = pipeline.clean(PAGE)
    assert "Sign up for our newsletter" not in cleaned.text and "Pat says:" not in cleaned.text
    assert "Tide tables for the week ahead" in cleaned.text  # no rule knows this phrase


def test_keep_a_category():
    cleaned = _clean({"keep": ["comments"]})
    assert "Pat says:" in cleaned.text and "the detour was a nightmare" in cleaned.text
    assert "Sign up for our newsletter" not in cleaned.text
    assert not [r for r in cleaned.removed if r["category"] == "comments"]


def test_switch_a_rule_off_by_name_or_family():
    default = {r["rule"] for r in pipeline.clean(PAGE).removed}
    newsletter_rules = {r for r in default if r.startswith("newsletter.")}
    assert newsletter_rules
    cleaned = _clean({"off": sorted(newsletter_rules)})
    assert "Sign up for our newsletter" in cleaned.text
    assert _clean({"off": ["newsletter"]}).text == cleaned.text


def test_add_a_phrase_to_a_category_per_language():
    cleaned = _clean({"phrases": {"newsletter": ["tide TABLES  for the week"]}})
    assert "Tide tables for the week ahead" not in cleaned.text
    assert {"category": "newsletter", "rule": "user.phrase"}.items() <= next(
        r for r in cleaned.removed if r["text"] == "Tide tables for the week ahead").items()
    # under another language's table it does not apply to this English page
    assert "Tide tables for the week ahead" in _clean({"phrases": {"de": {"newsletter": ["tide tables"]}}}).text
    assert "Tide tables for the week ahead" not in _clean({"phrases": {"en": {"newsletter": ["tide tables"]}}}).text


def test_a_phrase_never_removes_prose():
    cleaned = _clean({"phrases": {"promo": ["harbour bridge"]}})
    assert cleaned.text.count(BODY) == 3


def test_a_threshold_applies_for_the_batch_and_is_restored():
    before = T.SECTION_MIN_CONTENT_BEFORE
    cleaned = _clean({"thresholds": {"SECTION_MIN_CONTENT_BEFORE": 100000}})
    assert T.SECTION_MIN_CONTENT_BEFORE == before
    # no comment section can open with that much article asked for before it
    assert "comments.section" in {r["rule"] for r in pipeline.clean(PAGE).removed}
    assert "comments.section" not in {r["rule"] for r in cleaned.removed}


@pytest.mark.parametrize("table, key", [
    ({"keep": ["adverts"]}, "rules.keep"),
    ({"off": ["no.such_rule"]}, "rules.off"),
    ({"phrases": {"title": ["x"]}}, "rules.phrases.title"),
    ({"phrases": {"german": {"promo": ["x"]}}}, "rules.phrases.german"),
    ({"thresholds": {"SHORT_LINE": 10}}, "rules.thresholds.SHORT_LINE"),
    ({"thresholds": {"TITLE_MIN_CHARS": 1.5}}, "rules.thresholds.TITLE_MIN_CHARS"),
    ({"colour": "blue"}, "rules"),
])
def test_a_bad_rule_names_its_key(table, key):
    with pytest.raises(RulesError, match=key.replace(".", r"\.")):
        UserRules.from_table(table)


def test_the_example_config_runs_and_changes_the_fingerprint(tmp_path):
    example = ROOT / "docs" / "config.example.toml"
    config = Config.from_file(example)
    assert config.rules and config.output_fingerprint() != Config().output_fingerprint()
    src = tmp_path / "page.txt"
    src.write_text(PAGE, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "pipeline", "run", str(src), "--out", str(tmp_path / "o"),
                          "--config", str(example), "--quiet", "--no-report"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr
    removed = pd.read_parquet(tmp_path / "o" / "removed.parquet")
    assert "user.phrase" in set(removed["rule"])


def test_a_bad_config_exits_2_naming_the_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[rules]\nkeep = ["adverts"]\n', encoding="utf-8")
    src = tmp_path / "page.txt"
    src.write_text(PAGE, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "pipeline", "run", str(src), "--out", str(tmp_path / "o"),
                          "--config", str(bad), "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert res.returncode == 2
    assert "rules.keep" in res.stderr and "adverts" in res.stderr and "Traceback" not in res.stderr
