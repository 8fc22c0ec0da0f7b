"""Command line: ``python -m pipeline run | report | inspect``.

Exit status: 0 every document clean, 1 some documents have ``status=error``, 2 usage
or setup error (bad flags, missing input, output folder locked, Dask scheduler not
reachable), 3 the run itself failed (a bug, a full disk): nothing was published.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from pipeline.config import SKIPPABLE_STAGES, Config, ConfigError

EXIT_OK, EXIT_DOC_ERRORS, EXIT_USAGE, EXIT_RUN_FAILED = 0, 1, 2, 3


def _prog() -> str:
    """The name the user typed: ``clean-articles`` for the console script, else
    ``python -m pipeline``."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name if name and name not in ("__main__.py", "-c") and not name.endswith(".py") else "python -m pipeline"


def build_parser() -> argparse.ArgumentParser:
    from pipeline import __version__

    p = argparse.ArgumentParser(prog=_prog(), description="Clean scraped articles into Parquet.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="clean inputs into an output folder")
    r.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs")
    r.add_argument("--out", required=True, metavar="DIR")
    r.add_argument("--workers", type=int, default=None,
                   help="worker processes (default 1: in this process); with --engine dask and no "
                        "--dask-address, the size of the local cluster")
    r.add_argument("--engine", choices=["local", "dask"], default=None,
                   help="local (default) or dask; --dask-address implies dask")
    r.add_argument("--dask-address", default=None, metavar="ADDR",
                   help="a Dask scheduler, e.g. tcp://scheduler:8786 (default: a LocalCluster)")
    r.add_argument("--batch-docs", type=int, default=None, metavar="N",
                   help="documents per batch at most (default 512)")
    r.add_argument("--batch-bytes", type=_size, default=None, metavar="SIZE",
                   help="raw bytes per batch at most, e.g. 16M (default 16M)")
    r.add_argument("--max-document-size", type=_size, default=None, metavar="SIZE",
                   help="a larger document becomes an error row, e.g. 32M (default 32M)")
    r.add_argument("--document-timeout", type=float, default=None, metavar="SECONDS",
                   help="a document taking longer becomes an error row (default 60)")
    r.add_argument("--skip", action="append", default=[], choices=SKIPPABLE_STAGES, metavar="STAGE",
                   help=f"switch a stage off ({', '.join(SKIPPABLE_STAGES)}); repeatable")
    r.add_argument("--config", default=None, metavar="FILE", help="JSON or TOML config file")
    r.add_argument("--text-field", default=None)
    r.add_argument("--html-field", default=None)
    r.add_argument("--id-field", default=None)
    r.add_argument("--url-field", default=None)
    r.add_argument("--keep-fields", default=None, metavar="NAMES",
                   help="record fields (JSONL, CSV, Parquet) to carry through to documents.parquet as "
                        "columns, comma-separated, e.g. lang,crawl_date (a field named like a column "
                        "becomes record_<name>)")
    r.add_argument("--incremental", action="store_true", default=None,
                   help="skip inputs unchanged since the last run on --out (same content and "
                        "config), keeping their rows; redo the rest")
    r.add_argument("--no-report", action="store_true", help="skip writing report.html")
    r.add_argument("--quiet", action="store_true", help="no progress output")

    rep = sub.add_parser("report", help="rebuild report.html from an output folder")
    rep.add_argument("out", metavar="DIR")

    ins = sub.add_parser("inspect", help="summarise an output folder in the terminal")
    ins.add_argument("out", metavar="DIR")
    ins.add_argument("--doc", default=None, metavar="ID", help="a doc_id or source")
    ins.add_argument("--category", default=None, metavar="NAME")
    return p


def _size(text: str) -> int:
    """``16M``, ``512K``, ``1G`` or a plain number of bytes."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    t = text.strip().upper().removesuffix("B")
    try:
        if t and t[-1] in units:
            return int(float(t[:-1]) * units[t[-1]])
        return int(t)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 16M)") from None


def _config_from_args(args) -> Config:
    overrides = {
        "workers": args.workers,
        "engine": args.engine or ("dask" if args.dask_address else None),
        "dask_address": args.dask_address,
        "batch_docs": args.batch_docs,
        "batch_bytes": args.batch_bytes,
        "max_document_bytes": args.max_document_size,
        "document_timeout_s": args.document_timeout,
        "skip": tuple(args.skip) or None,
        "text_field": args.text_field,
        "html_field": args.html_field,
        "id_field": args.id_field,
        "url_field": args.url_field,
        "keep_fields": tuple(f.strip() for f in args.keep_fields.split(",") if f.strip()) if args.keep_fields else None,
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
    from pipeline.engines import EngineSetupError
    from pipeline.models import ModelMissing
    from pipeline.readers import InputError
    from pipeline.writer import OutputLocked, OutputUnusable

    # Setup errors: the user can fix them and run again (exit 2, one line, no traceback).
    # Anything else raised while running is the run failing (exit 3), a ValueError too.
    setup_errors = (InputError, OutputLocked, OutputUnusable, EngineSetupError, ConfigError, ModelMissing)
    try:
        if args.command == "run":
            from pipeline.engines import tune_malloc
            from pipeline.runner import run

            tune_malloc()  # the command's process is ours alone (see engines.tuning.tune_malloc)
            try:
                config = _config_from_args(args)
            except (ValueError, OSError) as exc:  # a config file missing, unreadable or malformed
                raise ConfigError(str(exc)) from None
            summary = run(args.inputs, args.out, config, report=not args.no_report)
            c = summary["counts"]
            print(f"{c['documents']} documents: {c['ok']} ok, {c['empty']} empty, {c['error']} error; "
                  f"{summary['counts']['removed_blocks']} blocks removed -> {args.out}", file=sys.stderr)
            return summary["exit_code"]
        if args.command == "report":
            from pathlib import Path

            from pipeline.report import write_report
            from pipeline.writer import OutputLock

            if not Path(args.out).is_dir():
                raise FileNotFoundError(f"no run outputs in {args.out}")
            with OutputLock(args.out):  # not while a run publishes other tables under it
                print(write_report(args.out))
            return EXIT_OK
        if args.command == "inspect":
            from pipeline.inspect import inspect

            return inspect(args.out, doc=args.doc, category=args.category)
    except setup_errors as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, FileNotFoundError) as exc:
        if args.command == "run":  # raised by the run itself, not by what the user typed
            logging.getLogger("pipeline").exception("the run failed; outputs under --out are as the last run left them")
            return EXIT_RUN_FAILED
        print(f"error: {exc}", file=sys.stderr)  # report/inspect on a folder that holds no run
        return EXIT_USAGE
    except Exception:  # noqa: BLE001 - not a document's fault: say so with its own status
        logging.getLogger("pipeline").exception("the run failed; outputs under --out are as the last run left them")
        return EXIT_RUN_FAILED
    return EXIT_USAGE
