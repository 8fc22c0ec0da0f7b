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

# One match per non-blank line, trimmed: it starts at the line's first non-blank
# character (the scan skips blanks and newlines) and ends at its last, never crossing a
# newline. ``\S`` and ``str.strip`` agree on what is blank.
_BLOCK = re.compile(r"\S(?:[^\n]*\S)?")


def segment_text(text: str) -> tuple[list[tuple[int, int]]]:
    """Return [(start, end)] of each non-blank line, whitespace trimmed."""
    return ([m.span() for m in _BLOCK.finditer(text)],)


def segment(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    return map_documents(batch, "segment", segment_text, ["text"], ["blocks"])
