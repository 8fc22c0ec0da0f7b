"""Command line: ``python -m pipeline run | report | inspect``.

Exit status: 0 every document clean, 1 some documents have ``status=error``, 2 usage
or setup error (bad flags, missing input, output folder locked).
"""
from __future__ import annotations

import argparse
import logging
import sys

from pipeline.config import SKIPPABLE_STAGES, Config

EXIT_OK, EXIT_DOC_ERRORS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description="Clean scraped articles into Parquet.")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="clean inputs into an output folder")
    r.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs")
    r.add_argument("--out", required=True, metavar="DIR")
    r.add_argument("--workers", type=int, default=None, help="worker processes (default 1)")
    r.add_argument("--engine", choices=["local", "dask"], default=None)
    r.add_argument("--dask-address", default=None, metavar="ADDR")
    r.add_argument("--skip", action="append", default=[], choices=SKIPPABLE_STAGES, metavar="STAGE",
                   help=f"switch a stage off ({', '.join(SKIPPABLE_STAGES)}); repeatable")
    r.add_argument("--config", default=None, metavar="FILE", help="JSON or TOML config file")
    r.add_argument("--text-field", default=None)
    r.add_argument("--html-field", default=None)
    r.add_argument("--id-field", default=None)
    r.add_argument("--url-field", default=None)
    r.add_argument("--incremental", action="store_true", default=None)
    r.add_argument("--no-report", action="store_true", help="skip writing report.html")
    r.add_argument("--quiet", action="store_true", help="no progress output")

    rep = sub.add_parser("report", help="rebuild report.html from an output folder")
    rep.add_argument("out", metavar="DIR")

    ins = sub.add_parser("inspect", help="summarise an output folder in the terminal")
    ins.add_argument("out", metavar="DIR")
    ins.add_argument("--doc", default=None, metavar="ID", help="a doc_id or source")
    ins.add_argument("--category", default=None, metavar="NAME")
    return p


def _config_from_args(args) -> Config:
    overrides = {
        "workers": args.workers,
        "engine": args.engine,
        "dask_address": args.dask_address,
        "skip": tuple(args.skip) or None,
        "text_field": args.text_field,
        "html_field": args.html_field,
        "id_field": args.id_field,
        "url_field": args.url_field,
        "incremental": args.incremental,
        "progress": False if args.quiet else None,
    }
    if args.config:
        return Config.from_file(args.config, **overrides)
    return Config(**{k: v for k, v in overrides.items() if v is not None})


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    parser = build_parser()
    args = parser.parse_args(argv)
    from pipeline.readers import InputError
    from pipeline.writer import OutputLocked

    try:
        if args.command == "run":
            from pipeline.runner import run

            config = _config_from_args(args)
            summary = run(args.inputs, args.out, config, report=not args.no_report)
            c = summary["counts"]
            print(f"{c['documents']} documents: {c['ok']} ok, {c['empty']} empty, {c['error']} error; "
                  f"{summary['counts']['removed_blocks']} blocks removed -> {args.out}", file=sys.stderr)
            return summary["exit_code"]
        if args.command == "report":
            from pipeline.report import write_report

            print(write_report(args.out))
            return EXIT_OK
        if args.command == "inspect":
            from pipeline.inspect import inspect

            return inspect(args.out, doc=args.doc, category=args.category)
    except (InputError, OutputLocked, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE
