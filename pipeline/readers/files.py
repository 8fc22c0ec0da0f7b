"""Single-document files: ``.txt`` and ``.html``, one document each, possibly compressed.

The bytes go on undecoded: the decode stage owns BOMs, declared charsets and
detection, for files and container records alike.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.readers.compression import read_all


def read_text_file(path: Path, source: str, config: Config) -> Iterator[dict]:
    yield {"source": source, "record": None, "raw": read_all(path), "kind": "text"}


def read_html_file(path: Path, source: str, config: Config) -> Iterator[dict]:
    yield {"source": source, "record": None, "raw": read_all(path), "kind": "html"}
