"""What every stage shares: per-document error isolation over a pandas batch.

A stage is a function ``(batch, config) -> batch``. Most of them do their work one
document at a time; ``map_documents`` runs that per-document function over the live
rows and turns an exception into ``status=error`` for that row alone, so one bad
document never takes its batch (or the run) with it.
"""
from __future__ import annotations

from typing import Callable, Sequence

import pandas as pd


def live_mask(batch: pd.DataFrame) -> pd.Series:
    return batch["status"].ne("error")


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
    """
    mask = live_mask(batch)
    if where is not None:
        mask &= where
    for col in outputs:
        if col not in batch.columns:
            batch[col] = None
        if batch[col].dtype != object:
            batch[col] = batch[col].astype(object)
    idx = batch.index[mask]
    if len(idx) == 0:
        return batch
    columns = [batch.loc[idx, c].tolist() for c in inputs]
    results: dict[str, list] = {c: [] for c in outputs}
    statuses, errors = batch.loc[idx, "status"].tolist(), batch.loc[idx, "error"].tolist()
    for k, args in enumerate(zip(*columns)):
        try:
            out = fn(*args)
        except Exception as exc:  # noqa: BLE001 - isolation is the point
            statuses[k] = "error"
            errors[k] = f"{stage}: {type(exc).__name__}: {exc}"
            out = (None,) * len(outputs)
        for col, val in zip(outputs, out):
            results[col].append(val)
    for col in outputs:
        batch[col] = batch[col].astype(object)
        batch.loc[idx, col] = pd.Series(results[col], index=idx, dtype=object)
    batch.loc[idx, "status"] = statuses
    batch.loc[idx, "error"] = errors
    return batch
