"""The input files of a run: each once, with size and mtime, in reading order."""
from __future__ import annotations

import dataclasses
import glob
import hashlib
import os
import time
from pathlib import Path

from pipeline.readers import DOCUMENT_KINDS, expand_inputs, reader_for


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

    def read_arg(self) -> str:
        """What to hand ``read_records`` so it reads this one file as the same source."""
        if any(ch in self.source for ch in "*?["):
            return glob.escape(self.source)
        return self.source

    def state_row(self, fingerprint: str) -> dict:
        return {"source": self.source, "size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256,
                "fingerprint": fingerprint, "docs": -1 if self.unstable or self.had_errors else self.docs,
                "seen_ns": self.seen_ns}


def file_sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def list_inputs(inputs: list[str], stats: dict) -> list[InputFile]:
    """Every input file once, with size and mtime, in reading order."""
    files, seen = [], set()
    for path, source, explicit in expand_inputs(inputs):
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
        files.append(InputFile(path, source, explicit, size, mtime, now, document_kind=DOCUMENT_KINDS.get(reader)))
    return files
