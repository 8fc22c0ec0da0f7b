"""Pass 5 (per batch), templates: lines repeated across documents of one site are its
template (menus, footers).

Rule: "template.repeated_across_site" (category chrome).

Thresholds: T.TEMPLATE_MIN_DOCS, T.TEMPLATE_MIN_SHARE; only short non-prose lines
count (T.REPEAT_MAX_CHARS, via ``common._short_folds``; ``common.is_prose``).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipeline.classifier.common import Label, _short_folds, is_prose
from pipeline.rules import table as T

# What urlsplit would clean or treat specially in a URL: then it is asked.
_URL_ODDITY = re.compile(r"[\\\t\r\n]")


def site_of(url, source) -> str:
    """The group template lines are counted in: the URL's host, else the source's folder."""
    if isinstance(url, str) and "://" in url:
        scheme, _, rest = url.partition("://")
        if scheme.isascii() and scheme.isalpha() and not _URL_ODDITY.search(rest):
            # The network location, as urlsplit finds it: up to a "/", "?" or "#".
            return rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].lower()
        return urlsplit(url).netloc.lower()
    return str(source).rsplit("/", 1)[0] if isinstance(source, str) and "/" in source else ""


def _mark_templates(docs: list[tuple[list[str], list[Label]]], sites: list[str],
                    short_folds: list[list[str | None]] | None = None) -> None:
    """Lines repeated across documents of one site are its template (menus, footers).
    ``short_folds``: each document's ``_short_folds``, when the caller has them."""
    by_site: dict[str, list[int]] = {}
    for d, site in enumerate(sites):
        by_site.setdefault(site, []).append(d)
    for members in by_site.values():
        if len(members) < T.TEMPLATE_MIN_DOCS:
            continue
        folds = {d: short_folds[d] if short_folds is not None else _short_folds(docs[d][0]) for d in members}
        seen: dict[str, int] = {}
        for d in members:
            texts = docs[d][0]
            for key in {f for f, t in zip(folds[d], texts) if f is not None and not is_prose(t)}:
                seen[key] = seen.get(key, 0) + 1
        need = max(T.TEMPLATE_MIN_DOCS, T.TEMPLATE_MIN_SHARE * len(members))
        template = {k for k, c in seen.items() if c >= need}
        if not template:
            continue
        for d in members:
            labels = docs[d][1]
            for i, f in enumerate(folds[d]):
                if labels[i] is None and f is not None and f in template:
                    labels[i] = ("chrome", "template.repeated_across_site")
