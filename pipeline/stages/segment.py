"""segment: text to blocks with character offsets.

A block is one non-blank line, trimmed. Scrapers write one paragraph, heading, button
or list item per line, so a line is the unit boilerplate comes in; blank lines are
kept as a feature (``gap_before``) rather than as blocks.
"""
from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.stages.base import map_documents


def segment_text(text: str) -> tuple[list[tuple[int, int]]]:
    """Return [(start, end)] of each non-blank line, whitespace trimmed (``str.strip``:
    the same blanks as the regex ``\\S(?:[^\\n]*\\S)?`` would skip, found faster)."""
    spans = []
    append = spans.append
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if n:
            body = line.strip()
            if body:
                start = pos + n - len(line.lstrip())
                append((start, start + len(body)))
        pos += n + 1
    return (spans,)


def segment(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    return map_documents(batch, "segment", segment_text, ["text"], ["blocks"])
