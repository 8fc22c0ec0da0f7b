"""strip: the clean body from the content blocks; everything else becomes a row.

Title and byline blocks leave the body for the ``title``/``author``/``date`` columns
(the date as it is written; ``batch.finalize`` reads it as a UTC instant), and the
clean body's language is identified (``pipeline.language``);
every removed block is kept, with its offsets in the repaired text, its category and
its rule, so the diff report can show exactly what went. When nothing is removed the
text comes out byte for byte as it went in.
"""
from __future__ import annotations

import re

import pandas as pd

from pipeline.config import Config
from pipeline.language import detect_languages
from pipeline.stages.base import map_documents

_BLANK_RUNS = re.compile(r"\n\n\n+")  # spelled so that re can scan for its literal prefix
_WS = re.compile(r"\s+")


def _fold(s: str | None) -> str | None:
    if s is None:
        return None
    s = _WS.sub(" ", str(s)).strip()
    return s or None


def strip_document(text, blocks, labels, found_meta, meta_title, meta_author, meta_date, skip_strip: bool):
    found_meta = found_meta or {}
    title = _fold(meta_title) or _fold(found_meta.get("title"))
    author = _fold(meta_author) or _fold(found_meta.get("author"))
    date = _fold(meta_date) or found_meta.get("date")
    removed = []
    if skip_strip:
        return text, removed, title, author, date
    pieces, cursor = [], 0
    for (start, end), label in zip(blocks, labels):
        if label is None:
            continue
        category, rule = label
        removed.append({"start": start, "end": end, "category": category, "rule": rule, "text": text[start:end]})
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end + 1
        pieces.append(text[cursor:line_start])
        cursor = line_end
    if not removed:
        return text, removed, title, author, date
    pieces.append(text[cursor:])
    clean = _BLANK_RUNS.sub("\n\n", "".join(pieces)).strip("\n")
    return clean, removed, title, author, date


def strip(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    skip = "strip" in config.skip
    batch = map_documents(
        batch,
        "strip",
        lambda *a: strip_document(*a, skip_strip=skip),
        ["text", "blocks", "labels", "found_meta", "meta_title", "meta_author", "meta_date"],
        ["clean_text", "removed", "title", "author", "date"],
    )
    live = batch["status"].ne("error").to_numpy()
    # (an object column: a list of strings and None would become pandas' string dtype, NaN for None)
    languages = detect_languages(batch["clean_text"].where(live, None).tolist())
    batch["language"] = pd.Series(languages, index=batch.index, dtype=object)
    return batch
