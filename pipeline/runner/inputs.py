"""The input files of a run: each once, with size and mtime, in reading order."""
from __future__ import annotations

import dataclasses
import glob
import hashlib
import logging
import os
import time
from pathlib import Path

from pipeline.readers import DOCUMENT_KINDS, expand_inputs, reader_for
from pipeline.readers.compression import open_regular

log = logging.getLogger("pipeline")


@dataclasses.dataclass
class InputFile:
    path: Path
    source: str
    explicit: bool
    size: int | None
    mtime_ns: int | None
    seen_ns: int
    sha256: str | None = None
    docs: int = 0
    unstable: bool = False  # its records came back under another source name
    had_errors: bool = False  # some of its documents have status=error: retried next time
    document_kind: str | None = None  # "text"/"html" for a file of one document
    key: str | None = None  # what its doc_ids are hashed from (``pipeline.readers.id_key``)
    last_source: str | None = None  # its source in the last run's outputs (``--incremental``)

    def read_arg(self) -> str:
        """What to hand ``read_records`` so it reads this one file as the same source."""
        if any(ch in self.source for ch in "*?["):
            return glob.escape(self.source)
        return self.source

    def state_row(self, fingerprint: str) -> dict:
        return {"source": self.source, "key": self.key, "size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256,
                "fingerprint": fingerprint, "docs": -1 if self.unstable or self.had_errors else self.docs,
                "seen_ns": self.seen_ns}


def file_sha256(path: Path) -> str | None:
    try:
        with open_regular(path) as fh:  # never a FIFO or a device: their reads block or never end
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


class _OutputFolder:
    """Tells whether a file lies under ``--out``: a run must never read its own outputs
    (or a staging folder's) as input, or each run on an ``--out`` inside an input folder
    would clean the last one's tables and report pages again. Folders are resolved once
    each (symlinks included), not once a file."""

    def __init__(self, out: Path):
        self.root = os.path.realpath(out)
        self._inside: dict[str, bool] = {}
        self.skipped = 0

    def holds(self, path: Path) -> bool:
        folder = os.path.dirname(os.path.abspath(path))
        inside = self._inside.get(folder)
        if inside is None:
            real = os.path.realpath(folder)
            inside = self._inside[folder] = real == self.root or real.startswith(self.root + os.sep)
        return inside


def list_inputs(inputs: list[str], stats: dict, out: Path | None = None) -> list[InputFile]:
    """Every input file once, with size and mtime, in reading order; files found under
    ``out`` by walking a folder or a glob are left out (logged once)."""
    files, seen = [], set()
    outputs = _OutputFolder(out) if out is not None else None
    for path, source, explicit, key in expand_inputs(inputs):
        if outputs is not None and not explicit and outputs.holds(path):
            outputs.skipped += 1
            continue
        reader = reader_for(path)
        if reader is None and not explicit:
            stats["skipped_files"] = stats.get("skipped_files", 0) + 1
            continue
        if source in seen:
            continue
        seen.add(source)
        now = time.time_ns()
        try:
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size = mtime = None
        files.append(InputFile(path, source, explicit, size, mtime, now, document_kind=DOCUMENT_KINDS.get(reader),
                               key=key))
    if outputs is not None and outputs.skipped:
        log.info("left out %d file(s) under the output folder %s, which lies inside the inputs: "
                 "a run never reads its own outputs", outputs.skipped, out)
    return files
