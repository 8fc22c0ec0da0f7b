"""extract: HTML pages to main text plus the page's own metadata, with trafilatura.

Comments are left out here (trafilatura knows the markup of comment threads better
than any text rule); what trafilatura keeps of newsletter prompts, related stories
and captions is left to the text stages that follow.
"""
from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.stages.base import map_documents


def extract_html(html: str, url: str | None, title, author, date) -> tuple:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url or None,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        deduplicate=False,
    )
    if doc is None:
        return "", url, title, author, date
    text = doc.text or ""
    return (
        text,
        url or doc.url,
        title or doc.title,
        author or doc.author,
        date or doc.date,
    )


def extract(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    if "extract" in config.skip:
        return batch
    return map_documents(
        batch,
        "extract",
        extract_html,
        ["text", "url", "meta_title", "meta_author", "meta_date"],
        ["text", "url", "meta_title", "meta_author", "meta_date"],
        where=batch["kind"].eq("html"),
    )
