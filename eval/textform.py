"""Clean the dev set's text forms in-process and score them (a quick loop for tuning)."""
from __future__ import annotations

import argparse
import collections
import sys
import time

from eval.devset import fold, load_pages, score, split
from pipeline.config import Config
from pipeline.engines import process_records


def article_text(title: str | None, text: str | None) -> str:
    """What we score: the article is its headline (lifted to the ``title`` column,
    not thrown away) followed by its clean body."""
    return "\n".join(x for x in (title, text) if x)


def clean_docs(texts: list[str], kind: str = "text", config: Config | None = None, batch: int = 64):
    """Return (titles, clean texts, removed rows) for ``texts`` through the real stage chain."""
    config = config or Config()
    titles, bodies, removed = [], [], []
    for i in range(0, len(texts), batch):
        recs = [{"source": f"devset/{i + k}", "raw": t, "kind": kind} for k, t in enumerate(texts[i:i + batch])]
        tables, _ = process_records(recs, config)
        docs = tables["documents"]
        titles.extend(docs.column("title").to_pylist())
        bodies.extend(docs.column("text").to_pylist())
        removed.extend(tables["removed"].to_pylist())
    return titles, bodies, removed


def clean_texts(texts: list[str], kind: str = "text", config: Config | None = None, batch: int = 64):
    """Return (articles, removed rows): each article is its title then its clean text."""
    titles, bodies, removed = clean_docs(texts, kind, config, batch)
    return [article_text(t, x) for t, x in zip(titles, bodies)], removed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=["dev", "held", "all"], default="dev")
    ap.add_argument("--form", choices=["scraped", "fulltext"], default="scraped")
    ap.add_argument("--show-fn", type=int, default=0, help="print N missed `with` snippets")
    ap.add_argument("--show-fp", type=int, default=0, help="print N kept `without` snippets")
    args = ap.parse_args(argv)
    pages = load_pages()
    dev, held = split(pages)
    pages = {"dev": dev, "held": held, "all": pages}[args.part]
    t0 = time.perf_counter()
    outs, removed = clean_texts([p[args.form] for p in pages])
    dt = time.perf_counter() - t0
    base = score(pages, [p[args.form] for p in pages])
    s = score(pages, outs)
    print(f"{args.form} {args.part}: F1 {s['f1']:.3f} P {s['precision']:.3f} R {s['recall']:.3f} "
          f"(no cleaning F1 {base['f1']:.3f} P {base['precision']:.3f} R {base['recall']:.3f}) {dt:.1f}s")
    print(collections.Counter(r["category"] for r in removed).most_common())
    if args.show_fn:
        n = 0
        for p, o in zip(pages, outs):
            of = fold(o)
            for w in p["with"]:
                if fold(w) not in of and fold(w) in fold(p[args.form]) and n < args.show_fn:
                    n += 1
                    print("FN", p["id"], repr(w[:100]))
    if args.show_fp:
        n = 0
        for p, o in zip(pages, outs):
            of = fold(o)
            for w in p["without"]:
                if fold(w) in of and n < args.show_fp:
                    n += 1
                    print("FP", p["id"], repr(w[:100]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
