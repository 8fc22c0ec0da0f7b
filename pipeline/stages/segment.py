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
    return (segment_blocks(text)[0],)


def segment_blocks(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """``segment_text``'s spans, and the blocks' texts (``text[start:end]``), which
    the trimming makes anyway: the classifier reads them without cutting them again."""
    spans, blocks = [], []
    add_span, add_block = spans.append, blocks.append
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if n:
            body = line.strip()
            if body:
                start = pos + n - len(line.lstrip())
                add_span((start, start + len(body)))
                add_block(body)
        pos += n + 1
    return spans, blocks


def segment(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    return map_documents(batch, "segment", segment_blocks, ["text"], ["blocks", "block_texts"])
