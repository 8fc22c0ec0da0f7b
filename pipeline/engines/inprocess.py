"""In this process, batch after batch: only where no worker process can be started
(see ``make_engine``), since a document that crashes here ends the run."""
from __future__ import annotations

from typing import Iterable, Iterator

from pipeline.config import Config
from pipeline.engines.base import Result
from pipeline.engines.work import process_batch


class InProcessEngine:
    workers = 1

    def __init__(self, config: Config):
        self.config = config

    def map(self, batches: Iterable[list[dict]]) -> Iterator[Result]:
        for records in batches:
            yield process_batch(records, self.config)

    def close(self) -> None:
        pass
