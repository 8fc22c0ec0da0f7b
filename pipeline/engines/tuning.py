"""What makes a worker process fast: fewer cycle collections, glibc keeping freed
memory, and the stages' tables built once before workers are forked."""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator

from pipeline.config import Config

# The cyclic garbage collector's first-generation threshold while a run cleans. A
# batch allocates millions of small containers (block lists, label tuples, rows)
# that reference counting frees; at Python's default of 700 the collector runs
# thousands of times a batch, re-examining everything alive, for cycles the stages
# hardly make: about 7% of a run's CPU time. Counting is unchanged: a cycle is still
# collected, a little later.
GC_GEN0_THRESHOLD = 100_000


@contextlib.contextmanager
def relaxed_gc() -> Iterator[None]:
    """Collect cycles less often while the block is running (``GC_GEN0_THRESHOLD``),
    and leave what is alive on entry (the imported modules, the caller's data) out
    of the collections; both restored on exit."""
    old = gc.get_threshold()
    collect_less()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*old)


def collect_less() -> None:
    gc.set_threshold(GC_GEN0_THRESHOLD, *gc.get_threshold()[1:])
    gc.freeze()


# glibc's malloc hands a large freed block straight back to the kernel (blocks over
# its mmap threshold, and the heap's free top past its trim threshold), and the next
# batch's arrays of the same size fault the same pages in again, zeroed: about 1.1 s
# of system time per 100 MB cleaned. With these, freed blocks stay in the process
# and are reused; the peak RSS stays what the live data needs.
MALLOC_MMAP_THRESHOLD = 256 << 20
MALLOC_TRIM_THRESHOLD = 512 << 20
MALLOC_TOP_PAD = 64 << 20


def tune_malloc() -> bool:
    """Set the thresholds above in this process (and the workers it forks) where the C
    library is glibc; elsewhere do nothing. Returns whether they were set."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to tune
        return False
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3  # glibc's <malloc.h>
    return all([mallopt(m_mmap_threshold, MALLOC_MMAP_THRESHOLD) == 1,
                mallopt(m_trim_threshold, MALLOC_TRIM_THRESHOLD) == 1,
                mallopt(m_top_pad, MALLOC_TOP_PAD) == 1])


# A small article of the genre, boilerplate and all, in several languages and with a
# line past the longest rule, cleaned once before workers are forked: see ``warm_up``.
WARM_UP_ARTICLE = "\n\n".join([
    "How the river came back to the town",
    "By Jane Writer | March 3, 2021, 10:15 am",
    "The river ran dry for years. Now, after a decade of work, the water is back, "
    "and with it the birds, the fish and the people who walk along its banks. " * 6,
    "Die Stadt hat den Fluss wieder. Nach zehn Jahren Arbeit ist das Wasser zurück, "
    "und mit ihm die Vögel und die Menschen am Ufer.",
    "La ville a retrouvé sa rivière, et les oiseaux sont revenus avec l'eau.",
    "Photo: Jane Writer",
    "Subscribe to our newsletter\nEnter your email address",
    "Related stories\nFive walks along the river\nThe best bridges in town",
    "Share this:\nFacebook\nTwitter\nTeilen mit:",
    "12 comments\nJohn says:\nMarch 4, 2021 at 9:02 am\nGreat story, thanks!\nReply",
    "© 2021 The Town Paper. All rights reserved. Privacy policy | Cookies | Contact",
])


def warm_up(config: Config) -> None:
    """Clean ``WARM_UP_ARTICLE`` in this process before workers are forked from it.

    The stages build their tables on first use (compiled patterns, RE2 automata that
    grow state by state as text passes through them, the lexicon hash tables, the
    model); built once here, every forked worker inherits them instead of building
    its own: about half a second of CPU less per worker, which on 2 cores, where the
    workers and this process share the cores, is time saved."""
    raw = WARM_UP_ARTICLE.encode()
    from pipeline.engines.work import process_records

    process_records([{"source": f"warm-up/{i}", "raw": raw, "kind": "text"} for i in range(2)], config)
