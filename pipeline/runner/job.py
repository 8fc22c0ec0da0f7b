"""``run``: the steps of one run, in order, under the ``--out`` lock.

This is the only place that knows about all the parts at once; the stages, engines
and writers stay ignorant of each other.
"""
from __future__ import annotations

import collections
import datetime as _dt
import json
import logging
import os
import shutil
import time
from pathlib import Path

import pyarrow.compute as pc

from pipeline.config import Config
from pipeline.engines.tuning import relaxed_gc
from pipeline.models import check_installed
from pipeline.readers import check_inputs
from pipeline.runner import incremental
from pipeline.runner.feed import batches_of, records_of
from pipeline.runner.inputs import InputFile, list_inputs
from pipeline.runner.manifest import build_manifest
from pipeline.runner.progress import Progress, Totals, count_into
from pipeline.schema import REPORT_OUTPUTS
from pipeline.writer import OutputLock, OutputWriter, UnreadablePart, check_out

log = logging.getLogger("pipeline")


def run(inputs: list[str] | str, out: str | Path, config: Config | None = None, report: bool = True,
        **kwargs) -> dict:
    """Clean every document under ``inputs`` into ``out``; return the run summary.

    The summary is what ``manifest.json`` holds; ``summary["exit_code"]`` is 0 when
    every document came out clean and 1 when some have ``status=error``.
    """
    config = config or Config(**kwargs)
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    inputs = [str(i) for i in inputs]
    out = check_out(out)
    check_inputs(inputs)
    check_installed()  # a missing learned model stops the run before any work
    started = _dt.datetime.now(_dt.timezone.utc)
    read_stats: dict = {"files": 0, "skipped_files": 0}
    totals = Totals()
    timings: dict[str, float] = {}
    fingerprint = config.output_fingerprint()
    with OutputLock(out):
        OutputWriter.recover(out)
        t0 = time.perf_counter()
        files = list_inputs(inputs, read_stats, out)
        plan = incremental.plan(files, out, fingerprint) if config.incremental else incremental.Plan([], files, {})
        keep, todo = plan.keep, plan.todo
        carried: dict[str, int] = {}
        timings["plan"] = time.perf_counter() - t0

        writer = OutputWriter(out, config.keep_fields)
        try:
            if keep:
                t0 = time.perf_counter()
                try:
                    carried = writer.carry_over(plan.parts, {f.last_source or f.source for f in keep},
                                                on_rows=totals.add, renamed=plan.renamed)
                except UnreadablePart as exc:  # past the footer: start again, carrying nothing
                    log.warning("--incremental: %s; cleaning every input again", exc)
                    writer.abort()
                    writer, totals, keep, todo, carried = OutputWriter(out, config.keep_fields), Totals(), [], files, {}
                timings["carry_over"] = time.perf_counter() - t0
                log.info("--incremental: %d unchanged input(s) carried over (%d documents), %d to clean",
                         len(keep), carried.get("documents", 0), len(todo))
            read_stats["files"] += sum(1 for f in keep if f.size is not None)
            with relaxed_gc():
                _clean(todo, config, writer, totals, timings, read_stats)
            finished = _dt.datetime.now(_dt.timezone.utc)
            manifest = build_manifest(inputs, out, config, fingerprint, started, finished, totals, timings,
                                      read_stats, files, keep, todo, carried)
            manifest["report"] = bool(report)
            uncovered = manifest["languages"]["not_covered"]
            if uncovered["documents"]:
                log.warning("%d document(s) in languages the lexicons do not cover (%s): only the structural "
                            "passes and the learned model clean them", uncovered["documents"],
                            ", ".join(f"{k} {v}" for k, v in list(uncovered["languages"].items())[:6]))
            state_path = writer.staging / incremental.STATE_FILE
            incremental.write_state(keep + todo, fingerprint, state_path)
            unchanged = _last_report_still_true(out, config, plan, todo, manifest)
            report_files = _stage_report(writer, manifest, timings, reuse=out if unchanged else None) if report else {}
            t0 = time.perf_counter()
            writer.publish({"manifest.json": _manifest_bytes(manifest), **report_files,
                            incremental.STATE_FILE: state_path},
                           withdraw=tuple(name for name in REPORT_OUTPUTS if name not in report_files))
            timings["publish"] = time.perf_counter() - t0
        except BaseException:
            writer.abort()
            raise
    return manifest


def _manifest_bytes(manifest: dict) -> bytes:
    return json.dumps(manifest, indent=2, ensure_ascii=False).encode()


def _last_report_still_true(out: Path, config: Config, plan, todo: list, manifest: dict) -> bool:
    """Whether the report ``out`` holds describes the tables this run publishes: an
    ``--incremental`` run that cleaned nothing, renamed nothing and carried every
    document of the last run over (no input dropped out) publishes the same tables."""
    if not config.incremental or todo or plan.renamed or not plan.keep:
        return False
    try:
        last = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (last.get("report") is True and last.get("config_fingerprint") == manifest["config_fingerprint"]
            and last.get("counts", {}).get("documents") == manifest["counts"]["documents"]
            and last.get("counts", {}).get("removed_blocks") == manifest["counts"]["removed_blocks"]
            and all((out / name).exists() for name in ("report.html", "report.md")))


def _stage_report(writer: OutputWriter, manifest: dict, timings: dict, reuse: Path | None = None) -> dict[str, Path]:
    """Render the report from the staged tables into the staging folder, so that it is
    published with them or not at all: a report that fails to write (a full disk)
    fails the run before anything is published, and one that is published always
    describes the tables beside it. A report this run does not write is withdrawn
    from ``--out`` with the old tables (see ``publish``)."""
    t0 = time.perf_counter()
    writer.close_tables()
    (writer.staging / "manifest.json").write_bytes(_manifest_bytes(manifest))
    if reuse is not None:  # the same tables as the last run's: its report, linked, is still true
        for name in REPORT_OUTPUTS:
            src = reuse / name
            if src.is_dir():
                shutil.copytree(src, writer.staging / name, copy_function=_link_or_copy)
            elif src.is_file():
                _link_or_copy(src, writer.staging / name)
        manifest["report_reused"] = True
    else:
        from pipeline.report import write_report

        write_report(writer.staging)
    timings["report"] = time.perf_counter() - t0
    manifest["timings_s"]["report"] = round(timings["report"], 4)
    return {name: writer.staging / name for name in REPORT_OUTPUTS if (writer.staging / name).exists()}


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _clean(todo: list[InputFile], config: Config, writer: OutputWriter, totals: Totals,
           timings: dict, read_stats: dict) -> None:
    """Stream the files in ``todo`` through the engine into ``writer``."""
    from pipeline.engines import make_engine, timed

    if not todo:
        timings.setdefault("wall", 0.0)
        return
    engine = make_engine(config)
    progress = Progress(config.progress, total_bytes=sum(f.size or 0 for f in todo))
    docs_per_source: collections.Counter = collections.Counter()
    error_sources: set[str] = set()
    read_time = [0.0]
    write_time = 0.0
    try:
        records = records_of(todo, config, read_stats, read_time)
        for tables, t in timed(engine.map(batches_of(records, config)), timings):
            t0 = time.perf_counter()
            writer.write(tables)
            docs = tables["documents"]
            totals.add("documents", docs)
            totals.add("removed", tables["removed"])
            count_into(docs_per_source, docs.column("source"))
            is_error = pc.equal(docs.column("status"), "error")
            errors = pc.sum(is_error).as_py() or 0
            if errors:
                error_sources.update(pc.filter(docs.column("source"), is_error).to_pylist())
            write_time += time.perf_counter() - t0
            progress.update(docs.num_rows, errors, t.get("input_bytes", 0))
    finally:
        progress.close()
        engine.close()
    if not progress.tty and not progress.quiet and progress.docs:
        progress.log_line()
    for f in todo:
        f.docs = docs_per_source.get(f.source, 0)
        f.had_errors = f.source in error_sources
    timings["read"] = read_time[0]
    timings["write"] = write_time
