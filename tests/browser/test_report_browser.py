"""report.html in a real headless Chromium (Debian's chromium + chromedriver, via selenium).

The browser is installed by ``tests/browser/ensure_chromium.sh`` when missing and we are
root; without it these tests skip, except under ``CI=true`` where they fail.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1400,1800")


def _have_chromium() -> bool:
    return os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def driver(tmp_path_factory):
    if not _have_chromium() and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["bash", str(HERE / "ensure_chromium.sh")], check=False, timeout=1200)
    if not _have_chromium():
        msg = f"headless Chromium not available ({CHROMIUM}, {CHROMEDRIVER}); run tests/browser/ensure_chromium.sh"
        if _in_ci():
            pytest.fail(msg)
        pytest.skip(msg)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager reach the network
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(120)
    try:
        yield drv
    finally:
        drv.quit()


def _open(driver, url: str):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))


def _wait(driver, cond, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: cond())


def _rows(driver):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, "#doclist .row")


def test_seeds_report_summary_and_category_filter(seeds_run, driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    out, manifest = seeds_run
    _open(driver, (out / "report.html").as_uri())
    css = driver.find_element

    # the summary shows, with the run's figures
    summary = css(By.ID, "summary")
    assert summary.is_displayed()
    docs_card = css(By.CSS_SELECTOR, '#summary .card[data-k="documents"] .v').text
    assert docs_card == str(manifest["counts"]["documents"])
    assert css(By.CSS_SELECTOR, '#summary .card[data-k="share"] .v').text.endswith("%")
    assert css(By.ID, "chart-categories").is_displayed()
    assert css(By.ID, "rules").is_displayed()
    assert len(_rows(driver)) == manifest["counts"]["documents"]

    # the document list's category filter keeps the documents with newsletter blocks
    with_newsletter = {r["doc_id"] for r in _removed(out) if r["category"] == "newsletter"}
    Select(css(By.ID, "fcat")).select_by_value("newsletter")
    _wait(driver, lambda: len(_rows(driver)) == len(with_newsletter))
    assert {r.get_attribute("data-doc") for r in _rows(driver)} == with_newsletter

    # open them all: every newsletter block is drawn in place
    css(By.CSS_SELECTOR, '[data-expand="all"]').click()
    marks = driver.find_elements(By.CSS_SELECTOR, "#doclist mark.rm.c-newsletter")
    others = driver.find_elements(By.CSS_SELECTOR, "#doclist mark.rm:not(.c-newsletter)")
    assert len(marks) == manifest["removed_by_category"]["newsletter"] and others
    assert all(m.is_displayed() for m in marks) and all(m.is_displayed() for m in others)

    # the rule shows on hover
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).move_to_element(marks[0]).perform()
    tip = driver.execute_script("return getComputedStyle(arguments[0], '::after').content", marks[0])
    assert marks[0].get_attribute("data-rule") in tip

    # the category chip hides that category's blocks, and shows them again
    chip = css(By.CSS_SELECTOR, '#chips .chip[data-cat="newsletter"]')
    chip.click()
    assert chip.get_attribute("aria-pressed") == "false"
    assert not any(m.is_displayed() for m in marks)
    assert all(m.is_displayed() for m in others)
    driver.save_screenshot(str(tmp_path / "report-newsletter-hidden.png"))
    chip.click()
    assert all(m.is_displayed() for m in marks)
    css(By.CSS_SELECTOR, '[data-allcats="off"]').click()
    assert not any(m.is_displayed() for m in marks + others)
    css(By.CSS_SELECTOR, '[data-allcats="on"]').click()
    assert all(m.is_displayed() for m in marks + others)

    # search by source
    Select(css(By.ID, "fcat")).select_by_value("")
    name = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))[2]
    css(By.ID, "q").send_keys(name[:8])
    _wait(driver, lambda: len(_rows(driver)) == 1)
    assert name in _rows(driver)[0].text

    shot = tmp_path / "report.png"
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def _removed(out: Path) -> list[dict]:
    import pandas as pd

    return pd.read_parquet(out / "removed.parquet").to_dict("records")


# --------------------------------------------------------------------------- a large run


def make_corpus(folder: Path, n: int) -> Path:
    """``n`` small articles: the seeds, varied (place names, a line, mojibake now and then)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    places = ["Rotherham", "Sheffield", "Leeds", "Barnsley", "Doncaster"]
    for i in range(n):
        t = texts[i % len(texts)].replace("Rotherham", places[(i // len(texts)) % len(places)])
        t = f"{t}\n\nEditor's note {i}: corrected on day {i % 28 + 1}.\n"
        if i % 7 == 0:
            t = t.replace("\u2019", "\u00e2\u20ac\u2122")  # ’ read as cp1252
        d = folder / f"c{i % 20:02d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"doc{i:05d}.txt").write_text(t, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_large_run_report_opens(tmp_path, driver, record_property):
    """Acceptance: a 4,700-document run; the top page stays far under 50 MB and works in Chromium."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    import pipeline
    from pipeline.report import write_report

    n = 4700
    corpus = make_corpus(tmp_path / "corpus", n)
    out = tmp_path / "out"
    t0 = time.perf_counter()
    manifest = pipeline.run([str(corpus)], out, progress=False)
    run_s = time.perf_counter() - t0
    assert manifest["counts"]["documents"] == n
    t0 = time.perf_counter()
    top = write_report(out)
    report_s = time.perf_counter() - t0
    size = top.stat().st_size
    pages = sorted((out / "report").glob("docs-*.html"))
    record_property("run_s", round(run_s, 2))
    record_property("report_s", round(report_s, 2))
    record_property("top_page_bytes", size)
    print(f"\n{n} docs: run {run_s:.1f} s, report {report_s:.2f} s, report.html {size / 1e6:.2f} MB, "
          f"{len(pages)} document pages")
    assert size < 50_000_000
    assert report_s < 30, report_s
    assert pages and all(p.stat().st_size < 20_000_000 for p in pages)

    _open(driver, top.as_uri())
    assert driver.find_element(By.CSS_SELECTOR, '#summary .card[data-k="documents"] .v').text == f"{n:,}"
    assert driver.find_element(By.ID, "doccount").text == f"{n:,} documents"
    assert len(_rows(driver)) == 50
    # search finds one document among thousands, and its row links to its page
    driver.find_element(By.ID, "q").send_keys("doc04321")
    _wait(driver, lambda: len(_rows(driver)) == 1)
    row = _rows(driver)[0]
    href = row.get_attribute("href")
    assert re.search(r"/report/docs-\d{5}\.html#d-", href)
    # the category filter narrows the list
    driver.find_element(By.ID, "q").clear()
    Select(driver.find_element(By.ID, "fcat")).select_by_value("newsletter")
    _wait(driver, lambda: "of 4,700 documents" in driver.find_element(By.ID, "doccount").text)
    _open(driver, href)
    doc_id = href.rsplit("#d-", 1)[1]
    section = driver.find_element(By.ID, f"d-{doc_id}")
    assert "doc04321" in section.text
    # the page's documents were inflated in the browser, and it scrolled to this one
    assert driver.find_element(By.ID, "docs-z").get_attribute("data-encoding") == "gzip+base64"
    assert 0 <= driver.execute_script("return arguments[0].getBoundingClientRect().top", section) < 120  # under the chips
    marks = section.find_elements(By.CSS_SELECTOR, "mark.rm")
    assert marks and all(m.is_displayed() for m in marks)
    cat = marks[0].get_attribute("data-cat")
    driver.find_element(By.CSS_SELECTOR, f'.chip[data-cat="{cat}"]').click()
    assert not any(m.is_displayed() for m in marks if m.get_attribute("data-cat") == cat)
    driver.save_screenshot(str(tmp_path / "large-doc-page.png"))


def test_sharded_index_loads_on_demand(tmp_path, driver, monkeypatch):
    """Past the inline limit the document index lives in report/index-*.js shards."""
    import sys

    from selenium.webdriver.common.by import By

    import pipeline.report as report

    sys.path.insert(0, str(HERE.parent))
    from test_report import sample_docs, write_outputs

    monkeypatch.setattr(report, "INLINE_MAX_DOCS", 10)
    monkeypatch.setattr(report, "DOCS_PER_PAGE", 25)
    monkeypatch.setattr(report, "INDEX_SHARD_ROWS", 30)
    monkeypatch.setattr(report, "INDEX_INLINE_MAX_BYTES", 1000)
    out = write_outputs(tmp_path / "o", sample_docs(120))
    top = report.write_report(out)
    assert len(list((out / "report").glob("index-*.js"))) == 5
    _open(driver, top.as_uri())
    assert driver.find_element(By.ID, "doccount").text == "121 documents"
    assert len(_rows(driver)) == 50
    driver.find_element(By.CSS_SELECTOR, '#pager button[data-go="last"]').click()
    _wait(driver, lambda: len(_rows(driver)) == 21)
    assert _rows(driver)[-1].get_attribute("data-doc") == "bad0"
    driver.find_element(By.ID, "q").send_keys("example.org/105")
    _wait(driver, lambda: len(_rows(driver)) == 1)
    assert _rows(driver)[0].get_attribute("data-doc") == "d0105"
