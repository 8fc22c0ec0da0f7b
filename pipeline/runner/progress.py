"""What a run shows while it goes (``Progress``) and what it counts for the manifest
(``Totals``)."""
from __future__ import annotations

import collections
import logging
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.writer import arrow_strings

log = logging.getLogger("pipeline")

# A log line every this many seconds when stderr is not a terminal.
LOG_EVERY_SECONDS = 10.0


class Progress:
    """A bar on a terminal; a log line every ``LOG_EVERY_SECONDS`` otherwise."""

    def __init__(self, enabled: bool | None, total_bytes: int = 0):
        # None: a bar on a terminal, log lines otherwise; True: a bar; False: silent.
        self.tty = sys.stderr.isatty() if enabled is None else enabled
        self.quiet = enabled is False
        self.docs = self.errors = 0
        self.bytes_in = 0
        self.total = total_bytes
        self.t0 = self._last = time.perf_counter()
        self._bar = None
        if self.tty:
            from tqdm import tqdm

            self._bar = tqdm(total=total_bytes or None, unit="B", unit_scale=True, unit_divisor=1024,
                             desc="cleaning", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self, docs: int, errors: int, nbytes: int) -> None:
        self.docs += docs
        self.errors += errors
        self.bytes_in += nbytes
        if self._bar is not None:
            self._bar.update(min(nbytes, max(self.total - self._bar.n, 0)) if self.total else nbytes)
            self._bar.set_postfix(docs=self.docs, errors=self.errors, refresh=False)
        elif not self.quiet and time.perf_counter() - self._last >= LOG_EVERY_SECONDS:
            self._last = time.perf_counter()
            self.log_line()

    def log_line(self) -> None:
        dt = max(time.perf_counter() - self.t0, 1e-9)
        share = f" of {self.total / 1e6:.1f} MB ({100 * self.bytes_in / self.total:.0f}%)" if self.total else ""
        log.info("cleaned %d documents (%d errors), %.1f MB%s; %.1f docs/s, %.2f MB/s",
                 self.docs, self.errors, self.bytes_in / 1e6, share, self.docs / dt, self.bytes_in / 1e6 / dt)

    def close(self) -> None:
        if self._bar is not None:
            if self.total and self._bar.n < self.total:
                self._bar.update(self.total - self._bar.n)
            self._bar.close()


class Totals:
    """The manifest's counts, summed column-wise (pyarrow) over output tables."""

    def __init__(self):
        self.status = collections.Counter()
        self.fixes = collections.Counter()
        self.chars = collections.Counter()
        self.removed_by_category = collections.Counter()
        self.removed_chars_by_category = collections.Counter()
        self.rules = collections.Counter()
        self.languages = collections.Counter()

    def add(self, name: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        if name == "documents":
            count_into(self.status, table.column("status"))
            fixes = pc.list_flatten(table.column("fixes"))
            if len(fixes):
                count_into(self.fixes, fixes)
            self.chars["in"] += pc.sum(table.column("chars_in")).as_py() or 0
            self.chars["out"] += pc.sum(table.column("chars_out")).as_py() or 0
            if "language" in table.column_names:
                count_into(self.languages, table.column("language"))
        elif name == "removed":
            # (not Table.group_by: it loads Acero, pyarrow.dataset and pandas, a third of a
            # second that a run with nothing to clean should not pay)
            category = table.column("category")
            key = pc.binary_join_element_wise(category, table.column("rule"), arrow_strings(["/"])[0])
            count_into(self.rules, key)
            count_into(self.removed_by_category, category)
            chars = pc.subtract(table.column("end"), table.column("start"))
            for cat in pc.unique(category).to_pylist():
                mask = pc.equal(category, arrow_strings([cat])[0]) if cat is not None else pc.is_null(category)
                self.removed_chars_by_category[cat] += pc.sum(pc.filter(chars, mask)).as_py() or 0


def count_into(counter: collections.Counter, column) -> None:
    for item in pc.value_counts(column).to_pylist():
        counter[item["values"]] += item["counts"]
