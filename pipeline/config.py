"""Run configuration: one frozen object that travels with every batch.

It is hashed into the manifest (and into incremental re-run keys), so anything that
changes what the cleaner outputs must live here and nowhere else.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

STAGE_NAMES = ("read", "decode", "extract", "repair", "segment", "classify", "strip", "write")
SKIPPABLE_STAGES = ("repair", "strip", "extract")


@dataclasses.dataclass(frozen=True)
class Config:
    skip: tuple[str, ...] = ()
    # Streaming: a batch closes at whichever limit comes first.
    batch_docs: int = 256
    batch_bytes: int = 16 * 1024 * 1024
    workers: int = 1
    engine: str = "local"  # local | dask
    dask_address: str | None = None
    # Record containers (JSONL, CSV, Parquet): field names, auto-detected when None.
    text_field: str | None = None
    html_field: str | None = None
    id_field: str | None = None
    url_field: str | None = None
    incremental: bool = False
    progress: bool | None = None  # None: a bar on a terminal, log lines otherwise

    def __post_init__(self) -> None:
        unknown = set(self.skip) - set(SKIPPABLE_STAGES)
        if unknown:
            raise ValueError(
                f"cannot skip stage(s) {sorted(unknown)}; skippable: {', '.join(SKIPPABLE_STAGES)}"
            )
        if self.engine not in ("local", "dask"):
            raise ValueError(f"unknown engine {self.engine!r}; use local or dask")
        if self.workers < 1:
            raise ValueError("--workers must be at least 1")

    def output_fingerprint(self) -> str:
        """Hash of the settings that change what a document comes out as."""
        relevant = {
            "skip": sorted(self.skip),
            "fields": [self.text_field, self.html_field, self.id_field, self.url_field],
        }
        from pipeline import __version__

        relevant["version"] = __version__
        blob = json.dumps(relevant, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_file(cls, path: str | Path, **overrides) -> "Config":
        """Load a JSON or TOML config; command-line flags given explicitly win."""
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            import tomllib

            data = tomllib.loads(text)
        else:
            data = json.loads(text)
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - fields
        if unknown:
            raise ValueError(f"{path}: unknown config key(s) {sorted(unknown)}")
        data.update({k: v for k, v in overrides.items() if v is not None})
        if "skip" in data:
            data["skip"] = tuple(data["skip"])
        return cls(**data)
