"""What a local worker process does when it starts."""
from __future__ import annotations

import signal

from pipeline.engines.tuning import collect_less, tune_malloc

_PR_SET_PDEATHSIG = 1


def worker_init() -> None:
    """In each local worker: die with the parent, let go of its output lock, collect
    cycles less often (see ``tuning.relaxed_gc``) and keep freed memory
    (``tuning.tune_malloc``; the worker is ours alone)."""
    collect_less()
    tune_malloc()

    try:  # Linux: SIGKILL this worker when the process that started it dies
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    from pipeline.writer import OutputLock

    OutputLock.release_inherited()
