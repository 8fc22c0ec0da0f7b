"""Regenerate docs/report.png: the report on the seeds, in headless Chromium.

    .venv/bin/python tests/browser/readme_screenshot.py [OUT.png]

Cleans seeds/ into a temporary folder, opens report.html, shows one document with its
removed blocks marked, and saves a 1400-pixel-wide screenshot.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def main(dest: str | None = None) -> Path:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    import pipeline
    from test_report_browser import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS

    import os

    import pandas as pd

    dest = Path(dest or ROOT / "docs" / "report.png").resolve()
    os.chdir(ROOT)  # sources read as seeds/..., the way `make run` names them
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        pipeline.run(["seeds"], out, progress=False)
        # the document whose opening lines lost the most kinds of block
        removed = pd.read_parquet(out / "removed.parquet")
        head = removed[removed["start"] < 400].groupby("doc_id")["category"].nunique()
        show = head.idxmax()
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            opts.add_argument(flag.replace("1400,1800", "1400,1900"))
        opts.add_argument(f"--user-data-dir={Path(tmp) / 'profile'}")
        drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        try:
            drv.get((out / "report.html").as_uri())
            WebDriverWait(drv, 30).until(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
            drv.find_element(By.CSS_SELECTOR, '[data-expand="none"]').click()
            drv.find_element(By.CSS_SELECTOR, f'#doclist .row[data-doc="{show}"]').click()
            drv.execute_script("window.scrollTo(0, 0)")
            dest.parent.mkdir(parents=True, exist_ok=True)
            drv.save_screenshot(str(dest))
        finally:
            drv.quit()
    print(f"{dest} ({dest.stat().st_size:,} bytes)")
    return dest


if __name__ == "__main__":
    main(*sys.argv[1:2])
