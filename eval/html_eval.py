"""HTML input on the dev set: trafilatura alone against the whole pipeline.

    .venv/bin/python -m eval.html_eval                 # held-out F1/P/R and pages/s
    .venv/bin/python -m eval.html_eval --part dev --why  # where `with` snippets are lost
    .venv/bin/python -m eval.html_eval --part dev --sweep  # trafilatura options, dev only

(a) is ``trafilatura.extract`` with its defaults, the peer the dev set README quotes;
(b) is ``pipeline.run`` over a folder of the same ``.html`` files, one worker, so that
both throughputs are single-process pages per second on the same pages. The raw pages
are unpacked once into ``--html-dir`` (default /tmp/devhtml/html).

Options are tuned on the development part only (ids 0-b); quote held-out (c-f).
"""
from __future__ import annotations

import argparse
import collections
import importlib
import os
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from eval.devset import DEVSET, fold, load_pages, score, split

DEFAULT_HTML_DIR = Path("/tmp/devhtml/html")
# Settings tried by --sweep: trafilatura options on top of the extract stage's own, and
# whether the lead paragraph is restored.
SWEEP = {
    "default": ({}, True),
    "no_lead": ({}, False),
    "favor_precision": ({"favor_precision": True}, True),
    "favor_recall": ({"favor_recall": True}, True),
    "no_tables": ({"include_tables": False}, True),
    "with_comments": ({"include_comments": True}, True),
    "deduplicate": ({"deduplicate": True}, True),
}


def ensure_html(html_dir: Path) -> Path:
    """Unpack html.tar.xz once; later runs reuse the folder."""
    if html_dir.is_dir() and any(html_dir.iterdir()):
        return html_dir
    html_dir.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(DEVSET / "html.tar.xz") as tar:
        tar.extractall(html_dir.parent, filter="data")
    return html_dir


def trafilatura_alone(pages: list[dict], html_dir: Path) -> tuple[list[str], float]:
    """trafilatura.extract with its defaults; returns (texts, seconds)."""
    import trafilatura

    raws = [(html_dir / f"{p['id']}.html").read_bytes() for p in pages]
    t0 = time.perf_counter()
    outs = [trafilatura.extract(raw) or "" for raw in raws]
    return outs, time.perf_counter() - t0


def pipeline_run(pages: list[dict], html_dir: Path, work: Path, workers: int = 1):
    """pipeline.run over a folder holding just these pages; returns (texts, seconds, out dir)."""
    import pandas as pd

    import pipeline
    from pipeline.config import Config

    pages_dir = work / "pages"
    if not pages_dir.is_dir():
        pages_dir.mkdir()
        for p in pages:
            os.symlink(html_dir / f"{p['id']}.html", pages_dir / f"{p['id']}.html")
    out = Path(tempfile.mkdtemp(prefix="out_", dir=work))
    t0 = time.perf_counter()
    pipeline.run([str(pages_dir)], out, Config(workers=workers, progress=False), report=False)
    seconds = time.perf_counter() - t0
    docs = pd.read_parquet(out / "documents.parquet")
    errors = docs[docs["status"] == "error"]
    if len(errors):
        print(f"  {len(errors)} pages failed, e.g. {errors['error'].iloc[0]}", file=sys.stderr)
    by_id = {Path(s).stem: (t if isinstance(t, str) else "") for s, t in zip(docs["source"], docs["text"])}
    return [by_id.get(p["id"], "") for p in pages], seconds, out


def why_lost(pages: list[dict], outs: list[str], alone: list[str], out: Path) -> collections.Counter:
    """For each `with` snippet the pipeline misses: extraction, or which rule removed it."""
    import pandas as pd

    repaired = pd.read_parquet(out / "repaired.parquet")
    removed = pd.read_parquet(out / "removed.parquet")
    rep = {Path(s).stem: t for s, t in zip(repaired["source"], repaired["text"])}
    rem = collections.defaultdict(list)
    for s, text, cat, rule in zip(removed["source"], removed["text"], removed["category"], removed["rule"]):
        rem[Path(s).stem].append((fold(text), f"{cat}/{rule}"))
    causes = collections.Counter()
    for page, got, base in zip(pages, outs, alone):
        for w in page["with"]:
            fw = fold(w)
            if fw in fold(got):
                continue
            if fw not in fold(rep.get(page["id"], "")):
                cause = "extraction (trafilatura alone finds it)" if fw in fold(base) else "extraction (both miss)"
            else:
                rules = [r for t, r in rem[page["id"]] if t and (t in fw or fw in t or _overlaps(t, fw))]
                cause = rules[0] if rules else "strip/unknown"
                print(f"  lost {page['id']} by {cause}: {w[:90]!r}")
            causes[cause] += 1
    return causes


def show_kept(pages: list[dict], outs: list[str], limit: int) -> None:
    """Print `without` snippets the pipeline keeps: what the text stages could still remove."""
    shown = 0
    for page, got in zip(pages, outs):
        for w in page["without"]:
            if shown < limit and fold(w) in fold(got):
                shown += 1
                print(f"  kept {page['id']}: {w[:100]!r}")


def _overlaps(block: str, snippet: str, min_chars: int = 20) -> bool:
    """A removed block and a snippet share a long enough run (one line of a longer snippet)."""
    return len(block) >= min_chars and block[:min_chars] in snippet


def sweep(pages: list[dict], html_dir: Path, work: Path, only: list[str] | None) -> None:
    """Each option set, trafilatura alone (as the extract stage calls it) and in the pipeline."""
    from pipeline.stages.decode import decode_bytes

    stage = importlib.import_module("pipeline.stages.extract")

    base, base_lead = dict(stage.TRAFILATURA_OPTIONS), stage.RESTORE_LEAD
    names = [n for n in SWEEP if n in only] if only else list(SWEEP)
    for name in names:
        opts, lead = SWEEP[name]
        stage.TRAFILATURA_OPTIONS, stage.RESTORE_LEAD = {**base, **opts}, lead
        alone = [stage.extract_html(decode_bytes((html_dir / f"{p['id']}.html").read_bytes())[0],
                                    None, None, None, None)[0] for p in pages]
        outs, seconds, _ = pipeline_run(pages, html_dir, work)
        a, b = score(pages, alone), score(pages, outs)
        print(f"{name:16s} extract-stage F1 {a['f1']:.3f} P {a['precision']:.3f} R {a['recall']:.3f} | "
              f"pipeline F1 {b['f1']:.3f} P {b['precision']:.3f} R {b['recall']:.3f} "
              f"{len(pages) / seconds:.1f} pages/s")
    stage.TRAFILATURA_OPTIONS, stage.RESTORE_LEAD = base, base_lead


def _line(label: str, s: dict, seconds: float) -> str:
    # Four places: the acceptance bar is 0.935, and 0.9347 must not read as met.
    return (f"{label:22s} F1 {s['f1']:.4f}  P {s['precision']:.4f}  R {s['recall']:.4f}  "
            f"(tp {s['tp']} fp {s['fp']} fn {s['fn']})  {s['pages'] / seconds:.1f} pages/s")


def compare(pages: list[dict], html_dir: Path, work: Path, args) -> None:
    """(a) against (b): F1/P/R and pages/s, then what was asked for on top."""
    # Best of --repeat runs each, alternating, so a busy machine slows both alike.
    t_alone = t_pipe = float("inf")
    for _ in range(args.repeat):
        alone, seconds = trafilatura_alone(pages, html_dir)
        t_alone = min(t_alone, seconds)
        outs, seconds, out = pipeline_run(pages, html_dir, work)
        t_pipe = min(t_pipe, seconds)
    print(f"HTML, {args.part} part ({len(pages)} pages), one process, best of {args.repeat}:")
    print(_line("trafilatura.extract", score(pages, alone), t_alone))
    print(_line("pipeline", score(pages, outs), t_pipe))
    if args.show_fp:
        show_kept(pages, outs, args.show_fp)
    if args.why:
        for cause, n in why_lost(pages, outs, alone, out).most_common():
            print(f"{n:4d}  {cause}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["dev", "held", "all"], default="held")
    ap.add_argument("--html-dir", type=Path, default=DEFAULT_HTML_DIR)
    ap.add_argument("--repeat", type=int, default=1, help="time each side this many times, keep the best")
    ap.add_argument("--why", action="store_true", help="say which rule removed each lost `with` snippet")
    ap.add_argument("--show-fp", type=int, default=0, metavar="N", help="print N kept `without` snippets")
    ap.add_argument("--sweep", action="store_true", help="compare trafilatura option sets (use --part dev)")
    ap.add_argument("--only", nargs="*", default=None, help=f"sweep only these of {', '.join(SWEEP)}")
    args = ap.parse_args(argv)
    html_dir = ensure_html(args.html_dir)
    dev, held = split(load_pages())
    pages = {"dev": dev, "held": held, "all": dev + held}[args.part]
    with tempfile.TemporaryDirectory(prefix="html_eval_") as work:
        if args.sweep:
            sweep(pages, html_dir, Path(work), args.only)
        else:
            compare(pages, html_dir, Path(work), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
