"""segment: text to blocks with character offsets.

A block is one non-blank line, trimmed. Scrapers write one paragraph, heading, button
or list item per line, so a line is the unit boilerplate comes in; blank lines are
kept as a feature (``gap_before``) rather than as blocks.
"""
from __future__ import annotations

import re

import pandas as pd

from pipeline.config import Config
from pipeline.stages.base import map_documents

_LINE = re.compile(r"[^\n]+")


def segment_text(text: str) -> tuple[list[tuple[int, int]]]:
    """Return [(start, end)] of each non-blank line, whitespace trimmed."""
    spans = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        spans.append((s + lead, s + lead + len(stripped)))
    return (spans,)


def segment(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    return map_documents(batch, "segment", segment_text, ["text"], ["blocks"])
