"""``manifest.json``: what a run read, counted, removed and took, and with what."""
from __future__ import annotations

import platform

from pipeline import __version__
from pipeline.runner.progress import Totals


def build_manifest(inputs, out, config, fingerprint, started, finished, totals: Totals, timings, read_stats,
                   files, keep, todo, carried) -> dict:
    counts = totals.status
    manifest = {
        "pipeline_version": __version__,
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "inputs": inputs,
        "out": str(out),
        "config": config.to_dict(),
        "config_fingerprint": fingerprint,
        "counts": {
            "documents": sum(counts.values()),
            "ok": counts.get("ok", 0),
            "empty": counts.get("empty", 0),
            "error": counts.get("error", 0),
            "files": read_stats.get("files", 0),
            "skipped_files": read_stats.get("skipped_files", 0),
            "skipped_records": read_stats.get("skipped_records", 0),
            "removed_blocks": sum(totals.removed_by_category.values()),
        },
        "incremental": {
            "enabled": config.incremental,
            "files_carried_over": len(keep),
            "files_cleaned": len(todo),
            "documents_carried_over": carried.get("documents", 0),
        },
        "chars": {"in": totals.chars["in"], "out": totals.chars["out"]},
        "removed_by_category": dict(totals.removed_by_category.most_common()),
        "removed_chars_by_category": dict(totals.removed_chars_by_category.most_common()),
        "rules": dict(totals.rules.most_common()),
        "fixes": dict(totals.fixes.most_common()),
        "languages": languages(totals.languages),
        "timings_s": {k: round(v, 4) for k, v in timings.items()},
        "versions": versions(),
    }
    manifest["exit_code"] = 1 if manifest["counts"]["error"] else 0
    return manifest


def languages(counts) -> dict:
    """Documents per language of their clean text, and those in a language the genre
    lexicons do not cover (only the structural passes and the learned model find
    furniture there: fewer comments and prompts go)."""
    from pipeline.language import COVERED_LANGUAGES

    known = {k: v for k, v in counts.most_common() if k is not None}
    uncovered = {k: v for k, v in known.items() if k not in COVERED_LANGUAGES}
    return {"documents": known, "unidentified": counts.get(None, 0),
            "not_covered": {"documents": sum(uncovered.values()), "languages": uncovered},
            "covered_languages": sorted(COVERED_LANGUAGES)}


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "pipeline": __version__}
    for dist in ("pandas", "pyarrow", "ftfy", "trafilatura"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out
