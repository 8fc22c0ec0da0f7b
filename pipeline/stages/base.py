"""What every stage shares: per-document error isolation over a pandas batch.

A stage is a function ``(batch, config) -> batch``. Most of them do their work one
document at a time; ``map_documents`` runs that per-document function over the live
rows and turns an exception into ``status=error`` for that row alone, so one bad
document never takes its batch (or the run) with it.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import pandas as pd


def live_mask(batch: pd.DataFrame) -> pd.Series:
    return pd.Series(_live(batch), index=batch.index)


def _live(batch: pd.DataFrame) -> np.ndarray:
    return batch["status"].to_numpy(dtype=object) != "error"


def map_documents(
    batch: pd.DataFrame,
    stage: str,
    fn: Callable[..., tuple],
    inputs: Sequence[str],
    outputs: Sequence[str],
    where: pd.Series | None = None,
) -> pd.DataFrame:
    """Apply ``fn(*row[inputs]) -> tuple(outputs)`` to each live row.

    Rows outside ``where`` (or already in error) keep their current output values.
    Output columns are object columns (a stage's values go in as they are).
    """
    live = _live(batch)
    if where is not None:
        live &= np.asarray(where, dtype=bool)
    n = len(batch)
    for col in outputs:
        if col not in batch.columns:
            batch[col] = pd.Series(np.full(n, None, dtype=object), index=batch.index, dtype=object, copy=False)
        elif batch[col].dtype != object:
            batch[col] = batch[col].astype(object)
    n_live = int(live.sum())
    if n_live == 0:
        return batch
    pos = None if n_live == n else np.flatnonzero(live)

    def column(name: str) -> list:
        values = batch[name].to_numpy(dtype=object)
        return (values if pos is None else values[pos]).tolist()

    columns = [column(c) for c in inputs]
    results: list[list] = [[] for _ in outputs]
    appenders = [r.append for r in results]
    empty = (None,) * len(outputs)
    failed: dict[int, str] = {}
    for k, args in enumerate(zip(*columns)):
        try:
            out = fn(*args)
        except Exception as exc:  # noqa: BLE001 - isolation is the point
            failed[k] = f"{stage}: {type(exc).__name__}: {exc}"
            out = empty
        for append, val in zip(appenders, out):
            append(val)
    for col, values in zip(outputs, results):
        _put(batch, col, values, pos)
    if failed:
        statuses, errors = column("status"), column("error")
        for k, message in failed.items():
            statuses[k], errors[k] = "error", message
        _put(batch, "status", statuses, pos)
        _put(batch, "error", errors, pos)
    return batch


def _put(batch: pd.DataFrame, col: str, values: list, pos) -> None:
    """Write ``values`` into the rows at positions ``pos`` (all rows when None) of an
    object column, element by element (a list value stays one value)."""
    arr = np.fromiter(values, dtype=object, count=len(values))
    if pos is not None:
        full = batch[col].to_numpy(dtype=object).copy()
        full[pos] = arr
        arr = full
    batch[col] = pd.Series(arr, index=batch.index, dtype=object, copy=False)
