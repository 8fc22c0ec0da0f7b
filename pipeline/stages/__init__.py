"""The stage chain. Each stage is ``(batch, config) -> batch`` over a pandas frame.

Stages know nothing about files, processes or clusters; ``pipeline.engines`` feeds
them batches. ``run_stages`` is the one function every engine calls.
"""
from __future__ import annotations

import time

import pandas as pd

from pipeline.config import Config
from pipeline.stages.classify import classify
from pipeline.stages.decode import decode
from pipeline.stages.extract import extract
from pipeline.stages.repair import repair
from pipeline.stages.segment import segment
from pipeline.stages.strip import strip

STAGES = (
    ("decode", decode),
    ("extract", extract),
    ("repair", repair),
    ("segment", segment),
    ("classify", classify),
    ("strip", strip),
)


def run_stages(batch: pd.DataFrame, config: Config, timings: dict | None = None) -> pd.DataFrame:
    for name, stage in STAGES:
        t0 = time.perf_counter()
        batch = stage(batch, config)
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
    return batch
