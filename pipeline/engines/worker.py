"""A local worker process: how it starts, and its life of batches in, results out."""
from __future__ import annotations

import signal

from pipeline.engines.tuning import collect_less, tune_malloc
from pipeline.engines.work import process_batch

_PR_SET_PDEATHSIG = 1


def worker_init() -> None:
    """In each local worker: die with the parent, let go of its output lock, leave
    Ctrl-C to the parent (which stops the workers itself), collect cycles less often
    (see ``tuning.relaxed_gc``) and keep freed memory (``tuning.tune_malloc``; the
    worker is ours alone)."""
    collect_less()
    tune_malloc()
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    try:  # Linux: SIGKILL this worker when the process that started it dies
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    from pipeline.writer import OutputLock

    OutputLock.release_inherited()


def serve(conn, config) -> None:
    """Clean each batch that comes down ``conn`` and send its result back, until told
    to stop (None) or the parent's end closes."""
    worker_init()
    while True:
        try:
            records = conn.recv()
        except (EOFError, OSError):
            return
        if records is None:
            return
        conn.send(process_batch(records, config))
