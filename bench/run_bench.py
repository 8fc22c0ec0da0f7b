"""``make bench``: end-to-end speed and memory of the cleaner, beside ``ftfy.fix_text``.

    python bench/run_bench.py --mb 100                 # the default make bench
    python bench/run_bench.py --mb 100 --rss-mb 500    # + the memory check on 500 MB

Each run is the real command line (``python -m pipeline run CORPUS --out DIR
--no-report --quiet``) in a subprocess, timed from start to exit (start-up, reading,
cleaning and the Parquet writes all included), while a sampler adds up the resident
memory (RSS) of the run's whole process tree (workers, Dask scheduler, nannies)
every 50 ms. MB are MB (10^6 bytes) of scraped text, the UTF-8 size of the documents.

Runs, on the corpus of ``bench/build_corpus.py``:

- file form: 1 worker (the first run), an ``--incremental`` re-run of the unchanged
  corpus, 2 workers;
- JSONL form: 1 worker, 2 workers, ``--engine dask`` with a 2-worker LocalCluster;
- the 1- and 2-worker runs of both forms ``--repeat`` times (default 3), in turn, each
  keeping its fastest round (``best_of``), with every round's time in the JSON;
- with ``--rss-mb``: JSONL, 1 and 2 workers, at each extra size (peak memory);

then the runs a scheduled job makes (``scheduled_jobs``: small files of scraped and of
full-page text from both dev sets, timed start to exit with the report, each beside
``ftfy.fix_text`` on its own texts, with start-up, stage and report times and the
report's size); then ``ftfy.fix_text`` over the same texts (the dev set's unique texts
the corpus cycles through), in this process, and the repair stage beside it
(``bench/repair_bench.py``). Figures go to ``bench/results/bench.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import build_corpus  # noqa: E402

RESULTS = BENCH / "results"
SAMPLE_EVERY_S = 0.05
RESCAN_EVERY_S = 0.5

# The acceptance bars.
MIN_MB_S_PER_WORKER = 8.0
MIN_RATIO_VS_FTFY = 4.5
MIN_SPEEDUP_2W = 1.7
MAX_PEAK_RSS_MB = 1000
MAX_RSS_GROWTH = 1.5
MAX_INCREMENTAL_SHARE = 0.15
# Issue #20's bars for the scheduled-job runs (report included, start to exit).
MIN_JOB_RATIO_VS_FTFY = 5.0
MAX_REPORT_SHARE_OF_RUN = 0.10
MAX_REPORT_SHARE_OF_INPUT = 0.3
MAX_JOB_INCREMENTAL_SHARE = 0.10


class TreeRSS(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants.

    Sampled every ``SAMPLE_EVERY_S``; the list of descendants, which costs a scan of
    every process on the machine, is renewed every ``RESCAN_EVERY_S`` only: the
    sampler shares the two cores with the run it measures, and the full scan at every
    sample took about 3% of a core, taken from the 2-worker runs more than from the
    1-worker ones (which leave a core idle)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_procs = 0
        self._halt = threading.Event()

    def run(self) -> None:
        procs, scanned = [], 0.0
        while not self._halt.is_set():
            if time.monotonic() - scanned >= RESCAN_EVERY_S:
                try:
                    procs = [self.root, *self.root.children(recursive=True)]
                except psutil.Error:
                    break
                scanned = time.monotonic()
            total, n = 0, 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                    n += 1
                except psutil.Error:
                    pass
            if total > self.peak:
                self.peak, self.peak_procs = total, n
            self._halt.wait(SAMPLE_EVERY_S)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_pipeline(label: str, corpus: Path, meta: dict, out: Path, *extra: str, keep_out: bool = False,
                 report: bool = False) -> dict:
    cmd = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet", *extra]
    if not report:
        cmd.append("--no-report")
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeRSS(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{label}: exit {proc.returncode}\n{err[-3000:]}")
    manifest = json.loads((out / "manifest.json").read_text())
    mb = meta["text_bytes"] / 1e6
    workers = int(extra[extra.index("--workers") + 1]) if "--workers" in extra else 1
    result = {
        "label": label,
        "command": " ".join(["python -m pipeline run", str(corpus.relative_to(ROOT)), "--out DIR", *extra]),
        "workers": workers,
        "wall_s": round(wall, 2),
        "mb": round(mb, 1),
        "documents": manifest["counts"]["documents"],
        "mb_s": round(mb / wall, 2),
        "mb_s_per_worker": round(mb / wall / workers, 2),
        "docs_s": round(manifest["counts"]["documents"] / wall, 1),
        "cpu_s": round(cpu, 2),
        "mb_per_cpu_s": round(mb / cpu, 2) if cpu else None,
        "cores_used": round(cpu / wall, 2),
        "load_avg_before": round(load0, 2),
        "peak_rss_mb": round(sampler.peak / 1e6, 1),
        "processes_at_peak": sampler.peak_procs,
        "exit_code": proc.returncode,
        "files_cleaned": manifest.get("incremental", {}).get("files_cleaned"),
        "stage_seconds": manifest.get("timings_s", {}),
        "report": report,
    }
    if report:
        size = report_bytes(out)
        result["report_bytes"] = size
        result["report_share_of_input"] = round(size / meta["text_bytes"], 3)
        result["report_s"] = manifest.get("timings_s", {}).get("report")
        result["report_share_of_run"] = round(result["report_s"] / wall, 3) if result["report_s"] else None
    if not keep_out:
        shutil.rmtree(out, ignore_errors=True)
    print(f"  {label:<34} {result['wall_s']:>7.1f} s  {result['mb_s']:>6.2f} MB/s  "
          f"{result['mb_s_per_worker']:>6.2f} MB/s/worker  {result['docs_s']:>7.0f} docs/s  "
          f"peak RSS {result['peak_rss_mb']:>6.0f} MB  cpu {cpu:>6.1f} s ({result['cores_used']:.2f} cores)", flush=True)
    return result


def report_bytes(out: Path) -> int:
    """Bytes of report.html, report.md and the report/ folder."""
    total = sum((out / name).stat().st_size for name in ("report.html", "report.md") if (out / name).exists())
    folder = out / "report"
    if folder.is_dir():
        total += sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return total


def start_up_seconds(rounds: int = 3) -> float:
    """A run of one short document, start to exit, no report: what every run pays
    before and after its work (interpreter, imports, models, the lock, publishing)."""
    work = RESULTS / "startup"
    shutil.rmtree(work, ignore_errors=True)
    (work / "in").mkdir(parents=True)
    (work / "in" / "a.txt").write_text("A short document of one sentence, to time what every run pays.\n")
    best = float("inf")
    for _ in range(rounds):
        shutil.rmtree(work / "out", ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "run", str(work / "in"), "--out", str(work / "out"),
                        "--quiet", "--no-report"], cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    shutil.rmtree(work, ignore_errors=True)
    return round(best, 2)


def scheduled_jobs(args, work: Path) -> dict:
    """The runs a scheduled job makes, timed start to exit with the report (issue #20):
    many small files of scraped text, and of full-page text, each beside
    ``ftfy.fix_text`` on the same texts; an unchanged ``--incremental`` re-run of the
    first. Stage times, report time and size come with each run."""
    out: dict = {"start_up_s": start_up_seconds(), "corpora": {}}
    print(f"  start-up (one short document, start to exit): {out['start_up_s']} s", flush=True)
    for form, mb in (("scraped", args.small_scraped_mb), ("fulltext", args.small_fulltext_mb)):
        meta = build_corpus.build_small(form, mb)
        corpus = build_corpus.small_paths(form, mb)["files"]
        print(f"  {form}: {meta['documents']} files, {meta['text_bytes'] / 1e6:.1f} MB", flush=True)
        runs = [run_pipeline(f"{form} files, 1 worker, report", corpus, meta, work / f"s-{form}-1", keep_out=True,
                             report=True)]
        if form == "scraped":
            inc = run_pipeline(f"{form} files, --incremental re-run, report", corpus, meta, work / f"s-{form}-1",
                               "--incremental", report=True)
            inc["share_of_first_run"] = round(inc["wall_s"] / runs[0]["wall_s"], 3)
            runs.append(inc)
        shutil.rmtree(work / f"s-{form}-1", ignore_errors=True)
        runs.append(run_pipeline(f"{form} files, 2 workers, report", corpus, meta, work / f"s-{form}-2", "--workers",
                                 "2", report=True))
        texts = [t for _, t in build_corpus.form_texts(form)]
        ftfy_result = time_ftfy(texts, args.ftfy_rounds)
        print(f"  ftfy.fix_text on the {form} texts: {ftfy_result['mb_s']} MB/s", flush=True)
        for r in runs:
            r["ratio_vs_ftfy"] = round(r["mb_s"] / ftfy_result["mb_s"], 2)
            print(f"    {r['label']:<44} {r['ratio_vs_ftfy']:>5.2f}x ftfy; report {r['report_s']} s "
                  f"({r['report_share_of_run']} of the run), {r['report_bytes'] / 1e6:.1f} MB "
                  f"({r['report_share_of_input']}x the input)", flush=True)
        out["corpora"][form] = {"corpus": meta, "runs": runs, "ftfy_fix_text": ftfy_result}
    return out


def best_of(results: list[dict]) -> dict:
    """The fastest of one run's rounds, with every round's wall and CPU time beside it.

    On a machine whose speed drifts (a shared VM: the same run took 11.6 s and 14.9 s
    within the hour here), one run each of 1 and 2 workers measures the drift between
    them as much as the code; rounds taken in turn and the fastest of each, as
    ``timeit`` reports, measure the code."""
    best = dict(min(results, key=lambda r: r["wall_s"]))
    walls = sorted(r["wall_s"] for r in results)
    best["rounds"] = len(results)
    best["round_walls_s"] = [r["wall_s"] for r in results]
    best["round_cpu_s"] = [r["cpu_s"] for r in results]
    best["median_wall_s"] = walls[len(walls) // 2]
    best["median_mb_s"] = round(best["mb"] / best["median_wall_s"], 2)
    return best


def time_ftfy(texts: list[str], rounds: int) -> dict:
    import ftfy

    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            ftfy.fix_text(t)
        best = min(best, time.perf_counter() - t0)
    return {"mb": round(mb, 2), "seconds": round(best, 2), "mb_s": round(mb / best, 2), "rounds": rounds}


def main() -> int:
    ap = argparse.ArgumentParser(description="speed and memory of the cleaner")
    ap.add_argument("--mb", type=int, default=int(os.environ.get("BENCH_MB", 100)),
                    help="corpus size in MB of text (default $BENCH_MB or 100)")
    ap.add_argument("--rss-mb", type=int, nargs="*", default=None,
                    help="extra JSONL sizes for the memory check (e.g. 300 500); default $BENCH_RSS_MB")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 3)),
                    help="rounds of the 1- and 2-worker runs, taken in turn; each keeps its fastest "
                         "(default $BENCH_REPEAT or 3)")
    ap.add_argument("--ftfy-rounds", type=int, default=2)
    ap.add_argument("--small-scraped-mb", type=int, default=int(os.environ.get("BENCH_SMALL_MB", 28)),
                    help="the scheduled-job corpus of small scraped-text files (default 28)")
    ap.add_argument("--small-fulltext-mb", type=int, default=int(os.environ.get("BENCH_FULLTEXT_MB", 15)),
                    help="the scheduled-job corpus of small full-page text files (default 15)")
    ap.add_argument("--no-jobs", action="store_true", help="skip the scheduled-job runs")
    ap.add_argument("--out", type=Path, default=RESULTS / "bench.json")
    args = ap.parse_args()
    rss_sizes = args.rss_mb if args.rss_mb is not None else [
        int(x) for x in os.environ.get("BENCH_RSS_MB", "").replace(",", " ").split()]
    rss_sizes = [s for s in rss_sizes if s != args.mb]

    RESULTS.mkdir(parents=True, exist_ok=True)
    work = RESULTS / "out"
    shutil.rmtree(work, ignore_errors=True)
    meta = build_corpus.build(args.mb)
    corpus = build_corpus.paths(args.mb)
    print(f"corpus: {meta['documents']} documents, {meta['text_bytes'] / 1e6:.1f} MB of scraped text "
          f"({meta['unique_documents']} dev-set texts x {meta['copies']}); {os.cpu_count()} CPUs", flush=True)

    runs: list[dict] = []
    first = run_pipeline("files, 1 worker", corpus["files"], meta, work / "files", keep_out=True)
    runs.append(first)
    inc = run_pipeline("files, --incremental re-run", corpus["files"], meta, work / "files", "--incremental",
                       keep_out=True)
    if inc["files_cleaned"]:
        # The corpus did not change, so the output fingerprint did: the pipeline's code
        # was edited while the first run went (a shared working tree). The run just made
        # is a first run for the new code; time the re-run of that.
        print(f"  (the code changed during the first run: {inc['files_cleaned']} files redone; re-running)")
        first_again = inc
        inc = run_pipeline("files, --incremental re-run", corpus["files"], meta, work / "files", "--incremental",
                           keep_out=True)
        inc["first_run_redone_s"] = first_again["wall_s"]
    inc["share_of_first_run"] = round(inc["wall_s"] / first["wall_s"], 3)
    shutil.rmtree(work / "files", ignore_errors=True)
    runs.append(inc)
    # The four runs the speed checks compare, taken in turn, --repeat rounds (the first
    # files run above is round 1's): each keeps its fastest round (best_of).
    headline = [("files, 2 workers", corpus["files"], work / "f2", ("--workers", "2")),
                ("jsonl, 1 worker", corpus["jsonl"], work / "j1", ()),
                ("jsonl, 2 workers", corpus["jsonl"], work / "j2", ("--workers", "2"))]
    rounds: dict[str, list[dict]] = {"files, 1 worker": [first]}
    for r in range(args.repeat):
        if r:
            print(f"  round {r + 1} of {args.repeat}", flush=True)
            rounds["files, 1 worker"].append(run_pipeline("files, 1 worker", corpus["files"], meta, work / "f1"))
        for label, path, out, extra in headline:
            rounds.setdefault(label, []).append(run_pipeline(label, path, meta, out, *extra))
    runs[0] = best_of(rounds["files, 1 worker"])
    runs += [best_of(rounds[label]) for label, *_ in headline]
    for r in [runs[0], *runs[-3:]]:
        print(f"  {r['label']:<34} fastest of {r['rounds']}: {r['mb_s']:.2f} MB/s; median {r['median_mb_s']:.2f} MB/s "
              f"(walls {', '.join(f'{w:.1f}' for w in r['round_walls_s'])} s)", flush=True)
    if not args.no_dask:
        runs.append(run_pipeline("jsonl, dask LocalCluster 2 workers", corpus["jsonl"], meta, work / "jd",
                                 "--engine", "dask", "--workers", "2"))
    for size in rss_sizes:
        m = build_corpus.build(size)
        c = build_corpus.paths(size)
        runs.append(run_pipeline(f"jsonl {size} MB, 1 worker", c["jsonl"], m, work / f"j{size}"))
        runs.append(run_pipeline(f"jsonl {size} MB, 2 workers", c["jsonl"], m, work / f"j{size}w2", "--workers", "2"))

    jobs = None
    if not args.no_jobs:
        print("scheduled jobs: small files, start to exit, report included", flush=True)
        jobs = scheduled_jobs(args, work)

    texts = build_corpus.devset_texts()
    print("ftfy.fix_text over the same texts ...", flush=True)
    ftfy_result = time_ftfy(texts, args.ftfy_rounds)
    repair_result = None
    try:
        from repair_bench import bench_repair

        print("repair stage beside ftfy.fix_text (bench/repair_bench.py) ...", flush=True)
        repair_result = bench_repair(texts)
    except ImportError as exc:
        print(f"  (no repair bench: {exc})")

    by = {r["label"]: r for r in runs}
    one, two = by["files, 1 worker"], by["files, 2 workers"]
    j1, j2 = by["jsonl, 1 worker"], by["jsonl, 2 workers"]
    rss_at = {args.mb: max(j1["peak_rss_mb"], j2["peak_rss_mb"])}
    for size in rss_sizes:
        rss_at[size] = max(by[f"jsonl {size} MB, 1 worker"]["peak_rss_mb"], by[f"jsonl {size} MB, 2 workers"]["peak_rss_mb"])
    best_1w = max(one["mb_s"], j1["mb_s"])
    checks = {
        "mb_s_per_worker_1w": {"value": best_1w, "min": MIN_MB_S_PER_WORKER},
        "mb_s_per_worker_2w": {"value": max(two["mb_s_per_worker"], j2["mb_s_per_worker"]), "min": MIN_MB_S_PER_WORKER},
        "ratio_vs_ftfy_end_to_end": {"value": round(best_1w / ftfy_result["mb_s"], 2), "min": MIN_RATIO_VS_FTFY},
        # per CPU-second: what one worker does with a core to itself
        "mb_per_cpu_s_1w": {"value": max(one["mb_per_cpu_s"], j1["mb_per_cpu_s"]), "min": MIN_MB_S_PER_WORKER},
        "speedup_2w_over_1w_files": {"value": round(two["mb_s"] / one["mb_s"], 2), "min": MIN_SPEEDUP_2W},
        "speedup_2w_over_1w_jsonl": {"value": round(j2["mb_s"] / j1["mb_s"], 2), "min": MIN_SPEEDUP_2W},
        # The speed-up two idle cores would give, from CPU time: 2 x (CPU of 1 worker) /
        # (CPU of 2 workers). On a machine shared with other work the wall-clock ratio
        # above measures the other work as much as ours; this one does not.
        "cpu_bound_speedup_2w_files": {"value": round(2 * one["cpu_s"] / two["cpu_s"], 2), "min": MIN_SPEEDUP_2W},
        "cpu_bound_speedup_2w_jsonl": {"value": round(2 * j1["cpu_s"] / j2["cpu_s"], 2), "min": MIN_SPEEDUP_2W},
        "incremental_share_of_first_run": {"value": inc["share_of_first_run"], "max": MAX_INCREMENTAL_SHARE},
    }
    for size in rss_sizes:  # the same ratio where start-up (about 0.8 s a run) weighs less
        big1, big2 = by[f"jsonl {size} MB, 1 worker"], by[f"jsonl {size} MB, 2 workers"]
        checks[f"speedup_2w_over_1w_jsonl_{size}"] = {"value": round(big2["mb_s"] / big1["mb_s"], 2),
                                                      "min": MIN_SPEEDUP_2W}
    for size, peak in sorted(rss_at.items()):
        checks[f"peak_rss_mb_jsonl_{size}"] = {"value": peak, "max": MAX_PEAK_RSS_MB}
    base = rss_at.get(100)
    for size, peak in sorted(rss_at.items()):
        if base and size > 100:
            checks[f"rss_growth_{size}_vs_100"] = {"value": round(peak / base, 2), "max": MAX_RSS_GROWTH}
    if jobs:
        for form, job in jobs["corpora"].items():
            first = job["runs"][0]
            best = max(r["ratio_vs_ftfy"] for r in job["runs"] if "incremental" not in r["label"])
            checks[f"job_{form}_ratio_vs_ftfy_with_report"] = {"value": best, "min": MIN_JOB_RATIO_VS_FTFY}
            checks[f"job_{form}_report_share_of_run"] = {"value": first["report_share_of_run"],
                                                         "max": MAX_REPORT_SHARE_OF_RUN}
            checks[f"job_{form}_report_share_of_input"] = {"value": first["report_share_of_input"],
                                                           "max": MAX_REPORT_SHARE_OF_INPUT}
        inc_job = next(r for r in jobs["corpora"]["scraped"]["runs"] if "incremental" in r["label"])
        checks["job_scraped_incremental_share_of_first_run"] = {"value": inc_job["share_of_first_run"],
                                                                "max": MAX_JOB_INCREMENTAL_SHARE}
    for c in checks.values():
        c["pass"] = c["value"] >= c["min"] if "min" in c else c["value"] <= c["max"]

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
                    "python": platform.python_version(), "platform": platform.platform(),
                    "load_avg_at_end": [round(x, 2) for x in os.getloadavg()]},
        "corpus": meta,
        "runs": runs,
        "ftfy_fix_text": ftfy_result,
        "repair_stage": repair_result,
        "scheduled_jobs": jobs,
        "checks": checks,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    shutil.rmtree(work, ignore_errors=True)

    print(f"\nftfy.fix_text: {ftfy_result['mb_s']} MB/s on {ftfy_result['mb']} MB", end="")
    if repair_result:
        print(f"; repair stage: {repair_result['repair_mb_s']} MB/s ({repair_result['ratio']}x ftfy)")
    else:
        print()
    print(f"\n{'check':<34} {'value':>8}  {'bar':>9}  result")
    for name, c in checks.items():
        bar = f">= {c['min']}" if "min" in c else f"<= {c['max']}"
        print(f"{name:<34} {c['value']:>8}  {bar:>9}  {'pass' if c['pass'] else 'FAIL'}")
    print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
