"""``make eval``: the held-out parts, beside the peers' rows.

- ``../shared/devset`` in its three forms, snippet measure. Scraped and full-page text
  go through the real stage chain in-process; HTML goes through extraction first. What
  is scored is the article: the ``title`` column followed by the clean ``text`` (the
  headline is lifted, not dropped). HTML gets a second row scoring the ``text`` column
  alone, the measure of trafilatura's own row.
- ``../shared/devset-2026`` in its three forms, shingle and snippet measures, and its
  gold article bodies fed back in: the share of their characters removed.
- ``../shared/comments``: how much of the labelled comment threads goes, how many of
  the pages' article snippets stay, how much of what goes is labelled ``comments``;
  from the scraped text (the measure), and from the same pages' raw HTML beside
  trafilatura alone.

``python -m eval.run_eval --part dev`` prints the same for the development parts.
"""
from __future__ import annotations

import argparse
import collections
import io
import sys
import tarfile
from pathlib import Path

from eval import devset2026, threads
from eval.devset import DEVSET, load_pages, score, split
from eval.textform import article_text, clean_docs

CATEGORIES = ["comments", "job_ads", "newsletter", "promo", "chrome", "media", "title", "byline"]

# From shared/devset/README.md: F1 on the held-out 236 pages (P / R).
PEERS = [
    ("scraped", "no cleaning at all", 0.908, 0.873, 0.947),
    ("scraped", "C4 line filter (datatrove)", 0.835, 0.944, 0.748),
    ("fulltext", "no cleaning at all", 0.699, 0.539, 0.994),
    ("fulltext", "C4 line filter (datatrove)", 0.805, 0.814, 0.796),
    ("html", "trafilatura 2.3 extract", 0.913, 0.880, 0.949),
]
# From shared/devset-2026/README.md: held-out 76 pages, shingle F1 (P / R) and snippet F1.
PEERS_2026 = [
    ("scraped", "no cleaning at all", 0.938, 0.917, 0.961, 0.916),
    ("scraped", "C4 line filter (datatrove)", 0.826, 0.909, 0.757, 0.861),
    ("fulltext", "no cleaning at all", 0.820, 0.699, 0.992, 0.623),
    ("fulltext", "C4 line filter (datatrove)", 0.814, 0.825, 0.802, 0.834),
    ("html", "trafilatura 2.3 extract", 0.941, 0.917, 0.967, 0.924),
]
FORMS = ("scraped", "fulltext", "html")


def load_html(ids: set[str], root: Path = DEVSET) -> dict[str, bytes]:
    out = {}
    with tarfile.open(root / "html.tar.xz", "r:xz") as tar:
        for m in tar:
            name = m.name.rsplit("/", 1)[-1]
            if m.isfile() and name.endswith(".html") and name[:-5] in ids:
                out[name[:-5]] = tar.extractfile(m).read()
    return out


def clean_form(pages: list[dict], form: str, root: Path):
    """(pages cleaned, titles, texts, removed rows) of one form of a set's pages."""
    if form == "html":
        html = load_html({p["id"] for p in pages}, root)
        pages = [p for p in pages if p["id"] in html]
        titles, bodies, removed = clean_docs([html[p["id"]] for p in pages], kind="html")
    else:
        titles, bodies, removed = clean_docs([p[form] for p in pages])
    return pages, titles, bodies, removed


def devset_table(pages: list[dict], name: str, buf: io.StringIO, held: bool) -> None:
    rows, removed_counts = [], {}
    for form in FORMS:
        done, titles, bodies, removed = clean_form(pages, form, DEVSET)
        s = score(done, [article_text(t, x) for t, x in zip(titles, bodies)])
        rows.append((form, "this project", s))
        if form == "html":
            rows.append((form, "this project, text column only", score(done, [x or "" for x in bodies])))
        removed_counts[form] = collections.Counter(r["category"] for r in removed)
    buf.write(f"## {name} of ../shared/devset ({len(pages)} pages), snippet measure\n\n")
    buf.write("| input | tool | F1 | P | R |\n| --- | --- | --- | --- | --- |\n")
    for form in FORMS:
        for f, tool, f1, p, r in PEERS if held else []:
            if f == form:
                buf.write(f"| {form} | {tool} | {f1:.3f} | {p:.3f} | {r:.3f} |\n")
        for f, tool, s in rows:
            if f == form:
                buf.write(f"| {form} | **{tool}** | **{s['f1']:.3f}** | {s['precision']:.3f} | {s['recall']:.3f} |\n")
    buf.write(f"\nRemoved blocks per category:\n\n| input | {' | '.join(CATEGORIES)} |\n")
    buf.write("| --- " * (len(CATEGORIES) + 1) + "|\n")
    for form, c in removed_counts.items():
        buf.write(f"| {form} | " + " | ".join(str(c.get(k, 0)) for k in CATEGORIES) + " |\n")


def devset2026_table(pages: list[dict], name: str, buf: io.StringIO, held: bool) -> None:
    buf.write(f"\n## {name} of ../shared/devset-2026 ({len(pages)} pages)\n\n")
    buf.write("| input | tool | shingle F1 | P | R | snippet F1 |\n| --- | --- | --- | --- | --- | --- |\n")
    for form in FORMS:
        for f, tool, f1, p, r, snip in PEERS_2026 if held else []:
            if f == form:
                buf.write(f"| {form} | {tool} | {f1:.3f} | {p:.3f} | {r:.3f} | {snip:.3f} |\n")
        done, titles, bodies, _ = clean_form(pages, form, devset2026.DEVSET_2026)
        s = devset2026.shingle_score([p["body"] for p in done], [x or "" for x in bodies])
        snip = score(done, [article_text(t, x) for t, x in zip(titles, bodies)])
        buf.write(f"| {form} | **this project** | **{s['f1']:.3f}** | {s['precision']:.3f} | {s['recall']:.3f} "
                  f"| {snip['f1']:.3f} |\n")
    titles, bodies, removed = clean_docs([p["body"] for p in pages])
    lost = collections.Counter()
    for r in removed:
        lost[r["category"]] += len(r["text"])
    total = sum(len(p["body"]) for p in pages)
    buf.write(f"\nGold bodies fed back in: {sum(lost.values()) / total:.2%} of their characters removed "
              f"({sum(lost.values())} of {total}); by category: "
              + (", ".join(f"{k} {v}" for k, v in lost.most_common()) or "none") + "\n")


def threads_table(pages: list[dict], name: str, buf: io.StringIO) -> None:
    """The labelled threads as scraped (the acceptance measure), and the same pages'
    raw HTML: through this project (trafilatura's extraction leaves the thread out and
    the page diff records it) and through trafilatura alone."""
    rows = []
    titles, bodies, removed = clean_docs([p["scraped"] for p in pages])
    rows.append(("scraped", "this project", threads.measure(pages, [article_text(t, x) for t, x in zip(titles, bodies)],
                                                           removed)))
    html = {}
    for origin, root in (("devset", DEVSET), ("devset-2026", devset2026.DEVSET_2026)):
        html.update(load_html({p["id"] for p in pages if p["origin"] == origin}, root))
    done = [p for p in pages if p["id"] in html]
    titles, bodies, removed = clean_docs([html[p["id"]] for p in done], kind="html")
    rows.append(("html", "this project", threads.measure(done, [article_text(t, x) for t, x in zip(titles, bodies)],
                                                        removed)))
    import trafilatura

    alone = [trafilatura.extract(html[p["id"]]) or "" for p in done]
    rows.append(("html", "trafilatura 2.3 extract", threads.measure(done, alone, [])))
    buf.write(f"\n## {name} of ../shared/comments ({len(pages)} pages with a labelled comment thread)\n\n"
              "| input | tool | thread removed | article snippets kept | removed thread labelled comments |\n"
              "| --- | --- | --- | --- | --- |\n| scraped | no cleaning at all | 0.0% | 100.0% | - |\n")
    for form, tool, m in rows:
        labelled = f"{m['labelled']:.1%}" if tool == "this project" else "-"
        bold = "**" if tool == "this project" else ""
        buf.write(f"| {form} | {bold}{tool}{bold} | {bold}{m['removed']:.1%}{bold} | {m['kept']:.1%} "
                  f"({m['snippets_kept']} of {m['snippets']}) | {labelled} |\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["held-out", "dev"], default="held-out")
    args = ap.parse_args(argv)
    held = args.part == "held-out"
    pick = 1 if held else 0
    name = "Held-out part" if held else "Development part"
    buf = io.StringIO()
    devset_table(split(load_pages())[pick], name, buf, held)
    devset2026_table(devset2026.split(devset2026.load_pages())[pick], name, buf, held)
    threads_table(threads.split(threads.load_pages())[pick], name, buf)
    print(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
