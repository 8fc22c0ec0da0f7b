"""Reading a run's outputs for the report and ``inspect``, in bounded memory.

A run's tables are written batch by batch in one order: ``documents`` has a row per
document, ``repaired`` a row per document that did not fail, ``removed`` the blocks of
each document one document after the other. :class:`StreamJoin` walks the three in
that order together, so only one batch of each is in memory at a time; if the files
turn out not to be in step (another writer, a hand-edited folder), it raises
:class:`Misaligned` and :class:`MemoryJoin` does the same job with lookup tables.
"""
from __future__ import annotations

import collections
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.schema import CATEGORIES

CATEGORY_COLOURS = {
    "comments": "#f4a261",
    "job_ads": "#e76f51",
    "newsletter": "#2a9d8f",
    "promo": "#e9c46a",
    "chrome": "#8d99ae",
    "media": "#a8dadc",
    "title": "#b5e48c",
    "byline": "#cdb4db",
}
FALLBACK_COLOUR = "#adb5bd"

# What each named fix of the repair stage does (ftfy's own step names included).
FIX_DESCRIPTIONS = {
    "normalize_line_breaks": "CR, CRLF and Unicode line separators turned into \\n",
    "fix_latin_ligatures": "ligatures and digraph code points (ﬁ, ŉ, ǌ) spelled out",
    "fix_character_width": "full-width letters and digits made ASCII (a repair option)",
    "normalize_nfc": "Unicode normal form NFC (a repair option)",
    "normalize_nfkc": "Unicode normal form NFKC (a repair option)",
    "normalize_nfd": "Unicode normal form NFD (a repair option)",
    "normalize_nfkd": "Unicode normal form NFKD (a repair option)",
    "remove_zero_width": "zero-width and invisible format characters removed",
    "remove_control_chars": "control characters removed",
    "strip_trailing_whitespace": "spaces at line ends removed",
    "fold_whitespace_runs": "runs of spaces and no-break spaces folded to one space",
    "fold_blank_lines": "three or more line breaks folded to one blank line",
    "fix_mojibake": "mojibake decoded (UTF-8 text read in the wrong code page)",
    "fix_encoding": "mojibake decoded (text read in the wrong code page)",
    "unescape_html": "HTML entities in plain text decoded",
    "restore_byte_a0": "no-break space lost in mojibake restored",
    "replace_lossy_sequences": "unrecoverable mojibake replaced",
    "decode_inconsistent_utf8": "mixed UTF-8 mojibake decoded",
    "fix_c1_controls": "C1 control characters read as the Windows-1252 punctuation they stood for",
    "fix_line_breaks": "line breaks normalised",
    "fix_surrogates": "surrogate pairs joined",
    "remove_terminal_escapes": "terminal colour codes removed",
    "sloppy-windows-1252": "mojibake: text re-read as Windows-1252",
    "sloppy-windows-1251": "mojibake: text re-read as Windows-1251",
    "latin-1": "mojibake: text re-read as Latin-1",
    "utf-8": "mojibake: bytes decoded as UTF-8",
    "utf-8-variants": "mojibake: bytes decoded as UTF-8 (variants)",
}

DOC_COLUMNS = ("doc_id", "source", "record", "url", "title", "author", "date", "status", "error",
               "encoding", "fixes", "chars_in", "chars_out", "language")
BLOCK_COLUMNS = ("doc_id", "start", "end", "category", "rule")


def colour_for(category: str) -> str:
    return CATEGORY_COLOURS.get(category, FALLBACK_COLOUR)


def categories_in_order(seen) -> list[str]:
    """The fixed vocabulary first, then any other category seen, alphabetically."""
    extra = sorted(c for c in set(seen) if c not in CATEGORIES and c is not None)
    return list(CATEGORIES) + extra


def parquet_files(path: Path) -> list[Path]:
    """A Parquet output is a single file or a folder of part files."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.parquet") if p.is_file())
    return [path] if path.exists() else []


def num_rows(path: Path) -> int:
    return sum(pq.ParquetFile(f).metadata.num_rows for f in parquet_files(path))


def column_bytes(path: Path, column: str) -> int:
    """Uncompressed size of one column, from the footers only (no data read)."""
    total = 0
    for f in parquet_files(path):
        md = pq.ParquetFile(f).metadata
        names = [md.schema.column(i).name for i in range(md.num_columns)]
        if column not in names:
            continue
        j = names.index(column)
        for g in range(md.num_row_groups):
            total += md.row_group(g).column(j).total_uncompressed_size
    return total


def iter_rows(path: Path, columns, batch_size: int = 2048, filter_column: str | None = None,
              keep=None) -> Iterator[tuple]:
    """Rows of a Parquet output as tuples in ``columns`` order, a batch at a time.

    A column the file lacks reads as None. With ``filter_column``/``keep`` only the
    rows whose value in that column passes ``keep`` are converted to Python.
    """
    columns = list(columns)
    for f in parquet_files(path):
        pf = pq.ParquetFile(f)
        names = set(pf.schema_arrow.names)
        present = [c for c in columns if c in names]
        for batch in pf.iter_batches(batch_size=batch_size, columns=present):
            if filter_column is not None and filter_column in names:
                vals = batch.column(filter_column).to_pylist()
                mask = pa.array([keep(v) for v in vals], type=pa.bool_())
                if not pc.any(mask).as_py():
                    continue
                batch = batch.filter(mask)
            cols = [batch.column(c).to_pylist() if c in names else [None] * batch.num_rows for c in columns]
            yield from zip(*cols)


def iter_doc_blocks(path: Path, batch_size: int = 65_536) -> Iterator[tuple]:
    """``removed.parquet``'s rows as ``(doc_id, [(start, end, category, rule), ...])``,
    one item per run of rows of one document (a document whose rows span two batches
    comes as two items). The runs are cut where ``doc_id`` changes, found in one numpy
    comparison a batch, so a full page's hundreds of blocks cost no Python step each."""
    for f in parquet_files(path):
        pf = pq.ParquetFile(f)
        names = set(pf.schema_arrow.names)
        present = [c for c in BLOCK_COLUMNS if c in names]
        for batch in pf.iter_batches(batch_size=batch_size, columns=present):
            n = batch.num_rows
            cols = {c: batch.column(c).to_pylist() if c in names else [None] * n for c in BLOCK_COLUMNS}
            ids = cols["doc_id"]
            rows = list(zip(cols["start"], cols["end"], cols["category"], cols["rule"]))
            at = np.array(ids, dtype=object)
            cuts = [0, *(np.flatnonzero(at[1:] != at[:-1]) + 1).tolist(), n] if n else [0]
            for a, b in zip(cuts[:-1], cuts[1:]):
                yield ids[a], rows[a:b]


def read_manifest(out: Path) -> dict:
    p = Path(out) / "manifest.json"
    if not p.exists():
        return {}
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def load_outputs(out: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """All of a run's outputs as DataFrames (for small runs and notebooks)."""
    out = Path(out)
    docs = pd.read_parquet(out / "documents.parquet")
    removed = pd.read_parquet(out / "removed.parquet")
    repaired = pd.read_parquet(out / "repaired.parquet")
    manifest = read_manifest(out)
    return docs, removed, repaired, manifest


# --------------------------------------------------------------------------- joining


# Removed rows whose offsets point into the page's text (what extraction left out of
# an HTML page, ``pipeline.stages.page_diff``), not into the repaired text.
PAGE_RULE_PREFIX = "extract."


@dataclass
class Doc:
    """One document with its repaired text and removed blocks (start, end, category, rule);
    for an HTML page also its whole text, which the ``extract.*`` blocks point into."""

    meta: dict
    text: str | None
    blocks: list[tuple[int, int, str, str]]
    page_text: str | None = None

    def text_blocks(self) -> list:
        if self.page_text is None:  # not an HTML page: no block points into a page text
            return self.blocks
        return [b for b in self.blocks if not str(b[3]).startswith(PAGE_RULE_PREFIX)]

    def page_blocks(self) -> list:
        if self.page_text is None:
            return []
        return [b for b in self.blocks if str(b[3]).startswith(PAGE_RULE_PREFIX)]


class Misaligned(Exception):
    """The output tables are not in the same document order."""


class StreamJoin:
    """documents, repaired and removed read together in write order: O(batch) memory.

    With ``with_text=False`` the repaired text is not read (``Doc.text`` is None).
    """

    def __init__(self, out: Path, with_text: bool = True):
        self.out = Path(out)
        self.with_text = with_text

    def __iter__(self) -> Iterator[Doc]:
        rep = iter_rows(self.out / "repaired.parquet", ("doc_id", "text", "page_text")) if self.with_text else iter(())
        rem = iter_doc_blocks(self.out / "removed.parquet")
        rep_head = next(rep, None)
        rem_head = next(rem, None)
        for row in iter_rows(self.out / "documents.parquet", DOC_COLUMNS):
            meta = dict(zip(DOC_COLUMNS, row))
            doc_id = meta["doc_id"]
            text = page_text = None
            if rep_head is not None and rep_head[0] == doc_id:
                text, page_text = rep_head[1], rep_head[2]
                rep_head = next(rep, None)
            elif self.with_text and meta["status"] != "error":
                raise Misaligned(f"no repaired text in step for {doc_id}")
            blocks = []
            while rem_head is not None and rem_head[0] == doc_id:
                blocks.extend(rem_head[1])
                rem_head = next(rem, None)
            yield Doc(meta, text, blocks, page_text)
        if rep_head is not None or rem_head is not None:
            raise Misaligned("rows left over after the last document")


class MemoryJoin(StreamJoin):
    """The same join through lookup tables, for outputs not written in one order."""

    def __iter__(self) -> Iterator[Doc]:
        texts = {d: (t, p) for d, t, p in iter_rows(self.out / "repaired.parquet", ("doc_id", "text", "page_text"))
                 } if self.with_text else {}
        blocks = collections.defaultdict(list)
        for r in iter_rows(self.out / "removed.parquet", BLOCK_COLUMNS, batch_size=8192):
            blocks[r[0]].append(r[1:])
        for row in iter_rows(self.out / "documents.parquet", DOC_COLUMNS):
            meta = dict(zip(DOC_COLUMNS, row))
            text, page_text = texts.get(meta["doc_id"], (None, None))
            yield Doc(meta, text, blocks.get(meta["doc_id"], []), page_text)


def joined(out: Path, with_text: bool = True, consume=None):
    """Feed every document to ``consume``, streaming when the tables are in step."""
    for join in (StreamJoin(out, with_text), MemoryJoin(out, with_text)):
        try:
            return consume(iter(join))
        except Misaligned:
            continue
    raise AssertionError("unreachable")


def summarise(out: Path) -> "Summary":
    """The run's figures, counted from its Parquet outputs (no text is read)."""

    def consume(docs):
        s = Summary()
        for d in docs:
            s.add(d)
        return s

    return joined(Path(out), with_text=False, consume=consume)


# --------------------------------------------------------------------------- summary


@dataclass
class Summary:
    """The run's figures, counted from the outputs themselves while they stream by."""

    documents: int = 0
    status: collections.Counter = field(default_factory=collections.Counter)
    chars_in: int = 0
    chars_out: int = 0
    docs_with_blocks: int = 0
    cat_docs: collections.Counter = field(default_factory=collections.Counter)
    fixes: collections.Counter = field(default_factory=collections.Counter)
    errors: collections.Counter = field(default_factory=collections.Counter)
    error_examples: list = field(default_factory=list)
    # (category, rule) -> removed blocks / removed characters
    pair_blocks: dict = field(default_factory=dict)
    pair_chars: dict = field(default_factory=dict)
    languages: collections.Counter = field(default_factory=collections.Counter)
    MAX_ERROR_EXAMPLES = 25

    def add(self, doc: Doc, count_blocks: bool = True) -> None:
        """Count a document in; with ``count_blocks=False`` its removed blocks are left
        to ``count_removed`` (the whole table at once)."""
        m = doc.meta
        self.documents += 1
        self.status[m["status"]] += 1
        self.chars_in += m["chars_in"] or 0
        self.chars_out += m["chars_out"] or 0
        if m["fixes"]:
            self.fixes.update(m["fixes"])
        if m.get("language"):
            self.languages[m["language"]] += 1
        if m["status"] == "error":
            msg = m["error"].strip().splitlines()[0][:160] if m["error"] and m["error"].strip() else "error"
            self.errors[msg] += 1
            if len(self.error_examples) < self.MAX_ERROR_EXAMPLES:
                self.error_examples.append((m["source"], m["record"], m["error"] or ""))
        blocks = doc.blocks
        if not blocks:
            return
        self.docs_with_blocks += 1
        if not count_blocks:
            return
        pb, pc_ = self.pair_blocks, self.pair_chars
        for start, end, cat, rule in blocks:
            key = (cat, rule)
            pb[key] = pb.get(key, 0) + 1
            n = (end or 0) - (start or 0)
            if n > 0:
                pc_[key] = pc_.get(key, 0) + n
        self.cat_docs.update({b[2] for b in blocks})

    def count_removed(self, out: Path) -> None:
        """The removed blocks' counts (``add``'s, per (category, rule), and the documents
        per category), from ``removed.parquet`` in Arrow group-bys rather than a
        Python loop over every block: a full page's text has hundreds."""
        pairs: set = set()
        for f in parquet_files(Path(out) / "removed.parquet"):
            pf = pq.ParquetFile(f)
            if not {"category", "rule", "start", "end", "doc_id"} <= set(pf.schema_arrow.names):
                continue
            for batch in pf.iter_batches(batch_size=65_536, columns=["doc_id", "category", "rule", "start", "end"]):
                t = pa.Table.from_batches([batch])
                n = pc.max_element_wise(pc.fill_null(pc.subtract(t["end"], t["start"]), 0), 0)
                t = t.append_column("n", n)
                g = t.group_by(["category", "rule"]).aggregate(
                    [("doc_id", "count", pc.CountOptions(mode="all")), ("n", "sum")])
                for cat, rule, k, chars in zip(g["category"].to_pylist(), g["rule"].to_pylist(),
                                               g["doc_id_count"].to_pylist(), g["n_sum"].to_pylist()):
                    key = (cat, rule)
                    self.pair_blocks[key] = self.pair_blocks.get(key, 0) + k
                    if chars:
                        self.pair_chars[key] = self.pair_chars.get(key, 0) + chars
                u = t.group_by(["category", "doc_id"]).aggregate([])
                pairs.update(zip(u["category"].to_pylist(), u["doc_id"].to_pylist()))
        self.cat_docs.update(cat for cat, _ in pairs)

    def _by(self, pairs: dict, part: int) -> collections.Counter:
        out = collections.Counter()
        for key, v in pairs.items():
            out[key[part]] += v
        return out

    @property
    def blocks(self) -> int:
        return sum(self.pair_blocks.values())

    @property
    def cat_blocks(self) -> collections.Counter:
        return self._by(self.pair_blocks, 0)

    @property
    def cat_chars(self) -> collections.Counter:
        return self._by(self.pair_chars, 0)

    @property
    def rule_blocks(self) -> collections.Counter:
        return self._by(self.pair_blocks, 1)

    @property
    def rule_chars(self) -> collections.Counter:
        return self._by(self.pair_chars, 1)

    @property
    def rule_category(self) -> dict:
        out: dict = {}
        for cat, rule in self.pair_blocks:
            out.setdefault(rule, cat)
        return out

    @property
    def removed_share(self) -> float:
        return 1 - self.chars_out / self.chars_in if self.chars_in else 0.0

    def categories(self) -> list[str]:
        return categories_in_order(self.cat_blocks)

    def top_rules(self, n: int = 15) -> list[tuple[str, str, int, int]]:
        """(rule, category, blocks, characters), most blocks first."""
        blocks, chars, cats = self.rule_blocks, self.rule_chars, self.rule_category
        ranked = sorted(blocks.items(), key=lambda rk: (-rk[1], -chars[rk[0]], rk[0]))[:n]
        return [(r, cats.get(r, ""), k, chars[r]) for r, k in ranked]

    def languages_not_covered(self) -> collections.Counter:
        """Documents in a language the genre lexicons do not cover."""
        from pipeline.language import COVERED_LANGUAGES

        return collections.Counter({k: v for k, v in self.languages.items() if k not in COVERED_LANGUAGES})

    def fixes_ranked(self) -> list[tuple[str, int]]:
        """(fix, documents), most documents first."""
        return sorted(self.fixes.items(), key=lambda fk: (-fk[1], fk[0]))
