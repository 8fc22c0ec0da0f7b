"""``make eval``: the held-out dev set in its three forms, beside the peers' rows.

Scraped and full-page text go through the real stage chain in-process; HTML goes
through extraction first. What is scored is the article: the ``title`` column
followed by the clean ``text`` (the headline is lifted, not dropped). HTML gets a
second row scoring the ``text`` column alone, the measure of trafilatura's own row.
"""
from __future__ import annotations

import collections
import io
import sys
import tarfile
import time

from eval.devset import DEVSET, load_pages, score, split
from eval.textform import article_text, clean_docs

# From shared/devset/README.md: F1 on the held-out 236 pages (P / R).
PEERS = [
    ("scraped", "no cleaning at all", 0.908, 0.873, 0.947),
    ("scraped", "C4 line filter (datatrove)", 0.835, 0.944, 0.748),
    ("fulltext", "no cleaning at all", 0.699, 0.539, 0.994),
    ("fulltext", "C4 line filter (datatrove)", 0.805, 0.814, 0.796),
    ("html", "trafilatura 2.3 extract", 0.913, 0.880, 0.949),
]


def load_html(ids: set[str]) -> dict[str, bytes]:
    out = {}
    with tarfile.open(DEVSET / "html.tar.xz", "r:xz") as tar:
        for m in tar:
            name = m.name.rsplit("/", 1)[-1]
            if m.isfile() and name.endswith(".html") and name[:-5] in ids:
                out[name[:-5]] = tar.extractfile(m).read()
    return out


def main() -> int:
    _, held = split(load_pages())
    rows, removed_counts = [], {}
    for form in ("scraped", "fulltext", "html"):
        t0 = time.perf_counter()
        if form == "html":
            html = load_html({p["id"] for p in held})
            pages = [p for p in held if p["id"] in html]
            titles, bodies, removed = clean_docs([html[p["id"]] for p in pages], kind="html")
        else:
            pages = held
            titles, bodies, removed = clean_docs([p[form] for p in pages])
        outs = [article_text(t, x) for t, x in zip(titles, bodies)]
        s = score(pages, outs)
        rows.append((form, "this project", s["f1"], s["precision"], s["recall"], time.perf_counter() - t0))
        if form == "html":
            # trafilatura's row scores its extracted text, which has no headline; the
            # same measure for us is the text column alone.
            s = score(pages, [x or "" for x in bodies])
            rows.append((form, "this project, text column only", s["f1"], s["precision"], s["recall"], 0.0))
        removed_counts[form] = collections.Counter(r["category"] for r in removed)
    buf = io.StringIO()
    buf.write(f"Held-out part of the dev set ({len(held)} pages), snippet measure\n\n")
    buf.write("| input | tool | F1 | P | R |\n| --- | --- | --- | --- | --- |\n")
    for form in ("scraped", "fulltext", "html"):
        for f, tool, f1, p, r in PEERS:
            if f == form:
                buf.write(f"| {form} | {tool} | {f1:.3f} | {p:.3f} | {r:.3f} |\n")
        for f, tool, f1, p, r, dt in rows:
            if f == form:
                buf.write(f"| {form} | **{tool}** | **{f1:.3f}** | {p:.3f} | {r:.3f} |\n")
    buf.write("\nRemoved blocks per category (held-out):\n\n| input | " +
              " | ".join(["comments", "job_ads", "newsletter", "promo", "chrome", "media", "title", "byline"]) + " |\n")
    buf.write("| --- " * 9 + "|\n")
    for form, c in removed_counts.items():
        buf.write(f"| {form} | " + " | ".join(str(c.get(k, 0)) for k in
                  ["comments", "job_ads", "newsletter", "promo", "chrome", "media", "title", "byline"]) + " |\n")
    print(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
